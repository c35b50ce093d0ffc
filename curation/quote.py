"""`statement-ledger quote`: where words lie in an article's archived text, as a curator pastes
them, and scaffolds of the rows that cite them."""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass
from pathlib import Path

from statement_ledger.catalogue import furniture
from statement_ledger.catalogue.text import fold_quote, quote_pattern
from statement_ledger.curation.propose import slug, table_rows
from statement_ledger.validators.errors import CannotRun
from statement_ledger.validators.package import Package, Table, load

SCAFFOLDS = ("statement", "contradiction")


@dataclass(frozen=True)
class Span:
    """One occurrence of the words: verbatim (whitespace runs made one space), where its first
    and last characters are (line, column), and whether it touches page furniture."""

    verbatim: str
    start: furniture.Position
    end: furniture.Position
    in_furniture: bool

    @property
    def first(self) -> int:
        return self.start[0]

    @property
    def last(self) -> int:
        return self.end[0]


@dataclass
class Found:
    article: dict[str, str]
    spans: list[Span]
    nearest: tuple[int, str] | None  # the most similar line, when nothing matched
    same_words: list[dict[str, str]]  # active statements whose quote has these words


def _article(package: Package, article_id: str) -> dict[str, str]:
    articles = {r["article_id"]: r for r in table_rows(package.table("articles"))}
    if article_id not in articles:
        near = difflib.get_close_matches(article_id, list(articles), n=3, cutoff=0.3)
        hint = f"; nearest: {', '.join(near)}" if near else ""
        raise CannotRun(f"unknown article '{article_id}'{hint}")
    return articles[article_id]


def _text(root: Path, seed_path: str) -> str:
    try:
        raw = (root / seed_path).read_bytes()
        return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except (OSError, UnicodeDecodeError):
        raise CannotRun(f"{seed_path}: cannot be read as UTF-8 text (see `validate`)") from None


def find(root: Path, article_id: str, words: str) -> Found:
    """Every occurrence of `words` in the article's archived text, folded as quote-grounded
    folds (quote marks, dashes, whitespace)."""
    if not words.strip():
        raise CannotRun("the text to look for is empty")
    package = load(root)
    article = _article(package, article_id)
    text = _text(package.root, article["seed_path"])
    ranges = furniture.marks(article.get("furniture_lines", ""))
    spans = []
    for match in quote_pattern(words).finditer(text):
        start, end = furniture.extent(text, match.start(), match.end())
        inside = furniture.covers(ranges, start, end)
        spans.append(Span(" ".join(match[0].split()), start, end, inside))
    nearest = None
    if not spans:
        lines = text.splitlines()
        scores = [
            difflib.SequenceMatcher(None, words.lower(), line.lower()).ratio() for line in lines
        ]
        if scores:
            best = max(range(len(lines)), key=scores.__getitem__)
            nearest = (best + 1, lines[best])
    needle = fold_quote(words)
    same = [
        row
        for row in table_rows(package.table("statements"))
        if row.get("record_status") != "retired"
        and row.get("quote")
        and (needle in fold_quote(row["quote"]) or fold_quote(row["quote"]) in needle)
    ]
    return Found(article, spans, nearest, same)


def _row(table: Table, values: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.field_names)
    writer.writerow([values.get(name, "") for name in table.field_names])
    return out.getvalue()


def _enum(table: Table, name: str) -> str:
    spec = table.field(name) or {}
    values = spec.get("constraints", {}).get("enum")
    return f"{name} ({'|'.join(values)})" if values else name


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def scaffold(root: Path, found: Found, kind: str) -> str:
    """A CSV row (with its header) for `kind`, a proposed id, and the fields left to fill."""
    package = load(root)
    article_id = found.article["article_id"]
    prefix = article_id.split("-")[0]
    quote = found.spans[0].verbatim
    statements = package.table("statements")
    taken = {r["statement_id"] for r in table_rows(statements)}
    statement_id = _unique(f"st-{prefix}-{slug(quote, words=5)}", taken)
    if kind == "statement":
        values = {
            "statement_id": statement_id,
            "article_id": article_id,
            "said_on_precision": "unknown",
            "quote": quote,
            "record_status": "active",
        }
        fill = ["speaker_id", "channel", "attribution", "act", "quote_kind", "claim"]
        later = "speaker_as_reported, said_on (then said_on_precision, said_on_basis), "
        later += "occasion_event_id, about_event_id, utterance_id"
        return (
            f"datapackage/statements.csv:\n{_row(statements, values)}"
            f"fill: {', '.join(_enum(statements, f) for f in fill)}\n"
            f"if the article says: {later}\n"
        )
    contradictions = package.table("contradictions")
    ids = {r["contradiction_id"] for r in table_rows(contradictions)}
    contradiction_id = _unique(f"ct-{prefix}-{slug(quote, words=4)}", ids)
    needle = fold_quote(quote)
    here = [s for s in found.same_words if s["article_id"] == article_id] + [
        s  # a statement that gives these words as its speaker (a misspelled name, say)
        for s in table_rows(statements)
        if s["article_id"] == article_id
        and s.get("record_status") != "retired"
        and s.get("speaker_as_reported")
        and needle in fold_quote(s["speaker_as_reported"])
    ]
    side_statement = here[0]["statement_id"] if here else statement_id
    sides = package.table("contradiction_sides")
    head = {"contradiction_id": contradiction_id, "resolution": "open", "record_status": "active"}
    side = {
        "contradiction_id": contradiction_id,
        "statement_id": side_statement,
        "side": "a",
        "record_status": "active",
    }
    note = "" if here else f" ({side_statement} is the proposed id of a statement to add)"
    return (
        f"datapackage/contradictions.csv:\n{_row(contradictions, head)}"
        f"fill: {_enum(contradictions, 'kind')}, summary\n"
        f"datapackage/contradiction_sides.csv{note}:\n{_row(sides, side)}"
        "add one row per other statement, side b, c, ...; when the other side is the outside "
        "record, add its page to datapackage/references.csv and a row citing it to "
        "datapackage/record_sides.csv\n"
    )


def report(found: Found) -> str:
    """Where the words are, as the curator reads it."""
    article_id = found.article["article_id"]
    if not found.spans:
        out = [f"not found in {found.article['seed_path']} (article {article_id})"]
        if found.nearest:
            number, line = found.nearest
            out.append(f"nearest line {number}: {line.strip()}")
        out.append("copy the words from the archived text: only spaces, line breaks, quote marks")
        out[-1] += " and dashes may differ"
        return "\n".join(out) + "\n"
    out = []
    for span in found.spans:
        lines = (
            f"line {span.first}" if span.first == span.last else f"lines {span.first}-{span.last}"
        )
        where = (
            "in furniture (quote-in-furniture refuses it)" if span.in_furniture else "article text"
        )
        out.append(f"{lines} of {found.article['seed_path']}, {where}:")
        out.append(f"  {span.verbatim}")
        out.append(f"  to mark it as furniture: {furniture.span(span.start, span.end)}")
    for row in found.same_words:
        utterance = row.get("utterance_id") or "(no utterance_id)"
        out.append(
            f"same words as {row['statement_id']} (article {row['article_id']}, "
            f"utterance {utterance})"
        )
    return "\n".join(out) + "\n"
