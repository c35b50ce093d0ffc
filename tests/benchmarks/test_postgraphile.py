"""The PostGraphile peer's harness (benchmarks/postgraphile.py): the SQL made from the Table
Schemas, the mapping that compares its answers with ours, and the CPU count of a process tree.

Not a timed test: the benchmarks themselves are run by benchmarks/run.py, never by pytest.
"""

from __future__ import annotations

import csv
import json
import os
import shlex
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from statement_ledger.catalogue.tables import TABLES

from ledger_fixture import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

import postgraphile
import serving

# --- the SQL from the Table Schemas ------------------------------------------------------------


def test_every_table_gets_text_columns_and_its_primary_key() -> None:
    schemas = postgraphile.package_schemas(REPO)
    create, _ = postgraphile.ddl(schemas)
    resources = json.loads((REPO / "datapackage.json").read_text())["resources"]
    assert len(create) == len(schemas) == len(resources)
    for statement, (table, schema) in zip(create, schemas.items(), strict=True):
        assert statement.startswith(f'CREATE TABLE "{table}" (')
        for column in schema["fields"]:
            assert f'"{column["name"]}" text' in statement
        key = schema["primaryKey"]
        names = [key] if isinstance(key, str) else key
        quoted = ", ".join('"' + k + '"' for k in names)
        assert f"PRIMARY KEY ({quoted})" in statement
    # id_manifest has a column named "table": quoted, it is a valid column name
    assert '"table" text' in create[list(schemas).index("id_manifest")]


def test_every_foreign_key_gets_a_constraint_and_an_index() -> None:
    schemas = postgraphile.package_schemas(REPO)
    _, after = postgraphile.ddl(schemas)
    expected = 0
    for table, schema in schemas.items():
        for fk in schema.get("foreignKeys") or []:
            expected += 1
            target = fk["reference"]["resource"] or table  # "" is the table itself
            column = fk["fields"]
            assert any(
                s.startswith(f'ALTER TABLE "{table}" ADD CONSTRAINT')
                and f'FOREIGN KEY ("{column}") REFERENCES "{target}"' in s
                for s in after
            ), (table, column)
            assert any(
                s.startswith("CREATE INDEX") and s.endswith(f'ON "{table}" ("{column}")')
                for s in after
            ), (table, column)
    assert expected and len(after) == 2 * expected
    # every constraint and index name differs (PostgreSQL refuses a second one of a name)
    names = [s.split('"')[1 if s.startswith("CREATE") else 3] for s in after]
    assert len(set(names)) == len(names)


def test_identifiers_with_quotes_are_escaped() -> None:
    create, _ = postgraphile.ddl({'odd"name': {"fields": [{"name": 'a"b', "type": "string"}]}})
    assert create == ['CREATE TABLE "odd""name" (\n  "a""b" text\n)']


def test_field_names_follow_postgraphile_inflection() -> None:
    assert postgraphile.camel("statement_id") == "statementId"
    assert postgraphile.camel("said_on") == "saidOn"
    assert postgraphile.camel("quote") == "quote"
    assert "saidOn" in postgraphile.PG_C and "speakerId: $speaker" in postgraphile.PG_C


# --- comparing answers ---------------------------------------------------------------------------

OURS_A = {
    "data": {
        "statements": {
            "pageInfo": {"endCursor": "x", "hasNextPage": True},
            "nodes": [
                {"id": "st-1", "quote": "q1", "speaker": {"name": "A"}, "outlet": {"name": "O"}},
                {"id": "st-2", "quote": "q2", "speaker": {"name": "B"}, "outlet": {"name": "P"}},
            ],
        }
    }
}
PG_A = {
    "data": {
        "allStatements": {
            "pageInfo": {"endCursor": "WyJwcmltYXJ5X2tleV9hc2MiXQ==", "hasNextPage": True},
            "nodes": [
                {
                    "statementId": "st-1",
                    "quote": "q1",
                    "actorBySpeakerId": {"name": "A"},
                    "articleByArticleId": {"outletByOutletId": {"name": "O"}},
                },
                {
                    "statementId": "st-2",
                    "quote": "q2",
                    "actorBySpeakerId": {"name": "B"},
                    "articleByArticleId": {"outletByOutletId": {"name": "P"}},
                },
            ],
        }
    }
}


def test_a_page_maps_to_the_same_rows_whatever_the_cursors() -> None:
    ours, theirs = postgraphile.ours_rows("a", OURS_A), postgraphile.peer_rows("a", PG_A)
    assert ours == [("st-1", "q1", "A", "O"), ("st-2", "q2", "B", "P")]
    assert postgraphile.mismatch(ours, theirs) == ""


def test_a_different_outlet_or_a_missing_row_is_a_mismatch() -> None:
    wrong = json.loads(json.dumps(PG_A))
    wrong["data"]["allStatements"]["nodes"][1]["articleByArticleId"]["outletByOutletId"] = {
        "name": "Q"
    }
    ours = postgraphile.ours_rows("a", OURS_A)
    assert postgraphile.mismatch(ours, postgraphile.peer_rows("a", wrong)).startswith("row 1:")
    short = json.loads(json.dumps(PG_A))
    del short["data"]["allStatements"]["nodes"][1]
    found = postgraphile.mismatch(ours, postgraphile.peer_rows("a", short))
    assert found == "ours has 2 rows, PostGraphile 1"
    assert postgraphile.mismatch([], []) == "our answer is empty"


def test_one_statement_maps_speaker_article_and_outlet() -> None:
    ours = {
        "data": {
            "statement": {
                "id": "st-9",
                "quote": "q",
                "claim": "c",
                "act": "threatens",
                "channel": "interview",
                "speaker": {"name": "A"},
                "article": {"title": "T"},
                "outlet": {"name": "O"},
            }
        }
    }
    theirs = {
        "data": {
            "statementByStatementId": {
                "statementId": "st-9",
                "quote": "q",
                "claim": "c",
                "act": "threatens",
                "channel": "interview",
                "actorBySpeakerId": {"name": "A"},
                "articleByArticleId": {"title": "T", "outletByOutletId": {"name": "O"}},
            }
        }
    }
    assert (
        postgraphile.mismatch(
            postgraphile.ours_rows("b", ours), postgraphile.peer_rows("b", theirs)
        )
        == ""
    )
    theirs["data"]["statementByStatementId"]["articleByArticleId"]["title"] = "U"
    assert postgraphile.mismatch(
        postgraphile.ours_rows("b", ours), postgraphile.peer_rows("b", theirs)
    ).startswith("row 0:")
    assert postgraphile.peer_rows("b", {"data": {"statementByStatementId": None}}) == []


def test_a_speakers_page_compares_the_total_and_each_row() -> None:
    record = {
        "statement_id": "st-1",
        "speaker_id": "ac-1",
        "article_id": "ar-1",
        "said_on": "2021-01-01",
        "quote": "q",
        "claim": "c",
        "act": "says",
        "notes": "",
    }
    ours = {"data": [record], "total": 7, "page": {"has_next": True}}
    node = {postgraphile.camel(k): v for k, v in record.items() if k != "notes"}
    theirs = {"data": {"allStatements": {"totalCount": 7, "nodes": [node]}}}
    assert (
        postgraphile.mismatch(
            postgraphile.ours_rows("c", ours), postgraphile.peer_rows("c", theirs)
        )
        == ""
    )
    theirs["data"]["allStatements"]["totalCount"] = 6
    assert "('total', 7)" in postgraphile.mismatch(
        postgraphile.ours_rows("c", ours), postgraphile.peer_rows("c", theirs)
    )
    # an empty text on our side and a NULL in PostgreSQL are the same missing value
    ours["total"], record["claim"], node["claim"] = 6, "", None
    assert (
        postgraphile.mismatch(
            postgraphile.ours_rows("c", ours), postgraphile.peer_rows("c", theirs)
        )
        == ""
    )


# --- CPU of a process tree -----------------------------------------------------------------------


BURN = """
import time
started = time.process_time()
while time.process_time() - started < 0.6:
    pass
print("burnt", flush=True)
time.sleep(30)
"""


def test_cpu_of_a_tree_counts_its_children() -> None:
    """A shell whose child burns CPU: the child's time is counted under the shell's pid."""
    burn = shlex.join([sys.executable, "-c", BURN])
    shell = subprocess.Popen(["sh", "-c", f"{burn} & wait"], stdout=subprocess.PIPE, text=True)
    try:
        assert shell.stdout is not None and shell.stdout.readline() == "burnt\n"
        assert len(serving.tree(shell.pid)) >= 2
        # the shell itself used next to nothing: the time is its child's
        assert serving.cpu_seconds([shell.pid]) >= 0.58
    finally:
        for pid in reversed(serving.tree(shell.pid)):
            os.kill(pid, signal.SIGKILL)
        shell.wait()
        shell.stdout.close()  # type: ignore[union-attr]


# --- the DDL against a real PostgreSQL -----------------------------------------------------------


@pytest.fixture
def cluster() -> Iterator[postgraphile.Cluster]:
    why = postgraphile.install_postgresql(lambda message: None)
    assert why == "", why
    # the postgres user must reach the cluster's folder: not under pytest's 0700 tmp dirs
    root = Path(tempfile.mkdtemp(prefix="pg-ddl-"))
    root.chmod(0o755)
    with postgraphile.Cluster(root / "cluster", serving.free_port()) as running:
        running.init()
        running.start()
        yield running
    subprocess.run(["rm", "-rf", str(root)], check=True)


@pytest.mark.slow
def test_the_repositorys_package_loads_with_its_keys_and_indexes(
    cluster: postgraphile.Cluster,
) -> None:
    loaded = cluster.load(REPO)
    assert loaded["database_mb"] > 0
    for table in TABLES:
        with (REPO / "datapackage" / f"{table}.csv").open(newline="", encoding="utf-8") as f:
            rows = sum(1 for _ in csv.DictReader(f))
        assert int(cluster.psql(f'SELECT count(*) FROM "{table}"')) == rows, table
    schemas = postgraphile.package_schemas(REPO)
    expected = sum(len(s.get("foreignKeys") or []) for s in schemas.values())
    assert int(cluster.psql("SELECT count(*) FROM pg_constraint WHERE contype = 'f'")) == expected
    # every foreign-key column leads an index
    unindexed = cluster.psql(
        "SELECT c.conrelid::regclass || '.' || c.conkey::text FROM pg_constraint c "
        "WHERE c.contype = 'f' AND NOT EXISTS (SELECT 1 FROM pg_index i "
        "WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1])"
    )
    assert unindexed == ""
    # the keys hold: a statement of an unknown speaker is refused
    with pytest.raises(RuntimeError, match="foreign key"):
        cluster.psql(
            "INSERT INTO statements (statement_id, speaker_id) VALUES ('st-x', 'ac-nobody')"
        )
    assert cluster.psql("SHOW listen_addresses").strip() == "127.0.0.1"
    assert cluster.psql("SHOW shared_buffers").strip() == postgraphile.SETTINGS["shared_buffers"]


def test_a_cluster_under_a_relative_work_dir_gets_absolute_paths() -> None:
    """PostgreSQL resolves a relative socket directory from its data directory, not ours."""
    cluster = postgraphile.Cluster(Path("build/bench/pg-10"), 5432)
    assert cluster.sockets == Path.cwd() / "build/bench/pg-10/run"
    assert cluster.data.is_absolute() and cluster.log.is_absolute()


def test_without_root_nothing_is_installed_and_the_reason_is_given(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    said: list[str] = []
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    cli, why = postgraphile.install(tmp_path, said.append)
    assert cli is None and why.startswith("not run as root (uid 1000)")
    assert said == [] and not any(tmp_path.iterdir())
