"""Serving benchmarks: our server against datasette + datasette-graphql on the same SQLite file.

Scenarios: (a) 50 statements with speaker and outlet names over GraphQL, paged with
cursors; (b) one statement by id over GraphQL; (c) a REST page of 50 statements of one speaker
(datasette's JSON API with _nofacet=1 on the peer side); (d) a full-text search, over GraphQL
and over REST. Every request of a run differs from the one before it (cursor, id, speaker or
search term), and neither server has a response cache, so no cache answers them.

Floors: the SQL our server ran for a sample of the same requests (captured with a trace
callback on its connection, in-process), replayed on a fresh read-only connection; and the
minimal SQL a hand-written server would run for the same answer.
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean, median
from typing import Any
from urllib.parse import quote as urlquote

import loadgen
from loadgen import Request, graphql

SEARCH_TERMS = (
    "Goris",
    "Sotk",
    "Jermuk",
    "Kapan",
    "Lachin",
    "Shusha",
    "Tavush",
    "Gazakh",
    "Kalbajar",
    "Fuzuli",
    "Hadrut",
    "Meghri",
    "Ijevan",
    "Khojaly",
    "Barda",
    "Ganja",
    "ceasefire",
    "blockade",
    "railway",
    "prisoners",
    "checkpoint",
    "demarcation",
    "detainees",
    "peacekeeping",
    "humanitarian",
    "observers",
    "mine clearance",
    '"territorial integrity"',
    '"transport links"',
    '"border commission"',
    "provocation",
    "electricity",
    "withdrawal",
    "shelling",
    "displaced",
    "investigation",
)

OURS_A = (
    "query($after: String) { statements(first: 50, after: $after) { pageInfo { endCursor "
    "hasNextPage } nodes { id quote speaker { name } outlet { name } } } }"
)
PEER_A = (
    "query($after: String) { statements(first: 50, after: $after, filter: {record_status: "
    '{eq: "active"}}) { pageInfo { endCursor hasNextPage } nodes { statement_id quote '
    "speaker_id { name } article_id { outlet_id { name } } } } }"
)
OURS_B = (
    "query($id: ID!) { statement(id: $id) { id quote claim act channel speaker { name } "
    "article { title } outlet { name } } }"
)
PEER_B = (
    "query($id: String!) { statements_row(statement_id: $id) { statement_id quote claim act "
    "channel speaker_id { name } article_id { title outlet_id { name } } } }"
)
OURS_D = (
    "query($q: String!) { statements(search: $q, first: 20) { nodes { id quote speaker { name } "
    "} } }"
)
PEER_D = (
    "query($q: String) { statements(search: $q, first: 20, filter: {record_status: {eq: "
    '"active"}}) { nodes { statement_id quote speaker_id { name } } } }'
)

MIN_SQL = {
    "a": (
        "SELECT s.statement_id, s.quote, a.name, o.name FROM statements s "
        "JOIN actors a ON a.actor_id = s.speaker_id "
        "JOIN articles r ON r.article_id = s.article_id "
        "JOIN outlets o ON o.outlet_id = r.outlet_id "
        "WHERE +s.record_status = 'active' AND s.statement_id > ? "
        "ORDER BY s.statement_id LIMIT 51"
    ),
    "b": (
        "SELECT s.statement_id, s.quote, s.claim, s.act, s.channel, a.name, r.title, o.name "
        "FROM statements s JOIN actors a ON a.actor_id = s.speaker_id "
        "JOIN articles r ON r.article_id = s.article_id "
        "JOIN outlets o ON o.outlet_id = r.outlet_id WHERE s.statement_id = ?"
    ),
    "c": (
        "SELECT * FROM statements WHERE speaker_id = ? AND +record_status = 'active' "
        "ORDER BY statement_id LIMIT 51"
    ),
    "c_count": (
        "SELECT count(*) FROM statements WHERE speaker_id = ? AND +record_status = 'active'"
    ),
    # in the FTS index's rowid order, which the build makes id order (database layout 2)
    "d": (
        "SELECT s.statement_id, s.quote, a.name FROM statements_fts f "
        "JOIN statements s ON s.rowid = f.rowid JOIN actors a ON a.actor_id = s.speaker_id "
        "WHERE statements_fts MATCH ? AND s.record_status = 'active' "
        "ORDER BY f.rowid LIMIT 21"
    ),
}

SCENARIOS = {
    "a": "GraphQL: 50 statements + speaker name + outlet name (cursor paging)",
    "b": "GraphQL: one statement by id",
    "c": "REST: 50 statements of one speaker (peer: JSON API, _nofacet=1)",
    "d": "GraphQL: full-text search, 20 hits + speaker name",
    "d_rest": "REST: full-text search, 20 hits (peer: _search, _nofacet=1)",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((loadgen.LOOPBACK, 0))
        port: int = sock.getsockname()[1]
        return port


# --- CPU time of a process tree ----------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # the command name may hold spaces and parentheses: split after its last ')'
    return text[text.rindex(")") + 2 :].split()


def tree(root: int) -> list[int]:
    """`root` and all its live descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat(int(entry))
            if fields:
                children.setdefault(int(fields[1]), []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def cpu_seconds(roots: Sequence[int]) -> float:
    """User + system CPU of the process trees under `roots` (live processes, plus what their
    reaped children used)."""
    total = 0
    for root in roots:
        for pid in tree(root):
            fields = _stat(pid)
            if fields:
                # fields after the name: utime 11, stime 12, cutime 13, cstime 14 (0-based)
                total += sum(int(v) for v in fields[11:15])
    return total / TICK


@dataclass
class Server:
    """A server process this harness started (and only ever stops by its own pid)."""

    name: str
    argv: list[str]
    port: int
    health: str | Request
    log: Path
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    startup_s: float = 0.0

    def start(self, timeout: float = 300.0) -> None:
        started = time.monotonic()
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                self.argv,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, **self.env},
            )
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited: see {self.log}")
            try:
                probe = Request("GET", self.health) if isinstance(self.health, str) else self.health
                status, _ = loadgen.fetch(self.port, probe, timeout=10)
                if status == 200:
                    self.startup_s = time.monotonic() - started
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer {self.health} within {timeout} s")

    def memory(self) -> dict[str, float]:
        """Resident memory now and at its peak (MB), from /proc: of the largest process of the
        server's tree (a worker, when the server runs several), and their number."""
        out = {"rss_mb": float("nan"), "peak_rss_mb": float("nan"), "processes": 0.0}
        if self.process is None:
            return out
        for pid in tree(self.process.pid):
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            out["processes"] += 1
            for line in status.splitlines():
                key = "rss_mb" if line.startswith("VmRSS:") else None
                key = "peak_rss_mb" if line.startswith("VmHWM:") else key
                if key is not None:
                    value = int(line.split()[1]) / 1024
                    out[key] = value if out[key] != out[key] else max(out[key], value)
        return out

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)


@dataclass
class Inputs:
    """What varies between requests: ids, speakers, search terms, and each side's cursors."""

    ids: list[str]
    speakers: list[str]
    terms: list[str]
    ours_cursors: list[str | None] = field(default_factory=list)
    peer_cursors: list[str | None] = field(default_factory=list)
    page_last_ids: list[str] = field(default_factory=list)


def sample_inputs(db: Path, seed: int, count: int = 2000) -> Inputs:
    rng = random.Random(seed)
    connection = sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True)
    try:
        total = connection.execute("SELECT max(rowid) FROM statements").fetchone()[0]
        rowids = sorted(rng.sample(range(1, total + 1), min(total, count * 2)))
        ids: list[str] = []
        for start in range(0, len(rowids), 500):
            chunk = rowids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            ids += [
                r[0]
                for r in connection.execute(
                    f"SELECT statement_id FROM statements WHERE rowid IN ({marks}) "
                    "AND record_status = 'active'",
                    chunk,
                )
            ]
        speakers = [
            r[0]
            for r in connection.execute(
                "SELECT DISTINCT speaker_id FROM statements WHERE record_status = 'active'"
            )
        ]
    finally:
        connection.close()
    rng.shuffle(ids)
    rng.shuffle(speakers)
    terms = list(SEARCH_TERMS)
    rng.shuffle(terms)
    return Inputs(ids[:count], speakers[:count], terms)


def _page(port: int, request: Request) -> dict[str, Any]:
    status, body = loadgen.fetch(port, request)
    problem = loadgen.check(request, status, body)
    if problem:
        raise RuntimeError(f"walking the pages of (a) on port {port}: {problem}")
    page: dict[str, Any] = json.loads(body)["data"]["statements"]
    return page


def walk_cursors(
    inputs: Inputs, ours_port: int, peer_port: int | None, pages: int, seconds: float = 30
) -> None:
    """Collect each side's own cursors for the first `pages` pages of (a) (at most `seconds`
    per side: at 1M a page of (a) takes our server half a second)."""
    after: str | None = None
    deadline = time.monotonic() + seconds
    for _ in range(pages):
        if time.monotonic() > deadline and len(inputs.ours_cursors) >= 2:
            break
        inputs.ours_cursors.append(after)
        page = _page(ours_port, graphql(OURS_A, {"after": after}))
        inputs.page_last_ids.append(page["nodes"][-1]["id"] if page["nodes"] else "")
        after = page["pageInfo"]["endCursor"]
        if not page["pageInfo"]["hasNextPage"]:
            break
    if peer_port is None:
        return
    after = None
    deadline = time.monotonic() + seconds
    for _ in range(pages):
        if time.monotonic() > deadline and len(inputs.peer_cursors) >= 2:
            break
        inputs.peer_cursors.append(after)
        page = _page(peer_port, graphql(PEER_A, {"after": after}))
        after = page["pageInfo"]["endCursor"]
        if not page["pageInfo"]["hasNextPage"]:
            break


def requests_for(side: str, scenario: str, inputs: Inputs, database: str) -> list[Request]:
    ours = side == "ours"
    if scenario == "a":
        cursors = inputs.ours_cursors if ours else inputs.peer_cursors
        return [graphql(OURS_A if ours else PEER_A, {"after": c}) for c in cursors]
    if scenario == "b":
        return [graphql(OURS_B if ours else PEER_B, {"id": i}) for i in inputs.ids]
    if scenario == "c":
        if ours:
            return [
                Request("GET", f"/api/v1/statements?speaker={urlquote(s)}&first=50")
                for s in inputs.speakers
            ]
        return [
            Request(
                "GET",
                f"/{database}/statements.json?speaker_id={urlquote(s)}&record_status=active"
                "&_size=50&_nofacet=1",
            )
            for s in inputs.speakers
        ]
    if scenario == "d":
        return [graphql(OURS_D if ours else PEER_D, {"q": t}) for t in inputs.terms]
    if scenario == "d_rest":
        if ours:
            return [
                Request("GET", f"/api/v1/statements?search={urlquote(t)}&first=20")
                for t in inputs.terms
            ]
        return [
            Request(
                "GET",
                f"/{database}/statements.json?_search={urlquote(t)}&record_status=active"
                "&_size=20&_nofacet=1",
            )
            for t in inputs.terms
        ]
    raise ValueError(scenario)


# --- floors -----------------------------------------------------------------------------------


def _internal(sql: str) -> bool:
    """Statements SQLite runs by itself (FTS5 reading its shadow tables): the trace callback
    reports them too, but replaying the query that caused them runs them again."""
    return sql.startswith(("--", "PRAGMA")) or "_fts_config'" in sql


def capture_sql(db: Path, requests: Sequence[Request], seconds: float = 10) -> list[list[str]]:
    """The SQL our app runs for each request (in-process, through its ASGI stack), for as many
    of `requests` as `seconds` allow (at least two)."""
    from starlette.testclient import TestClient

    from statement_ledger.api.app import create_app
    from statement_ledger.api.settings import Settings

    app = create_app(Settings(db_path=db))
    captured: list[list[str]] = []
    with TestClient(app) as client:
        database = app.state.db  # its connections: the event loop's and its threads'
        deadline = time.monotonic() + seconds
        for request in requests:
            if time.monotonic() > deadline and len(captured) >= 2:
                break
            trace: list[str] = []

            def record(sql: str, trace: list[str] = trace) -> None:
                if not _internal(sql):
                    trace.append(sql)

            database.set_trace_callback(record)
            try:
                response = client.request(
                    request.method,
                    request.path,
                    content=request.body or None,
                    headers={"content-type": "application/json"} if request.body else None,
                )
            finally:
                database.set_trace_callback(None)
            if response.status_code != 200:
                raise RuntimeError(f"{request.path}: HTTP {response.status_code}")
            captured.append(trace)
    return captured


def replay(db: Path, statements: Sequence[Sequence[str]], rounds: int = 3) -> dict[str, float]:
    """Time each request's SQL on a fresh read-only connection (best of `rounds`)."""
    connection = sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True)
    try:
        per_request: list[float] = []
        for batch in statements:
            best = float("inf")
            for attempt in range(rounds):
                started = time.perf_counter()
                for sql in batch:
                    connection.execute(sql).fetchall()
                best = min(best, time.perf_counter() - started)
                if attempt == 0 and best > 0.05:
                    break  # a slow request: one round says enough
            per_request.append(best)
    finally:
        connection.close()
    ms = mean(per_request) * 1000
    return {
        "mean_ms": round(ms, 3),
        "median_ms": round(median(per_request) * 1000, 3),
        "queries_per_request": round(mean(len(b) for b in statements), 1),
        "rps_one_core": round(1000 / ms, 1) if ms else float("nan"),
    }


def minimal_sql(db: Path, scenario: str, inputs: Inputs, samples: int) -> dict[str, float]:
    """The hand-written minimal SQL for the same answers, timed the same way."""
    if scenario == "a":
        batches = [[(MIN_SQL["a"], (last,))] for last in ["", *inputs.page_last_ids[:samples]]]
    elif scenario == "b":
        batches = [[(MIN_SQL["b"], (i,))] for i in inputs.ids[:samples]]
    elif scenario == "c":
        batches = [
            [(MIN_SQL["c"], (s,)), (MIN_SQL["c_count"], (s,))] for s in inputs.speakers[:samples]
        ]
    else:
        batches = [[(MIN_SQL["d"], (t,))] for t in inputs.terms[:samples]]
    connection = sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True)
    try:
        timings = []
        for batch in batches:
            best = float("inf")
            for _ in range(3):
                started = time.perf_counter()
                for sql, params in batch:
                    connection.execute(sql, params).fetchall()
                best = min(best, time.perf_counter() - started)
            timings.append(best)
    finally:
        connection.close()
    ms = mean(timings) * 1000
    return {"mean_ms": round(ms, 3), "rps_one_core": round(1000 / ms, 1) if ms else 0.0}


def floors(db: Path, inputs: Inputs, samples: int = 30) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for scenario in SCENARIOS:
        entry: dict[str, Any] = {}
        try:
            requests = requests_for("ours", scenario, inputs, "ledger")[:samples]
            entry["same_sql"] = replay(db, capture_sql(db, requests))
        except Exception as exc:  # the API is being edited by others: record, do not stop
            entry["same_sql_error"] = f"{type(exc).__name__}: {exc}"[:300]
        try:
            entry["min_sql"] = minimal_sql(db, scenario[0], inputs, samples)
        except sqlite3.Error as exc:
            entry["min_sql_error"] = str(exc)
        out[scenario] = entry
    return out


def ours(db: Path, log: Path) -> Server:
    """The project's server (`statement-ledger serve`, its default workers) on `db`, to listen
    on a free loopback port once started, its output going to `log`."""
    port = free_port()
    argv = [str(Path(sys.executable).parent / "statement-ledger"), "serve", "--db", str(db)]
    return Server(
        "ours", [*argv, "--host", "127.0.0.1", "--port", str(port)], port, "/healthz", log
    )


def merged(parts: list[tuple[loadgen.Result, float]]) -> dict[str, Any]:
    """The summary of a server's rounds taken together, with its CPU per request."""
    whole = loadgen.Result()
    cpu = 0.0
    for result, seconds in parts:
        whole.requests += result.requests
        whole.errors += result.errors
        whole.wall += result.wall
        whole.latencies += result.latencies
        whole.first_error = whole.first_error or result.first_error
        cpu += seconds
    summary = whole.summary()
    summary["cpu_ms_per_request"] = (
        round(cpu * 1000 / whole.requests, 3) if whole.requests else None
    )
    return summary
