"""Validation of the curated package: `statement-ledger validate` against `frictionless validate`.

    python benchmarks/curated.py [--runs 7] [--package .]

Runs the commands in turn (ours as `auto` picks, ours with `--engine fast`, frictionless;
`--runs` rounds), each as a child process whose output is discarded, and prints for each the
median, minimum and maximum wall time and peak resident memory (the child's `ru_maxrss`), and
the ratios of the medians to frictionless's. Interleaving spreads the noise of a shared machine
over every command. Run by `make bench-quick`.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parent.parent


@dataclass
class Runs:
    """Wall seconds and peak RSS (MB) of each run of one command."""

    label: str
    argv: list[str]
    seconds: list[float] = field(default_factory=list)
    megabytes: list[float] = field(default_factory=list)

    def line(self) -> str:
        s, m = self.seconds, self.megabytes
        return (
            f"{self.label:<40}  wall {statistics.median(s):5.2f} s (min {min(s):.2f}, "
            f"max {max(s):.2f})   peak RSS {statistics.median(m):6.1f} MB "
            f"(min {min(m):.1f}, max {max(m):.1f})"
        )


def run_once(argv: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB and exit code of one child process.

    Linux counts in a child's peak the copy of this process it starts as (fork, then exec),
    so a peak is never below this process's RSS at the time: `floor` reports that bound."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, child.returncode  # ru_maxrss is in KB on Linux


def measure(package: Path, runs: int) -> list[Runs]:
    """Each command, interleaved, `runs` times (after one unmeasured warm-up of each); the
    stock tool last."""
    ours = Runs("statement-ledger validate", [str(BIN / "statement-ledger"), "validate", "."])
    fast = Runs("statement-ledger validate --engine fast", [*ours.argv, "--engine", "fast"])
    stock = Runs(
        "frictionless validate datapackage.json",
        [str(BIN / "frictionless"), "validate", "datapackage.json"],
    )
    for number in range(runs + 1):
        for command in (ours, fast, stock):
            seconds, megabytes, code = run_once(command.argv, package)
            if code not in (0, 1):
                raise SystemExit(f"{command.label} exited with {code}")
            if number:  # the first round only fills the page cache
                command.seconds.append(seconds)
                command.megabytes.append(megabytes)
    return [ours, fast, stock]


def floor() -> float:
    """The least peak RSS (MB) a child can report here: this process's own peak so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7, help="measured runs of each (default: 7)")
    parser.add_argument("--package", type=Path, default=REPO, help="package directory")
    args = parser.parse_args(argv)
    *ours, stock = measure(args.package.resolve(), args.runs)
    print(f"curated package, {args.runs} interleaved runs each, median (min, max):")
    for command in (*ours, stock):
        print(command.line())
    print(f"(a child's peak RSS counts at least this process's own, {floor():.1f} MB)")
    for command in ours:
        time_ratio = statistics.median(command.seconds) / statistics.median(stock.seconds)
        memory_ratio = statistics.median(command.megabytes) / statistics.median(stock.megabytes)
        print(
            f"{command.label} / frictionless: wall ×{time_ratio:.2f}, peak RSS ×{memory_ratio:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
