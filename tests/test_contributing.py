"""The worked examples of CONTRIBUTING.md, done on a copy of the repository: each mistake
gives the finding the guide quotes, and each fix leaves a valid package."""

import csv
import io
import re
import shutil
from pathlib import Path

import pytest

from statement_ledger.cli.main import main
from statement_ledger.curation import canonical
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.validate import validate

from ledger_fixture import REPO

GUIDE = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copyfile(REPO / "datapackage.json", root / "datapackage.json")
    for name in ("datapackage", "schema", "seeds"):
        shutil.copytree(REPO / name, root / name)
    return root


def edit(root: Path, table: str, key: str | None, **cells: str) -> None:
    """Change cells of the row whose id is `key` (or add a row), then `fmt`."""
    path = root / "datapackage" / f"{table}.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    if key is None:
        rows.append(dict.fromkeys(rows[0], "") | cells)
    else:
        next(r for r in rows if next(iter(r.values())) == key).update(cells)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    canonical.write(root)


def quoted(root: Path) -> list[Finding]:
    """The findings, each checked to be quoted in the guide (message and fix)."""
    findings = validate(root).findings
    for finding in findings:
        assert f"[{finding.rule}]" in GUIDE and finding.fix[:60] in GUIDE, finding
    return findings


def test_example_1_fixing_a_date(root: Path) -> None:
    edit(root, "events", "granada-summit-2023-10-05", start_date="05/10/2023")
    (wrong,) = quoted(root)
    assert (wrong.rule, wrong.column, wrong.message in GUIDE) == ("type-error", "start_date", True)
    edit(root, "events", "granada-summit-2023-10-05", start_date="2023-10-05")
    edit(root, "events", "granada-summit-2023-10-05", start_date_precision="month")
    (wrong,) = quoted(root)
    assert (wrong.rule, wrong.message in GUIDE) == ("date-precision", True)
    edit(root, "events", "granada-summit-2023-10-05", start_date_precision="day")
    assert validate(root).valid


def test_example_2_retiring_a_duplicate_actor(root: Path) -> None:
    edit(root, "actors", None, actor_id="a-blinken", name="A. Blinken", kind="person")
    edit(root, "actors", "a-blinken", record_status="active")
    edit(root, "statements", "st-up-blinken-no-plans-military-assistance", speaker_id="a-blinken")
    edit(
        root,
        "actors",
        "a-blinken",
        record_status="retired",
        retired_reason="duplicate of antony-blinken",
        replaced_by="antony-blinken",
    )
    retired = [f for f in quoted(root) if f.rule == "retired-reference"]
    assert [(f.column, f.value, f.message in GUIDE) for f in retired] == [
        ("speaker_id", "a-blinken", True)
    ]
    edit(
        root,
        "statements",
        "st-up-blinken-no-plans-military-assistance",
        speaker_id="antony-blinken",
    )
    assert validate(root).valid


def block(marker: str) -> str:
    """The fenced block after `<!-- marker -->` in the guide, unindented as a reader copies it."""
    match = re.search(rf"<!-- {marker} -->\n( *)```text\n(.*?)\n\1```", GUIDE, re.S)
    assert match, marker
    indent = len(match[1])
    return "\n".join(line[indent:] for line in match[2].split("\n")) + "\n"


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> str:
    """A command as the guide gives it, in the package at `root`; its output."""
    assert main([*args, "--package", str(root)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def test_example_3_adding_an_article_with_its_statements(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "example-daily.txt"
    text.write_text(block("example-article"), encoding="utf-8")
    outlets = root / "datapackage" / "outlets.csv"
    outlets.write_text(outlets.read_text(encoding="utf-8") + block("example-outlet"))
    add = ["add", "article", str(text), "--url", "https://example.org/blinken-calls-aliyev"]
    add += ["--outlet", "example-daily", "--published-on", "2023-09-20"]
    assert f"article example-daily.txt {' '.join(add[3:])}" in GUIDE
    assert run(capsys, root, *add) == block("add-output")
    article = "example-blinken-calls-aliyev-fighting-resumes-karabakh"
    assert validate(root).valid  # the article alone: nothing computed by hand
    assert "`printed_date` (`20 September 2023`;" in GUIDE
    edit(root, "articles", article, printed_date="20 September 2023")
    assert validate(root).valid  # the date as the page prints it
    label = run(capsys, root, "quote", "Politics |", "--article", article)
    assert label == block("label-output")
    cell = re.search(r"<!-- label-cell -->`([^`]+)`", GUIDE)
    assert cell and cell[1].endswith(label.splitlines()[2].split(": ")[1] + "|8-9")
    edit(root, "articles", article, furniture_lines=cell[1])
    assert validate(root).valid
    refused = run(capsys, root, "quote", "Politics | The State Department", "--article", article)
    assert refused.splitlines()[0].endswith("in furniture (quote-in-furniture refuses it):")
    words = "he had spoken with both leaders"
    scaffold = run(capsys, root, "quote", words, "--article", article, "--scaffold", "statement")
    assert scaffold == block("scaffold-output")
    pasted = next(csv.DictReader(io.StringIO("\n".join(scaffold.splitlines()[5:7]))))
    readout = next(line for line in block("add-output").splitlines() if line.startswith("  line 6"))
    utterance = readout.split("[utterance ")[1].split("]")[0]
    quoted_line = run(capsys, root, "quote", readout.split(" '", 1)[1][:-1], "--article", article)
    line_6 = quoted_line.splitlines()[1].strip()
    filled = {
        "speaker_id": "antony-blinken",
        "channel": "interview",
        "attribution": "on_record",
        "act": "asserts",
        "quote_kind": "paraphrase",
        "claim": "Blinken spoke with the leaders of Armenia and Azerbaijan.",
        "speaker_as_reported": "Antony Blinkin",
    }
    edit(root, "statements", None, **(pasted | filled))
    edit(
        root,
        "statements",
        None,
        **(
            pasted
            | filled
            | {
                "statement_id": "st-example-secretary-no-military-solution",
                "speaker_as_reported": "The Secretary",
                "channel": "phone_call",
                "attribution": "official_readout",
                "quote_kind": "direct",
                "quote": line_6,
                "claim": "There is no military solution; the parties must resume dialogue.",
                "utterance_id": utterance,
            }
        ),
    )
    edit(root, "actors", "antony-blinken", misspellings="Antony Blinkin")
    (finding,) = quoted(root)  # the one failed check of the example
    assert (finding.rule, finding.message in GUIDE) == ("misspelling-recorded", True)
    args = ["quote", "Antony Blinkin", "--article", article, "--scaffold", "contradiction"]
    scaffold = run(capsys, root, *args)
    assert scaffold == block("contradiction-output")
    lines = scaffold.splitlines()
    contradiction = next(csv.DictReader(io.StringIO("\n".join(lines[5:7]))))
    side = next(csv.DictReader(io.StringIO("\n".join(lines[9:11]))))
    contradiction |= {
        "kind": "misattribution",
        "summary": "Example Daily names the Secretary of State 'Antony Blinkin'.",
        "resolution": "resolved",
        "resolution_note": "His name is Antony Blinken.",
    }
    edit(root, "contradictions", None, **contradiction)
    edit(root, "contradiction_sides", None, **(side | {"note": "Names him 'Antony Blinkin'."}))
    assert "`state-blinken-biography`" in GUIDE and "datapackage/record_sides.csv" in GUIDE
    reference = {
        "reference_id": "state-blinken-biography",
        "url": "https://www.state.gov/biographies/antony-j-blinken/",
        "title": "Antony J. Blinken",
        "publisher": "U.S. Department of State",
        "published_on_precision": "unknown",
        "record_status": "active",
    }
    edit(root, "references", None, **reference)
    record_side = {
        "contradiction_id": contradiction["contradiction_id"],
        "side": "b",
        "reference_ids": "state-blinken-biography",
        "note": "The State Department spells his name Antony Blinken.",
        "record_status": "active",
    }
    edit(root, "record_sides", None, **record_side)
    assert validate(root).valid
