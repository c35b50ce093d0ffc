"""Lighthouse scores of the explorer's pages, against a floor in every category.

    python benchmarks/lighthouse.py --db ledger.db [--all] [--threshold 95]

Starts the project's real server (`statement-ledger serve`, one worker) on a free loopback
port, runs npm's Lighthouse (pinned below, installed on first use into `build/lighthouse/` with
`npm install --prefix`) in Debian's Chromium, headless, on the home page, a list page, a
contradiction and the timeline (`--all` adds every other page kind), with Lighthouse's default
settings (a phone, simulated throttling). Prints the four categories' scores per page and
exits 1 when any is under the threshold or a page could not be audited; the full JSON reports
are kept in `build/lighthouse/reports/`. Run by `make lighthouse`; never part of `make test`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
VERSION = "12.2.3"  # 13 needs Node.js 22; npm ci refuses a lock of 12.3 to 13.4 on Node 20
PREFIX = REPO / "build" / "lighthouse"
REPORTS = PREFIX / "reports"
CATEGORIES = {
    "performance": "Performance",
    "accessibility": "Accessibility",
    "best-practices": "Best practices",
    "seo": "SEO",
}
# As root in a container Chromium needs --no-sandbox; the machine has no network but the
# loopback, so Chromium's own background fetches are switched off rather than refused.
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)


# --- reading a report (pure) -------------------------------------------------------------------


@dataclass(frozen=True)
class Audit:
    """One page's result: its four category scores (0–100, None when Lighthouse gave none),
    the reason the page could not be audited, and the weighted audits that lost points."""

    page: str
    url: str
    scores: dict[str, int | None]
    error: str | None
    losses: list[str]


def read_report(page: str, report: Mapping[str, Any]) -> Audit:
    """The scores and lost points of a Lighthouse JSON report (`--output=json`)."""
    categories = report.get("categories", {})
    audits = report.get("audits", {})
    scores: dict[str, int | None] = {}
    losses: list[str] = []
    for category in CATEGORIES:
        entry = categories.get(category)
        score = entry.get("score") if entry else None
        scores[category] = None if score is None else round(score * 100)
        for ref in entry.get("auditRefs", []) if entry else []:
            audit = audits.get(ref["id"], {})
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                shown = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                losses.append(f"{category}: {ref['id']} {audit['score']:.2f}{shown}")
    error = report.get("runtimeError")
    url = report.get("finalDisplayedUrl") or report.get("requestedUrl", "")
    return Audit(page, url, scores, error["message"] if error else None, losses)


def problems(audits: list[Audit], threshold: int) -> list[str]:
    """Why the run fails: a page that could not be audited, or a category under `threshold`
    (a category without a score counts as under it)."""
    out = []
    for audit in audits:
        if audit.error:
            out.append(f"{audit.page}: not audited: {audit.error}")
            continue
        for category, score in audit.scores.items():
            if score is None or score < threshold:
                shown = "no score" if score is None else str(score)
                out.append(f"{audit.page}: {CATEGORIES[category]} {shown} < {threshold}")
    return out


def table(audits: list[Audit]) -> list[str]:
    """A Markdown table: one row a page, one column a category."""
    lines = [
        "| page | path | " + " | ".join(CATEGORIES.values()) + " |",
        "| --- | --- |" + " ---: |" * len(CATEGORIES),
    ]
    for audit in audits:
        parts = urlsplit(audit.url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        cells = ["—" if audit.scores[c] is None else str(audit.scores[c]) for c in CATEGORIES]
        lines.append(f"| {audit.page} | `{path}` | " + " | ".join(cells) + " |")
    return lines


# --- running it --------------------------------------------------------------------------------


def pages(db: Path, everything: bool) -> dict[str, str]:
    """Page kind → path: the four audited by default, or every kind of page."""

    def first(table: str, key: str) -> str:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
            row = connection.execute(
                f"SELECT {key} FROM {table} WHERE record_status = 'active' ORDER BY {key} LIMIT 1"
            ).fetchone()
        if row is None:
            raise SystemExit(f"error: {db} has no active row in {table}")
        return str(row[0])

    out = {
        "home": "/",
        "list": "/statements",
        "contradiction": f"/contradictions/{first('contradictions', 'contradiction_id')}",
        "timeline": "/timeline",
    }
    if everything:
        for table, key in [
            ("statements", "statement_id"),
            ("actors", "actor_id"),
            ("outlets", "outlet_id"),
            ("events", "event_id"),
            ("articles", "article_id"),
        ]:
            out[table[:-1]] = f"/{table}/{first(table, key)}"
        for table in ["contradictions", "actors", "outlets", "events"]:
            out[f"list {table}"] = f"/{table}"
        out["search"] = "/search?q=Armenia"
    return out


def lighthouse(say: Any) -> Path:
    """The pinned Lighthouse's command, installed into build/lighthouse on first use."""
    command = PREFIX / "node_modules" / ".bin" / "lighthouse"
    installed = PREFIX / "node_modules" / "lighthouse" / "package.json"
    if installed.is_file() and json.loads(installed.read_text())["version"] == VERSION:
        return command
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("error: npm not found (Debian: apt-get install nodejs npm)")
    say(f"installing lighthouse@{VERSION} into {PREFIX.relative_to(REPO)}")
    PREFIX.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [npm, "install", "--prefix", str(PREFIX), "--save-exact", "--no-audit", "--no-fund",
         f"lighthouse@{VERSION}"],
        capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"error: npm install lighthouse@{VERSION} failed: {done.stderr[-500:]}")
    return command


def chromium() -> str:
    found = os.environ.get("CHROME_PATH") or shutil.which("chromium")
    if not found:
        raise SystemExit("error: Chromium not found (Debian: apt-get install chromium)")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    """`statement-ledger serve` on 127.0.0.1:`port`, once it answers /healthz."""
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(BIN / "statement-ledger"), "serve", "--db", str(db), "--port", str(port),
             "--workers", "1"],
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"error: the server exited: {log.read_text()[-1000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise SystemExit(f"error: the server did not answer within 60 s: {log}")


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(5)


def audit(command: Path, browser: str, page: str, url: str) -> Audit:
    """Lighthouse on one URL; its full report written to build/lighthouse/reports/."""
    report_path = REPORTS / f"{page.replace(' ', '-')}.json"
    report_path.unlink(missing_ok=True)
    try:
        done = subprocess.run(
            [str(command), url, "--quiet", "--output=json", f"--output-path={report_path}",
             f"--chrome-flags={CHROME_FLAGS}"],
            env={**os.environ, "CHROME_PATH": browser}, capture_output=True, text=True,
            timeout=300,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return Audit(page, url, dict.fromkeys(CATEGORIES), "Lighthouse ran over 300 s", [])
    if not report_path.is_file():
        why = (done.stderr.strip() or f"exit code {done.returncode}")[-500:]
        return Audit(page, url, dict.fromkeys(CATEGORIES), why, [])
    return read_report(page, json.loads(report_path.read_text()))


def commit() -> str:
    """The checked-out commit, and whether tracked files differ from it."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True).stdout

    dirty = git("status", "--porcelain", "--untracked-files=no").strip()
    return git("rev-parse", "--short", "HEAD").strip() + (" + uncommitted changes" if dirty else "")


def machine() -> str:
    """Cores, memory and architecture of this machine."""
    memory = next(
        (int(line.split()[1]) / 2**20 for line in Path("/proc/meminfo").read_text().splitlines()
         if line.startswith("MemTotal:")),
        float("nan"),
    )  # fmt: skip
    return f"{os.cpu_count()} cores, {memory:.0f} GiB, {platform.machine()}"


def browser_version(browser: str) -> str:
    done = subprocess.run([browser, "--version"], capture_output=True, text=True)
    return done.stdout.strip() or browser


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a database built by the project")
    parser.add_argument("--all", action="store_true", help="every page kind, not only four")
    parser.add_argument("--threshold", type=int, default=95, help="lowest score allowed")
    args = parser.parse_args(argv)
    if not args.db.is_file():
        parser.error(f"no database at {args.db} (run `make build`)")

    def say(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    command, browser = lighthouse(say), chromium()
    REPORTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = start_server(args.db.resolve(), port, PREFIX / "server.log")
    results = []
    try:
        for page, path in pages(args.db, args.all).items():
            say(f"{page}: {path}")
            results.append(audit(command, browser, page, f"http://127.0.0.1:{port}{path}"))
    finally:
        stop(server)
    print()
    print(
        f"Lighthouse {VERSION} (default settings: a phone, simulated throttling) in "
        f"{browser_version(browser)}, headless, {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} "
        f"UTC, commit {commit()}, on {args.db}; {machine()}."
    )
    print()
    print("\n".join(table(results)))
    for result in results:
        for loss in result.losses:
            print(f"- {result.page}: {loss}")
    found = problems(results, args.threshold)
    print()
    if found:
        print(f"Under {args.threshold}:")
        print("\n".join(f"- {line}" for line in found))
        return 1
    print(f"Every page scores {args.threshold} or more in all four categories.")
    print(f"Reports: {REPORTS.relative_to(REPO)}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
