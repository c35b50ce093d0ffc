"""A normal query while other clients send the most expensive GraphQL the limits accept.

    python benchmarks/pressure.py --db build/bench/db-100000/ledger.db [--seconds 20]
        [--heavy-clients 6] [--normal-clients 2]

Starts the project's real server (`statement-ledger serve`, its default workers) on a free
loopback port. First it finds the most expensive request the limits accept: each document of
`HEAVY` is tried with its lists as long as the cost limit lets them be (the longest `first`
that is not refused), sent as a batch of as many copies as a batch may hold, and the one the
server takes longest to answer is kept. Then, for `--seconds`, `--heavy-clients` connections
send that batch without pause while `--normal-clients` connections send GraphQL (b), one
statement by id, every request a different id (serving.py); the same (b) load is measured
alone first. Prints the (b) latencies with and without the pressure, the heavy requests'
own, every failure (an HTTP status other than 200, a closed connection, an error other than
the time budget's), and the server's largest process's peak RSS.

The target: (b) keeps p99 < 250 ms under the pressure and no request fails.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import loadgen  # noqa: E402
import serving  # noqa: E402
from loadgen import Request  # noqa: E402

MAX_BATCH = 5  # the server's default LEDGER_MAX_BATCH
OVER_BUDGET = "the request took longer than its time budget"
# Expensive shapes: wide pages with every relation, counts, searches and nested lists; `{n}`
# is the longest `first` the cost limit accepts, found by trying.
HEAVY = {
    "speakers' statements": "{ actors(first: {n}) { totalCount nodes { id name aliases "
    "statements(first: 10) { totalCount nodes { id quote claim act saidOn { date } "
    "article { title outlet { name } } } } } } }",
    "search with everything": '{ statements(first: {n}, search: "said") { totalCount '
    "nodes { id quote claim act channel attribution saidOn { date precision } speaker { name "
    "statements(first: 1) { totalCount } } article { title publishedOn { date } } "
    "outlet { name } occasion { name } contradictions(first: 5) { totalCount nodes { side } } "
    "} } }",
    "contradictions deep": "{ contradictions(first: {n}) { totalCount nodes { id kind "
    "sides { nodes { side statement { id quote speaker { name statements(first: 2) { "
    "totalCount nodes { id } } } article { title } } } } } } }",
    "outlets' articles": "{ outlets(first: {n}) { totalCount nodes { name articles(first: 10) "
    "{ totalCount nodes { title statements(first: 5) { totalCount nodes { quote } } } } } } }",
    "dated and counted": "{ statements(first: {n}, sort: saidOn, order: DESC, filter: "
    '{saidFrom: "2000-01-01"}) { totalCount nodes { id quote speaker { name } outlet { name } '
    "article { title } } } }",
}
TRY_FIRST = (100, 80, 60, 50, 40, 30, 20, 15, 10, 5, 2, 1)


def batch(query: str, copies: int = MAX_BATCH) -> Request:
    body = json.dumps([{"query": query}] * copies).encode()
    return Request("POST", "/graphql", body, kind="batch")


def _problems(body: bytes) -> tuple[str, int]:
    """A batch's first error other than the time budget's, and how many answers ran out of
    time."""
    try:
        answers = json.loads(body)
    except ValueError:
        return f"not JSON: {body[:200]!r}", 0
    out_of_time = 0
    for answer in answers if isinstance(answers, list) else [answers]:
        messages = {error.get("message", "") for error in answer.get("errors") or []}
        out_of_time += OVER_BUDGET in messages
        for message in messages - {OVER_BUDGET}:
            return f"GraphQL error: {message[:200]}", out_of_time
    return "", out_of_time


class Heavy:
    """Validates the heavy batches' answers and counts those over the time budget."""

    def __init__(self) -> None:
        self.out_of_time = 0

    def __call__(self, request: Request, status: int, body: bytes) -> str:
        if status != 200:
            return f"HTTP {status}: {body[:200]!r}"
        problem, late = _problems(body)
        self.out_of_time += late
        return problem


def accepted(port: int, template: str) -> tuple[str, float] | None:
    """The template with the longest accepted `first`, and the seconds one batch took."""
    for n in TRY_FIRST:
        query = template.replace("{n}", str(n))
        status, body = loadgen.fetch(port, batch(query, 1))
        if status != 200 or _problems(body)[0]:
            continue
        timed = loadgen.run(port, [batch(query)], 3, 1, time_cap=30, validate=Heavy())
        if timed.errors:
            continue
        return query, min(timed.latencies)
    return None


def pick(port: int) -> tuple[str, str, float, dict[str, float]]:
    """The name, document and batch seconds of the slowest accepted heavy request."""
    times: dict[str, float] = {}
    best: tuple[str, str, float] | None = None
    for name, template in HEAVY.items():
        found = accepted(port, template)
        if found is None:
            continue
        times[name] = round(found[1] * 1000, 1)
        if best is None or found[1] > best[2]:
            best = (name, found[0], found[1])
    if best is None:
        raise RuntimeError("the server refused every heavy document")
    return best[0], best[1], best[2], times


async def _together(
    port: int,
    heavy: Request,
    heavy_clients: int,
    normal: Sequence[Request],
    normal_clients: int,
    seconds: float,
    judge: Heavy,
) -> tuple[loadgen.Result, loadgen.Result]:
    many = 10**9  # bounded by the time cap
    pressure = asyncio.ensure_future(
        loadgen.load(port, [heavy], many, heavy_clients, seconds, judge)
    )
    await asyncio.sleep(0.5)  # the pressure has started
    answered = await loadgen.load(port, normal, many, normal_clients, seconds - 1)
    return await pressure, answered


def measure(
    db: Path, seconds: float, heavy_clients: int, normal_clients: int, seed: int = 0
) -> dict[str, Any]:
    server = serving.ours(db, db.parent / "serve-pressure.log")
    port = server.port
    server.start()
    try:
        inputs = serving.sample_inputs(db, seed)
        normal = serving.requests_for("ours", "b", inputs, "ledger")
        name, query, batch_s, times = pick(port)
        alone = loadgen.run(port, normal, 10**9, normal_clients, time_cap=seconds / 2, warmup=50)
        judge = Heavy()
        heavy, under = asyncio.run(
            _together(port, batch(query), heavy_clients, normal, normal_clients, seconds, judge)
        )
        return {
            "heavy": name,
            "query": query,
            "heavy_batch_ms_alone": round(batch_s * 1000, 1),
            "heavy_candidates_ms": times,
            "alone": alone.summary(),
            "under_pressure": under.summary(),
            "heavy_load": heavy.summary(),
            "heavy_out_of_time": judge.out_of_time,
            "memory": server.memory(),
        }
    finally:
        server.stop()


def report(out: dict[str, Any], heavy_clients: int, normal_clients: int) -> str:
    alone, under, heavy = out["alone"], out["under_pressure"], out["heavy_load"]
    memory = out["memory"]
    failed = under["errors"] + heavy["errors"]
    lines = [
        f"Heaviest accepted request: {out['heavy']}, a batch of {MAX_BATCH} "
        f"({out['heavy_batch_ms_alone']} ms alone); candidates (ms a batch): "
        + ", ".join(f"{k} {v}" for k, v in out["heavy_candidates_ms"].items()),
        "",
        "| load | requests | failed | req/s | p50 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        f"| (b) alone, c={normal_clients} | {alone['requests']} | {alone['errors']} | "
        f"{alone['rps']} | {alone['p50_ms']} | {alone['p99_ms']} |",
        f"| (b) under pressure, c={normal_clients} | {under['requests']} | {under['errors']} | "
        f"{under['rps']} | {under['p50_ms']} | {under['p99_ms']} |",
        f"| heavy batches, c={heavy_clients} | {heavy['requests']} | {heavy['errors']} | "
        f"{heavy['rps']} | {heavy['p50_ms']} | {heavy['p99_ms']} |",
        "",
        f"Heavy answers over the time budget: {out['heavy_out_of_time']}. Largest server "
        f"process: {memory['rss_mb']:.0f} MB RSS, peak {memory['peak_rss_mb']:.0f} MB "
        f"({memory['processes']:.0f} processes).",
        f"Target (b) p99 < 250 ms under pressure and no request failed: "
        f"{'met' if under['p99_ms'] < 250 and failed == 0 else 'NOT met'}"
        + (f" (first failure: {under['first_error'] or heavy['first_error']})" if failed else ""),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a database built by the project")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--heavy-clients", type=int, default=6)
    parser.add_argument("--normal-clients", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    out = measure(args.db, args.seconds, args.heavy_clients, args.normal_clients, args.seed)
    print(report(out, args.heavy_clients, args.normal_clients))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
