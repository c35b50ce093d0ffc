from ledger_fixture import Pkg, where


def test_alias_of_another_actor(pkg: Pkg) -> None:
    pkg.row("actors", "test-ministry")["aliases"] = "J. Roe"
    findings = pkg.write().findings()
    assert where(findings) == [("alias-unique", "datapackage/actors.csv", 3, "aliases")]
    assert findings[0].value == "J. Roe"


def test_misspelling_equal_to_another_actors_name(pkg: Pkg) -> None:
    pkg.row("actors", "test-ministry")["misspellings"] = "jane roe"
    # printed in the article ("Jane Roe") but in no misattribution contradiction, as well
    assert where(pkg.write().findings()) == [
        ("alias-unique", "datapackage/actors.csv", 3, "misspellings"),
        ("misspelling-recorded", "datapackage/actors.csv", 3, "misspellings"),
    ]
