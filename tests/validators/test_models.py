"""Layer 2: the row models agree with the Table Schemas, and each row rule fires."""

import json
import types
import typing
from pathlib import Path

import pytest

from statement_ledger.validators.models import MODELS

from ledger_fixture import REPO, where

PY_TYPES = {"string": str, "date": __import__("datetime").date, "list": list}


def _schema(table: str) -> dict[str, typing.Any]:
    return json.loads((REPO / "schema" / f"{table}.json").read_text())


def _unwrap(annotation: typing.Any) -> tuple[typing.Any, bool]:
    """The annotation without None, and whether None was allowed."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return rest[0], True
    return annotation, False


@pytest.mark.parametrize("table", sorted(MODELS))
def test_model_matches_schema(table: str) -> None:
    schema = _schema(table)
    model = MODELS[table]
    assert list(model.model_fields) == [f["name"] for f in schema["fields"]]
    for spec in schema["fields"]:
        info = model.model_fields[spec["name"]]
        annotation, optional = _unwrap(info.annotation)
        constraints = spec.get("constraints", {})
        assert optional == (not constraints.get("required", False)), spec["name"]
        if "enum" in constraints:
            assert typing.get_origin(annotation) is typing.Literal, spec["name"]
            assert list(typing.get_args(annotation)) == constraints["enum"], spec["name"]
            continue
        metadata = list(info.metadata)
        if typing.get_origin(annotation) is typing.Annotated:
            annotation, *extra = typing.get_args(annotation)
            metadata += [m for field_info in extra for m in field_info.metadata]
        base = typing.get_origin(annotation) or annotation
        assert base is PY_TYPES[spec["type"]], spec["name"]
        patterns = [m.pattern for m in metadata if hasattr(m, "pattern")]
        if "pattern" in constraints:
            assert patterns == [constraints["pattern"]], spec["name"]
        else:
            assert patterns == [], spec["name"]


def test_every_schema_has_a_model() -> None:
    names = {p.stem for p in Path(REPO / "schema").glob("*.json")}
    assert names == set(MODELS)


E = "datapackage/events.csv"
S = "datapackage/statements.csv"


@pytest.mark.parametrize(
    ("table", "key", "changes", "expected"),
    [
        (
            "events",
            "border-incident-2023",
            {"start_date": "2023-10-05"},
            [("date-precision", E, 3, "start_date")],
        ),
        (
            "events",
            "border-incident-2023",
            {"start_date_precision": "year"},
            [("date-precision", E, 3, "start_date")],
        ),
        (
            "events",
            "border-incident-2023",
            {"start_date_precision": "unknown"},
            [("date-precision", E, 3, "start_date_precision")],
        ),
        (
            "statements",
            "st-roe-calm",
            {"said_on": "", "said_on_basis": ""},
            [("date-precision", S, 2, "said_on_precision")],
        ),
        (
            "statements",
            "st-roe-calm",
            {"said_on_basis": ""},
            [("date-basis", S, 2, "said_on_basis")],
        ),
        (
            "statements",
            "st-ministry-denial",
            {"said_on_basis": "stated"},
            [("date-basis", S, 3, "said_on_basis")],
        ),
        ("statements", "st-roe-calm", {"said_on_note": ""}, [("date-basis", S, 2, "said_on_note")]),
        (
            "events",
            "border-incident-2023",
            {"end_date": "2023-09-30"},
            [("date-order", E, 3, "end_date")],
        ),
        (
            "events",
            "border-briefing-2023",
            {"parent_event_id": "border-briefing-2023"},
            [("parent-self", E, 2, "parent_event_id")],
        ),
        (
            "actors",
            "test-ministry",
            {"record_status": "retired"},
            [("retired-reason", "datapackage/actors.csv", 3, "retired_reason")],
        ),
        (
            "actors",
            "test-ministry",
            {"retired_reason": "duplicate"},
            [("retired-reason", "datapackage/actors.csv", 3, "retired_reason")],
        ),
        (
            "actors",
            "jane-roe",
            {"aliases": "J. Roe|Jane Roe"},
            [("alias-repeats-name", "datapackage/actors.csv", 2, "aliases")],
        ),
        (
            "actors",
            "jane-roe",
            {"misspellings": "J. Roe"},
            [("alias-repeats-name", "datapackage/actors.csv", 2, "misspellings")],
        ),
        (
            "actors",
            "jane-roe",
            {"aliases": "J. Roe|"},
            [("list-item", "datapackage/actors.csv", 2, "aliases")],
        ),
        (
            "actors",
            "test-ministry",
            {"affiliation_id": "test-ministry"},
            [("affiliation-self", "datapackage/actors.csv", 3, "affiliation_id")],
        ),
        (
            "articles",
            "test-article",
            {"furniture_lines": "1-1|4-2"},
            [("furniture-lines", "datapackage/articles.csv", 2, "furniture_lines")],
        ),
        (
            "articles",
            "test-article",
            {"furniture_lines": "1-1|3:5-3:2"},
            [("furniture-lines", "datapackage/articles.csv", 2, "furniture_lines")],
        ),
        (
            "articles",
            "test-article",
            {"furniture_lines": "1-1|3:0-3:4"},
            [("furniture-lines", "datapackage/articles.csv", 2, "furniture_lines")],
        ),
        (
            "articles",
            "test-article",
            {"furniture_lines": "1-1|4-4|2:60-2:62"},
            [("furniture-order", "datapackage/articles.csv", 2, "furniture_lines")],
        ),
        (
            "statements",
            "st-ministry-denial",
            {"source_actor_id": "test-ministry"},
            [("source-is-speaker", S, 3, "source_actor_id")],
        ),
        (
            "contradictions",
            "ct-calm-vs-denial",
            {"resolution": "resolved"},
            [("resolution-note", "datapackage/contradictions.csv", 2, "resolution_note")],
        ),
        (
            "articles",
            "test-article",
            {"text_origin_outlet_id": "cited-outlet", "text_origin_actor_id": "test-ministry"},
            [("text-origin", "datapackage/articles.csv", 2, "text_origin_actor_id")],
        ),
    ],
)
def test_row_rule(broken, table, key, changes, expected) -> None:  # type: ignore[no-untyped-def]
    assert where(broken(table, key, **changes)) == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("4-4|1-1", "'1-1' comes before '4-4', the item before it."),
        ("1-1|1:3-1:6", "'1:3-1:6' overlaps '1-1', the item before it."),
        ("2:1-2:9|2:9-2:12", "'2:9-2:12' overlaps '2:1-2:9', the item before it."),
        ("1-1|1-1", "'1-1' overlaps '1-1', the item before it."),
    ],
)
def test_furniture_items_in_order_without_overlap(broken, cell: str, message: str) -> None:  # type: ignore[no-untyped-def]
    [finding] = broken("articles", "test-article", furniture_lines=cell)
    assert (finding.rule, finding.line, finding.column) == ("furniture-order", 2, "furniture_lines")
    assert finding.message == message
    assert finding.fix.startswith("List the items in the order of the text")


def test_span_right_after_a_span_on_its_line_is_in_order(broken) -> None:  # type: ignore[no-untyped-def]
    assert broken("articles", "test-article", furniture_lines="1-1|2:1-2:8|2:9-2:12|4-4") == []


def test_replaced_by_self(broken) -> None:  # type: ignore[no-untyped-def]
    findings = broken(
        "outlets",
        "cited-outlet",
        record_status="retired",
        retired_reason="dup",
        replaced_by="cited-outlet",
    )
    assert ("replaced-by-self", "datapackage/outlets.csv", 2, "replaced_by") in where(findings)


# Cells a curator might type in each kind of column, mixed into valid rows at random.
SPECIALS = [
    "",
    "active",
    "retired",
    "day",
    "month",
    "year",
    "unknown",
    "stated",
    "inferred",
    "resolved",
    "open",
    "2023-10-01",
    "2023-10-05",
    "2023-01-01",
    "2022-12-31",
    "1-2",
    "1-2|1-2",
    "0-3",
    "5-2",
    "1-2| 3-4",
    "3-4|1-2",
    "1-2|2-3",
    "1:1-1:5",
    "2:3-2:1",
    "1-1|1:2-1:4",
    "1:1-1:3|2-2",
    "1:0-1:3",
    "a|a",
    "a||b",
    "Test Outlet",
]


def _candidate_rows(table: str, rows: list[dict[str, str]]) -> set[int]:
    import duckdb
    import pyarrow as pa

    names = list(MODELS[table].model_fields)
    data = pa.table({n: pa.array([r[n] for r in rows], pa.string()) for n in names})
    con = duckdb.connect()
    con.register(table, data.append_column("_row", pa.array(range(len(rows)), pa.int64())))
    query = f'SELECT _row FROM "{table}" WHERE {MODELS[table].candidates()}'
    return {index for (index,) in con.execute(query).fetchall()}


@pytest.mark.parametrize("table", sorted(MODELS))
def test_candidates_cover_every_row_rule(table: str) -> None:
    """The fast engine runs row rules only on `candidates()`: no row that breaks a rule may
    fall outside it. Rows are valid fixture rows with random cells replaced."""
    import random

    from pydantic import ValidationError

    from ledger_fixture import base_rows

    model = MODELS[table]
    names = list(model.model_fields)
    pool = base_rows()[table]
    values = {n: sorted({r.get(n, "") for r in pool} | set(SPECIALS)) for n in names}
    rng = random.Random(table)
    rows, breaking = [], set()
    for index in range(6000):
        row = {n: rng.choice(pool).get(n, "") for n in names}
        for name in rng.sample(names, k=rng.randint(1, min(4, len(names)))):
            row[name] = rng.choice(values[name])
        dates = [n for n in names if f"{n}_precision" in names]
        if dates and rng.random() < 0.5:  # a date with its precision and basis, all at once
            date = rng.choice(dates)
            row[date] = rng.choice(["", "2023-10-01", "2023-10-05", "2023-01-01", "2023-06-01"])
            row[f"{date}_precision"] = rng.choice(["day", "month", "year", "unknown"])
            if f"{date}_basis" in names:
                row[f"{date}_basis"] = rng.choice(["", "stated", "inferred"])
        ids = [n for n in names if n.endswith("_id")][:2]
        if ids and rng.random() < 0.05:  # a row pointing at itself
            row[ids[-1]] = row[ids[0]]
        rows.append(row)
        try:
            parsed = model.model_validate(row)
        except ValidationError:
            continue
        if any(True for _ in parsed.row_rules()):
            breaking.add(index)
    if model.candidates() == "FALSE":  # a model without row rules
        assert not breaking
        return
    assert breaking, "the generator produced no row that breaks a rule"
    missed = breaking - _candidate_rows(table, rows)
    assert not missed, [rows[i] for i in sorted(missed)[:3]]
