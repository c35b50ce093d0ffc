"""`statement-ledger diff`: what changed per table and id, in a stable order."""

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from statement_ledger.cli import main as cli
from statement_ledger.publishing import snapshot
from statement_ledger.publishing.diff import compare
from statement_ledger.publishing.diff_render import render_json, render_markdown, render_summary

from ledger_fixture import Pkg, where


def frozen(pkg: Pkg, into: Path) -> Path:
    """Write the package as it stands and keep a copy of it (the 'old' side)."""
    shutil.copytree(pkg.write().root, into)
    return into


def diff_of(old: Path, new: Path) -> str:
    return render_json(compare(snapshot.read(old, "old"), snapshot.read(new, "new")))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_no_changes(pkg: Pkg, tmp_path: Path) -> None:
    old = frozen(pkg, tmp_path / "old")
    diff = compare(snapshot.read(old, "old"), snapshot.read(pkg.root, "new"))
    assert (diff.rows, diff.schema, diff.level) == ((), (), None)
    assert render_summary(diff) == "old (0.1.0) → new (0.1.0): no changes\n"


def test_retiring_passes_and_is_reported(pkg: Pkg, tmp_path: Path) -> None:
    old = frozen(pkg, tmp_path / "old")
    pkg.row("contradictions", "ct-calm-vs-denial").update(
        record_status="retired", retired_reason="not a contradiction after all"
    )
    assert where(pkg.write().findings()) == []
    diff = json.loads(diff_of(old, pkg.root))
    assert diff["summary"] == {"contradictions": {"retired": 1}}
    assert diff["tables"]["contradictions"] == [
        {
            "id": "ct-calm-vs-denial",
            "kind": "retired",
            "changes": [
                {"field": "record_status", "old": "active", "new": "retired"},
                {"field": "retired_reason", "old": "", "new": "not a contradiction after all"},
            ],
        }
    ]
    markdown = render_markdown(compare(snapshot.read(old, "old"), snapshot.read(pkg.root, "new")))
    assert "**Retired (1)**\n\n- `ct-calm-vs-denial`: not a contradiction after all\n" in markdown


def test_replaced_row_names_its_replacement(pkg: Pkg, tmp_path: Path) -> None:
    pkg.rows["actors"].append(
        {"actor_id": "j-roe", "name": "J Roe", "kind": "person", "record_status": "active"}
    )
    old = frozen(pkg, tmp_path / "old")
    pkg.row("actors", "j-roe").update(
        record_status="retired", retired_reason="duplicate of jane-roe", replaced_by="jane-roe"
    )
    diff = compare(snapshot.read(old, "old"), snapshot.read(pkg.write().root, "new"))
    assert [(r.table, r.id, r.kind) for r in diff.rows] == [("actors", "j-roe", "replaced")]
    assert "- `j-roe` → `jane-roe`: duplicate of jane-roe" in render_markdown(diff)
    assert render_summary(diff) == "old (0.1.0) → new (0.1.0): actors 1 replaced [patch]\n"


def test_deleting_a_row_fails_naming_the_id(
    pkg: Pkg, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = frozen(pkg, tmp_path / "old")
    pkg.rows["outlets"] = [r for r in pkg.rows["outlets"] if r["outlet_id"] != "cited-outlet"]
    pkg.row("statements", "st-roe-calm")["via_outlet_id"] = ""
    findings = pkg.write().findings()
    assert [(f.rule, f.value) for f in findings] == [("id-removed", "cited-outlet")]
    code, out, err = run(capsys, "diff", str(old), str(pkg.root), "--format", "summary")
    assert code == 1
    assert "outlets 1 removed (error)" in out
    assert err.startswith("error: outlets cited-outlet was removed: ids are never deleted")


def test_renaming_an_id_is_a_removal_and_an_addition(pkg: Pkg, tmp_path: Path) -> None:
    old = frozen(pkg, tmp_path / "old")
    pkg.row("actors", "test-ministry")["actor_id"] = "the-ministry"
    pkg.row("actors", "jane-roe")["affiliation_id"] = "the-ministry"
    pkg.row("statements", "st-ministry-denial")["speaker_id"] = "the-ministry"
    assert [(f.rule, f.value) for f in pkg.write().findings()] == [("id-removed", "test-ministry")]
    diff = compare(snapshot.read(old, "old"), snapshot.read(pkg.root, "new"))
    assert [(r.table, r.id, r.kind) for r in diff.rows if r.kind != "changed"] == [
        ("actors", "test-ministry", "removed"),
        ("actors", "the-ministry", "added"),
    ]
    assert diff.errors()[0].startswith("actors test-ministry was removed")


def test_field_changes_carry_old_and_new_values_in_schema_order(pkg: Pkg, tmp_path: Path) -> None:
    old = frozen(pkg, tmp_path / "old")
    pkg.row("events", "border-briefing-2023").update(
        start_date="2023-10-13", date_note="'on Friday' in the article"
    )
    pkg.row("actors", "jane-roe")["aliases"] = "J. Roe|Minister Roe"
    diff = json.loads(diff_of(old, pkg.write().root))
    assert list(diff["tables"]) == ["actors", "events"]  # package order, not change order
    assert diff["tables"]["events"][0]["changes"] == [
        {"field": "start_date", "old": "2023-10-14", "new": "2023-10-13"},
        {
            "field": "date_note",
            "old": "'yesterday' in the article",
            "new": "'on Friday' in the article",
        },
    ]
    assert diff["level"] == "patch"


def test_ordering_is_stable_whatever_the_row_order(pkg: Pkg, tmp_path: Path) -> None:
    old = frozen(pkg, tmp_path / "old")
    pkg.row("statements", "st-roe-calm")["claim"] = "The border is quiet."
    pkg.row("statements", "st-ministry-denial")["claim"] = "The report is untrue."
    pkg.rows["contradictions"].append(
        {**pkg.row("contradictions", "ct-calm-vs-denial"), "contradiction_id": "ct-a-new-one"}
    )
    first = diff_of(old, pkg.write().root)
    for rows in pkg.rows.values():
        rows.reverse()  # the same content, rows in another order
    second = diff_of(old, pkg.write().root)
    assert first == second == diff_of(old, pkg.root)
    tables = json.loads(first)["tables"]
    assert [r["id"] for r in tables["statements"]] == ["st-ministry-denial", "st-roe-calm"]
    assert [r["kind"] for r in tables["contradictions"]] == ["added"]


def test_schema_changes_and_the_bump_they_need(pkg: Pkg, tmp_path: Path) -> None:
    old = frozen(pkg, tmp_path / "old")
    path = pkg.root / "schema" / "outlets.json"
    schema = json.loads(path.read_text())
    ownership = next(f for f in schema["fields"] if f["name"] == "ownership")
    ownership["constraints"]["enum"].append("cooperative")
    schema["fields"].append({"name": "founded", "type": "year", "title": "Founded"})
    path.write_text(json.dumps(schema))
    diff = compare(snapshot.read(old, "old"), snapshot.read(pkg.root, "new"))
    assert [(c.table, c.field, c.change, c.level) for c in diff.schema] == [
        ("outlets", "ownership", "enum values added: cooperative", "minor"),
        ("outlets", "founded", "field added", "minor"),
    ]
    assert diff.level == "minor"
    schema["fields"] = [f for f in schema["fields"] if f["name"] != "notes"]
    path.write_text(json.dumps(schema))
    diff = compare(snapshot.read(old, "old"), snapshot.read(pkg.root, "new"))
    assert ("notes", "field removed", "major") in [
        (c.field, c.change, c.level) for c in diff.schema
    ]
    assert diff.level == "major"


def test_markdown_cells_are_escaped(pkg: Pkg, tmp_path: Path) -> None:
    old = frozen(pkg, tmp_path / "old")
    pkg.row("outlets", "test-outlet")["notes"] = "a | b\n<c>"
    markdown = render_markdown(
        compare(snapshot.read(old, "old"), snapshot.read(pkg.write().root, "new"))
    )
    assert "| `test-outlet` | `notes` | *(empty)* | a \\| b<br>&lt;c&gt; |" in markdown


def test_git_revisions_and_zips(
    pkg: Pkg, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = pkg.write().root
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=root, check=True)
    subprocess.run([*git, "add", "."], cwd=root, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "first"], cwd=root, check=True)
    with zipfile.ZipFile(tmp_path / "old.zip", "w") as archive:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and ".git" not in p.parts):
            archive.write(path, f"pkg/{path.relative_to(root)}")  # one top folder
    pkg.row("outlets", "test-outlet")["country"] = "AZ"
    pkg.write()
    monkeypatch.chdir(root)
    answers = {run(capsys, "diff", old, ".", "--format", "summary")[1] for old in ("HEAD", "main")}
    assert answers == {
        "HEAD (0.1.0) → . (0.1.0): outlets 1 changed [patch]\n",
        "main (0.1.0) → . (0.1.0): outlets 1 changed [patch]\n",
    }
    code, out, _ = run(capsys, "diff", str(tmp_path / "old.zip"), ".", "--format", "json")
    assert code == 0 and json.loads(out)["summary"] == {"outlets": {"changed": 1}}
    code, _, err = run(capsys, "diff", "no-such-revision")
    assert (code, err) == (
        2,
        "error: no-such-revision: not a package directory, a .zip file or a git revision\n",
    )


def test_archived_files_and_descriptor_changes_are_listed(pkg: Pkg, tmp_path: Path) -> None:
    (pkg.root / "seeds").mkdir(parents=True)
    (pkg.root / "seeds/000_gone.txt").write_text("Removed later.\n", encoding="utf-8")
    old = frozen(pkg, tmp_path / "old")
    (pkg.root / "seeds/000_gone.txt").unlink()
    (pkg.root / "seeds/001_test.txt").write_text(pkg.seed + "Edited.\n", encoding="utf-8")
    (pkg.root / "seeds/002_new.txt").write_text("A new text.\n", encoding="utf-8")
    path = pkg.root / "datapackage.json"
    descriptor = json.loads(path.read_text())
    descriptor["sources"].append({"title": "New", "path": "seeds/002_new.txt"})
    descriptor["version"] = "0.2.0"
    descriptor["resources"][0]["hash"] = "sha256:" + "0" * 64  # follows the CSV: not listed
    path.write_text(json.dumps(descriptor, indent=2) + "\n")
    diff = json.loads(diff_of(old, pkg.root))
    assert diff["seeds"] == [
        {"path": "seeds/000_gone.txt", "kind": "removed"},
        {"path": "seeds/001_test.txt", "kind": "changed"},
        {"path": "seeds/002_new.txt", "kind": "added"},
    ]
    assert diff["descriptor"] == [
        {"key": "version", "kind": "changed", "old": "0.1.0", "new": "0.2.0"},
        {
            "key": "sources[seeds/002_new.txt]",
            "kind": "added",
            "old": None,
            "new": {"title": "New", "path": "seeds/002_new.txt"},
        },
    ]
    assert diff["level"] == "patch"
    new = snapshot.read(pkg.root, "new")
    markdown = render_markdown(compare(snapshot.read(old, "old"), new))
    assert "### Archived texts (`seeds/`)\n\n**Added (1)**\n\n- `seeds/002_new.txt`" in markdown
    assert "| `sources[seeds/002_new.txt]` | added | *(empty)* |" in markdown
    summary = render_summary(compare(snapshot.read(old, "old"), new))
    assert summary == (
        "old (0.1.0) → new (0.2.0): seeds 1 added, 1 changed, 1 removed; "
        "datapackage.json 2 changes [patch]\n"
    )
