"""Explorer pages under load, against the API's latency budget measured in the same run.

    python benchmarks/pages.py --db build/bench/db-100000/ledger.db [--requests 2000]
        [--concurrency 8] [--time-cap 60] [--seed 0]

Starts the project's real server (`statement-ledger serve`) on a free loopback port and loads
it with the bounded generator of loadgen.py: first the API budget, REST (c) (50 statements of
one speaker), GraphQL (a) (50 statements with speaker and outlet names, cursor paging) and
REST (d) (a full-text search, 20 hits) from serving.py, then every kind of explorer page, each
with a fixed request count at one concurrency. Every request of a run differs from the one
before it (ids, speakers, events and search words are sampled from the database) except home
and the unfiltered timeline, which have nothing to vary (the server keeps no response cache,
and the client sends no If-None-Match, so every answer is rendered again; the unfiltered
timeline alternates its colour by speaker and by outlet).

The rule: a page is within budget when its p50 ≤ the p50 of the slowest API scenario (the one
with the highest p50 when all three are run first) and its p99 ≤ that scenario's p99, on the
same server. The machine is shared, so each page kind runs in turns with a fresh run of that
scenario (four slices each, A B A B ...) and is compared with that run; the table shows it.
Every run opens a new connection every PER_CONNECTION requests, so that no run's p50 depends on
how its connections happened to be split between the server's workers.
(Until the API's searches were paged in the FTS index's own order, REST (d) was the slowest
by far, and the search page alone was held to it.)
Prints a Markdown table; `measure()` returns the figures for run.py.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import Any
from urllib.parse import quote as urlquote

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import loadgen  # noqa: E402
import serving  # noqa: E402
from loadgen import Request  # noqa: E402

API = {
    "c": "REST (c): 50 statements of one speaker",
    "a": "GraphQL (a): 50 statements + speaker + outlet names",
    "d_rest": "REST (d): full-text search, 20 hits",
}
# The API's latency budget, for every page: the slowest of its list queries (higher p50). The
# search page had REST (d) alone as its budget while (d) was the slowest (up to commit c638647);
# since searches are paged in the FTS index's order (d) is faster than (a): one budget for all.
PAGE_API = ("c", "a", "d_rest")
PAGES = {
    "home": "home: counts and the latest contradictions",
    "search": "search results (a word from the data)",
    "statement": "statement page",
    "contradiction": "contradiction page",
    "article": "article: archived text, quotes highlighted",
    "actor": "actor page",
    "outlet": "outlet page",
    "event": "event page",
    "timeline": "timeline, unfiltered",
    "timeline_actor": "timeline of one speaker",
    "timeline_event": "timeline of one event",
}
RULE = (
    "within budget: page p50 ≤ the p50 of the slowest API scenario (the highest p50 of REST "
    "(c), GraphQL (a) and REST (d), all run first) and page p99 ≤ that scenario's p99, no "
    "errors; each page kind runs in turns with a fresh run of that scenario (four slices each) "
    "and is compared with it (same server, same concurrency, same minutes of a shared machine)"
)
WORD = re.compile(r"[A-Za-z]{5,}")
# Requests sent on a connection before the client opens another (`loadgen.run`): every run, of
# the budget and of the pages alike, spreads its connections over the server's workers again
# and again, where 8 connections kept for a slice of 500 requests were split once between 2
# workers (4 and 4, or 2 and 6), and that split alone moved the p50 of REST (c) at 100k
# between 3.6 and 20.5 ms from one slice to the next (2.7 to 12.1 ms for the article page).
PER_CONNECTION = 25


@dataclass
class PageInputs:
    """What varies between page requests, sampled from the database."""

    api: serving.Inputs
    contradictions: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)


def _ids(connection: sqlite3.Connection, sql: str, rng: random.Random, count: int) -> list[str]:
    found = [row[0] for row in connection.execute(sql)]
    return rng.sample(found, min(count, len(found)))


def sample(db: Path, seed: int, count: int = 500, words: int = 24) -> PageInputs:
    """Ids of every kind, speakers (as for REST (c)) and search words from the data."""
    rng = random.Random(seed)
    inputs = PageInputs(serving.sample_inputs(db, seed, count))
    connection = sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True)
    try:
        active = "WHERE record_status = 'active'"
        inputs.contradictions = _ids(
            connection, f"SELECT contradiction_id FROM contradictions {active}", rng, count
        )
        # articles that carry statements: their pages show the text with quotes marked
        inputs.articles = _ids(
            connection, f"SELECT DISTINCT article_id FROM statements {active}", rng, count
        )
        inputs.outlets = _ids(connection, f"SELECT outlet_id FROM outlets {active}", rng, count)
        inputs.events = _ids(connection, f"SELECT event_id FROM events {active}", rng, count)
        claims: list[str] = []
        for start in range(0, min(len(inputs.api.ids), 200), 100):
            chunk = inputs.api.ids[start : start + 100]
            marks = ",".join("?" * len(chunk))
            claims += [
                r[0]
                for r in connection.execute(
                    f"SELECT claim FROM statements WHERE statement_id IN ({marks})", chunk
                )
            ]
    finally:
        connection.close()
    vocabulary = sorted({w.lower() for claim in claims for w in WORD.findall(claim or "")})
    inputs.words = rng.sample(vocabulary, min(words, len(vocabulary)))
    return inputs


def page_requests(kind: str, inputs: PageInputs) -> list[Request]:
    def gets(paths: Sequence[str]) -> list[Request]:
        return [Request("GET", path) for path in paths]

    quoted = urlquote
    if kind == "home":
        return gets(["/"])
    if kind == "search":
        return gets([f"/search?q={quoted(w)}" for w in inputs.words])
    if kind == "statement":
        return gets([f"/statements/{quoted(i)}" for i in inputs.api.ids])
    if kind == "contradiction":
        return gets([f"/contradictions/{quoted(i)}" for i in inputs.contradictions])
    if kind == "article":
        return gets([f"/articles/{quoted(i)}" for i in inputs.articles])
    if kind == "actor":
        return gets([f"/actors/{quoted(i)}" for i in inputs.api.speakers])
    if kind == "outlet":
        return gets([f"/outlets/{quoted(i)}" for i in inputs.outlets])
    if kind == "event":
        return gets([f"/events/{quoted(i)}" for i in inputs.events])
    if kind == "timeline":
        return gets(["/timeline?colour=speaker", "/timeline?colour=outlet"])
    if kind == "timeline_actor":
        return gets([f"/timeline?actor={quoted(i)}" for i in inputs.api.speakers])
    if kind == "timeline_event":
        return gets([f"/timeline?event={quoted(i)}" for i in inputs.events])
    raise ValueError(kind)


def html_check(sizes: list[int]) -> Callable[[Request, int, bytes], str]:
    """A page is a success when it is a 200 with a whole HTML document; records its size."""

    def validate(request: Request, status: int, body: bytes) -> str:
        sizes.append(len(body))
        if status != 200:
            return f"HTTP {status}: {body[:200]!r}"
        if b"</html>" not in body[-200:]:
            return f"not a whole HTML page: {body[-200:]!r}"
        return ""

    return validate


def budget_of(api: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The slower API scenario (higher p50): its name, p50 and p99."""
    measured = {k: v for k, v in api.items() if v.get("requests") and not v.get("errors")}
    if not measured:
        return {}
    slower = max(measured, key=lambda k: measured[k]["p50_ms"])
    return {
        "scenario": slower,
        "p50_ms": measured[slower]["p50_ms"],
        "p99_ms": measured[slower]["p99_ms"],
        "cpu_ms": measured[slower].get("cpu_ms"),
    }


def verdict(row: dict[str, Any], budget: dict[str, Any]) -> dict[str, Any]:
    if not budget or not row.get("requests"):
        return {"within": None}
    p50 = row["p50_ms"] / budget["p50_ms"]
    p99 = row["p99_ms"] / budget["p99_ms"]
    ok = p50 <= 1 and p99 <= 1 and not row["errors"]
    return {
        "budget_p50_ms": budget["p50_ms"],
        "budget_p99_ms": budget["p99_ms"],
        "p50_ratio": round(p50, 2),
        "p99_ratio": round(p99, 2),
        "cpu_ratio": (
            round(row["cpu_ms"] / budget["cpu_ms"], 2)
            if row.get("cpu_ms") and budget.get("cpu_ms")
            else None
        ),
        "within": ok,
    }


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a server so far: the process and its workers (from /proc)."""
    return serving.cpu_seconds([pid])


def timed_run(
    server: serving.Server,
    requests: Sequence[Request],
    total: int,
    concurrency: int,
    time_cap: float,
    validate: Callable[[Request, int, bytes], str] = loadgen.check,
) -> dict[str, Any]:
    """One bounded run (after a warm-up of 2 × concurrency requests), with the server's CPU
    time per request: unlike latency, it hardly moves when other work shares the machine."""
    return interleaved(server, [(requests, validate)], total, concurrency, time_cap, 1)[0]


def interleaved(
    server: serving.Server,
    runs: Sequence[tuple[Sequence[Request], Callable[[Request, int, bytes], str]]],
    total: int,
    concurrency: int,
    time_cap: float,
    chunks: int = 4,
) -> list[dict[str, Any]]:
    """Several runs of `total` requests each, taken in turns, `chunks` slices apiece (A B A B
    ...), so that each sees the same minutes of a shared machine; each continues through its
    request list where its last slice stopped. Per run: the figures over all its slices, and
    the server's CPU time per request."""
    pid = server.process.pid if server.process else 0
    merged = [loadgen.Result() for _ in runs]
    spent = [0.0 for _ in runs]
    for requests, validate in runs:  # warm-up
        loadgen.run(
            server.port,
            requests[::-1],
            2 * concurrency,
            concurrency,
            time_cap,
            0,
            validate,
            PER_CONNECTION,
        )
    for chunk in range(chunks):
        count = total // chunks + (1 if chunk < total % chunks else 0)
        for index, (requests, validate) in enumerate(runs):
            start = merged[index].requests % len(requests)
            rotated = [*requests[start:], *requests[:start]]
            before = cpu_seconds(pid)
            result = loadgen.run(
                server.port,
                rotated,
                count,
                concurrency,
                time_cap / chunks,
                0,
                validate,
                PER_CONNECTION,
            )
            spent[index] += cpu_seconds(pid) - before
            into = merged[index]
            into.requests += result.requests
            into.errors += result.errors
            into.wall += result.wall
            into.latencies += result.latencies
            into.first_error = into.first_error or result.first_error
    rows = []
    for result, seconds in zip(merged, spent, strict=True):
        row = {**result.summary(), "asked": total}
        row["cpu_ms"] = round(seconds * 1000 / result.requests, 2) if result.requests else None
        rows.append(row)
    return rows


def measure(
    db: Path,
    requests: int = 300,
    concurrency: int = 8,
    time_cap: float = 60.0,
    seed: int = 0,
    log_path: Path | None = None,
    say: Callable[[str], None] = lambda message: None,
    kinds: Sequence[str] = tuple(PAGES),
) -> dict[str, Any]:
    """Start our server on `db`, measure the API budget and every page kind; stop the server."""
    log_path = log_path or REPO / "build" / "bench" / f"serve-pages-{db.parent.name}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    out: dict[str, Any] = {
        "db": str(db),
        "requests": requests,
        "concurrency": concurrency,
        "time_cap_s": time_cap,
        "rule": RULE,
        "api": {},
        "pages": {},
    }
    started = time.monotonic()
    say(f"pages: sampling inputs from {db}")
    inputs = sample(db, seed)
    server = serving.ours(db, log_path)
    try:
        say(f"pages: starting our server on port {server.port}")
        server.start()
        serving.walk_cursors(inputs.api, server.port, None, pages=100, seconds=30)
        warmup = 2 * concurrency
        out["load_before"] = [round(x, 2) for x in os.getloadavg()]

        def api(scenario: str) -> dict[str, Any]:
            asked = serving.requests_for("ours", scenario, inputs.api, "ledger")
            return timed_run(server, asked, requests, concurrency, time_cap)

        for scenario in API:
            out["api"][scenario] = api(scenario)
            say(f"pages: API ({scenario}) {_line(out['api'][scenario])}")
        first = budget_of({k: v for k, v in out["api"].items() if k in PAGE_API})
        samples = [first] if first else []
        for kind in kinds:
            sizes: list[int] = []
            check = html_check(sizes)
            asked = page_requests(kind, inputs)
            budget: dict[str, Any] = {}
            if first:  # the page and the budget scenario in turns, 4 slices each
                scenario = first["scenario"]
                api_requests = serving.requests_for("ours", scenario, inputs.api, "ledger")
                again, row = interleaved(
                    server,
                    [(api_requests, loadgen.check), (asked, check)],
                    requests,
                    concurrency,
                    time_cap,
                )
                budget = budget_of({scenario: again})
                samples.append(budget)
                say(f"pages: budget ({scenario}) alongside: {_line(again)}")
            else:
                row = timed_run(server, asked, requests, concurrency, time_cap, check)
            row["kb"] = round(sum(sizes[warmup:]) / max(1, len(sizes) - warmup) / 1024, 1)
            row.update(verdict(row, budget))
            out["pages"][kind] = row
            say(f"pages: {kind} {_line(row)}")
        out["memory"] = server.memory()
        out["load_after"] = [round(x, 2) for x in os.getloadavg()]
        if samples:
            out["budget"] = {
                "scenario": first["scenario"],
                "p50_ms": round(median(b["p50_ms"] for b in samples), 2),
                "p99_ms": round(median(b["p99_ms"] for b in samples), 2),
                "p50_range_ms": [
                    min(b["p50_ms"] for b in samples),
                    max(b["p50_ms"] for b in samples),
                ],
                "p99_range_ms": [
                    min(b["p99_ms"] for b in samples),
                    max(b["p99_ms"] for b in samples),
                ],
                "runs": len(samples),
            }
    finally:
        server.stop()
    out["within"] = sum(1 for r in out["pages"].values() if r.get("within"))
    out["elapsed_s"] = round(time.monotonic() - started, 1)
    return out


def _line(row: dict[str, Any]) -> str:
    return (
        f"{row['requests']} requests, {row['errors']} errors, {row['rps']} req/s, "
        f"p50 {row['p50_ms']} ms, p99 {row['p99_ms']} ms, server CPU {row.get('cpu_ms')} ms/req"
    )


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def table(results: dict[str, Any]) -> list[str]:
    """The figures as a Markdown table (API rows first, then one row per page kind, each with
    the run of the budget scenario just before it)."""
    budget = results.get("budget", {})
    lines = [
        "| page | requests | err | req/s | p50 ms | p99 ms | server CPU ms/req | KB "
        "| budget p50 / p99 ms | p50 ÷ budget | p99 ÷ budget | CPU ÷ budget | within budget |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| --- |",
    ]
    for scenario, label in API.items():
        row = results["api"].get(scenario)
        if not row:
            continue
        mark = " (the budget)" if budget.get("scenario") == scenario else ""
        lines.append(
            f"| {label}{mark} | {_fmt(row['requests'])} | {_fmt(row['errors'])} "
            f"| {_fmt(row['rps'])} | {_fmt(row['p50_ms'])} | {_fmt(row['p99_ms'])} "
            f"| {_fmt(row.get('cpu_ms'))} | | | | | | |"
        )
    for kind, label in PAGES.items():
        row = results["pages"].get(kind)
        if not row:
            continue
        within = {True: "yes", False: "**no**", None: "–"}[row.get("within")]
        adjacent = f"{_fmt(row.get('budget_p50_ms'))} / {_fmt(row.get('budget_p99_ms'))}"
        lines.append(
            f"| {label} | {_fmt(row['requests'])} | {_fmt(row['errors'])} | {_fmt(row['rps'])} "
            f"| {_fmt(row['p50_ms'])} | {_fmt(row['p99_ms'])} | {_fmt(row.get('cpu_ms'))} "
            f"| {_fmt(row.get('kb'))} | {adjacent} | {_fmt(row.get('p50_ratio'), 2)} "
            f"| {_fmt(row.get('p99_ratio'), 2)} | {_fmt(row.get('cpu_ratio'), 2)} | {within} |"
        )
    return lines


def commit() -> str:
    """The checked-out commit, and whether tracked files differ from it (the server runs the
    working tree)."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return head + (" + uncommitted changes" if dirty else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a database built by the project")
    parser.add_argument("--requests", type=int, default=2000, help="requests per page kind")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--time-cap", type=float, default=60.0, help="seconds per run at most")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", default="", help="comma-separated page kinds (default: all)")
    args = parser.parse_args(argv)
    if not args.db.is_file():
        parser.error(f"no database at {args.db}")
    kinds = [k for k in args.only.split(",") if k] or list(PAGES)
    unknown = set(kinds) - set(PAGES)
    if unknown:
        parser.error(
            f"unknown page kinds: {', '.join(sorted(unknown))} (known: {', '.join(PAGES)})"
        )

    def say(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    results = measure(
        args.db, args.requests, args.concurrency, args.time_cap, args.seed, say=say, kinds=kinds
    )
    budget = results.get("budget", {})
    print()
    print(
        f"Explorer pages on {args.db} at concurrency {args.concurrency}, {args.requests} "
        f"requests per run (at most {args.time_cap:.0f} s), {time.strftime('%Y-%m-%d %H:%M')}, "
        f"commit {commit()}"
    )
    print(f"Rule: {RULE}.")
    if budget:
        low50, high50 = budget["p50_range_ms"]
        low99, high99 = budget["p99_range_ms"]
        print(
            f"Budget: ({budget['scenario']}), {budget['runs']} runs: p50 median "
            f"{budget['p50_ms']} ms ({low50}–{high50}), p99 median {budget['p99_ms']} ms "
            f"({low99}–{high99})."
        )
    print(f"Load average before {results.get('load_before')}, after {results.get('load_after')}.")
    print()
    print("\n".join(table(results)))
    print()
    measured = [r for r in results["pages"].values() if r.get("within") is not None]
    print(f"{results['within']} of {len(measured)} page kinds within the API latency budget.")
    memory = results.get("memory", {})
    print(
        f"Server RSS after the runs {_fmt(memory.get('rss_mb'), 0)} MB (peak "
        f"{_fmt(memory.get('peak_rss_mb'), 0)} MB); {results['elapsed_s']} s in all."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
