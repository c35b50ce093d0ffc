from ledger_fixture import Pkg, where


def duplicate_actor(pkg: Pkg, actor_id: str, replaced_by: str) -> None:
    pkg.rows["actors"].append(
        {
            "actor_id": actor_id,
            "name": "Jane Roe (duplicate)",
            "kind": "person",
            "record_status": "retired",
            "retired_reason": "duplicate of jane-roe",
            "replaced_by": replaced_by,
        }
    )


def test_active_statement_pointing_at_a_merged_actor(pkg: Pkg) -> None:
    duplicate_actor(pkg, "jane-roe-dup", "jane-roe")
    pkg.row("statements", "st-roe-calm")["speaker_id"] = "jane-roe-dup"
    findings = pkg.write().findings()
    line = pkg.line("statements", "st-roe-calm")
    assert where(findings) == [
        ("retired-reference", "datapackage/statements.csv", line, "speaker_id")
    ]
    assert findings[0].message == (
        "jane-roe-dup is retired in datapackage/actors.csv (duplicate of jane-roe)."
    )
    assert findings[0].fix == "Point speaker_id at jane-roe, which replaces jane-roe-dup."


def test_the_fix_follows_a_chain_of_replacements(pkg: Pkg) -> None:
    duplicate_actor(pkg, "jane-roe-dup", "jane-roe-dup-2")
    duplicate_actor(pkg, "jane-roe-dup-2", "jane-roe")
    pkg.row("statements", "st-roe-calm")["speaker_id"] = "jane-roe-dup"
    (finding,) = pkg.write().findings()
    assert finding.fix == "Point speaker_id at jane-roe, which replaces jane-roe-dup."


def test_retired_without_replacement(pkg: Pkg) -> None:
    pkg.row("outlets", "test-outlet").update(record_status="retired", retired_reason="not real")
    findings = pkg.write().findings()
    assert where(findings) == [("retired-reference", "datapackage/articles.csv", 2, "outlet_id")]
    assert findings[0].fix == (
        "Point outlet_id at an active row, or retire this row too, with a retired_reason."
    )


def test_retired_rows_may_point_at_retired_rows(pkg: Pkg) -> None:
    duplicate_actor(pkg, "jane-roe-dup", "jane-roe")
    duplicate_actor(pkg, "jane-roe-dup-2", "jane-roe")
    pkg.rows["actors"][-1]["affiliation_id"] = "jane-roe-dup"
    assert where(pkg.write().findings()) == []


def test_a_retirement_without_its_reason_is_reported_once(pkg: Pkg) -> None:
    pkg.row("outlets", "test-outlet")["record_status"] = "retired"
    assert where(pkg.write().findings()) == [
        ("retired-reason", "datapackage/outlets.csv", 3, "retired_reason")
    ]
