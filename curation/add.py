"""`statement-ledger add article`: archive a text under seeds/ and add its article row.

Everything a curator would otherwise compute by hand is filled in: the archived file's name
(`NNN_<first 16 hex digits of its sha256>.txt`, NNN the next number), its sha256, the article
row with a proposed id, its `sources` entry in datapackage.json, and the descriptor's
checksums. What needs judgement is proposed and printed, never decided silently: the
furniture ranges, the title when none is given, and the sentences the package already quotes.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from statement_ledger.catalogue import furniture as marks
from statement_ledger.curation import canonical
from statement_ledger.curation.propose import (
    Match,
    furniture_ranges,
    known_quotes,
    slug,
)
from statement_ledger.curation.propose import table_rows as rows
from statement_ledger.validators.errors import CannotRun
from statement_ledger.validators.package import Package, Table, load

SOURCE_NOTE = (
    "Archived third-party text kept as evidence for the quotes; copyright remains with the "
    "publisher and it is not covered by the package licences."
)
SEED_NAME = re.compile(r"^(\d+)_")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Added:
    """What `add_article` wrote, and what it proposes for the curator to check."""

    article_id: str
    seed_path: str
    sha256: str
    lines: list[str]
    furniture: list[marks.Mark]
    title_line: int | None  # the line the title was taken from, when not given
    published_on: str | None
    matches: list[Match] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


def read_text(path: Path) -> tuple[bytes, str]:
    """The file's bytes and text; refused unless it is UTF-8 text."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CannotRun(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise CannotRun(
            f"{path}, line {line}: not UTF-8 (byte 0x{raw[exc.start]:02X}); "
            "save the text as UTF-8 and add it again"
        ) from None
    if not text.strip():
        raise CannotRun(f"{path}: the file is empty")
    return raw, text


def _check_outlet(package: Package, outlet: str) -> dict[str, str]:
    outlets = {r["outlet_id"]: r for r in rows(package.table("outlets"))}
    if outlet in outlets:
        return outlets[outlet]
    near = difflib.get_close_matches(outlet, list(outlets), n=3, cutoff=0.4)
    near += [i for i, r in outlets.items() if outlet.lower() in r["name"].lower() and i not in near]
    hint = f"; nearest: {', '.join(near[:3])}" if near else ""
    raise CannotRun(
        f"unknown outlet '{outlet}'{hint} (a new outlet is a row in datapackage/outlets.csv first)"
    )


def _check_new(package: Package, url: str, sha: str) -> None:
    for row in rows(package.table("articles")):
        if url and row.get("url") == url:
            raise CannotRun(f"the URL is already in the package: article {row['article_id']}")
        if row.get("sha256") == sha:
            raise CannotRun(
                f"this text is already archived as {row['seed_path']} (article {row['article_id']})"
            )
    for source in package.descriptor.get("sources", []):
        if url and isinstance(source, dict) and source.get("url") == url:
            raise CannotRun(f"the URL is already in the package: source {source.get('path')}")
    for existing in sorted((package.root / "seeds").glob("*")):
        if existing.is_file() and hashlib.sha256(existing.read_bytes()).hexdigest() == sha:
            raise CannotRun(f"this text is already archived as seeds/{existing.name}")


def seed_name(root: Path, sha: str) -> str:
    """seeds/NNN_<16 hex>.txt: the next number after the highest archived one."""
    numbers = [
        int(m[1]) for p in (root / "seeds").glob("*") if (m := SEED_NAME.match(p.name)) is not None
    ]
    number = max(numbers, default=-1) + 1
    return f"seeds/{number:03d}_{sha[:16]}.txt"


def article_id(outlet_id: str, title: str, taken: set[str]) -> str:
    """`<outlet's first word>-<title's first words>`, like the existing ids; made unique."""
    base = "-".join(filter(None, [slug(outlet_id).split("-")[0], slug(title, words=6)]))
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _title(lines: list[str], furniture: list[marks.Mark]) -> tuple[str, int]:
    """The first line outside the proposed furniture (the headline, in most archived pages)."""
    for number, line in enumerate(lines, 1):
        if line.strip() and not marks.line_is_furniture(furniture, number, len(line)):
            return line.strip(), number
    return lines[0].strip(), 1


def _append_row(package: Package, table: Table, row: dict[str, str]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([row.get(n, "") for n in table.field_names])
    raw = table.raw if table.raw.endswith(b"\n") or not table.raw else table.raw + b"\n"
    (package.root / table.path).write_bytes(raw + out.getvalue().encode("utf-8"))


def _add_source(package: Package, source: dict[str, str]) -> None:
    descriptor = json.loads(json.dumps(package.descriptor))
    sources = [s for s in descriptor.get("sources", []) if isinstance(s, dict)]
    sources.append(source)
    sources.sort(key=lambda s: str(s.get("path", "")))
    descriptor["sources"] = sources
    (package.root / "datapackage.json").write_bytes(canonical.dump_descriptor(descriptor))


def add_article(
    root: Path,
    path: Path,
    url: str,
    outlet: str,
    title: str | None = None,
    published_on: str | None = None,
    language: str = "en",
) -> Added:
    """Archive `path` and add its article row and source; raises CannotRun when refused."""
    raw, text = read_text(path)
    if published_on and not DATE.match(published_on):
        raise CannotRun(f"--published-on '{published_on}' is not a date written YYYY-MM-DD")
    package = load(root)
    unreadable = canonical.unreadable(root)
    if unreadable:
        first = unreadable[0]
        where = f"{first.file}, line {first.line}" if first.line else first.file
        raise CannotRun(
            f"{where}: {first.message} Fix it first (`statement-ledger fmt` shows how)."
        )
    outlet_row = _check_outlet(package, outlet)
    sha = hashlib.sha256(raw).hexdigest()
    _check_new(package, url, sha)
    lines = text.splitlines()
    furniture = furniture_ranges(lines)
    title_line = None
    if not title:
        title, title_line = _title(lines, furniture)
    articles = package.table("articles")
    new_id = article_id(outlet, title, {r["article_id"] for r in rows(articles)})
    seed = seed_name(package.root, sha)
    (package.root / "seeds").mkdir(exist_ok=True)
    (package.root / seed).write_bytes(raw)
    row = {
        "article_id": new_id,
        "outlet_id": outlet,
        "title": title,
        "url": url,
        "published_on": published_on or "",
        "published_on_precision": "day" if published_on else "unknown",
        "published_on_basis": "stated" if published_on else "",
        "language": language,
        "seed_path": seed,
        "sha256": sha,
        "furniture_lines": marks.cell(furniture),
        "record_status": "active",
    }
    _append_row(package, articles, row)
    when = published_on or "date unknown"
    source = {"title": f"{outlet_row['name']}, '{title}', {when}", "path": seed}
    if url:
        source["url"] = url
    source["description"] = SOURCE_NOTE
    _add_source(package, source)
    changed = canonical.write(root)
    matches = known_quotes(load(root), text)
    return Added(new_id, seed, sha, lines, furniture, title_line, published_on, matches, changed)


def report(added: Added) -> str:
    """What `add article` prints: what it wrote, the numbered text and what to check."""
    out = [
        f"archived {added.seed_path} (sha256 {added.sha256})",
        f"added article {added.article_id} to datapackage/articles.csv and its source to "
        "datapackage.json",
    ]
    if added.title_line is not None:
        out.append(f"title taken from line {added.title_line}: correct the cell if it is not")
    out.append("")
    ranges = added.furniture
    for number, line in enumerate(added.lines, 1):
        mark = "F" if marks.line_is_furniture(ranges, number, len(line)) else " "
        out.append(f"{number:>5} {mark} | {line}")
    out.append("")
    cell = marks.cell(ranges) or "(none)"
    out.append(
        f"proposed furniture_lines: {cell} (lines marked F: menus, bylines, captions, "
        "'Source:' lines); check it and correct the cell in datapackage/articles.csv; "
        "a label within a line is marked LINE:COLUMN-LINE:COLUMN, as `quote` prints it"
    )
    if added.published_on is None:
        out.append(
            "published_on is left unknown: if the page prints the date, set published_on, "
            "published_on_precision and published_on_basis (stated)"
        )
    if added.matches:
        out.append("")
        out.append("sentences already quoted in the package:")
        for match in added.matches:
            utterance = match.utterance_id or "(no utterance_id)"
            lines = f"line {match.first}"
            if match.last > match.first:
                lines = f"lines {match.first}-{match.last}"
            out.append(f"  {lines}: {match.statement_id} [utterance {utterance}] {match.quote!r}")
    return "\n".join(out) + "\n"
