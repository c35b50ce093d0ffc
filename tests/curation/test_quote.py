"""`statement-ledger quote`: the words as they lie in the archived text, and row scaffolds."""

from __future__ import annotations

import csv
import io

import pytest

from statement_ledger.cli.main import main

from ledger_fixture import Pkg, where


def quote(pkg: Pkg, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["quote", *args, "--package", str(pkg.root)])
    out, err = capsys.readouterr()
    return code, out, err


def test_quote_folds_marks_dashes_and_spaces(pkg: Pkg, capsys: pytest.CaptureFixture[str]) -> None:
    pkg.write()
    code, out, _ = quote(pkg, capsys, 'border  is "calm and quiet"', "--article", "test-article")
    assert code == 0
    assert out.splitlines()[:2] == [
        "line 2 of seeds/001_test.txt, article text:",
        "  border is “calm and quiet”",
    ]
    assert "same words as st-roe-calm (article test-article, utterance roe-calm-2023)" in out


def test_quote_says_when_the_words_are_furniture(
    pkg: Pkg, capsys: pytest.CaptureFixture[str]
) -> None:
    pkg.write()
    code, out, _ = quote(pkg, capsys, "Roe praises the border guards", "--article", "test-article")
    assert code == 0
    assert out.splitlines()[0] == (
        "line 4 of seeds/001_test.txt, in furniture (quote-in-furniture refuses it):"
    )


def test_quote_tells_a_label_span_from_the_sentence_after_it(
    pkg: Pkg, capsys: pytest.CaptureFixture[str]
) -> None:
    """Line 3 begins with a label, marked as the span 3:1-3:12 ("The ministry")."""
    pkg.row("articles", "test-article")["furniture_lines"] = "1-1|3:1-3:12|4-4"
    pkg.write()
    _, label, _ = quote(pkg, capsys, "The ministry", "--article", "test-article")
    _, after, _ = quote(pkg, capsys, "denied the report", "--article", "test-article")
    _, across, _ = quote(pkg, capsys, "ministry denied", "--article", "test-article")
    assert label.splitlines()[:3] == [
        "line 3 of seeds/001_test.txt, in furniture (quote-in-furniture refuses it):",
        "  The ministry",
        "  to mark it as furniture: 3:1-3:12",
    ]
    assert after.splitlines()[:3] == [
        "line 3 of seeds/001_test.txt, article text:",
        "  denied the report",
        "  to mark it as furniture: 3:14-3:30",
    ]
    assert across.splitlines()[0].endswith(", in furniture (quote-in-furniture refuses it):")


def test_quote_not_found_shows_the_nearest_line(
    pkg: Pkg, capsys: pytest.CaptureFixture[str]
) -> None:
    pkg.write()
    code, out, _ = quote(pkg, capsys, "The ministry denyed the report", "--article", "test-article")
    assert code == 1
    assert (
        out.splitlines()[1] == "nearest line 3: The ministry denied the report — calling it false."
    )


def test_unknown_article_is_refused(pkg: Pkg, capsys: pytest.CaptureFixture[str]) -> None:
    pkg.write()
    code, out, err = quote(pkg, capsys, "calm", "--article", "test-artcle")
    assert (code, out) == (2, "")
    assert err == "error: unknown article 'test-artcle'; nearest: test-article\n"


def _rows(block: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(block)))


def test_statement_scaffold_is_a_row_that_only_needs_the_listed_fields(
    pkg: Pkg, capsys: pytest.CaptureFixture[str]
) -> None:
    pkg.write()
    words = "after the incident"
    code, out, _ = quote(pkg, capsys, words, "--article", "test-article", "--scaffold", "statement")
    assert code == 0
    lines = out.splitlines()
    at = lines.index("datapackage/statements.csv:")
    [row] = _rows("\n".join(lines[at + 1 : at + 3]))
    assert row["statement_id"] == "st-test-after-incident"
    assert (row["article_id"], row["quote"]) == ("test-article", "after the incident")
    fill = next(line for line in lines if line.startswith("fill: "))
    row.update(speaker_id="jane-roe", channel="unknown", attribution="on_record", act="asserts")
    row.update(quote_kind="direct", claim="Something happened after the incident.")
    assert fill.startswith("fill: speaker_id, channel (phone_call|")
    pkg.rows["statements"].append(row)
    pkg.write()
    assert where(pkg.findings()) == []


def test_contradiction_scaffold_uses_the_statement_already_there(
    pkg: Pkg, capsys: pytest.CaptureFixture[str]
) -> None:
    pkg.write()
    args = ["calm and quiet", "--article", "test-article", "--scaffold", "contradiction"]
    code, out, _ = quote(pkg, capsys, *args)
    assert code == 0
    lines = out.splitlines()
    head = lines.index("datapackage/contradictions.csv:")
    [contradiction] = _rows("\n".join(lines[head + 1 : head + 3]))
    side_at = next(
        i for i, line in enumerate(lines) if line.startswith("datapackage/contradiction_sides")
    )
    [side] = _rows("\n".join(lines[side_at + 1 : side_at + 3]))
    assert contradiction["contradiction_id"] == side["contradiction_id"] == "ct-test-calm-quiet"
    assert (side["statement_id"], side["side"]) == ("st-roe-calm", "a")
    assert contradiction["resolution"] == "open"


def test_contradiction_scaffold_finds_the_statement_naming_the_speaker_so(
    pkg: Pkg, capsys: pytest.CaptureFixture[str]
) -> None:
    pkg.row("statements", "st-roe-calm")["speaker_as_reported"] = "Minister Jane Roe"
    pkg.write()
    args = ["Jane Roe", "--article", "test-article", "--scaffold", "contradiction"]
    code, out, _ = quote(pkg, capsys, *args)
    lines = out.splitlines()
    side_at = next(
        i for i, line in enumerate(lines) if line.startswith("datapackage/contradiction_sides")
    )
    [side] = _rows("\n".join(lines[side_at + 1 : side_at + 3]))
    assert (code, side["statement_id"]) == (0, "st-roe-calm")
