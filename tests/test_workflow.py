"""The pull-request workflow and the pre-commit hooks run only commands these tests run too.

Each `statement-ledger` step is run, as the workflow's shell would run it, in a copy of the
repository where `origin/main` is the committed package and a curator's change is pending.
"""

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from statement_ledger.curation import canonical

from ledger_fixture import REPO

TOOL = ".venv/bin/statement-ledger"
SETUP = ["make install"]  # installs the environment this test suite itself runs in
COPIED = (
    "datapackage.json",
    "README.md",
    "LICENSE",
    "CHANGELOG.md",
    "datapackage",
    "schema",
    "seeds",
)
GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]


def workflow() -> dict[Any, Any]:
    doc: dict[Any, Any] = yaml.safe_load((REPO / ".github/workflows/validate.yml").read_text())
    return doc


def commands() -> list[str]:
    return [step["run"] for step in workflow()["jobs"]["validate"]["steps"] if "run" in step]


def tool_commands() -> list[str]:
    return [c for c in commands() if c.startswith(TOOL + " ")]


def hooks() -> list[dict[str, Any]]:
    doc = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    found: list[dict[str, Any]] = [h for repo in doc["repos"] for h in repo["hooks"]]
    return found


def run(command: str, cwd: Path, summary: Path) -> subprocess.CompletedProcess[str]:
    """`command` as the workflow's `bash -e` runs it, with this environment's executable."""
    command = command.replace(TOOL, str(Path(sys.executable).parent / "statement-ledger"))
    return subprocess.run(
        ["bash", "-e", "-c", command],
        cwd=cwd,
        env={**os.environ, "GITHUB_STEP_SUMMARY": str(summary)},
        capture_output=True,
        text=True,
        check=False,
    )


def edit(root: Path, table: str, key: str, **cells: str) -> None:
    """Change cells of one row (a curator's spreadsheet edit), then `fmt`."""
    path = root / "datapackage" / f"{table}.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    next(r for r in rows if next(iter(r.values())) == key).update(cells)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    canonical.write(root)


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A checkout: the package committed as main (and origin/main), a correction pending."""
    root = tmp_path / "repo"
    root.mkdir()
    for name in COPIED:
        copy = shutil.copytree if (REPO / name).is_dir() else shutil.copyfile
        copy(REPO / name, root / name)
    subprocess.run([*GIT, "init", "-q", "-b", "main"], cwd=root, check=True)
    subprocess.run([*GIT, "add", "."], cwd=root, check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", "main"], cwd=root, check=True)
    subprocess.run(["git", "update-ref", "refs/remotes/origin/main", "HEAD"], cwd=root, check=True)
    edit(root, "outlets", "armenpress", notes="Armenia's state news agency.")
    return root


def test_the_workflow_runs_on_pull_requests_and_only_tested_commands() -> None:
    doc = workflow()
    assert "pull_request" in doc.get("on", doc.get(True))  # YAML 1.1 reads a bare `on` as true
    checkout = workflow()["jobs"]["validate"]["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["fetch-depth"] == 0  # so that origin/main exists for the diff
    assert [c for c in commands() if c not in tool_commands()] == SETUP
    assert "\ninstall:" in (REPO / "Makefile").read_text()
    assert [c.split()[1] for c in tool_commands()] == ["validate", "fmt", "diff"]


def test_every_step_passes_on_a_correction(pull_request: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    for command in tool_commands():
        done = run(command, pull_request, summary)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    text = summary.read_text(encoding="utf-8")
    version = json.loads((REPO / "datapackage.json").read_text())["version"]
    assert text.startswith(f"## Data changes: origin/main ({version}) → . ({version})\n")
    assert "| `armenpress` | `notes` | Armenia's state news agency; the 'Armenian media'" in text


def test_a_deleted_row_fails_on_its_line_and_the_summary_says_so(
    pull_request: Path, tmp_path: Path
) -> None:
    gone = "ct-aliyev-readiness-vs-conditional-halt"
    for name in ("contradictions", "contradiction_sides"):
        path = pull_request / "datapackage" / f"{name}.csv"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(line for line in lines if gone not in line), encoding="utf-8")
    canonical.write(pull_request)
    summary = tmp_path / "summary.md"
    validate, fmt, diff = (run(c, pull_request, summary) for c in tool_commands())
    manifest = (pull_request / "datapackage/id_manifest.csv").read_text().splitlines()
    line = 1 + next(i for i, text in enumerate(manifest) if gone in text)
    assert validate.returncode == 1
    assert f"::error file=datapackage/id_manifest.csv,line={line},title=id-removed (id)::" in (
        validate.stdout
    )
    assert fmt.returncode == 0
    assert diff.returncode == 1  # and the summary still explains why
    assert f"> [!CAUTION]\n> contradictions {gone} was removed" in summary.read_text()


def test_the_precommit_hooks_run_the_same_checks(pull_request: Path, tmp_path: Path) -> None:
    found = hooks()
    assert all(h["language"] == "system" and h["pass_filenames"] is False for h in found)
    assert all(h["entry"].startswith(TOOL + " ") for h in found)
    workflow_checks = {c.split()[1] for c in tool_commands()}
    assert workflow_checks <= {h["entry"].split()[1] for h in found}
    for hook in found:
        done = run(hook["entry"], pull_request, tmp_path / "unused")
        assert done.returncode == 0, (hook["id"], done.stdout, done.stderr)
