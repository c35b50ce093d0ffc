"""Latency across package sizes, measured in turns on servers that run side by side.

    python benchmarks/flatness.py --db build/bench/db-10000/ledger.db \
        --db build/bench/db-1000000/ledger.db [--rounds 4] [--requests 1500]

Starts one real server (`statement-ledger serve`, its default workers) per database, all at
once, each on a free loopback port, and collects each one's cursors for GraphQL (a). Then, in
`--rounds` rounds, it loads each server in turn with each scenario of the flatness target:
GraphQL (a) (50 statements with speaker and outlet, walking cursors), GraphQL (b) (one
statement by id) and REST (c) (50 statements of one speaker), from serving.py, at c=8 and at
c=1. Every round visits the servers in a different order.

Why in turns: `run.py` measures each size in its own minutes, and on a shared machine the
minutes differ more than the sizes do (the peers' figures move as much as ours between
sizes). Here the sizes share the same minutes, so what differs between them is the size.
The c=1 figures are the latency of one request with nothing queued before it; the c=8 ones
include the wait behind the other seven connections on two cores.

Prints a Markdown table per concurrency: p50 and p99 of all rounds' requests taken together,
CPU per request, and each size's p50 against the smallest's; `measure()` returns the figures
for run.py.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import loadgen  # noqa: E402
import serving  # noqa: E402

SCENARIOS = ("a", "b", "c")
CONCURRENCIES = (8, 1)


def statements(db: Path) -> int:
    """The number of statement rows in a built database."""
    connection = sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM statements").fetchone()[0])
    finally:
        connection.close()


def measure(
    dbs: Sequence[Path],
    rounds: int = 4,
    requests: int = 1500,
    seed: int = 0,
    time_cap: float = 30.0,
    logs: Path | None = None,
    say: Callable[[str], None] = lambda message: None,
) -> dict[str, Any]:
    """Each database's figures, keyed by its statement count, then `"<scenario>@<c>"`."""
    servers: list[tuple[int, serving.Server, serving.Inputs]] = []
    try:
        for db in dbs:
            n = statements(db)
            server = serving.ours(db, (logs or db.parent) / f"serve-flatness-{n}.log")
            server.start()
            inputs = serving.sample_inputs(db, seed)
            serving.walk_cursors(inputs, server.port, None, 100, seconds=20)
            servers.append((n, server, inputs))
        parts: dict[tuple[int, str], list[tuple[loadgen.Result, float]]] = {}
        for round_ in range(rounds):
            say(f"sizes in turns: round {round_ + 1} of {rounds}")
            order = servers[round_ % len(servers) :] + servers[: round_ % len(servers)]
            for scenario in SCENARIOS:
                for concurrency in CONCURRENCIES:
                    for n, server, inputs in order:
                        batch = serving.requests_for("ours", scenario, inputs, "ledger")
                        total = requests if concurrency > 1 else max(100, requests // 4)
                        assert server.process is not None
                        pid = server.process.pid
                        loadgen.run(server.port, batch[::-1], 2 * concurrency, concurrency)
                        before = serving.cpu_seconds([pid])
                        result = loadgen.run(server.port, batch, total, concurrency, time_cap)
                        spent = serving.cpu_seconds([pid]) - before
                        parts.setdefault((n, f"{scenario}@{concurrency}"), []).append(
                            (result, spent)
                        )
    finally:
        for _, server, _ in servers:
            server.stop()
    out: dict[str, Any] = {"rounds": rounds, "sizes": {}}
    for (n, key), runs in parts.items():
        out["sizes"].setdefault(str(n), {})[key] = serving.merged(runs)
    return out


def worst(figures: dict[str, Any], concurrency: int) -> tuple[float, str]:
    """The largest p50 of the largest size against the smallest's, over the scenarios."""
    sizes = sorted(figures.get("sizes", {}), key=int)
    if len(sizes) < 2:
        return float("nan"), ""
    low, high = figures["sizes"][sizes[0]], figures["sizes"][sizes[-1]]
    ratios = []
    for scenario in SCENARIOS:
        key = f"{scenario}@{concurrency}"
        if key in low and key in high and low[key]["p50_ms"]:
            ratios.append((high[key]["p50_ms"] / low[key]["p50_ms"], scenario))
    return max(ratios) if ratios else (float("nan"), "")


def report(figures: dict[str, Any]) -> str:
    sizes = sorted(figures.get("sizes", {}), key=int)
    lines: list[str] = []
    for concurrency in CONCURRENCIES:
        lines += [
            "",
            f"c={concurrency}, {figures.get('rounds')} rounds in turns:",
            "",
            "| scenario | statements | requests | err | p50 ms | p99 ms | CPU ms/req "
            "| p50 ÷ smallest's |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for scenario in SCENARIOS:
            key = f"{scenario}@{concurrency}"
            base = figures["sizes"][sizes[0]].get(key, {}).get("p50_ms") if sizes else None
            for n in sizes:
                row = figures["sizes"][n].get(key)
                if not row:
                    continue
                ratio = f"{row['p50_ms'] / base:.2f}" if base else "–"
                lines.append(
                    f"| {scenario} | {int(n):,} | {row['requests']:,} | {row['errors']} "
                    f"| {row['p50_ms']:.2f} | {row['p99_ms']:.2f} "
                    f"| {row['cpu_ms_per_request']:.3f} | {ratio} |"
                )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, action="append", required=True)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--requests", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    figures = measure(args.db, args.rounds, args.requests, args.seed, say=print)
    print(report(figures))
    for concurrency in CONCURRENCIES:
        ratio, scenario = worst(figures, concurrency)
        print(f"c={concurrency}: worst p50 ×{ratio:.2f} ({scenario}) from smallest to largest")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
