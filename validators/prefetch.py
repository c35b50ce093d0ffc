"""Read many small files ahead of a pass that reads them one by one.

The seeds pass reads every archived file once, in order, from one thread: with the files in
the page cache that is fine, but from disk each read waits for the one before it (200,000
files at 1M statements: about 20 s of waiting on this machine). A `Prefetcher` hands the list
of paths to a child process whose threads read them with many reads in flight, at most
`window` files and about `budget` bytes ahead of the pass, which reads them again from the
page cache.

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

# The pass reports every BLOCK files it has read; the child stays at most `window` files and
# about `budget` bytes ahead of it (the bytes it has read that the pass has not).
BLOCK = 256

_CHILD = r"""
import os, sys, threading
from concurrent.futures import ThreadPoolExecutor

block, window, budget, threads = (int(a) for a in sys.argv[1:5])
source = sys.stdin.buffer
size = int.from_bytes(source.read(8), "little")
paths = source.read(size).split(b"\0") if size else []
done = threading.Condition()
# consumed: files the pass has read; ahead: bytes read here of files it has not read yet
# reading: files handed to the threads and not read yet
state = {"consumed": 0, "open": True, "ahead": 0, "reading": 0}
sizes = {}  # file number -> bytes, for files read here and not yet by the pass


def progress():
    while True:
        got = source.read1(4096)
        with done:
            if not got:
                state["open"] = False
            else:
                old = state["consumed"]
                state["consumed"] = new = old + block * len(got)
                for number in range(old, new):
                    state["ahead"] -= sizes.pop(number, 0)
            done.notify_all()
        if not got:
            return


def warm(number, path):
    if not state["open"]:
        return
    read = 0
    try:
        with open(path, "rb", buffering=0) as handle:
            while chunk := handle.read(1 << 20):
                read += len(chunk)
    except OSError:
        pass
    with done:
        state["reading"] -= 1
        if number >= state["consumed"]:
            sizes[number] = read
            state["ahead"] += read
        done.notify_all()


def may_read(number):
    if not state["open"]:
        return True
    return (
        number < state["consumed"] + window
        and state["ahead"] < budget
        and state["reading"] < 2 * threads
    )


threading.Thread(target=progress, daemon=True).start()
pool = ThreadPoolExecutor(threads)
for number, path in enumerate(paths):
    with done:
        done.wait_for(lambda: may_read(number))
        if not state["open"]:
            break
        state["reading"] += 1
    pool.submit(warm, number, path)
pool.shutdown(wait=True)  # the reads left return at once once the pass is over
"""


def default_budget() -> int:
    """How many bytes the child may hold read ahead: a quarter of the memory the system says
    is available (Linux), at most 1 GiB; 256 MiB where it does not say."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return min(1 << 30, int(line.split()[1]) * 1024 // 4)
    except (OSError, ValueError, IndexError):
        pass
    return 256 << 20


class Prefetcher:
    """A child process reading `paths` ahead of the caller, who calls `advance()` after each
    file it reads. Use as a context manager; every failure leaves the caller reading alone."""

    def __init__(
        self,
        paths: Sequence[str],
        window: int = 4096,
        threads: int = 16,
        budget: int | None = None,
    ) -> None:
        budget = default_budget() if budget is None else budget
        self._read = 0
        self._process: subprocess.Popen[bytes] | None = None
        listing = b"\0".join(os.fsencode(path) for path in paths)
        try:
            limits = (str(n) for n in (BLOCK, window, budget, threads))
            self._process = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", _CHILD, *limits],
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
