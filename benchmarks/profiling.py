"""Sampling profiles with py-spy, summarised as the frames where the time goes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

LINE = re.compile(r":\d+\)$")


def py_spy() -> str | None:
    found = Path(sys.executable).parent / "py-spy"
    return str(found) if found.exists() else shutil.which("py-spy")


def record_command(argv: list[str], out: Path, rate: int = 100) -> int:
    """Run `argv` under py-spy, writing raw (collapsed) stacks to `out`; returns its exit code."""
    spy = py_spy()
    if spy is None:
        raise RuntimeError("py-spy is not installed")
    command = [spy, "record", "-f", "raw", "-r", str(rate), "-o", str(out), "--", *argv]
    return subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode


def record_pid(pid: int, out: Path, seconds: int, rate: int = 100) -> subprocess.Popen[bytes]:
    """Start sampling a running process for `seconds`; the caller waits on the result."""
    spy = py_spy()
    if spy is None:
        raise RuntimeError("py-spy is not installed")
    command = [spy, "record", "-f", "raw", "-r", str(rate), "-d", str(seconds)]
    command += ["-o", str(out), "--pid", str(pid)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# Each sample goes to the first category any frame of its stack matches (most specific first).
VALIDATION_CATEGORIES = (
    ("quote regex compile (text.quote_pattern)", ("quote_pattern (",)),
    ("quote regex search (text.find_spans)", ("find_spans (",)),
    ("frictionless layer (frictionless_layer: Package.validate)", ("frictionless_layer.py",)),
    ("row models (pydantic, rows.py)", ("rows.py",)),
    ("reading archived texts (seed_text, seed_sha256)", ("seed_text (", "seed_sha256 (")),
    ("other cross-table rules (checks/)", ("checks/",)),
    ("CSV parsing (csvfile.py)", ("csvfile.py",)),
    ("imports and start-up", ("_find_and_load",)),
)
SERVER_CATEGORIES = (
    ("SQL (Database.query)", ("Database.query (",)),
    ("GraphQL document validation", ("_run_validation (",)),
    ("GraphQL parsing", ("parse_document", "graphql/language/parser")),
    ("JSON encoding", ("json/encoder.py", "JSONResponse.render", "json/__init__.py")),
    ("REST row shaping (rest_formats.py)", ("rest_formats.py",)),
    ("DataLoaders (strawberry/dataloader.py)", ("strawberry/dataloader.py",)),
    ("GraphQL execution (resolvers, awaitables)", ("graphql/execution/",)),
    ("access log (logging)", ("logging/__init__.py",)),
    (
        "HTTP and sockets (h11, asyncio transports)",
        ("h11/", "H11Protocol.", "RequestResponseCycle.send", "selector_events.py"),
    ),
    ("rest of the request path (routing, middleware, views)", ("starlette/", "strawberry/")),
)


def breakdown(
    raw: Path, categories: tuple[tuple[str, tuple[str, ...]], ...]
) -> list[tuple[float, str]]:
    """Share of the samples per category, largest first, with the rest as 'other'."""
    counts: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        samples = int(count)
        total += samples
        label = "other"
        for name, needles in categories:
            if any(needle in stack for needle in needles):
                label = name
                break
        counts[label] += samples
    return [(n / total, label) for label, n in counts.most_common()] if total else []


def self_time(raw: Path, top: int = 10) -> list[tuple[float, str]]:
    """The innermost frames by share of the samples."""
    counts: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        total += int(count)
        counts[LINE.sub(")", stack.split(";")[-1])] += int(count)
    return [(n / total, frame) for frame, n in counts.most_common(top)] if total else []
