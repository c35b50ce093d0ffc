"""`statement-ledger add article`: archives the text, fills every computed value, proposes the
rest, and refuses clearly what cannot be added."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest

from statement_ledger.cli.main import main

from ledger_fixture import Pkg, where

TEXT = (
    "Test Outlet | Home | World\n"
    "Border guards meet after the incident\n"
    "By Test Outlet staff\n"
    "\n"
    "The ministry denied the report - calling it false, officials said on Monday.\n"
    "Guards from both sides met at the crossing for two hours.\n"
    "Source: Test Ministry\n"
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def add(
    pkg: Pkg, capsys: pytest.CaptureFixture[str], path: Path, *extra: str
) -> tuple[int, str, str]:
    return run(capsys, "add", "article", str(path), "--package", str(pkg.root), *extra)


def articles(pkg: Pkg) -> dict[str, dict[str, str]]:
    text = (pkg.root / "datapackage/articles.csv").read_text(encoding="utf-8")
    return {r["article_id"]: r for r in csv.DictReader(io.StringIO(text))}


@pytest.fixture
def text(tmp_path: Path) -> Path:
    path = tmp_path / "new.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_add_archives_the_text_and_fills_every_computed_value(
    pkg: Pkg, text: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pkg.write()
    code, out, err = add(
        pkg, capsys, text, "--url", "https://example.org/b", "--outlet", "test-outlet"
    )
    assert (code, err) == (0, "")
    sha = hashlib.sha256(TEXT.encode()).hexdigest()
    seed = f"seeds/002_{sha[:16]}.txt"
    assert (pkg.root / seed).read_bytes() == TEXT.encode()
    row = articles(pkg)["test-border-guards-meet-after-incident"]
    assert (row["seed_path"], row["sha256"], row["url"]) == (seed, sha, "https://example.org/b")
    assert row["title"] == "Border guards meet after the incident"
    assert "title taken from line 2" in out
    # never a date that nobody gave
    assert (row["published_on"], row["published_on_precision"]) == ("", "unknown")
    assert row["furniture_lines"] == "1-1|3-3|7-7"
    assert "proposed furniture_lines: 1-1|3-3|7-7" in out
    assert "    3 F | By Test Outlet staff" in out
    descriptor = json.loads((pkg.root / "datapackage.json").read_text())
    [source] = [s for s in descriptor["sources"] if s["path"] != "seeds/001_test.txt"]
    assert source["path"] == seed and source["url"] == "https://example.org/b"
    assert source["title"] == "Test Outlet, 'Border guards meet after the incident', date unknown"
    # the quote of st-ministry-denial is on line 5 of the new text
    assert "  line 5: st-ministry-denial [utterance (no utterance_id)]" in out
    assert where(pkg.findings()) == []


def test_add_takes_the_title_and_date_given(
    pkg: Pkg, text: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pkg.write()
    args = ["--outlet", "test-outlet", "--title", "Guards meet", "--published-on", "2023-10-16"]
    code, out, _ = add(pkg, capsys, text, *args)
    assert code == 0 and "title taken" not in out
    row = articles(pkg)["test-guards-meet"]
    assert (row["published_on"], row["published_on_precision"]) == ("2023-10-16", "day")
    assert (row["published_on_basis"], row["url"]) == ("stated", "")


@pytest.mark.parametrize(
    ("case", "message"),
    [
        (
            "not-utf8",
            "new.txt, line 1: not UTF-8 (byte 0xE9); save the text as UTF-8 and add it again",
        ),
        (
            "outlet",
            "unknown outlet 'test-outlt'; nearest: test-outlet, cited-outlet (a new outlet is a "
            "row in datapackage/outlets.csv first)",
        ),
        ("url", "the URL is already in the package: article test-article"),
        ("archived", "this text is already archived as seeds/001_test.txt (article test-article)"),
    ],
)
def test_add_refuses_in_one_line(
    pkg: Pkg, text: Path, capsys: pytest.CaptureFixture[str], case: str, message: str
) -> None:
    pkg.row("articles", "test-article")["url"] = "https://example.org/a"
    pkg.write()
    outlet, url = "test-outlet", "https://example.org/new"
    if case == "not-utf8":
        text.write_bytes(b"caf\xe9\n")
    elif case == "outlet":
        outlet = "test-outlt"
    elif case == "url":
        url = "https://example.org/a"
    else:
        text.write_text(pkg.seed, encoding="utf-8")
    before = {p: p.read_bytes() for p in pkg.root.rglob("*") if p.is_file()}
    code, out, err = add(pkg, capsys, text, "--url", url, "--outlet", outlet)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.endswith(f"{message}\n") and err.count("\n") == 1
    assert {p: p.read_bytes() for p in pkg.root.rglob("*") if p.is_file()} == before


def test_add_writes_nothing_when_the_package_cannot_be_rewritten(
    pkg: Pkg, text: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header = b"outlet_id,name,homepage"
    pkg.write({"outlets": pkg.csv_bytes("outlets").replace(header, b"outlet,name,homepage", 1)})
    before = {p: p.read_bytes() for p in pkg.root.rglob("*") if p.is_file()}
    code, out, err = add(pkg, capsys, text, "--outlet", "test-outlet")
    assert (code, out) == (2, "")
    assert err.startswith("error: datapackage/outlets.csv, line 1: ") and err.count("\n") == 1
    assert {p: p.read_bytes() for p in pkg.root.rglob("*") if p.is_file()} == before
