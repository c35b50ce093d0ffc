"""The worked examples of CONTRIBUTING.md, done on a copy of the repository: each mistake
gives the finding the guide quotes, and each fix leaves a valid package."""

import csv
import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest

from statement_ledger.curation import canonical
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.validate import validate

from ledger_fixture import REPO

GUIDE = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
SEED = "seeds/005_example-daily-border-calm.txt"
SEED_TEXT = (
    "Menu | News | Politics\nExample Daily\n"
    'The minister said on Monday that "the border is calm" and talks will go on.\n'
    "Read more: other stories\n"
)


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


def test_example_3_adding_an_article_with_its_statements(root: Path) -> None:
    (root / SEED).write_text(SEED_TEXT, encoding="utf-8")
    sha = hashlib.sha256(SEED_TEXT.encode()).hexdigest()
    assert f"the file's is {sha[:8]}…" in GUIDE
    article = {
        "outlet_id": "armenpress",
        "title": "Border calm, minister says",
        "published_on": "2023-10-16",
        "published_on_precision": "day",
        "published_on_basis": "stated",
        "language": "en",
        "seed_path": SEED,
        "sha256": "0" * 64,
        "furniture_lines": "1-2|4-4",
        "record_status": "active",
    }
    edit(root, "articles", None, article_id="example-daily-border-calm", **article)
    statement = {
        "article_id": "example-daily-border-calm",
        "speaker_id": "government-of-armenia",
        "said_on_precision": "unknown",
        "channel": "unknown",
        "attribution": "on_record",
        "act": "asserts",
        "quote_kind": "direct",
        "quote": "the border is quiet",
        "claim": "The border is calm.",
        "record_status": "active",
    }
    edit(
        root, "statements", None, statement_id="st-example-daily-minister-border-calm", **statement
    )
    assert sorted(f.rule for f in quoted(root)) == ["quote-grounded", "seed-hash"]
    edit(root, "articles", "example-daily-border-calm", sha256=sha)
    edit(root, "statements", "st-example-daily-minister-border-calm", quote="the border is calm")
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["sources"].append(
        {"title": "Example Daily, 'Border calm', 16 Oct 2023", "path": SEED}
    )
    (root / "datapackage.json").write_bytes(canonical.dump_descriptor(descriptor))
    assert validate(root).valid
