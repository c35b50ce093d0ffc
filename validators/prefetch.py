"""Ask the kernel to read many small files ahead of a pass that reads them one by one.

The seeds pass reads every archived file once, in order, from one thread: with the files in
the page cache that is fine, but from disk each read waits for the one before it. A
`Prefetcher` gives the kernel `POSIX_FADV_WILLNEED` advice for the files the pass will read
next, at most `window` files and about `budget` bytes past the last one it has read; the
kernel starts reading them at once, in the background, and the pass then finds them in the
page cache. Advice is only advice: a file that cannot be opened, or a system without
`posix_fadvise`, leaves the pass as correct as without it, only slower.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Sequence


def advise(path: str) -> int:
    """Advise the kernel that `path` will be read soon; its size in bytes (0 when it cannot be
    opened or advised)."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK)
    except OSError:
        return 0
    try:
        size = os.fstat(handle).st_size
        os.posix_fadvise(handle, 0, 0, os.POSIX_FADV_WILLNEED)
        return size
    except OSError:
        return 0
    finally:
        os.close(handle)


def default_budget() -> int:
    """How many bytes may be advised ahead of the pass: a quarter of the memory the system says
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
    """Advice for `paths` ahead of the caller, who calls `advance()` after each file it reads:
    the files after the last one read, at most `window` of them and about `budget` bytes."""

    def __init__(
        self,
        paths: Sequence[str],
        window: int = 4096,
        budget: int | None = None,
        advise: Callable[[str], int] = advise,
    ) -> None:
        self._paths = paths
        self._window = window
        self._budget = default_budget() if budget is None else budget
        self._advise = advise if hasattr(os, "posix_fadvise") else None
        self._read = 0  # files the caller has read
        self._next = 0  # the next file to advise
        self._sizes: deque[int] = deque()  # of the advised files the caller has not read
        self._ahead = 0  # their bytes
        self._fill()

    def advance(self) -> None:
        """One more file read by the caller."""
        if self._read < self._next:
            self._ahead -= self._sizes.popleft()
        self._read += 1
        self._fill()

    def _fill(self) -> None:
        if self._advise is None:
            return
        end = min(len(self._paths), self._read + self._window)
        while self._next < end and self._ahead < self._budget:
            size = self._advise(self._paths[self._next])
            self._sizes.append(size)
            self._ahead += size
            self._next += 1
