from ledger_fixture import Pkg, where

C = "datapackage/contradictions.csv"
RECORD = "datapackage/record_sides.csv"


def _without_record_sides(pkg: Pkg) -> None:
    """Only the statement sides left (the fixture also has a record side and an article side)."""
    pkg.rows["record_sides"].clear()
    pkg.rows["article_sides"].clear()


def test_one_side_without_the_record(pkg: Pkg) -> None:
    _without_record_sides(pkg)
    pkg.row("contradiction_sides", "st-ministry-denial")["side"] = "a"
    findings = pkg.write().findings()
    assert where(findings) == [("contradiction-sides", C, 2, "contradiction_id")]
    assert findings[0].message == "This contradiction has only one side."


def _record_side(pkg: Pkg, side: str, status: str = "active") -> None:
    pkg.rows["record_sides"].append(
        {
            "contradiction_id": "ct-calm-vs-denial",
            "side": side,
            "reference_ids": "record-page",
            "note": "What the record says.",
            "record_status": status,
            "retired_reason": "wrong record" if status == "retired" else "",
        }
    )


def test_a_record_side_counts_as_a_side(pkg: Pkg) -> None:
    _without_record_sides(pkg)
    pkg.row("contradiction_sides", "st-ministry-denial")["side"] = "a"
    _record_side(pkg, "b")
    pkg.row("contradictions", "ct-calm-vs-denial")["supported_side"] = "b"
    assert where(pkg.write().findings()) == []


def test_a_retired_record_side_does_not_count(pkg: Pkg) -> None:
    _without_record_sides(pkg)
    pkg.row("contradiction_sides", "st-ministry-denial")["side"] = "a"
    _record_side(pkg, "b", status="retired")
    assert where(pkg.write().findings()) == [("contradiction-sides", C, 2, "contradiction_id")]


def test_record_side_sharing_a_statement_label(pkg: Pkg) -> None:
    _without_record_sides(pkg)
    _record_side(pkg, "b")
    findings = pkg.write().findings()
    assert where(findings) == [("contradiction-sides", RECORD, 2, "side")]
    assert findings[0].message == "Side 'b' is both the outside record and a statement side."


def test_no_sides_at_all(pkg: Pkg) -> None:
    sides = ("contradiction_sides", "record_sides", "article_sides")
    for side in [row for table in sides for row in pkg.rows[table]]:
        side.update(record_status="retired", retired_reason="wrong contradiction")
    pkg.row("contradictions", "ct-calm-vs-denial")["supported_side"] = ""
    findings = pkg.write().findings()
    assert where(findings) == [("contradiction-sides", C, 2, "contradiction_id")]
    assert "no sides" in findings[0].message


ARTICLE = "datapackage/article_sides.csv"


def _article_side(pkg: Pkg, side: str, status: str = "active") -> None:
    pkg.rows["article_sides"].append(
        {
            "contradiction_id": "ct-calm-vs-denial",
            "side": side,
            "article_id": "test-article",
            "note": "The date the page prints.",
            "record_status": status,
            "retired_reason": "not about the article" if status == "retired" else "",
        }
    )


def test_an_article_side_counts_as_a_side(pkg: Pkg) -> None:
    _without_record_sides(pkg)
    pkg.row("contradiction_sides", "st-ministry-denial")["side"] = "a"
    _article_side(pkg, "b")
    pkg.row("contradictions", "ct-calm-vs-denial")["supported_side"] = "b"
    assert where(pkg.write().findings()) == []


def test_a_retired_article_side_does_not_count(pkg: Pkg) -> None:
    _without_record_sides(pkg)
    pkg.row("contradiction_sides", "st-ministry-denial")["side"] = "a"
    _article_side(pkg, "b", status="retired")
    assert where(pkg.write().findings()) == [("contradiction-sides", C, 2, "contradiction_id")]


def test_article_side_sharing_a_statement_label(pkg: Pkg) -> None:
    _without_record_sides(pkg)
    _article_side(pkg, "a")
    findings = pkg.write().findings()
    assert where(findings) == [("contradiction-sides", ARTICLE, 2, "side")]
    assert findings[0].message == "Side 'a' is both an article side and a statement side."
    assert findings[0].fix == "Give the article side a label of its own (the next free letter)."


def test_article_side_sharing_a_record_label(pkg: Pkg) -> None:
    pkg.rows["article_sides"][0]["side"] = "c"  # the record side's label
    findings = pkg.write().findings()
    assert where(findings) == [("contradiction-sides", ARTICLE, 2, "side")]
    assert findings[0].message == "Side 'c' is both an article side and a record side."
