import hashlib

from ledger_fixture import Pkg, where

S = "datapackage/statements.csv"


def test_name_not_in_the_article_is_found(broken) -> None:  # type: ignore[no-untyped-def]
    findings = broken("statements", "st-roe-calm", speaker_as_reported="Minister Jane Rox")
    assert where(findings) == [("speaker-as-reported", S, 2, "speaker_as_reported")]
    assert findings[0].message == (
        "'Minister Jane Rox' does not occur in seeds/001_test.txt (the archived text of "
        "test-article)."
    )


def test_name_is_found_whatever_its_case_diacritics_and_spacing(pkg: Pkg) -> None:
    pkg.row("statements", "st-roe-calm")["speaker_as_reported"] = "minister  JANE Röe"
    assert where(pkg.write().findings()) == []


def test_name_in_a_text_with_diacritics(pkg: Pkg) -> None:
    pkg.seed = pkg.seed.replace("Jane Roe", "Jane Róe")
    pkg.rows["articles"][0]["sha256"] = hashlib.sha256(pkg.seed.encode()).hexdigest()
    pkg.row("statements", "st-roe-calm")["speaker_as_reported"] = "Jane Roe"
    assert where(pkg.write().findings()) == []
