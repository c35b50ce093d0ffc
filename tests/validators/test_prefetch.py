"""The advice to read the archived files ahead of the seeds pass (validators/prefetch.py), and
the pass finding the same alone and with the prefetcher."""

from __future__ import annotations

import csv
import importlib.util
import os
import sys
from pathlib import Path

import pytest

from statement_ledger.validators import seeds
from statement_ledger.validators.prefetch import Prefetcher, advise
from statement_ledger.validators.validate import validate

from ledger_fixture import REPO


class Advice:
    """Records the paths advised, each taken to be `size` bytes."""

    def __init__(self, size: int = 1) -> None:
        self.size = size
        self.paths: list[str] = []

    def __call__(self, path: str) -> int:
        self.paths.append(path)
        return self.size


PATHS = [f"seeds/{number:03}.txt" for number in range(20)]


def test_advises_the_window_ahead_of_the_caller_and_not_beyond() -> None:
    advice = Advice()
    ahead = Prefetcher(PATHS, window=5, budget=1 << 30, advise=advice)
    assert advice.paths == PATHS[:5]  # before the caller has read anything
    for _ in range(3):
        ahead.advance()
    assert advice.paths == PATHS[:8]  # each file once, in order, 5 past the 3 read
    for _ in range(len(PATHS)):
        ahead.advance()
    assert advice.paths == PATHS  # up to the last, and never past it


def test_holds_no_more_bytes_ahead_than_its_budget() -> None:
    advice = Advice(size=600)
    ahead = Prefetcher(PATHS, window=100, budget=1000, advise=advice)
    assert advice.paths == PATHS[:2]  # 600 + 600 bytes reach the budget
    ahead.advance()  # the first read: 600 bytes ahead, under the budget again
    assert advice.paths == PATHS[:3]
    ahead.advance()
    assert advice.paths == PATHS[:4]


def test_advice_is_willneed_on_the_whole_file_and_gives_its_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 12345)
    given: list[tuple[int, int, int]] = []
    fadvise = os.posix_fadvise

    def recording(fd: int, offset: int, length: int, advice: int) -> None:
        given.append((offset, length, advice))
        fadvise(fd, offset, length, advice)

    monkeypatch.setattr(os, "posix_fadvise", recording)
    assert advise(str(path)) == 12345
    assert given == [(0, 0, os.POSIX_FADV_WILLNEED)]
    assert advise(str(tmp_path / "missing.txt")) == 0  # no error: the pass reports it
    assert len(given) == 1


def test_without_posix_fadvise_nothing_is_advised(monkeypatch: pytest.MonkeyPatch) -> None:
    advice = Advice()
    monkeypatch.delattr(os, "posix_fadvise")
    ahead = Prefetcher(PATHS, window=5, advise=advice)
    ahead.advance()
    assert advice.paths == []


def _broken_package(root: Path) -> Path:
    """A generated package (60 archived files) with one archived file missing, one changed, and
    one quote that is in no article."""
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "benchmarks/generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.generate(300, root, seed=3)
    files = sorted((root / "seeds").rglob("*.txt"))
    files[3].unlink()
    with files[17].open("ab") as handle:
        handle.write(b"\nA line added after the checksum was taken.\n")
    statements = root / "datapackage" / "statements.csv"
    text = statements.read_text(encoding="utf-8")
    quote = _first_quote(statements)
    statements.write_text(text.replace(quote, "Words no archived article holds", 1), "utf-8")
    return root


def _first_quote(statements: Path) -> str:
    with statements.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["quote"] and row["record_status"] == "active":
                return str(row["quote"])
    raise AssertionError("no quote")


@pytest.mark.slow  # a generated package
def test_alone_and_with_the_prefetcher_the_pass_finds_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _broken_package(tmp_path / "pkg")
    seen: list[int] = []

    class Counting(Prefetcher):
        def advance(self) -> None:
            seen.append(1)
            super().advance()

    def findings() -> list[tuple[str, str, int | None, str]]:
        result = validate(root, engine="fast")
        return sorted((f.rule, f.file, f.line, f.message) for f in result.findings)

    monkeypatch.setattr(seeds, "PREFETCH_FROM", 1 << 62)
    alone = findings()
    monkeypatch.setattr(seeds, "PREFETCH_FROM", 0)
    monkeypatch.setattr(seeds, "Prefetcher", Counting)
    ahead = findings()
    rules = [rule for rule, *_ in alone]
    assert rules.count("seed-hash") == 2, alone
    assert "quote-grounded" in rules, alone
    assert ahead == alone
    archived = {p for p in (root / "seeds").rglob("*.txt")}
    assert len(seen) == len(archived) + 1  # every file the articles name, the missing one too


def test_the_fast_engine_starts_reading_before_the_layers_and_the_pass_takes_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _broken_package(tmp_path / "pkg")
    made: list[tuple[int, int]] = []
    advanced: list[int] = []
    advised: list[str] = []

    def advise_and_record(path: str) -> int:
        advised.append(path)
        return advise(path)

    class Recording(Prefetcher):
        def __init__(self, paths: list[str], window: int = 4096) -> None:
            made.append((len(paths), window))
            super().__init__(paths, window=window, advise=advise_and_record)

        def advance(self) -> None:
            advanced.append(1)
            super().advance()

    monkeypatch.setattr(seeds, "PREFETCH_FROM", 0)
    monkeypatch.setattr(seeds, "Prefetcher", Recording)
    started: list[bool] = []
    before: list[int] = []
    layer = seeds._scan

    def scan(package: seeds.CPackage) -> seeds.SeedFindings:
        started.append(seeds.PREFETCH_KEY in package.cache)
        before.append(len(advised))
        return layer(package)

    monkeypatch.setattr(seeds, "_scan", scan)
    validate(root, engine="fast")
    archived = sorted(str(p) for p in (root / "seeds").rglob("*.txt"))
    files = len(archived) + 1  # one was deleted
    assert made == [(files, files)]  # one prefetcher, started early with the whole list
    assert started == [True]
    assert len(advanced) == files
    # every file advised once, in the pass's order, before the pass began (the deleted one too)
    assert before == [files] and len(advised) == files and sorted(advised) == advised
    assert set(archived) < set(advised)
