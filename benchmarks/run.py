"""The benchmark suite: validation, build, serving and explorer pages, against the stock tools.

    python benchmarks/run.py [--sizes 10000,100000,1000000] [--quick] [--profile]

For each size it generates a package (benchmarks/generate.py, cached under --workdir), then
measures, in the same run:
  1. validation: `statement-ledger validate` against the stock `frictionless validate`, with
     the floor of reading the CSVs with pyarrow (wall time, rows/s, peak memory);
  2. build: `statement-ledger build` (which validates first) and the database size;
  3. serving: our server against datasette + datasette-graphql on the same SQLite file, and
     against PostGraphile on PostgreSQL loaded from the same package (benchmarks/
     postgraphile.py; c=8, answers checked equal first), with a bounded load generator on
     loopback (fixed request counts, interleaved rounds, concurrency 8 and 32), CPU per
     request of each server, and the floors of the same SQL run in-process;
and prints a table and writes benchmarks/RESULTS.md (the part between the markers; the
analysis around it is kept). A time budget (--budget) skips the steps projected not to fit,
and says so. The peers are installed into .venv/peer on first use (datasette-graphql needs a
graphql-core that strawberry does not accept, so it cannot share .venv).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import importlib.util
import json
import math
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import flatness  # noqa: E402
import loadgen  # noqa: E402
import postgraphile  # noqa: E402
import pressure  # noqa: E402
import profiling  # noqa: E402
import serving  # noqa: E402
from pages import PAGES, RULE  # noqa: E402
from pages import commit as checked_out  # noqa: E402
from pages import measure as measure_pages  # noqa: E402
from pages import table as pages_table  # noqa: E402

from statement_ledger.catalogue.tables import TABLES  # noqa: E402

BIN = Path(sys.executable).parent
PEER_VENV = REPO / ".venv" / "peer"
PEER_PACKAGES = ("datasette>=0.65,<1", "datasette-graphql>=2.2,<3")
START = "<!-- results:start -->"
END = "<!-- results:end -->"
PYARROW_FLOOR = """
import json, sys, time
t = time.perf_counter()
import pyarrow.csv as pc
imported = time.perf_counter()
rows = {}
for path in sys.argv[1:]:
    rows[path.rsplit("/", 1)[-1][:-4]] = pc.read_csv(path).num_rows
done = time.perf_counter()
print(json.dumps({"import_s": imported - t, "read_s": done - imported, "rows": rows}))
"""


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- measuring a child process ---------------------------------------------------------------


def measure(
    argv: list[str], cwd: Path | None = None, output: Path | None = None, timeout: float = 3600
) -> dict[str, Any]:
    """Wall time, peak resident memory (of the child, from wait4) and exit code of a command."""
    out = output.open("wb") if output else subprocess.DEVNULL
    started = time.perf_counter()
    try:
        process = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                return {"error": f"timed out after {timeout:.0f} s"}
            time.sleep(0.02)
    finally:
        if output:
            out.close()  # type: ignore[union-attr]
    process.returncode = os.waitstatus_to_exitcode(status)
    return {
        "wall_s": round(time.perf_counter() - started, 3),
        "peak_mb": round(usage.ru_maxrss / 1024, 1),
        "exit": process.returncode,
    }


# --- machine and versions ----------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(
            int(line.split()[1]) // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        memory = 0
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_mb": memory,
        "os": f"{platform.system()} {platform.release()}",
    }


def versions() -> dict[str, str]:
    out = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
    for name in (
        "frictionless",
        "pydantic",
        "strawberry-graphql",
        "graphql-core",
        "starlette",
        "uvicorn",
        "pyarrow",
        "py-spy",
    ):
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "not installed"
    peer_python = PEER_VENV / "bin" / "python"
    if peer_python.exists():
        script = (
            "import importlib.metadata as m, sqlite3, json; print(json.dumps({n: m.version(n) "
            "for n in ('datasette', 'datasette-graphql', 'graphene', 'graphql-core')} | "
            "{'sqlite': sqlite3.sqlite_version}))"
        )
        found = subprocess.run([str(peer_python), "-c", script], capture_output=True, text=True)
        if found.returncode == 0:
            for name, version in json.loads(found.stdout).items():
                out[f"peer {name}"] = version
    commit = checked_out()
    if commit != "unknown":
        out["commit"] = commit
    return out


def ensure_peer() -> Path | None:
    """datasette with datasette-graphql in their own venv (installed on first use)."""
    datasette = PEER_VENV / "bin" / "datasette"
    graphql_plugin = PEER_VENV / "lib"
    if datasette.exists() and any(graphql_plugin.glob("python*/site-packages/datasette_graphql")):
        return datasette
    log(f"installing the peer into {PEER_VENV}: {', '.join(PEER_PACKAGES)}")
    try:
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
        pip = [str(PEER_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, *PEER_PACKAGES], check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        log(f"could not install the peer: {exc}")
        return None
    return datasette


# --- the budget ----------------------------------------------------------------------------


class Budget:
    """Projects each step's time from the previous size (linearly, with a margin)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.started = time.monotonic()
        self.per_row: dict[str, float] = {}
        self.growth: dict[str, float] = {}  # per-row cost ratio between the last two sizes
        self.fixed: dict[str, float] = {}

    @property
    def left(self) -> float:
        return self.seconds - (time.monotonic() - self.started)

    def project(self, step: str, n: int) -> float:
        if step in self.per_row:
            return self.per_row[step] * n * max(1.2, self.growth.get(step, 1.0))
        return self.fixed.get(step, 0.0)

    def fits(self, step: str, n: int, reserve: float = 0.0) -> tuple[bool, float]:
        projected = self.project(step, n)
        return projected + reserve <= self.left, projected

    def record(self, step: str, n: int, seconds: float) -> None:
        previous = self.per_row.get(step)
        self.per_row[step] = seconds / n
        if previous:
            self.growth[step] = self.per_row[step] / previous


# --- one size ---------------------------------------------------------------------------------


def generate(n: int, seed: int, workdir: Path) -> tuple[Path, dict[str, Any]]:
    package = workdir / f"pkg-{n}"
    marker = workdir / f"pkg-{n}.json"
    generator = HERE / "generate.py"
    stamp = {"n": n, "seed": seed, "generator_mtime": generator.stat().st_mtime}
    if marker.exists() and (package / "datapackage.json").exists():
        cached = json.loads(marker.read_text())
        if {k: cached.get(k) for k in stamp} == stamp:
            return package, {**cached["measured"], "cached": True}
    shutil.rmtree(package, ignore_errors=True)
    log(f"generating {n:,} statements into {package}")
    measured = measure(
        [sys.executable, str(generator), str(n), str(package), "--seed", str(seed)],
        output=workdir / f"generate-{n}.log",
    )
    if measured.get("exit") != 0:
        raise RuntimeError(f"generate.py failed: see {workdir / f'generate-{n}.log'}")
    seeds = package / "seeds"
    measured["seed_files"] = sum(1 for _ in seeds.iterdir())
    measured["package_mb"] = round(
        sum(p.stat().st_size for p in package.rglob("*") if p.is_file()) / 2**20, 1
    )
    marker.write_text(json.dumps({**stamp, "measured": measured}))
    return package, {**measured, "cached": False}


def validation(
    n: int, package: Path, workdir: Path, budget: Budget, reserve: float
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    csvs = [str(package / "datapackage" / f"{t}.csv") for t in TABLES]
    # floor: pyarrow reading the CSVs
    try:
        if importlib.util.find_spec("pyarrow") is None:
            raise ImportError("pyarrow is not installed")
        # best of two: a cold page cache (the kernel reclaims it in the background) can stall
        # one run for seconds
        best: dict[str, Any] = {}
        for attempt in range(2):
            floor_log = workdir / f"pyarrow-{n}-{attempt}.log"
            floor = measure([sys.executable, "-c", PYARROW_FLOOR, *csvs], output=floor_log)
            detail = json.loads(floor_log.read_text().splitlines()[-1])
            if not best or floor["wall_s"] < best["wall_s"]:
                best = {**floor, "read_s": round(detail["read_s"], 3), "rows": detail["rows"]}
        out["floor"] = best
        out["rows"] = sum(detail["rows"].values())
    except (ImportError, ValueError, IndexError) as exc:
        out["floor"] = {"error": f"pyarrow: {exc}"}
    if "rows" not in out:
        out["rows"] = sum(Path(c).read_bytes().count(b"\n") - 1 for c in csvs)
    # stock frictionless
    ok, projected = budget.fits("frictionless", n, reserve)
    if ok:
        log(f"{n:,}: frictionless validate datapackage.json")
        out["stock"] = measure(
            [str(BIN / "frictionless"), "validate", "datapackage.json"],
            cwd=package,
            output=workdir / f"frictionless-{n}.log",
        )
        if "wall_s" in out["stock"]:
            budget.record("frictionless", n, out["stock"]["wall_s"])
    else:
        out["stock"] = {"skipped": f"projected {projected:.0f} s, {budget.left:.0f} s left"}
    # ours
    ok, projected = budget.fits("validate", n, reserve)
    if ok:
        log(f"{n:,}: statement-ledger validate")
        out["ours"] = measure(
            [str(BIN / "statement-ledger"), "validate", "--engine", "fast", str(package)],
            output=workdir / f"validate-{n}.log",
        )
        if "wall_s" in out["ours"]:
            budget.record("validate", n, out["ours"]["wall_s"])
    else:
        out["ours"] = {"skipped": f"projected {projected:.0f} s, {budget.left:.0f} s left"}
    for side in ("ours", "stock", "floor"):
        figures = out[side]
        if "wall_s" in figures:
            figures["rows_per_s"] = round(out["rows"] / figures["wall_s"])
    if "wall_s" in out["ours"] and "wall_s" in out["stock"]:
        out["ratio_stock_over_ours"] = round(out["stock"]["wall_s"] / out["ours"]["wall_s"], 3)
    return out


def build(n: int, package: Path, workdir: Path, budget: Budget, reserve: float) -> dict[str, Any]:
    out: dict[str, Any] = {}
    db_dir = workdir / f"db-{n}"
    db_dir.mkdir(exist_ok=True)
    db = db_dir / "ledger.db"
    ok, projected = budget.fits("build", n, reserve)
    if ok:
        log(f"{n:,}: statement-ledger build")
        db.unlink(missing_ok=True)
        out["cli"] = measure(
            [str(BIN / "statement-ledger"), "build", str(package), "--out", str(db)],
            output=workdir / f"build-{n}.log",
        )
        if out["cli"].get("exit") == 0:
            budget.record("build", n, out["cli"]["wall_s"])
    else:
        out["cli"] = {"skipped": f"projected {projected:.0f} s, {budget.left:.0f} s left"}
    if out["cli"].get("exit") != 0:
        log(f"{n:,}: building without validation (benchmarks/fastbuild.py) for serving")
        db.unlink(missing_ok=True)
        out["load_only"] = measure(
            [sys.executable, str(HERE / "fastbuild.py"), str(package), str(db)],
            output=workdir / f"fastbuild-{n}.log",
        )
    if db.exists():
        out["db"] = str(db)
        out["db_mb"] = round(db.stat().st_size / 2**20, 1)
        connection = sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True)
        try:
            out["seed_blobs_mb"] = round(
                connection.execute(
                    "SELECT coalesce(sum(length(content)), 0) FROM ledger_files "
                    "WHERE path LIKE 'seeds/%'"
                ).fetchone()[0]
                / 2**20,
                1,
            )
        except sqlite3.Error:
            pass
        finally:
            connection.close()
    return out


def timed_run(
    server: serving.Server,
    roots: Callable[[], list[int]],
    requests: list[loadgen.Request],
    total: int,
    concurrency: int,
    cap: float,
    warmup: bool,
) -> tuple[loadgen.Result, float]:
    """One run (after a warm-up if `warmup`): the load generator's result and the CPU seconds
    the server's processes (`roots()` and their descendants) used during it."""
    if warmup:
        loadgen.run(server.port, requests[::-1], 2 * concurrency, concurrency, cap)
    before = serving.cpu_seconds(roots())
    result = loadgen.run(server.port, requests, total, concurrency, cap)
    return result, serving.cpu_seconds(roots()) - before


def check_answers(
    ours_port: int, pg_port: int, inputs: serving.Inputs, pg_cursors: list[str | None]
) -> dict[str, str]:
    """For a sample of each scenario's inputs, our answer and PostGraphile's mapped to the same
    ids and values ('' when equal, else the first difference)."""
    out: dict[str, str] = {}
    samples = {"a": 5, "b": 20, "c": 10}
    for scenario, count in samples.items():
        ours = serving.requests_for("ours", scenario, inputs, "ledger")[:count]
        theirs = postgraphile.requests_for(scenario, pg_cursors, inputs.ids, inputs.speakers)[
            :count
        ]
        problem = "" if len(ours) == len(theirs) else "not the same number of inputs"
        for mine, other in zip(ours, theirs, strict=False):
            if problem:
                break
            answers = []
            for port, request in ((ours_port, mine), (pg_port, other)):
                status, body = loadgen.fetch(port, request)
                problem = loadgen.check(request, status, body)
                if problem:
                    break
                answers.append(json.loads(body))
            if not problem:
                problem = postgraphile.mismatch(
                    postgraphile.ours_rows(scenario, answers[0]),
                    postgraphile.peer_rows(scenario, answers[1]),
                )
        out[scenario] = problem
    return out


def walk_pg_cursors(port: int, pages: int, seconds: float = 30) -> list[str | None]:
    cursors: list[str | None] = []
    after: str | None = None
    deadline = time.monotonic() + seconds
    for _ in range(pages):
        if time.monotonic() > deadline and len(cursors) >= 2:
            break
        cursors.append(after)
        request = loadgen.graphql(postgraphile.PG_A, {"after": after})
        status, body = loadgen.fetch(port, request)
        problem = loadgen.check(request, status, body)
        if problem:
            raise RuntimeError(f"walking the pages of (a) on PostGraphile: {problem}")
        page = json.loads(body)["data"]["allStatements"]
        after = page["pageInfo"]["endCursor"]
        if not page["pageInfo"]["hasNextPage"]:
            break
    return cursors


ROUNDS = 2


def serve(
    n: int,
    db: Path,
    package: Path,
    workdir: Path,
    datasette: Path | None,
    pg_cli: Path | None,
    args: argparse.Namespace,
    first_size: bool,
    budget: Budget,
    runs_reserve: float,
) -> dict[str, Any]:
    """Every server under every scenario; PostGraphile left out at this size when loading its
    database (projected from the previous size) would not leave `runs_reserve` seconds."""
    out: dict[str, Any] = {"scenarios": {}}
    ours = serving.ours(db, workdir / f"serve-ours-{n}.log")
    peer = None
    if datasette is not None:
        peer = serving.Server(
            "datasette",
            [str(datasette), "serve", "-i", str(db), "--host", "127.0.0.1"],
            serving.free_port(),
            "/-/versions.json",
            workdir / f"serve-peer-{n}.log",
        )
        # same SQL time limit as ours (LEDGER_TIME_BUDGET_MS default 2000)
        peer.argv += ["--port", str(peer.port), "--setting", "sql_time_limit_ms", "2000"]
    cluster = None
    pg = None
    if pg_cli is not None:
        ok, projected = budget.fits("postgres_load", n, runs_reserve)
        if not ok:
            out["postgraphile_error"] = (
                f"skipped: loading PostgreSQL projected at {projected:.0f} s, "
                f"{budget.left:.0f} s left"
            )
            pg_cli = None
    if pg_cli is not None:
        cluster = postgraphile.Cluster(workdir / f"pg-{n}", serving.free_port())
        pg_port = serving.free_port()
        pg = serving.Server(
            "postgraphile",
            postgraphile.server_argv(pg_cli, cluster, pg_port),
            pg_port,
            postgraphile.HEALTH,
            workdir / f"serve-postgraphile-{n}.log",
            env={"NODE_ENV": "production"},
        )
    servers = [s for s in (ours, pg, peer) if s is not None]

    def roots(server: serving.Server) -> Callable[[], list[int]]:
        def pids() -> list[int]:
            found = [server.process.pid] if server.process else []
            if server is pg and cluster is not None and cluster.postmaster:
                found.append(cluster.postmaster)
            return found

        return pids

    try:
        if cluster is not None and pg is not None:
            log(f"{n:,}: PostgreSQL cluster on port {cluster.port}, loading the package")
            started = time.monotonic()
            try:
                cluster.init()
                cluster.start()
                out["postgres_load"] = cluster.load(package)
                out["postgres_load"]["cluster_s"] = round(time.monotonic() - started, 2)
                budget.record("postgres_load", n, out["postgres_load"]["cluster_s"])
            except (OSError, RuntimeError) as exc:
                out["postgraphile_error"] = f"{type(exc).__name__}: {exc}"[:400]
                log(f"PostgreSQL: {exc}")
                servers.remove(pg)
                pg = None
        for server in servers:
            log(f"{n:,}: starting {server.name} on port {server.port}")
            server.start()
            out[f"{server.name}_startup_s"] = round(server.startup_s, 2)
            out[f"{server.name}_memory_idle"] = server.memory()
        inputs = serving.sample_inputs(db, args.seed)
        serving.walk_cursors(inputs, ours.port, peer.port if peer else None, args.pages, seconds=30)
        pg_cursors: list[str | None] = []
        pg_problems: dict[str, str] = {}
        if pg is not None:
            pg_cursors = walk_pg_cursors(pg.port, args.pages)
            pg_problems = check_answers(ours.port, pg.port, inputs, pg_cursors)
            out["postgraphile_answers"] = pg_problems
            for scenario, problem in pg_problems.items():
                if problem:
                    log(f"{n:,} ({scenario}): PostGraphile's answer differs: {problem}")
        total, cap = args.requests, args.time_cap
        share = max(1, total // ROUNDS)
        for scenario in serving.SCENARIOS:
            for concurrency in args.concurrency:
                row: dict[str, Any] = {}
                sides: list[tuple[str, serving.Server, list[loadgen.Request]]] = [
                    ("ours", ours, serving.requests_for("ours", scenario, inputs, "ledger"))
                ]
                if pg is not None and concurrency == postgraphile.CONCURRENCY:
                    if scenario in postgraphile.NOT_COMPARED:
                        row["postgraphile"] = {"not_compared": postgraphile.NOT_COMPARED[scenario]}
                    elif pg_problems.get(scenario):
                        row["postgraphile"] = {"mismatch": pg_problems[scenario]}
                    else:
                        sides.append(
                            (
                                "postgraphile",
                                pg,
                                postgraphile.requests_for(
                                    scenario, pg_cursors, inputs.ids, inputs.speakers
                                ),
                            )
                        )
                if peer is not None:
                    sides.append(
                        ("peer", peer, serving.requests_for("peer", scenario, inputs, "ledger"))
                    )
                parts: dict[str, list[tuple[loadgen.Result, float]]] = {s: [] for s, _, _ in sides}
                # interleaved rounds (ours, PostGraphile, datasette, ours, ...): a neighbour's
                # burst on the shared machine falls on every server alike; each round starts
                # further along the inputs, so no round repeats the one before
                for round_number in range(ROUNDS):
                    for side, server, requests in sides:
                        offset = (round_number * share) % len(requests)
                        rotated = requests[offset:] + requests[:offset]
                        parts[side].append(
                            timed_run(
                                server,
                                roots(server),
                                rotated,
                                share,
                                concurrency,
                                cap / ROUNDS,
                                warmup=round_number == 0,
                            )
                        )
                for side in parts:
                    row[side] = serving.merged(parts[side])
                for side, key in (("peer", ""), ("postgraphile", "_postgraphile")):
                    other = row.get(side, {})
                    if other.get("rps") and row["ours"]["rps"]:
                        row[f"ratio_rps{key}"] = round(row["ours"]["rps"] / other["rps"], 2)
                        row[f"ratio_p99{key}"] = round(other["p99_ms"] / row["ours"]["p99_ms"], 2)
                        if other.get("cpu_ms_per_request") and row["ours"]["cpu_ms_per_request"]:
                            row[f"ratio_cpu{key}"] = round(
                                other["cpu_ms_per_request"] / row["ours"]["cpu_ms_per_request"], 2
                            )
                out["scenarios"][f"{scenario}@{concurrency}"] = row
                log(
                    f"{n:,} {scenario} c={concurrency}: "
                    + ", ".join(
                        f"{side} {row[side].get('rps')} req/s p99 {row[side].get('p99_ms')} ms "
                        f"cpu {row[side].get('cpu_ms_per_request')} ms/req"
                        for side in parts
                    )
                )
        for server in servers:
            out[f"{server.name}_memory"] = server.memory()
        if args.profile and first_size and profiling.py_spy():
            # a separate pass, not counted in the figures above (sampling slows the server)
            for scenario in serving.SCENARIOS:
                log(f"{n:,}: profiling our server under ({scenario})")
                seconds = 8
                spy = profiling.record_pid(
                    ours.process.pid,  # type: ignore[union-attr]
                    workdir / f"profile-serve-{scenario}-{n}.txt",
                    seconds=seconds,
                )
                time.sleep(0.5)
                requests = serving.requests_for("ours", scenario, inputs, "ledger")
                loadgen.run(ours.port, requests, 10**6, 8, seconds - 1)
                spy.wait()
        if first_size and shutil.which("hey"):
            out["client_check"] = client_check(ours.port, inputs, total)
    finally:
        for server in servers:
            server.stop()
        if cluster is not None:
            cluster.stop()
    log(f"{n:,}: floors (the same SQL in-process)")
    out["floors"] = serving.floors(db, inputs)
    return out


def budgeted(
    step: str, n: int, budget: Budget, what: str, run: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    """`run()` as the step `step` at size `n` when the budget projects it fits (else why it was
    skipped), logged as `what`; its error, if it raises, is the step's result; its wall time is
    what the budget projects for the step from then on."""
    ok, projected = budget.fits(step, n)
    if not ok:
        return {"skipped": f"projected {projected:.0f} s, {budget.left:.0f} s left"}
    log(f"{n:,}: {what}" if n else what)
    started = time.monotonic()
    try:
        out = run()
    except Exception as exc:
        out = {"error": f"{type(exc).__name__}: {exc}"}
    budget.fixed[step] = time.monotonic() - started
    return out


def explorer_pages(n: int, db: Path, args: argparse.Namespace, budget: Budget) -> dict[str, Any]:
    """The explorer pages against the API's latency budget on their own server (pages.py)."""
    return budgeted(
        "pages",
        n,
        budget,
        "explorer pages against the API budget",
        lambda: measure_pages(
            db,
            args.page_requests,
            8,
            args.time_cap,
            args.seed,
            args.workdir / f"serve-pages-{n}.log",
            say=lambda message: log(f"{n:,}: {message}"),
        ),
    )


PRESSURE_SECONDS = 12.0  # of pressure at each size (pressure.py), after finding the request


def pressure_run(n: int, db: Path, args: argparse.Namespace, budget: Budget) -> dict[str, Any]:
    """GraphQL (b) while clients send the most expensive request the limits accept
    (pressure.py), on a server of its own."""

    def run() -> dict[str, Any]:
        out = pressure.measure(db, PRESSURE_SECONDS, 6, 2, args.seed)
        log(f"{n:,}: " + pressure.report(out, 6, 2).splitlines()[-1])
        return out

    return budgeted(
        "pressure", n, budget, "GraphQL (b) under the most expensive accepted requests", run
    )


FLATNESS_ROUNDS = 4


def flatness_run(dbs: list[Path], args: argparse.Namespace, budget: Budget) -> dict[str, Any]:
    """GraphQL (a), (b) and REST (c) on every size's server at once, in turns (flatness.py)."""
    return budgeted(
        "flatness",
        0,
        budget,
        f"latency across sizes: {len(dbs)} servers side by side, in turns",
        lambda: flatness.measure(
            dbs,
            FLATNESS_ROUNDS,
            args.requests,
            args.seed,
            args.time_cap,
            args.workdir,
            say=log,
        ),
    )


def client_check(port: int, inputs: serving.Inputs, total: int) -> dict[str, Any]:
    """`hey` and our client on one fixed REST request: is the client the limit?"""
    path = f"/api/v1/statements?speaker={inputs.speakers[0]}&first=50"
    fixed = loadgen.Request("GET", path)
    ours_client = loadgen.run(port, [fixed], total, 8, 30, warmup=16).summary()
    found = subprocess.run(
        ["hey", "-n", str(total), "-c", "8", f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
    )
    hey_rps = None
    for line in found.stdout.splitlines():
        if "Requests/sec" in line:
            hey_rps = float(line.split()[-1])
    return {"path": path, "loadgen_rps": ours_client["rps"], "hey_rps": hey_rps}


def profile_validation(n: int, package: Path, workdir: Path) -> dict[str, Any]:
    raw = workdir / f"profile-validate-{n}.txt"
    profiling.record_command(
        [str(BIN / "statement-ledger"), "validate", "--engine", "fast", str(package)], raw
    )
    return {
        "breakdown": profiling.breakdown(raw, profiling.VALIDATION_CATEGORIES),
        "self": profiling.self_time(raw),
    }


# --- report ---------------------------------------------------------------------------------


def fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        if math.isnan(value):
            return "–"
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def cell(figures: dict[str, Any], key: str, digits: int = 1) -> str:
    if "skipped" in figures:
        return "skipped"
    if "error" in figures:
        return "error"
    return fmt(figures.get(key), digits)


def targets(results: dict[str, Any]) -> list[tuple[str, str, str]]:
    sizes = sorted(int(n) for n in results["sizes"])
    rows: list[tuple[str, str, str]] = []
    if not sizes:
        return rows
    largest = str(sizes[-1])

    def at(n: str, *path: str) -> Any:
        node: Any = results["sizes"].get(n, {})
        for key in path:
            if not isinstance(node, dict):
                return None
            node = node.get(key)
        return node

    million = "1000000" in results["sizes"]

    def largest_with(*path: str) -> tuple[str, Any]:
        for n in reversed(sizes):
            value = at(str(n), *path)
            if value is not None:
                return f"{n:,}" + ("" if n >= 1_000_000 else " (1M not measured)"), value
        return "no size", None

    where, ratio = largest_with("validation", "ratio_stock_over_ours")
    rows.append(
        (
            "validation ≥ 4× faster than stock frictionless at 1M",
            f"{fmt(ratio, 2)}× at {where}",
            "met" if ratio and ratio >= 4 and where.startswith("1,000,000") else "not met",
        )
    )
    where, peak = largest_with("validation", "ours", "peak_mb")
    rows.append(
        (
            "validation peak memory < 2 GB at 1M",
            f"{fmt(peak, 0)} MB at {where}",
            "met" if peak and peak < 2048 and where.startswith("1,000,000") else "not met",
        )
    )
    per_row = [
        (n, at(str(n), "validation", "ours", "wall_s"))
        for n in sizes
        if at(str(n), "validation", "ours", "wall_s")
    ]
    if len(per_row) >= 2:
        (n0, t0), (n1, t1) = per_row[0], per_row[-1]
        growth = (t1 / n1) / (t0 / n0)
        rows.append(
            (
                "validation time grows no faster than linearly",
                f"time per row ×{growth:.2f} from {n0:,} to {n1:,}",
                "met" if growth <= 1.1 else "not met",
            )
        )
    for scenario, factor, label in (("a", 8, "GraphQL (a)"), ("b", 4, "GraphQL (b)")):
        row = at(largest, "serving", "scenarios", f"{scenario}@8") or {}
        ratio = row.get("ratio_rps")
        rows.append(
            (
                f"{label} ≥ {factor}× datasette-graphql throughput (c=8)",
                f"{fmt(ratio, 2)}× at {int(largest):,}",
                "met" if ratio and ratio >= factor else "not met",
            )
        )
        if scenario == "a":
            p99 = row.get("ratio_p99")
            rows.append(
                (
                    "GraphQL (a) p99 ≤ 1/6 of datasette-graphql's (c=8)",
                    f"peer p99 / ours = {fmt(p99, 2)} at {int(largest):,}",
                    "met" if p99 and p99 >= 6 else "not met",
                )
            )
    for scenario, label in (("a", "GraphQL (a)"), ("b", "GraphQL (b)")):
        measured = []
        for n in sizes:
            row = at(str(n), "serving", "scenarios", f"{scenario}@8") or {}
            if row.get("ratio_rps_postgraphile"):
                measured.append((n, row["ratio_rps_postgraphile"], row["ratio_p99_postgraphile"]))
        p99_rule = scenario == "a"
        rows.append(
            (
                f"{label} ≥ 1.5× PostGraphile's throughput"
                + (", p99 no higher than its" if p99_rule else "")
                + " (c=8)",
                "; ".join(
                    f"{r}×" + (f", its p99 ÷ ours {q}" if p99_rule else "") + f" at {n:,}"
                    for n, r, q in measured
                )
                or "not measured",
                "met"
                if measured and all(r >= 1.5 and (q >= 1 or not p99_rule) for _, r, q in measured)
                else "not met",
            )
        )
    where, pressed = largest_with("pressure")
    if isinstance(pressed, dict) and "under_pressure" in pressed:
        under = pressed["under_pressure"]
        failed = under["errors"] + pressed["heavy_load"]["errors"]
        rows.append(
            (
                "GraphQL (b) p99 < 250 ms while clients send the most expensive request the "
                "limits accept, no request failing",
                f"p99 {under['p99_ms']} ms ({pressed['alone']['p99_ms']} ms alone), "
                f"{failed} failed, at {where}",
                "met" if under["p99_ms"] < 250 and not failed else "not met",
            )
        )
    row = at(largest, "serving", "scenarios", "c@8") or {}
    ratio = row.get("ratio_rps")
    rows.append(
        (
            "REST (c) ≥ 2× datasette JSON API, _nofacet=1 (c=8)",
            f"{fmt(ratio, 2)}× at {int(largest):,}",
            "met" if ratio and ratio >= 2 else "not met",
        )
    )
    flat = results.get("flatness") or {}
    measured_sizes = sorted(flat.get("sizes", {}), key=int)
    if len(measured_sizes) >= 2:
        worst, scenario = flatness.worst(flat, 8)
        alone, alone_scenario = flatness.worst(flat, 1)
        biggest = int(measured_sizes[-1])
        rows.append(
            (
                "latency flat from 10k to 1M (p50 of a, b, c at c=8, the sizes in turns)",
                f"worst p50 ×{worst:.2f} ({scenario}) from {int(measured_sizes[0]):,} to "
                f"{biggest:,}; at c=1 ×{alone:.2f} ({alone_scenario})",
                "met" if worst <= 1.25 and biggest >= 1_000_000 else "not met",
            )
        )
    else:
        rows.append(
            (
                "latency flat from 10k to 1M (p50 of a, b, c at c=8, the sizes in turns)",
                "fewer than two sizes served",
                "not met",
            )
        )
    where, memory = largest_with("serving", "ours_memory", "peak_rss_mb")
    rows.append(
        (
            "server memory < 300 MB at 1M",
            f"{fmt(memory, 0)} MB peak RSS at {where}",
            "met" if memory and memory < 300 and million else "not met",
        )
    )
    page_runs = at("100000", "pages") or {}
    measured_pages = [r for r in page_runs.get("pages", {}).values() if r.get("within") is not None]
    rows.append(
        (
            "explorer pages within the API latency budget at 100k",
            f"{page_runs.get('within', 0)} of {len(measured_pages)} page kinds"
            if measured_pages
            else "100k not measured",
            "met" if measured_pages and page_runs["within"] == len(measured_pages) else "not met",
        )
    )
    return rows


def report(results: dict[str, Any]) -> str:
    lines: list[str] = []
    add = lines.append
    m, v = results["machine"], results["versions"]
    add(f"Run of {results['started']} (`{results['command']}`), {results['elapsed_s']:.0f} s.")
    add("")
    add(f"**Machine:** {m['cpu']}, {m['cores']} cores, {m['memory_mb']:,} MB memory, {m['os']}.")
    add("")
    add("**Versions:** " + ", ".join(f"{k} {val}" for k, val in v.items()) + ".")
    add("")
    sizes = sorted(results["sizes"], key=int)
    add("### Generated packages")
    add("")
    add("| statements | rows (all tables) | archived texts | size MB | generation s | peak MB |")
    add("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in sizes:
        g = results["sizes"][n]["generate"]
        rows = results["sizes"][n].get("validation", {}).get("rows")
        cached = " (cached)" if g.get("cached") else ""
        add(
            f"| {int(n):,} | {fmt(rows)} | {fmt(g.get('seed_files'))} | {fmt(g.get('package_mb'))}"
            f" | {fmt(g.get('wall_s'))}{cached} | {fmt(g.get('peak_mb'), 0)} |"
        )
    add("")
    add("### 1. Validation (same package, same run)")
    add("")
    add(
        "| statements | tool | wall s | rows/s | peak MB | stock ÷ ours |\n"
        "| ---: | --- | ---: | ---: | ---: | ---: |"
    )
    for n in sizes:
        val = results["sizes"][n].get("validation", {})
        ratio = fmt(val.get("ratio_stock_over_ours"), 3)
        for side, label in (
            ("ours", "`statement-ledger validate --engine fast` (all layers)"),
            ("stock", "`frictionless validate datapackage.json`"),
            ("floor", "floor: pyarrow.csv.read_csv of the 8 CSVs"),
        ):
            figures = val.get(side, {})
            wall = cell(figures, "wall_s", 2)
            if side == "floor" and "read_s" in figures:
                wall += f" (read {figures['read_s']:.2f})"
            if figures.get("exit") not in (None, 0):
                wall += f" (exit {figures['exit']})"
            add(
                f"| {int(n):,} | {label} | {wall} | {cell(figures, 'rows_per_s')} "
                f"| {cell(figures, 'peak_mb', 0)} | {ratio if side == 'ours' else ''} |"
            )
    add("")
    add("### 2. Build")
    add("")
    add(
        "| statements | `statement-ledger build` s (validates first) | peak MB | load only s "
        "| database MB | of which archived texts MB |"
    )
    add("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in sizes:
        b = results["sizes"][n].get("build", {})
        cli = b.get("cli", {})
        load = b.get("load_only", {})
        add(
            f"| {int(n):,} | {cell(cli, 'wall_s', 1)} | {cell(cli, 'peak_mb', 0)} "
            f"| {cell(load, 'wall_s', 1) if load else '–'} | {fmt(b.get('db_mb'))} "
            f"| {fmt(b.get('seed_blobs_mb'))} |"
        )
    add("")
    add("### 3. Serving (loopback, fixed request counts, every request different)")
    add("")
    for code, text in serving.SCENARIOS.items():
        add(f"- ({code}) {text}")
    add("")
    for n in sizes:
        s = results["sizes"][n].get("serving")
        if not s:
            continue
        if "error" in s:
            add(f"**{int(n):,} statements:** serving not measured: {s['error']}")
            add("")
            continue
        add(f"**{int(n):,} statements**")
        add("")
        load = s.get("postgres_load")
        if load:
            add(
                f"PostgreSQL for PostGraphile: cluster created, started and loaded in "
                f"{fmt(load.get('cluster_s'), 1)} s (COPY {fmt(load.get('copy_s'), 1)} s, keys "
                f"and indexes {fmt(load.get('keys_s'), 1)} s), {fmt(load.get('database_mb'))} MB."
            )
            add("")
        if s.get("postgraphile_error"):
            add(f"PostGraphile not measured: {s['postgraphile_error']}")
            add("")
        answers = s.get("postgraphile_answers")
        if answers:
            checked = ", ".join(
                f"({k}) {'equal' if not v else 'DIFFERENT'}" for k, v in answers.items()
            )
            add(f"Answers checked before timing, ours against PostGraphile's: {checked}.")
            add("")
        add(
            f"Each server in {ROUNDS} interleaved rounds of half the requests (ours, PostGraphile,"
            " datasette, ours, …). CPU: user + system time of the server's processes (for "
            "PostGraphile, node and every process of its PostgreSQL cluster) ÷ requests."
        )
        add("")
        add(
            "| scenario | c | server | req/s | p50 ms | p99 ms | err | CPU ms/req | requests "
            "| ours ÷ server req/s | server ÷ ours p99 | server ÷ ours CPU |"
        )
        add("| --- | ---: | --- " + "| ---: " * 9 + "|")
        for key, row in s["scenarios"].items():
            scenario, concurrency = key.split("@")
            for side, label, suffix in (
                ("ours", "ours", None),
                ("postgraphile", "PostGraphile", "_postgraphile"),
                ("peer", "datasette", ""),
            ):
                figures = row.get(side)
                if figures is None:
                    continue
                if "rps" not in figures:
                    reason = figures.get("mismatch") or figures.get("not_compared")
                    prefix = "answers differ: " if "mismatch" in figures else "not compared: "
                    add(
                        f"| {scenario} | {concurrency} | {label} | {prefix}{reason} "
                        "| | | | | | | | |"
                    )
                    continue
                ratios = (
                    "| | |"
                    if suffix is None
                    else f"{fmt(row.get('ratio_rps' + suffix), 2)} "
                    f"| {fmt(row.get('ratio_p99' + suffix), 2)} "
                    f"| {fmt(row.get('ratio_cpu' + suffix), 2)} |"
                )
                add(
                    f"| {scenario} | {concurrency} | {label} | {fmt(figures.get('rps'))} "
                    f"| {fmt(figures.get('p50_ms'))} | {fmt(figures.get('p99_ms'))} "
                    f"| {fmt(figures.get('errors'))} | {fmt(figures.get('cpu_ms_per_request'), 2)} "
                    f"| {fmt(figures.get('requests'))} | {ratios}"
                )
        add("")
        add(
            "Floors (in-process, one connection, best of 3 per request; req/s = one core "
            "doing nothing but this SQL):"
        )
        add("")
        add(
            "| scenario | our server's SQL: ms/request | queries/request | → req/s "
            "| minimal SQL: ms | → req/s |"
        )
        add("| --- | ---: | ---: | ---: | ---: | ---: |")
        for scenario, floor in s.get("floors", {}).items():
            same, minimal = floor.get("same_sql", {}), floor.get("min_sql", {})
            if "same_sql_error" in floor:
                same = {"mean_ms": floor["same_sql_error"]}
            add(
                f"| {scenario} | {fmt(same.get('mean_ms'), 3)} "
                f"| {fmt(same.get('queries_per_request'))} | {fmt(same.get('rps_one_core'), 0)} "
                f"| {fmt(minimal.get('mean_ms'), 3)} | {fmt(minimal.get('rps_one_core'), 0)} |"
            )
        add("")
        om, pm = s.get("ours_memory", {}), s.get("datasette_memory", {})
        gm = s.get("postgraphile_memory", {})
        add(
            f"Server memory after the runs: ours {fmt(om.get('rss_mb'), 0)} MB RSS "
            f"(peak {fmt(om.get('peak_rss_mb'), 0)} MB); datasette {fmt(pm.get('rss_mb'), 0)} "
            f"MB (peak {fmt(pm.get('peak_rss_mb'), 0)} MB); PostGraphile's node process "
            f"{fmt(gm.get('rss_mb'), 0)} MB (peak {fmt(gm.get('peak_rss_mb'), 0)} MB, PostgreSQL "
            f"not counted). Start-up: ours {fmt(s.get('ours_startup_s'), 2)} s, datasette "
            f"{fmt(s.get('datasette_startup_s'), 2)} s, PostGraphile "
            f"{fmt(s.get('postgraphile_startup_s'), 2)} s."
        )
        check = s.get("client_check")
        if check:
            add(
                f"Load generator check on one fixed request (`{check['path']}`, c=8): our "
                f"client {fmt(check['loadgen_rps'])} req/s, `hey` {fmt(check['hey_rps'])} req/s."
            )
        add("")
    add("### 4. Scaling (c=8; validation and build wall time)")
    add("")
    header = "| figure | " + " | ".join(f"{int(n):,}" for n in sizes) + " |"
    add(header)
    add("| --- |" + " ---: |" * len(sizes))

    def series(label: str, getter: Callable[[dict[str, Any]], Any], digits: int = 1) -> None:
        values = []
        for n in sizes:
            try:
                values.append(fmt(getter(results["sizes"][n]), digits))
            except (KeyError, TypeError):
                values.append("–")
        add(f"| {label} | " + " | ".join(values) + " |")

    series("validate (ours) s", lambda r: r["validation"]["ours"]["wall_s"])
    series("frictionless s", lambda r: r["validation"]["stock"]["wall_s"])
    series("pyarrow floor s", lambda r: r["validation"]["floor"]["wall_s"], 2)
    series("validate peak MB", lambda r: r["validation"]["ours"]["peak_mb"], 0)
    series("build s", lambda r: r["build"]["cli"]["wall_s"])
    series("database MB", lambda r: r["build"]["db_mb"])

    def at_c8(scenario: str, server: str, figure: str) -> Callable[[dict[str, Any]], Any]:
        """A getter of one serving figure at c=8 (bound now, not when the loop has moved on)."""
        return lambda r: r["serving"]["scenarios"][f"{scenario}@8"][server][figure]

    for scenario in serving.SCENARIOS:
        series(f"({scenario}) ours req/s", at_c8(scenario, "ours", "rps"))
        series(f"({scenario}) ours p50 ms", at_c8(scenario, "ours", "p50_ms"))
        series(f"({scenario}) datasette req/s", at_c8(scenario, "peer", "rps"))
        series(f"({scenario}) PostGraphile req/s", at_c8(scenario, "postgraphile", "rps"))
        series(f"({scenario}) ours CPU ms/req", at_c8(scenario, "ours", "cpu_ms_per_request"), 2)
    series("server peak RSS MB", lambda r: r["serving"]["ours_memory"]["peak_rss_mb"], 0)
    add("")
    add("### 5. Explorer pages (c=8; each page kind in turns with a run of the API budget)")
    add("")
    add(f"Rule ({len(PAGES)} page kinds): {RULE}.")
    add("")
    for n in sizes:
        p = results["sizes"][n].get("pages")
        if not p or "skipped" in p or "error" in p:
            reason = (p or {}).get("skipped") or (p or {}).get("error") or "not run at this size"
            add(f"**{int(n):,} statements:** pages not measured: {reason}.")
            add("")
            continue
        b = p.get("budget", {})
        add(
            f"**{int(n):,} statements** ({p['within']} of {len(p['pages'])} within; budget "
            f"({b.get('scenario')}) over {b.get('runs')} runs: p50 {fmt(b.get('p50_ms'))} ms, "
            f"p99 {fmt(b.get('p99_ms'))} ms)"
        )
        add("")
        lines.extend(pages_table(p))
        add("")
    add("### 6. Under pressure (pressure.py: 6 connections send the most expensive accepted ")
    add("request, 2 send GraphQL (b))")
    add("")
    for n in sizes:
        q = results["sizes"][n].get("pressure")
        if not q or "skipped" in q or "error" in q:
            reason = (q or {}).get("skipped") or (q or {}).get("error") or "not run at this size"
            add(f"**{int(n):,} statements:** not measured: {reason}.")
        else:
            add(f"**{int(n):,} statements.** " + pressure.report(q, 6, 2))
        add("")
    add("### 7. Latency across sizes (flatness.py: the sizes' servers side by side, in turns)")
    add("")
    flat = results.get("flatness")
    if not flat or "skipped" in flat or "error" in flat:
        reason = (flat or {}).get("skipped") or (flat or {}).get("error") or "not run"
        add(f"Not measured: {reason}.")
    else:
        lines.extend(flatness.report(flat).splitlines()[1:])
    add("")
    add("### Targets")
    add("")
    add("| target | measured | |")
    add("| --- | --- | --- |")
    for target, measured, verdict in targets(results):
        add(f"| {target} | {measured} | **{verdict}** |")
    add("")
    skipped = results.get("notes", [])
    if skipped:
        add("Notes from this run:")
        add("")
        for note in skipped:
            add(f"- {note}")
        add("")
    profiles = results.get("profiles", {})
    if profiles:
        add("### Profiles (py-spy, 100 samples/s; each sample counted once, in its first category)")
        add("")
    for name, profile in profiles.items():
        add(f"**{name}**")
        add("")
        add("| share | where |")
        add("| ---: | --- |")
        for share, label in profile.get("breakdown", []):
            add(f"| {share * 100:.1f}% | {label} |")
        add("")
        add("<details><summary>innermost frames</summary>")
        add("")
        add("```")
        for share, frame in profile.get("self", []):
            add(f"{share * 100:5.1f}%  {frame}")
        add("```")
        add("")
        add("</details>")
        add("")
    return "\n".join(lines)


def write_results(path: Path, body: str) -> None:
    block = f"{START}\n{body}\n{END}"
    if path.exists():
        text = path.read_text(encoding="utf-8")
        if START in text and END in text:
            before, rest = text.split(START, 1)
            after = rest.split(END, 1)[1]
            path.write_text(before + block + after, encoding="utf-8")
            return
    path.write_text(f"# Benchmark results\n\n{block}\n", encoding="utf-8")


def print_table(results: dict[str, Any]) -> None:
    print()
    print(f"{'size':>9} {'step':<34} {'ours':>12} {'peer/stock':>12} {'ratio':>7}")
    for n in sorted(results["sizes"], key=int):
        r = results["sizes"][n]
        val = r.get("validation", {})
        print(
            f"{int(n):>9,} {'validate s (ours vs frictionless)':<34} "
            f"{cell(val.get('ours', {}), 'wall_s', 2):>12} "
            f"{cell(val.get('stock', {}), 'wall_s', 2):>12} "
            f"{fmt(val.get('ratio_stock_over_ours'), 2):>7}"
        )
        b = r.get("build", {})
        print(
            f"{'':>9} {'build s / database MB':<34} {cell(b.get('cli', {}), 'wall_s'):>12} "
            f"{fmt(b.get('db_mb')):>12}"
        )
        for key, row in r.get("serving", {}).get("scenarios", {}).items():
            o, p = row.get("ours", {}), row.get("peer", {})
            print(
                f"{'':>9} {'req/s ' + key:<34} {fmt(o.get('rps')):>12} {fmt(p.get('rps')):>12} "
                f"{fmt(row.get('ratio_rps'), 2):>7}"
            )
            g = row.get("postgraphile", {})
            if "rps" in g:
                print(
                    f"{'':>9} {'req/s ' + key + ' (PostGraphile)':<34} {fmt(o.get('rps')):>12} "
                    f"{fmt(g.get('rps')):>12} {fmt(row.get('ratio_rps_postgraphile'), 2):>7}"
                )
    print()
    for target, measured, verdict in targets(results):
        print(f"  [{verdict:>7}] {target}: {measured}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--quick", action="store_true", help="10k only, fewer requests (<3 min)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, default=REPO / "build" / "bench")
    parser.add_argument("--requests", type=int, default=None, help="requests per run")
    parser.add_argument("--time-cap", type=float, default=None, help="seconds per run at most")
    parser.add_argument(
        "--page-requests", type=int, default=None, help="requests per explorer page kind"
    )
    parser.add_argument("--concurrency", default="8,32")
    parser.add_argument("--pages", type=int, default=100, help="cursor pages walked for (a)")
    parser.add_argument("--budget", type=float, default=None, help="seconds for the whole run")
    parser.add_argument("--profile", action="store_true", help="py-spy profiles (smallest size)")
    parser.add_argument("--no-serving", action="store_true")
    parser.add_argument(
        "--no-postgraphile", action="store_true", help="leave PostGraphile out of serving"
    )
    parser.add_argument(
        "--pages-at",
        default=None,
        help="sizes at which the explorer pages are measured (default: 100000, the size their "
        "target is set at; with --quick, 10000)",
    )
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes = "10000"
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.pages_at is None:
        args.pages_at = "10000" if args.quick else "100000"
    pages_at = {int(s) for s in args.pages_at.split(",") if s}
    args.concurrency = [int(c) for c in args.concurrency.split(",")]
    args.requests = args.requests or (200 if args.quick else 600)
    args.page_requests = args.page_requests or (300 if args.quick else 2000)
    # 10 s: the peer's slow runs end at the cap (85-181 requests at 1M), the rest at the
    # request count; with 15 s the full run did not leave time for frictionless at 1M
    args.time_cap = args.time_cap or (6.0 if args.quick else 10.0)
    args.budget = args.budget or (170.0 if args.quick else 1740.0)
    if args.quick:
        args.pages = min(args.pages, 40)
    args.workdir.mkdir(parents=True, exist_ok=True)
    budget = Budget(args.budget)
    # serving costs about the same at every size: reserve it when deciding the rest, once
    # measured what the last size took (+30%), before that half the runs at their time cap
    # (the peer's slow ones end there, the rest sooner; every run at its cap, 270 s, was more
    # than --quick's whole budget, so --quick skipped both validations and the build)
    # three servers (PostGraphile at c=8 only, for the scenarios it can express), plus its
    # cluster's start and load; a third of each run's cap: most runs end at their request
    # count, the peers' slow ones at the cap (measured in --quick: 80 s of serving, 26 runs)
    pg_scenarios = len(set(serving.SCENARIOS) - set(postgraphile.NOT_COMPARED))
    serving_runs = 2 * len(serving.SCENARIOS) * len(args.concurrency) + pg_scenarios
    serving_bound = 0.0 if args.no_serving else serving_runs * args.time_cap / 3 + 75
    results: dict[str, Any] = {
        "started": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "command": "python benchmarks/run.py " + " ".join(sys.argv[1:] if argv is None else argv),
        "machine": machine(),
        "sizes": {},
        "notes": [],
        "profiles": {},
    }
    datasette = None if args.no_serving else ensure_peer()
    if datasette is None and not args.no_serving:
        results["notes"].append("datasette could not be installed: no peer figures.")
    pg_cli = None
    if not args.no_serving and not args.no_postgraphile:
        pg_cli, why = postgraphile.install(args.workdir, log)
        if pg_cli is None:
            results["notes"].append(f"PostGraphile not measured: {why}.")
    results["versions"] = versions()
    if pg_cli is not None:
        results["versions"]["peer postgraphile"] = postgraphile.VERSION
        results["versions"]["peer postgresql"] = postgraphile.server_version()
    for index, n in enumerate(sizes):
        entry: dict[str, Any] = {}
        results["sizes"][str(n)] = entry
        served = budget.fixed.get("serving")
        serving_reserve = serving_bound if served is None else min(serving_bound, 1.3 * served)
        if pg_cli is not None:
            serving_reserve += budget.project("postgres_load", n)
        ok, projected = budget.fits("generate", n, serving_reserve)
        if not ok and index > 0:
            results["notes"].append(
                f"{n:,}: not run: generating alone was projected at {projected:.0f} s with "
                f"{budget.left:.0f} s left."
            )
            del results["sizes"][str(n)]
            break
        package, entry["generate"] = generate(n, args.seed, args.workdir)
        if not entry["generate"].get("cached"):
            budget.record("generate", n, entry["generate"]["wall_s"])
        reserve = serving_reserve + budget.project("load_only", n)
        entry["validation"] = validation(n, package, args.workdir, budget, reserve)
        entry["build"] = build(n, package, args.workdir, budget, serving_reserve)
        if "load_only" in entry["build"] and "wall_s" in entry["build"]["load_only"]:
            budget.record("load_only", n, entry["build"]["load_only"]["wall_s"])
        elif entry["build"]["cli"].get("exit") == 0 and "wall_s" in entry["validation"]["ours"]:
            budget.record(
                "load_only",
                n,
                entry["build"]["cli"]["wall_s"] - entry["validation"]["ours"]["wall_s"],
            )
        for step in ("ours", "stock"):
            if "skipped" in entry["validation"][step]:
                results["notes"].append(
                    f"{n:,}: validation ({step}) skipped: {entry['validation'][step]['skipped']}."
                )
        if "skipped" in entry["build"]["cli"]:
            results["notes"].append(
                f"{n:,}: `statement-ledger build` skipped ({entry['build']['cli']['skipped']}); "
                "the database for serving was built by benchmarks/fastbuild.py (the same "
                "builder without its validation step)."
            )
        if index == 0 and args.profile and profiling.py_spy():
            log(f"{n:,}: profiling validation with py-spy")
            results["profiles"][f"statement-ledger validate, {n:,} statements"] = (
                profile_validation(n, package, args.workdir)
            )
        if not args.no_serving and "db" in entry["build"]:
            started = time.monotonic()
            try:
                entry["serving"] = serve(
                    n,
                    Path(entry["build"]["db"]),
                    package,
                    args.workdir,
                    datasette,
                    pg_cli,
                    args,
                    index == 0,
                    budget,
                    serving_runs * args.time_cap / 3,
                )
            except Exception as exc:
                entry["serving"] = {"error": f"{type(exc).__name__}: {exc}"}
                log(f"serving failed: {exc}")
            else:
                budget.fixed["serving"] = time.monotonic() - started
            if index == 0 and args.profile:
                for scenario in serving.SCENARIOS:
                    raw = args.workdir / f"profile-serve-{scenario}-{n}.txt"
                    if raw.exists():
                        results["profiles"][f"server under ({scenario}), {n:,} statements"] = {
                            "breakdown": profiling.breakdown(raw, profiling.SERVER_CATEGORIES),
                            "self": profiling.self_time(raw),
                        }
        if not args.no_serving and "db" in entry["build"]:
            budget.fixed.setdefault("pressure", 2 * PRESSURE_SECONDS)
            entry["pressure"] = pressure_run(n, Path(entry["build"]["db"]), args, budget)
            if "skipped" in entry["pressure"]:
                results["notes"].append(f"{n:,}: pressure {entry['pressure']['skipped']}.")
        if not args.no_serving and "db" in entry["build"] and n in pages_at:
            budget.fixed.setdefault("pages", 12 * args.time_cap)
            entry["pages"] = explorer_pages(n, Path(entry["build"]["db"]), args, budget)
            if "skipped" in entry["pages"]:
                results["notes"].append(f"{n:,}: explorer pages {entry['pages']['skipped']}.")
        results["elapsed_s"] = time.monotonic() - budget.started
        (args.workdir / "results.json").write_text(json.dumps(results, indent=1))
    flat_dbs = [
        Path(entry["build"]["db"])
        for entry in results["sizes"].values()
        if "db" in entry.get("build", {}) and "error" not in entry.get("serving", {"error": 1})
    ]
    if not args.no_serving and len(flat_dbs) >= 2:
        budget.fixed.setdefault("flatness", 60.0 * len(flat_dbs))
        results["flatness"] = flatness_run(flat_dbs, args, budget)
    results["elapsed_s"] = time.monotonic() - budget.started
    (args.workdir / "results.json").write_text(json.dumps(results, indent=1))
    write_results(args.out, report(results))
    print_table(results)
    log(f"wrote {args.out} ({results['elapsed_s']:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
