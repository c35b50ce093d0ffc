"""The curated-package benchmark (benchmarks/curated.py) measures its child, not itself.

Not a timed test: only what the measurement reports is checked, never how fast anything is.
"""

from __future__ import annotations

import sys

from ledger_fixture import REPO, benchmark_module


def test_peak_memory_and_exit_code_are_the_child_s() -> None:
    curated = benchmark_module("curated")
    # A child's peak counts the copy of this process it starts as (`floor`), so the child
    # grows 300 MB past it; every page is written, so that it is resident.
    megabytes = int(curated.floor()) + 300
    grow = f"b = bytearray({megabytes} << 20); b[::4096] = b'x' * len(b[::4096]); exit(3)"
    _seconds, big, code = curated.run_once([sys.executable, "-c", grow], REPO)
    _seconds, small, ok = curated.run_once([sys.executable, "-c", "pass"], REPO)
    assert code == 3 and ok == 0
    assert big >= megabytes
    assert small < big - 250
    assert small >= curated.floor() - 1  # the bound the report prints holds
