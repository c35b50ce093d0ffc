"""The fast engine reports exactly what the reference engine (stock frictionless) reports.

Every test that validates a fixture package goes through `Pkg.findings`, which runs both
engines and asserts the same findings; the tests here add the packages that exercise the
fast engine's own paths: the structural scan that hands a file to the careful reader, the
distinct-value checks, values where Arrow's regex engine and Python's disagree, and keys.
"""

import pytest

from statement_ledger.validators import fast
from statement_ledger.validators.errors import CannotRun
from statement_ledger.validators.validate import validate

from ledger_fixture import Pkg, _full, where

S = "datapackage/statements.csv"
OUT = "datapackage/outlets.csv"


def test_plain_files_are_read_by_arrow_not_row_by_row(pkg: Pkg) -> None:
    pkg.write()
    package, findings = fast.read_tables(pkg.root)
    assert findings == []
    assert all(t.known_lines is None for t in package.tables.values())
    # statements.csv has a quoted cell with a doubled quote mark, and still reads plainly
    assert b'""' in (pkg.root / S).read_bytes()


def test_a_quote_mark_after_a_closing_quote_goes_to_the_careful_reader(pkg: Pkg) -> None:
    data = pkg.csv_bytes("outlets").replace(b",Test Outlet,", b',"Test" Outlet,', 1)
    findings = pkg.write({"outlets": data}).findings()  # Arrow alone would read `Test Outlet`
    assert where(findings) == [("csv-syntax", OUT, 3, None)]


def test_a_cell_over_two_lines_keeps_every_line_number(pkg: Pkg) -> None:
    pkg.row("statements", "st-roe-calm")["notes"] = "first line\nsecond line"
    pkg.row("statements", "st-ministry-denial")["act"] = "claims"
    findings = pkg.write().findings()
    assert where(findings) == [("constraint-error", S, 4, "act")]
    statements = fast.read_tables(pkg.root)[0].table("statements")
    assert (statements.line(0), statements.line(1)) == (2, 4)
    assert statements.simple_lines is False


def test_many_errors_at_once(pkg: Pkg) -> None:
    outlet = pkg.row("outlets", "test-outlet")
    pkg.rows["outlets"].append(dict(outlet))  # primary key and unique id repeated
    outlet["homepage"] = "https://example.org/a\u00a0b"  # a no-break space: not \S in Python
    outlet["country"] = "am"
    statement = pkg.row("statements", "st-roe-calm")
    statement.update(said_on="2023-13-01", act="claims", claim="", speaker_id="jane-doe")
    pkg.row("events", "border-incident-2023")["start_date"] = "2023-2-3"  # strptime takes it
    findings = pkg.write().findings()
    rules = {(f.rule, f.file, f.column) for f in findings}
    assert ("constraint-error", OUT, "homepage") in rules
    assert ("row-type", "datapackage/events.csv", "start_date") in rules  # Pydantic does not
    assert {"type-error", "constraint-error", "unique-error", "primary-key", "foreign-key"} <= {
        f.rule for f in findings
    }


@pytest.mark.parametrize("engine", ["reference", "fast", "plain"])
def test_bad_encoding_cannot_run_in_either_engine(pkg: Pkg, engine: str) -> None:
    data = pkg.csv_bytes("actors").replace(b"Jane Roe", b"Jan\xe9 Roe")
    pkg.write({"actors": data})
    with pytest.raises(CannotRun) as caught:
        validate(pkg.root, engine=engine)
    assert caught.value.message.startswith("datapackage/actors.csv, line 2: not UTF-8 (byte 0xE9)")


@pytest.mark.parametrize("engine", ["reference", "fast", "plain"])
def test_missing_csv_cannot_run_in_either_engine(pkg: Pkg, engine: str) -> None:
    pkg.write()
    (pkg.root / "datapackage" / "actors.csv").unlink()
    with pytest.raises(CannotRun, match=r"datapackage/actors\.csv: file not found"):
        validate(pkg.root, engine=engine)


def test_the_curated_package_is_valid_in_both_engines() -> None:
    from ledger_fixture import REPO

    assert validate(REPO, engine="fast").findings == []
    assert validate(REPO, engine="reference").findings == []
    assert validate(REPO, engine="plain").findings == []


def test_repeated_columns_are_held_encoded_and_read_back_as_written() -> None:
    import pyarrow as pa

    from statement_ledger.validators.columnar import compact

    rows = 70_000  # more than the sample that tells free text
    status = ["active" if n % 3 else "retired" for n in range(rows)]
    ids = [f"id-{n}" for n in range(rows)]
    quotes = [f"quote {n}" for n in range(rows)]
    columns = [pa.chunked_array([pa.array(c, pa.string())]) for c in (status, ids, quotes)]
    names = ["record_status", "statement_id", "quote"]
    compact(columns, names, plain=["statement_id"])
    assert pa.types.is_dictionary(columns[0].type)
    assert columns[0].type.index_type == pa.int8()
    assert [c.type for c in columns[1:]] == [pa.string(), pa.string()]
    assert [c.to_pylist() for c in columns] == [status, ids, quotes]
    key_repeated = [pa.chunked_array([pa.array(["a", "a", "b", "b"], pa.string())])]
    compact(key_repeated, ["statement_id"], plain=["statement_id"])
    assert key_repeated[0].type == pa.string()  # a key stays plain, repeated or not


def test_free_text_held_on_disk_and_read_in_blocks_gives_the_same_findings(
    pkg: Pkg, monkeypatch: pytest.MonkeyPatch
) -> None:
    from statement_ledger.validators import columnar

    base = pkg.row("statements", "st-roe-calm")
    for n in range(60):
        row = dict(base, statement_id=f"st-copy-{n}", utterance_id="", claim=f"Claim {n}.")
        if n % 2:
            row["quote"] = f"words the article never had {n}"  # quote-grounded, at this row
        if n % 7 == 0:
            row.update(record_status="retired")  # retired-reason, at this row
        if n % 9 == 0:
            row["claim"] = f"={n}+1"  # spreadsheet-formula, at this row
        pkg.rows["statements"].append(row)
    expected = pkg.write().findings()  # the engines agree, the columns held in memory
    assert {"quote-grounded", "retired-reason", "spreadsheet-formula", "quote-duplicate"} <= {
        f.rule for f in expected
    }
    monkeypatch.setattr(columnar, "SPILL_FROM", 0)
    monkeypatch.setattr(fast, "BLOCK", 2048)  # many chunks: taken chunk by chunk
    package, _ = fast.read_tables(pkg.root)
    statements = package.table("statements")
    assert statements.mapped and statements.data.column("quote").num_chunks > 3
    found = validate(pkg.root, engine="fast").findings
    assert sorted(map(_full, found)) == sorted(map(_full, expected))


def test_take_gives_the_cells_in_the_order_asked_across_chunks() -> None:
    import numpy as np
    import pyarrow as pa

    from statement_ledger.validators.columnar import take

    words = [f"w{n}" for n in range(100)]
    text = pa.chunked_array([pa.array(words[i : i + 7]) for i in range(0, 100, 7)])
    kinds = pa.chunked_array([pa.array([str(n % 3) for n in range(100)]).dictionary_encode()])
    data = pa.table([text, kinds], names=["text", "kind"])
    rows = np.random.default_rng(1).integers(0, 100, 250)
    assert take(data, pa.array(rows)) == [[words[r] for r in rows], [str(r % 3) for r in rows]]


def test_free_text_stays_in_memory_when_the_temporary_directory_cannot_hold_it(
    pkg: Pkg, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from statement_ledger.validators import columnar

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    pkg.row("statements", "st-roe-calm")["claim"] = "=1+1"
    expected = pkg.write().findings()
    monkeypatch.setattr(columnar, "SPILL_FROM", 0)
    monkeypatch.setattr(tempfile, "TemporaryFile", full)
    statements = fast.read_tables(pkg.root)[0].table("statements")
    assert statements.mapped == []
    assert statements.data.column("claim").to_pylist()[0] == "=1+1"
    found = validate(pkg.root, engine="fast").findings
    assert sorted(map(_full, found)) == sorted(map(_full, expected))
