"""PostGraphile 4.14.1 on PostgreSQL 15 as a serving peer, fed the same generated package.

The suite installs what it needs itself: Debian's `postgresql` (apt-get, as root) and npm's
`postgraphile@4.14.1` under the work dir. It runs its own cluster there (initdb as the
`postgres` user, since PostgreSQL refuses root), listening on 127.0.0.1 only, on a free port,
with its unix socket in the work dir, and stops it at the end. The tables are created from the
package's Table Schemas (every column text, as in our SQLite build; primary keys, foreign keys
and an index on every foreign-key column), loaded with COPY, then VACUUM ANALYZE.

PostGraphile runs as its docs recommend for production: NODE_ENV=production,
--disable-query-log, no watch, no GraphiQL (and no mutations: both servers are read-only).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loadgen import Request, graphql

VERSION = "4.14.1"
CONCURRENCY = 8  # PostGraphile runs at this concurrency only (the others: ours and datasette)
PG_BIN = Path("/usr/lib/postgresql/15/bin")
DATABASE = "ledger"

# PostgreSQL 15 for a 2-core, 24 GB machine serving a read-mostly database: a quarter of the
# memory as shared buffers, the planner told the rest is page cache, SSD-like random reads,
# parallel query within the two cores, and no WAL kept beyond what the load needs.
SETTINGS: dict[str, str] = {
    "shared_buffers": "6GB",
    "effective_cache_size": "18GB",
    "work_mem": "32MB",
    "maintenance_work_mem": "1GB",
    "max_connections": "50",
    "random_page_cost": "1.1",
    "effective_io_concurrency": "200",
    "max_worker_processes": "2",
    "max_parallel_workers": "2",
    "max_parallel_workers_per_gather": "1",
    "max_parallel_maintenance_workers": "1",
    "wal_level": "minimal",
    "max_wal_senders": "0",
    "max_wal_size": "4GB",
    "synchronous_commit": "off",
    "jit": "off",
    "listen_addresses": "'127.0.0.1'",
}

# Statement fields our REST page (c) returns, compared on both sides.
C_FIELDS = ("statement_id", "speaker_id", "article_id", "said_on", "quote", "claim", "act")

PG_A = (
    "query($after: Cursor) { allStatements(first: 50, after: $after, orderBy: PRIMARY_KEY_ASC, "
    'condition: {recordStatus: "active"}) { pageInfo { endCursor hasNextPage } nodes { '
    "statementId quote actorBySpeakerId { name } articleByArticleId { outletByOutletId { name } "
    "} } } }"
)
PG_B = (
    "query($id: String!) { statementByStatementId(statementId: $id) { statementId quote claim "
    "act channel actorBySpeakerId { name } articleByArticleId { title outletByOutletId { name } "
    "} } }"
)
PG_C = (
    "query($speaker: String!) { allStatements(first: 50, orderBy: PRIMARY_KEY_ASC, condition: "
    '{speakerId: $speaker, recordStatus: "active"}) { totalCount pageInfo { endCursor '
    "hasNextPage } nodes { "
    + " ".join(
        "".join(w.capitalize() if i else w for i, w in enumerate(f.split("_"))) for f in C_FIELDS
    )
    + " } } }"
)
NOT_COMPARED = {
    "d": "PostGraphile 4 has no full-text search without a plugin or a hand-written SQL function",
    "d_rest": "PostGraphile serves GraphQL only",
}


def camel(name: str) -> str:
    """PostGraphile's field name for a column (its inflector: snake_case → camelCase)."""
    head, *rest = name.split("_")
    return head + "".join(w.capitalize() for w in rest)


# --- the tables ---------------------------------------------------------------------------------


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _names(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def ddl(schemas: Mapping[str, Mapping[str, Any]]) -> tuple[list[str], list[str]]:
    """SQL from Table Schemas: CREATE TABLEs (text columns, primary key) to run before loading,
    and the foreign keys with an index on each foreign-key column to run after (faster than
    checking each row as it is copied)."""
    create: list[str] = []
    after: list[str] = []
    for table, schema in schemas.items():
        columns = [f"{quote_ident(f['name'])} text" for f in schema["fields"]]
        key = schema.get("primaryKey")
        if key:
            columns.append(f"PRIMARY KEY ({', '.join(quote_ident(k) for k in _names(key))})")
        create.append(f"CREATE TABLE {quote_ident(table)} (\n  " + ",\n  ".join(columns) + "\n)")
        for number, fk in enumerate(schema.get("foreignKeys") or []):
            fields = _names(fk["fields"])
            target = fk["reference"]["resource"] or table
            target_fields = _names(fk["reference"]["fields"])
            name = f"{table}_{'_'.join(fields)}_fkey"
            after.append(
                f"ALTER TABLE {quote_ident(table)} ADD CONSTRAINT {quote_ident(name)} "
                f"FOREIGN KEY ({', '.join(quote_ident(f) for f in fields)}) REFERENCES "
                f"{quote_ident(target)} ({', '.join(quote_ident(f) for f in target_fields)})"
            )
            after.append(
                f"CREATE INDEX {quote_ident(f'{table}_{number}_{fields[0]}_idx')} ON "
                f"{quote_ident(table)} ({', '.join(quote_ident(f) for f in fields)})"
            )
    return create, after


def package_schemas(package: Path) -> dict[str, dict[str, Any]]:
    """The Table Schemas of a package's resources, in load order (referenced tables first)."""
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    out: dict[str, dict[str, Any]] = {}
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        if isinstance(schema, str):
            schema = json.loads((package / schema).read_text(encoding="utf-8"))
        out[resource["name"]] = schema
    return out


# --- comparing answers --------------------------------------------------------------------------


def _get(node: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def ours_rows(scenario: str, answer: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """Our answer to a scenario as comparable tuples (GraphQL for a and b, REST for c)."""
    if scenario == "a":
        return [
            (n["id"], n["quote"], _get(n, "speaker", "name"), _get(n, "outlet", "name"))
            for n in answer["data"]["statements"]["nodes"]
        ]
    if scenario == "b":
        n = answer["data"]["statement"]
        if n is None:
            return []
        return [
            (
                n["id"],
                n["quote"],
                n["claim"],
                n["act"],
                n["channel"],
                _get(n, "speaker", "name"),
                _get(n, "article", "title"),
                _get(n, "outlet", "name"),
            )
        ]
    if scenario == "c":
        rows: list[tuple[Any, ...]] = [("total", answer["total"])]
        for record in answer["data"]:
            rows.append(tuple(_text(record.get(f)) for f in C_FIELDS))
        return rows
    raise ValueError(scenario)


def peer_rows(scenario: str, answer: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """PostGraphile's answer to a scenario, mapped to the same tuples as `ours_rows`:
    statementId → id, actorBySpeakerId.name → speaker name, articleByArticleId.title → article
    title, articleByArticleId.outletByOutletId.name → outlet name, totalCount → total."""
    if scenario == "a":
        return [
            (
                n["statementId"],
                n["quote"],
                _get(n, "actorBySpeakerId", "name"),
                _get(n, "articleByArticleId", "outletByOutletId", "name"),
            )
            for n in answer["data"]["allStatements"]["nodes"]
        ]
    if scenario == "b":
        n = answer["data"]["statementByStatementId"]
        if n is None:
            return []
        return [
            (
                n["statementId"],
                n["quote"],
                n["claim"],
                n["act"],
                n["channel"],
                _get(n, "actorBySpeakerId", "name"),
                _get(n, "articleByArticleId", "title"),
                _get(n, "articleByArticleId", "outletByOutletId", "name"),
            )
        ]
    if scenario == "c":
        page = answer["data"]["allStatements"]
        rows: list[tuple[Any, ...]] = [("total", page["totalCount"])]
        for node in page["nodes"]:
            rows.append(tuple(_text(node.get(camel(f))) for f in C_FIELDS))
        return rows
    raise ValueError(scenario)


def _text(value: Any) -> str | None:
    """Our REST types some columns (dates, lists); PostgreSQL holds them as text."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value)


def mismatch(ours: Sequence[tuple[Any, ...]], peer: Sequence[tuple[Any, ...]]) -> str:
    """'' when both answers hold the same rows in the same order, else the first difference."""
    if not ours:
        return "our answer is empty"
    for index, (mine, theirs) in enumerate(zip(ours, peer, strict=False)):
        if mine != theirs:
            return f"row {index}: ours {mine!r:.200} ≠ PostGraphile {theirs!r:.200}"
    if len(ours) != len(peer):
        return f"ours has {len(ours)} rows, PostGraphile {len(peer)}"
    return ""


# --- installing and running ------------------------------------------------------------------


def apt_get(*packages: str) -> str:
    """Install Debian packages ('' when done, else apt-get's complaint)."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for argv in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
    ):
        done = subprocess.run(argv, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            return f"{' '.join(argv[:2])} failed: {done.stderr.strip()[-300:]}"
    return ""


def install_postgresql(say: Callable[[str], None]) -> str:
    """'' once PostgreSQL 15's programs are there (installed with apt-get if not), else why
    they cannot be."""
    if os.geteuid() != 0:
        return (
            f"not run as root (uid {os.geteuid()}): the suite installs PostgreSQL with apt-get "
            "and runs it as the postgres user"
        )
    if not (PG_BIN / "initdb").exists():
        say("installing postgresql (apt-get)")
        why = apt_get("postgresql")
        if why:
            return why
        if not (PG_BIN / "initdb").exists():
            return f"apt-get's postgresql has no {PG_BIN / 'initdb'} (not version 15)"
    return ""


def install(workdir: Path, say: Callable[[str], None]) -> tuple[Path | None, str]:
    """(the postgraphile CLI, '') with PostgreSQL installed too, or (None, why not)."""
    why = install_postgresql(say)
    if why:
        return None, why
    prefix = workdir / "postgraphile"
    cli = prefix / "node_modules" / "postgraphile" / "cli.js"
    installed = prefix / "node_modules" / "postgraphile" / "package.json"
    if not (installed.exists() and json.loads(installed.read_text())["version"] == VERSION):
        npm = shutil.which("npm")
        if npm is None:
            say("installing nodejs and npm (apt-get)")
            why = apt_get("nodejs", "npm")
            npm = shutil.which("npm")
            if npm is None:
                return None, why or "apt-get install npm gave no npm"
        say(f"installing postgraphile@{VERSION} into {prefix}")
        prefix.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund",
             f"postgraphile@{VERSION}"],
            capture_output=True,
            text=True,
        )  # fmt: skip
        if done.returncode != 0 or not cli.exists():
            return None, f"npm install postgraphile@{VERSION} failed: {done.stderr[-300:]}"
    return cli, ""


@dataclass
class Cluster:
    """A PostgreSQL cluster of its own under `root`, started and stopped by this harness."""

    root: Path
    port: int
    user: str = "postgres"
    log: Path = field(init=False)
    postmaster: int | None = None

    def __post_init__(self) -> None:
        # absolute: PostgreSQL reads a relative socket directory from its data directory
        self.root = self.root.resolve()
        self.log = self.root / "postgres.log"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def sockets(self) -> Path:
        return self.root / "run"

    def _as_user(self, argv: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["runuser", "-u", self.user, "--", *argv], capture_output=True, text=True, **kwargs
        )

    def init(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
        self.sockets.mkdir(parents=True)
        shutil.chown(self.root, self.user)
        shutil.chown(self.sockets, self.user)
        done = self._as_user(
            [str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
             "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed: {done.stderr.strip()[-400:]}")
        settings = {
            **SETTINGS,
            "port": str(self.port),
            "unix_socket_directories": f"'{self.sockets}'",
        }
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\n# the benchmark suite's settings\n")
            conf.writelines(f"{k} = {v}\n" for k, v in settings.items())

    def start(self) -> None:
        done = self._as_user(
            [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t",
             "60", "start"]
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"pg_ctl start failed: {done.stdout[-300:]} (see {self.log})")
        self.postmaster = int((self.data / "postmaster.pid").read_text().split()[0])

    def stop(self) -> None:
        """Stop the cluster if it runs (also one whose start was cut short)."""
        if self.postmaster is None and not (self.data / "postmaster.pid").exists():
            return
        self._as_user([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])
        self.postmaster = None

    def psql(self, sql: str, database: str = DATABASE, stdin: Any = None) -> str:
        argv = [str(PG_BIN / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                "-p", str(self.port), "-U", "postgres", "-d", database, "-At",
                "-c", sql]  # fmt: skip
        done = subprocess.run(argv, stdin=stdin, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"psql: {done.stderr.strip()[-400:]}")
        return done.stdout

    def load(self, package: Path) -> dict[str, float]:
        """Create the database from the package: tables, COPY, keys and indexes, VACUUM ANALYZE."""
        timings: dict[str, float] = {}
        started = time.monotonic()
        self.psql(f"CREATE DATABASE {DATABASE}", database="postgres")
        schemas = package_schemas(package)
        create, after = ddl(schemas)
        self.psql(";\n".join(create))
        descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
        for resource in descriptor["resources"]:
            with (package / resource["path"]).open("rb") as csv:
                self.psql(
                    f"COPY {quote_ident(resource['name'])} FROM STDIN WITH (FORMAT csv, HEADER "
                    "true)",
                    stdin=csv,
                )
        timings["copy_s"] = round(time.monotonic() - started, 2)
        self.psql(";\n".join(after))
        timings["keys_s"] = round(time.monotonic() - started - timings["copy_s"], 2)
        self.psql("VACUUM ANALYZE")
        timings["load_s"] = round(time.monotonic() - started, 2)
        timings["database_mb"] = round(
            int(self.psql(f"SELECT pg_database_size('{DATABASE}')")) / 2**20, 1
        )
        return timings

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def server_argv(cli: Path, cluster: Cluster, port: int) -> list[str]:
    return [
        "node", str(cli),
        "--connection", f"postgres://postgres@127.0.0.1:{cluster.port}/{DATABASE}",
        "--schema", "public", "--host", "127.0.0.1", "--port", str(port),
        "--disable-query-log", "--disable-graphiql", "--disable-default-mutations",
        "--legacy-relations", "omit",
    ]  # fmt: skip


HEALTH = graphql("{ __typename }", {})


def requests_for(scenario: str, cursors: Sequence[str | None], ids: Sequence[str],
                 speakers: Sequence[str]) -> list[Request]:  # fmt: skip
    if scenario == "a":
        return [graphql(PG_A, {"after": c}) for c in cursors]
    if scenario == "b":
        return [graphql(PG_B, {"id": i}) for i in ids]
    if scenario == "c":
        return [graphql(PG_C, {"speaker": s}) for s in speakers]
    raise ValueError(scenario)


def server_version() -> str:
    """PostgreSQL's version ("postgres (PostgreSQL) 15.18 (Debian ...)" → "15.18")."""
    done = subprocess.run([str(PG_BIN / "postgres"), "--version"], capture_output=True, text=True)
    found = re.search(r"\(PostgreSQL\) (\S+)", done.stdout)
    return found.group(1) if found else "unknown"
