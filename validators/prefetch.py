"""Read many small files ahead of a pass that reads them one by one.

The seeds pass reads every archived file once, in order, from one thread: with the files in
the page cache that is fine, but from disk each read waits for the one before it (200,000
files at 1M statements: about 20 s of waiting on this machine). A `Prefetcher` hands the list
of paths to a child process whose threads read them with many reads in flight, at most
`window` files ahead of the pass, which reads them again from the page cache.

The child is a separate interpreter (not a thread: its reads would wait for this process's
GIL after every system call, and the pass holds it) that only reads files: its results are the
page cache's, so if it dies or falls behind the pass is as correct as without it, only slower.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from types import TracebackType

# The pass reports every BLOCK files it has read; the child stays at most `window` files ahead.
BLOCK = 256

_CHILD = r"""
import os, sys, threading
from concurrent.futures import ThreadPoolExecutor

block, window, threads = (int(a) for a in sys.argv[1:4])
source = sys.stdin.buffer
size = int.from_bytes(source.read(8), "little")
paths = source.read(size).split(b"\0") if size else []
done = threading.Condition()
state = {"consumed": 0, "open": True}


def progress():
    while True:
        got = source.read1(4096)
        with done:
            if not got:
                state["open"] = False
            else:
                state["consumed"] += block * len(got)
            done.notify_all()
        if not got:
            return


def warm(path):
    if not state["open"]:
        return
    try:
        with open(path, "rb", buffering=0) as handle:
            while handle.read(1 << 20):
                pass
    except OSError:
        pass


threading.Thread(target=progress, daemon=True).start()
pool = ThreadPoolExecutor(threads)
for number, path in enumerate(paths):
    with done:
        done.wait_for(lambda: not state["open"] or number < state["consumed"] + window)
        if not state["open"]:
            break
    pool.submit(warm, path)
pool.shutdown(wait=True)  # the reads left return at once once the pass is over
"""


class Prefetcher:
    """A child process reading `paths` ahead of the caller, who calls `advance()` after each
    file it reads. Use as a context manager; every failure leaves the caller reading alone."""

    def __init__(self, paths: Sequence[str], window: int = 4096, threads: int = 16) -> None:
        self._read = 0
        self._process: subprocess.Popen[bytes] | None = None
        listing = b"\0".join(os.fsencode(path) for path in paths)
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", _CHILD, str(BLOCK), str(window), str(threads)],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            assert self._process.stdin is not None
            self._process.stdin.write(len(listing).to_bytes(8, "little") + listing)
            self._process.stdin.flush()
        except (OSError, ValueError):
            self.close()

    def advance(self) -> None:
        """One more file read by the caller."""
        self._read += 1
        if self._read % BLOCK or self._process is None:
            return
        try:
            assert self._process.stdin is not None
            self._process.stdin.write(b".")
            self._process.stdin.flush()
        except (OSError, ValueError):
            self.close()

    def close(self) -> None:
        """Stop the child (it only reads files, so it is killed rather than waited for)."""
        process, self._process = self._process, None
        if process is None:
            return
        try:
            if process.stdin is not None:
                process.stdin.close()
        except OSError:
            pass
        process.kill()
        process.wait()

    def __enter__(self) -> Prefetcher:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
