"""Layer 1: frictionless errors arrive as curator findings with the CSV line and column."""

from ledger_fixture import Pkg, where

S = "datapackage/statements.csv"


def test_bad_date(broken) -> None:  # type: ignore[no-untyped-def]
    findings = broken("statements", "st-roe-calm", said_on="14/10/2023")
    assert where(findings) == [("type-error", S, 2, "said_on")]
    assert findings[0].fix.startswith("Write a date written YYYY-MM-DD")


def test_value_outside_enum(broken) -> None:  # type: ignore[no-untyped-def]
    findings = broken("statements", "st-roe-calm", act="claims")
    assert where(findings) == [("constraint-error", S, 2, "act")]
    assert findings[0].fix.startswith("Write one of: asserts, denies, warns")


def test_required_cell_empty(broken) -> None:  # type: ignore[no-untyped-def]
    findings = broken("statements", "st-roe-calm", claim="")
    assert where(findings) == [("constraint-error", S, 2, "claim")]
    assert findings[0].message == "claim is required but empty."


def test_id_not_a_slug(broken) -> None:  # type: ignore[no-untyped-def]
    findings = broken("events", "border-incident-2023", wikidata_id="q42")
    assert where(findings) == [("constraint-error", "datapackage/events.csv", 3, "wikidata_id")]


def test_duplicate_primary_key(pkg: Pkg) -> None:
    pkg.rows["outlets"].append(dict(pkg.row("outlets", "test-outlet")))
    findings = pkg.write().findings()
    assert ("primary-key", "datapackage/outlets.csv", 4, None) in where(findings)


def test_foreign_key_to_nothing(broken) -> None:  # type: ignore[no-untyped-def]
    findings = broken("statements", "st-roe-calm", speaker_id="jane-doe")
    assert ("foreign-key", S, 2, "speaker_id") in where(findings)
    fk = next(f for f in findings if f.rule == "foreign-key")
    assert fk.value == "jane-doe"


def test_stale_checksum(pkg: Pkg) -> None:
    pkg.write()
    path = pkg.root / "datapackage" / "outlets.csv"
    path.write_bytes(path.read_bytes().replace(b"Test Outlet", b"Test Outlet 2"))
    findings = pkg.findings()
    assert where(findings) == [
        ("byte-count", "datapackage/outlets.csv", None, None),
        ("hash-count", "datapackage/outlets.csv", None, None),
    ]
    assert "statement-ledger fmt" in findings[0].fix
