from ledger_fixture import Pkg, where


def test_one_utterance_two_speakers(pkg: Pkg) -> None:
    pkg.row("statements", "st-ministry-denial")["utterance_id"] = "roe-calm-2023"
    line = pkg.line("statements", "st-ministry-denial")
    assert where(pkg.write().findings()) == [
        ("utterance-speaker", "datapackage/statements.csv", line, "utterance_id")
    ]
