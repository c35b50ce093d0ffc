"""The archived files read ahead of the seeds pass (validators/prefetch.py), and the pass
finding the same alone and with the prefetcher."""

from __future__ import annotations

import csv
import errno
import importlib.util
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from statement_ledger.validators.checks import seeds
from statement_ledger.validators.prefetch import BLOCK, Prefetcher
from statement_ledger.validators.validate import validate

from ledger_fixture import REPO

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


def _opened(fifo: Path) -> bool:
    """Whether a reader has `fifo` open (a writer can then open it without waiting); the
    writer closes at once, so the reader sees the end of the file and moves on."""
    try:
        handle = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as exc:
        assert exc.errno == errno.ENXIO
        return False
    os.close(handle)
    return True


def _until(test: Callable[[], bool], seconds: float = 20.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if test():
            return True
        time.sleep(0.005)
    return False


def _fifos(tmp_path: Path, count: int) -> list[Path]:
    paths = [tmp_path / f"{number:04}.txt" for number in range(count)]
    for path in paths:
        os.mkfifo(path)
    return paths


def test_reads_ahead_of_the_caller_no_further_than_the_window(tmp_path: Path) -> None:
    window = BLOCK
    fifos = _fifos(tmp_path, window + BLOCK + 1)
    with Prefetcher([str(p) for p in fifos], window=window, threads=4) as ahead:
        for fifo in fifos[:window]:  # read before the caller has read anything
            assert _until(lambda fifo=fifo: _opened(fifo)), f"{fifo.name} was not read ahead"
        time.sleep(0.3)
        assert not _opened(fifos[window]), "read beyond the window"
        for _ in range(BLOCK):
            ahead.advance()
        for fifo in fifos[window : window + BLOCK]:
            assert _until(lambda fifo=fifo: _opened(fifo)), f"{fifo.name} not read after advance"
        time.sleep(0.3)
        assert not _opened(fifos[window + BLOCK]), "read beyond the window after advance"


def _feed(fifo: Path, data: bytes) -> bool:
    """Like `_opened`, writing `data` to the reader first."""
    try:
        handle = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as exc:
        assert exc.errno == errno.ENXIO
        return False
    os.write(handle, data)
    os.close(handle)
    return True


def test_holds_no_more_bytes_ahead_than_its_budget(tmp_path: Path) -> None:
    fifos = _fifos(tmp_path, 8)
    with Prefetcher([str(p) for p in fifos], window=100, threads=1, budget=1000) as ahead:
        for fifo in fifos[:3]:  # 600 + 600 bytes reach the budget; the third was handed out
            assert _until(lambda fifo=fifo: _feed(fifo, b"x" * 600)), f"{fifo.name} not read"
        time.sleep(0.3)
        assert not _opened(fifos[3]), "read beyond the budget"
        for _ in range(BLOCK):
            ahead.advance()  # the pass has read them: nothing is held ahead any more
        assert _until(lambda: _opened(fifos[3])), "not read after the pass caught up"


def test_closing_stops_a_child_stuck_on_a_read(tmp_path: Path) -> None:
    fifos = _fifos(tmp_path, 2)  # nobody writes: the child's reads never end
    ahead = Prefetcher([str(p) for p in fifos], threads=2)
    process = ahead._process
    assert process is not None
    assert _until(lambda: _opened(fifos[0]))  # the child now waits for a writer of the second
    ahead.close()
    assert process.returncode is not None
    ahead.advance()  # after close: nothing happens
    ahead.close()


def test_a_child_that_cannot_start_or_dies_leaves_the_caller_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-python-here"))
    with Prefetcher(["a", "b"]) as ahead:
        assert ahead._process is None
        for _ in range(2 * BLOCK):
            ahead.advance()
    monkeypatch.undo()
    with Prefetcher([str(tmp_path / "missing")]) as ahead:
        assert ahead._process is not None
        ahead._process.kill()
        ahead._process.wait()
        for _ in range(2 * BLOCK):
            ahead.advance()  # a broken pipe ends the prefetching, not the pass
        assert ahead._process is None


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
    closed: list[bool] = []

    class Recording(Prefetcher):
        def __init__(self, paths: list[str], window: int = 4096) -> None:
            made.append((len(paths), window))
            super().__init__(paths, window=window)

        def advance(self) -> None:
            advanced.append(1)
            super().advance()

        def close(self) -> None:
            closed.append(self._process is not None)
            super().close()

    monkeypatch.setattr(seeds, "PREFETCH_FROM", 0)
    monkeypatch.setattr(seeds, "Prefetcher", Recording)
    started: list[bool] = []
    layer = seeds._scan

    def scan(package: seeds.CPackage) -> seeds.SeedFindings:
        started.append(seeds.PREFETCH_KEY in package.cache)
        return layer(package)

    monkeypatch.setattr(seeds, "_scan", scan)
    validate(root, engine="fast")
    archived = {p.relative_to(root) for p in (root / "seeds").rglob("*.txt")}
    files = len(archived) + 1  # one was deleted
    assert made == [(files, files)]  # one prefetcher, started early with the whole list
    assert started == [True]
    assert len(advanced) == files
    assert closed and closed[0] is True
