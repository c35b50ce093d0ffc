"""The plain engine's Table Schema layer reports what stock frictionless reports.

One broken package per kind of frictionless error the layer can meet; for each, the plain
engine (table_schema.py, no frictionless) and the reference engine (frictionless itself) give
the same findings, field for field (rule, message, fix, file, line, column, value, context) and
in the same order. A descriptor the plain layer does not read exactly like frictionless is
left to frictionless, which the last tests check.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from statement_ledger.validators import table_schema
from statement_ledger.validators.package import describe
from statement_ledger.validators.validate import validate

from ledger_fixture import REPO, Pkg

S = "datapackage/statements.csv"
OUT = "datapackage/outlets.csv"
EV = "datapackage/events.csv"
RS = "datapackage/record_sides.csv"


def same(pkg: Pkg) -> list[tuple[str, str, int | None, str | None]]:
    """Both engines' findings, asserted equal; their short projection, in order."""
    assert table_schema.supported(describe(pkg.root))  # the plain layer, not its fallback
    plain = validate(pkg.root, engine="plain")
    reference = validate(pkg.root, engine="reference")
    assert [f.model_dump() for f in plain.findings] == [f.model_dump() for f in reference.findings]
    assert plain.note == reference.note
    fast = validate(pkg.root, engine="fast")  # and the columns engine, in its own order
    assert sorted(map(str, fast.findings)) == sorted(map(str, reference.findings))
    return [(f.rule, f.file, f.line, f.column) for f in plain.findings if f.layer == "frictionless"]


def cell(table: str, key: str, **changes: str) -> Callable[[Pkg], None]:
    return lambda pkg: pkg.row(table, key).update(changes)


def repeat_outlet(pkg: Pkg) -> None:
    pkg.rows["outlets"].append(dict(pkg.row("outlets", "test-outlet")))


def empty_key(pkg: Pkg) -> None:
    pkg.row("outlets", "test-outlet")["outlet_id"] = ""


def no_record_references(pkg: Pkg) -> None:
    pkg.rows["record_sides"][0]["reference_ids"] = ""


def blank_row(pkg: Pkg) -> None:
    pkg.rows["events"].append({name: "" for name in pkg.fields("events")})


BREAKS: dict[str, tuple[Callable[[Pkg], None], tuple[str, str, int | None, str | None]]] = {
    "type-error (date)": (cell("statements", "st-roe-calm", said_on="14/10/2023"),
                          ("type-error", S, 2, "said_on")),
    "type-error (date, out of range)": (cell("statements", "st-roe-calm", said_on="2023-02-30"),
                                        ("type-error", S, 2, "said_on")),
    "constraint-error (required)": (cell("statements", "st-roe-calm", claim=""),
                                    ("constraint-error", S, 2, "claim")),
    "constraint-error (enum)": (cell("statements", "st-roe-calm", act="claims"),
                                ("constraint-error", S, 2, "act")),
    "constraint-error (pattern)": (cell("events", "border-incident-2023", wikidata_id="q42"),
                                   ("constraint-error", EV, 3, "wikidata_id")),
    "constraint-error (pattern, no-break space)": (
        cell("outlets", "test-outlet", homepage="https://example.org/a\u00a0b"),
        ("constraint-error", OUT, 3, "homepage")),
    "constraint-error (required list)": (no_record_references,
                                         ("constraint-error", RS, 2, "reference_ids")),
    "unique-error and primary-key": (repeat_outlet, ("primary-key", OUT, 4, None)),
    "primary-key (empty)": (empty_key, ("primary-key", OUT, 3, None)),
    "foreign-key (another table)": (cell("statements", "st-roe-calm", speaker_id="jane-doe"),
                                    ("foreign-key", S, 2, "speaker_id")),
    "foreign-key (same table)": (cell("events", "border-incident-2023", parent_event_id="nope"),
                                 ("foreign-key", EV, 3, "parent_event_id")),
    "blank-row": (blank_row, ("blank-row", EV, 4, None)),
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(BREAKS))
def test_each_kind_of_break_gives_frictionless_findings(pkg: Pkg, kind: str) -> None:
    change, expected = BREAKS[kind]
    change(pkg)
    assert expected in same(pkg.write())


def test_a_stale_checksum_and_byte_count(pkg: Pkg) -> None:
    pkg.write()
    path = pkg.root / OUT
    path.write_bytes(path.read_bytes().replace(b"Test Outlet", b"Test Outlet 2"))
    assert same(pkg) == [("hash-count", OUT, None, None), ("byte-count", OUT, None, None)]


def test_many_errors_in_one_row_keep_frictionless_order(pkg: Pkg) -> None:
    outlet = pkg.row("outlets", "test-outlet")
    pkg.rows["outlets"].append(dict(outlet))
    outlet.update(country="am", homepage="not a url", kind="blog")
    pkg.row("statements", "st-roe-calm").update(
        said_on="2023-13-01", act="claims", claim="", speaker_id="jane-doe"
    )
    found = same(pkg.write())
    assert {"type-error", "constraint-error", "unique-error", "primary-key", "foreign-key"} <= {
        rule for rule, *_ in found
    }


def test_the_limit_of_errors_per_file(pkg: Pkg) -> None:
    """Frictionless stops at 1000 errors in a file, and then checks neither size nor hash."""
    outlet = pkg.row("outlets", "test-outlet")
    for number in range(520):
        pkg.rows["outlets"].append(dict(outlet, outlet_id=f"o-{number}", country="am", kind="x"))
    pkg.write()
    path = pkg.root / OUT
    path.write_bytes(path.read_bytes().replace(b"Test Outlet", b"Test Outlet 2"))
    found = same(pkg)
    assert len([f for f in found if f[1] == OUT]) == 1000
    assert not {"hash-count", "byte-count"} & {rule for rule, *_ in found}


# -- what the plain layer leaves to frictionless ---------------------------------------------

DESCRIPTOR_CHANGES: dict[str, Callable[[dict[str, Any]], None]] = {
    "a package name with capitals": lambda d: d.update(name="Statement Ledger"),
    "a license without name or path": lambda d: d["licenses"].append({"title": "Mine"}),
    "a contributor without a title": lambda d: d["contributors"].append({"roles": ["curator"]}),
    "bytes as text": lambda d: d["resources"][0].update(bytes="3774"),
    "an unknown key": lambda d: d.update(homepage=7),
    "an encoding it does not read": lambda d: d["resources"][0].update(encoding="latin-1"),
}
SCHEMA_CHANGES: dict[str, Callable[[dict[str, Any]], None]] = {
    "an integer field": lambda s: s["fields"][1].update(type="integer"),
    "a pattern Python cannot read": lambda s: s["fields"][0]["constraints"].update(pattern="(["),
    "a string format": lambda s: s["fields"][1].update(format="uri"),
    "a minimum length": lambda s: s["fields"][1]["constraints"].update(minLength=3),
    "an enum on a list": lambda s: s["fields"][8]["constraints"].update(enum=["a"]),
}


def outcome(root: Path, engine: str) -> list[str] | str:
    """The findings of one engine, or the error it stopped with."""
    try:
        return [str(f) for f in validate(root, engine=engine).findings]
    except Exception as error:  # the engines must fail alike too
        return f"{type(error).__name__}: {error}"


@pytest.mark.parametrize("change", sorted(DESCRIPTOR_CHANGES))
def test_a_descriptor_it_does_not_know_goes_to_frictionless(pkg: Pkg, change: str) -> None:
    pkg.write()
    path = pkg.root / "datapackage.json"
    descriptor = json.loads(path.read_text())
    DESCRIPTOR_CHANGES[change](descriptor)
    path.write_text(json.dumps(descriptor, indent=2))
    assert not table_schema.supported(describe(pkg.root))
    assert outcome(pkg.root, "plain") == outcome(pkg.root, "reference")


@pytest.mark.parametrize("change", sorted(SCHEMA_CHANGES))
def test_a_schema_it_does_not_read_goes_to_frictionless(pkg: Pkg, change: str) -> None:
    pkg.write()
    path = pkg.root / "schema" / "outlets.json"
    schema = json.loads(path.read_text())
    SCHEMA_CHANGES[change](schema)
    path.write_text(json.dumps(schema, indent=2))
    assert not table_schema.supported(describe(pkg.root))
    assert outcome(pkg.root, "plain") == outcome(pkg.root, "reference")


def test_what_it_reads_frictionless_accepts(pkg: Pkg) -> None:
    """The fixture and the curated package are read by the plain layer, and frictionless finds
    nothing wrong with their descriptors."""
    pkg.write()
    for root in (pkg.root, REPO):
        assert table_schema.supported(describe(root))
        assert not [
            f for f in validate(root, engine="reference").findings if f.rule == "descriptor"
        ]


PROBE = """
import sys
from pathlib import Path
from statement_ledger.validators.validate import validate
findings = validate(Path(sys.argv[1]), engine="auto").findings
print(len(findings), " ".join(m for m in ("frictionless", "pandas") if m in sys.modules))
"""


def test_auto_on_a_small_package_loads_neither_frictionless_nor_pandas() -> None:
    run = subprocess.run(
        [sys.executable, "-c", PROBE, str(REPO)], capture_output=True, text=True, check=True
    )
    assert run.stdout.split() == ["0"]


def test_the_probe_sees_frictionless(tmp_path: Path) -> None:
    """The probe can fail: the reference engine loads frictionless."""
    probe = PROBE.replace('engine="auto"', 'engine="reference"')
    run = subprocess.run(
        [sys.executable, "-c", probe, str(REPO)], capture_output=True, text=True, check=True
    )
    assert "frictionless" in run.stdout.split()
