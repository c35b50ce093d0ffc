"""A small valid package built in a temporary directory, which each test breaks one way."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import io
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from statement_ledger.validators.findings import Finding
from statement_ledger.validators.rules import RULES
from statement_ledger.validators.validate import validate

REPO = Path(__file__).resolve().parent.parent

SEED = (
    "Home | World | Politics\n"
    "Minister Jane Roe said the border is “calm and quiet” after the incident.\n"
    "The ministry denied the report — calling it false.\n"
    "Recent posts: Roe praises the border guards\n"
)

SEED_PATH = "seeds/001_test.txt"

ID_OF = {
    "outlets": "outlet_id",
    "articles": "article_id",
    "actors": "actor_id",
    "events": "event_id",
    "statements": "statement_id",
    "contradictions": "contradiction_id",
    "references": "reference_id",
}


def base_rows() -> dict[str, list[dict[str, str]]]:
    sha = hashlib.sha256(SEED.encode()).hexdigest()
    active = {"record_status": "active"}
    rows: dict[str, list[dict[str, str]]] = {
        "outlets": [
            {
                "outlet_id": "cited-outlet",
                "name": "Cited Outlet",
                "kind": "newspaper",
                "ownership": "private",
                **active,
            },
            {
                "outlet_id": "test-outlet",
                "name": "Test Outlet",
                "homepage": "https://example.org",
                "country": "AM",
                "kind": "online_news",
                "ownership": "unknown",
                **active,
            },
        ],
        "articles": [
            {
                "article_id": "test-article",
                "outlet_id": "test-outlet",
                "title": "Border calm",
                "published_on": "2023-10-15",
                "published_on_precision": "day",
                "published_on_basis": "stated",
                "language": "en",
                "seed_path": "seeds/001_test.txt",
                "sha256": sha,
                "furniture_lines": "1-1|4-4",
                **active,
            },
        ],
        "actors": [
            {
                "actor_id": "jane-roe",
                "name": "Jane Roe",
                "aliases": "J. Roe",
                "kind": "person",
                "affiliation_id": "test-ministry",
                **active,
            },
            {
                "actor_id": "test-ministry",
                "name": "Test Ministry",
                "kind": "government_body",
                **active,
            },
        ],
        "events": [
            {
                "event_id": "border-briefing-2023",
                "name": "Briefing",
                "kind": "press_briefing",
                "start_date": "2023-10-14",
                "start_date_precision": "day",
                "start_date_basis": "inferred",
                "end_date_precision": "unknown",
                "date_note": "'yesterday' in the article",
                "parent_event_id": "border-incident-2023",
                **active,
            },
            {
                "event_id": "border-incident-2023",
                "name": "Incident",
                "kind": "border_incident",
                "start_date": "2023-10-01",
                "start_date_precision": "month",
                "start_date_basis": "stated",
                "end_date": "2023-10-13",
                "end_date_precision": "day",
                "end_date_basis": "stated",
                **active,
            },
        ],
        "statements": [
            {
                "statement_id": "st-roe-calm",
                "article_id": "test-article",
                "speaker_id": "jane-roe",
                "speaker_role": "Minister",
                "said_on": "2023-10-14",
                "said_on_precision": "day",
                "said_on_basis": "inferred",
                "said_on_note": "the briefing was the day before",
                "occasion_event_id": "border-briefing-2023",
                "about_event_id": "border-incident-2023",
                "channel": "press_briefing",
                "attribution": "second_hand",
                "via_outlet_id": "cited-outlet",
                "act": "asserts",
                "quote_kind": "mixed",
                "quote": 'the border is "calm and quiet"',
                "claim": "The border is calm.",
                "utterance_id": "roe-calm-2023",
                **active,
            },
            {
                "statement_id": "st-ministry-denial",
                "article_id": "test-article",
                "speaker_id": "test-ministry",
                "said_on_precision": "unknown",
                "channel": "unknown",
                "attribution": "on_record",
                "act": "denies",
                "quote_kind": "paraphrase",
                "quote": "The ministry denied the report - calling it",
                "claim": "The report is false.",
                "source_actor_id": "jane-roe",
                **active,
            },
        ],
        "contradictions": [
            {
                "contradiction_id": "ct-calm-vs-denial",
                "kind": "denial",
                "summary": "Calm, or not.",
                "resolution": "open",
                "supported_side": "a",
                **active,
            },
        ],
        "contradiction_sides": [
            {
                "contradiction_id": "ct-calm-vs-denial",
                "statement_id": "st-ministry-denial",
                "side": "b",
                **active,
            },
            {
                "contradiction_id": "ct-calm-vs-denial",
                "statement_id": "st-roe-calm",
                "side": "a",
                **active,
            },
        ],
    }
    rows["record_sides"] = [
        {
            "contradiction_id": "ct-calm-vs-denial",
            "side": "c",
            "reference_ids": "record-page",
            "note": "What the record says.",
            **active,
        },
    ]
    rows["article_sides"] = [
        {
            "contradiction_id": "ct-calm-vs-denial",
            "side": "e",
            "article_id": "test-article",
            "note": "The date the page prints.",
            **active,
        },
    ]
    rows["references"] = [
        {
            "reference_id": "record-page",
            "url": "https://example.org/record",
            "title": "The record",
            "published_on_precision": "unknown",
            **active,
        },
    ]
    rows["id_manifest"] = [
        {"table": table, "id": row[column], "first_version": "0.1.0"}
        for table, column in sorted(ID_OF.items())
        for row in rows[table]
    ]
    return rows


@dataclass
class Pkg:
    """A package in a temporary directory, rows kept in memory until `write`."""

    root: Path
    rows: dict[str, list[dict[str, str]]] = field(default_factory=base_rows)
    seed: str = SEED

    def fields(self, table: str) -> list[str]:
        schema = json.loads((self.root / "schema" / f"{table}.json").read_text())
        return [f["name"] for f in schema["fields"]]

    def csv_bytes(self, table: str) -> bytes:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=self.fields(table), lineterminator="\n")
        writer.writeheader()
        for row in self.rows[table]:
            writer.writerow(row)
        return out.getvalue().encode("utf-8")

    def write(self, raw: dict[str, bytes] | None = None) -> Pkg:
        """Write CSVs (or the raw bytes given per table) and refresh the checksums."""
        raw = raw or {}
        (self.root / "seeds").mkdir(exist_ok=True)
        (self.root / SEED_PATH).write_text(self.seed, encoding="utf-8")
        descriptor = json.loads((REPO / "datapackage.json").read_text())
        descriptor["sources"] = [{"title": "Test Outlet, 'Border calm'", "path": SEED_PATH}]
        descriptor["version"] = "0.1.0"  # the fixture's own, as its manifest says
        for resource in descriptor["resources"]:
            data = raw.get(resource["name"], None)
            if data is None:
                data = self.csv_bytes(resource["name"])
            (self.root / resource["path"]).write_bytes(data)
            resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
            resource["bytes"] = len(data)
        (self.root / "datapackage.json").write_text(json.dumps(descriptor, indent=2) + "\n")
        return self

    def row(self, table: str, key: str) -> dict[str, str]:
        column = ID_OF.get(table, "statement_id")
        return next(r for r in self.rows[table] if r.get(column) == key)

    def line(self, table: str, key: str) -> int:
        column = ID_OF.get(table, "statement_id")
        return 2 + next(i for i, r in enumerate(self.rows[table]) if r.get(column) == key)

    def findings(self) -> list[Finding]:
        """The reference engine's findings, after checking the fast and plain engines give the
        same (the plain engine in the same order)."""
        reference = validate(self.root, engine="reference")
        fast = validate(self.root, engine="fast")
        assert sorted(fast.findings, key=_full) == sorted(reference.findings, key=_full)
        assert fast.note == reference.note
        plain = validate(self.root, engine="plain")
        assert [_full(f) for f in plain.findings] == [_full(f) for f in reference.findings]
        assert plain.note == reference.note
        return reference.findings


def _full(finding: Finding) -> tuple[str, ...]:
    return tuple(str(v) for v in finding.model_dump().values())


def where(findings: list[Finding]) -> list[tuple[str, str, int | None, str | None]]:
    """The short projection tests compare: rule, file, line, column (every rule catalogued)."""
    assert {f.rule for f in findings} <= set(RULES), "a rule missing from catalogue.RULES"
    return sorted((f.rule, f.file, f.line, f.column) for f in findings)


def new_package(root: Path) -> Pkg:
    """An empty package folder at `root` with the repository's schemas, ready for `Pkg.write`."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "schema", root / "schema")
    (root / "datapackage").mkdir()
    return Pkg(root)


def benchmark_module(name: str) -> ModuleType:
    """benchmarks/`name`.py, imported as `bench_{name}` (the benchmarks are scripts, not a
    package)."""
    spec = importlib.util.spec_from_file_location(
        f"bench_{name}", REPO / "benchmarks" / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def generated_database(root: Path, statements: int) -> Path:
    """A package of `statements` generated statements (benchmarks/generate.py) in `root`/pkg,
    built into `root`/ledger.db by benchmarks/fastbuild.py; the database's path."""
    package, path = root / "pkg", root / "ledger.db"
    tools = REPO / "benchmarks"
    generate = ["generate.py", str(statements), str(package)]
    for run in (generate, ["fastbuild.py", str(package), str(path)]):
        subprocess.run(
            [sys.executable, str(tools / run[0]), *run[1:]], check=True, capture_output=True
        )
    return path


def run_tool(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """A command as a user runs it in `cwd` (its output captured, its exit code kept)."""
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)


def stock_frictionless(root: Path) -> subprocess.CompletedProcess[str]:
    """`frictionless validate datapackage.json` in `root`, the stock tool as installed."""
    frictionless = Path(sys.executable).parent / "frictionless"
    return run_tool([str(frictionless), "validate", "datapackage.json"], root)


def sha256sum_check(folder: Path) -> subprocess.CompletedProcess[str]:
    """`sha256sum --check --strict SHA256SUMS` in `folder`, as a user verifies a release."""
    return run_tool(["sha256sum", "--check", "--strict", "SHA256SUMS"], folder)
