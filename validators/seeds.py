"""The archived texts, read once for every rule that needs them.

seed-hash, furniture-range, quote-grounded, quote-in-furniture and speaker-as-reported all
look at the files under seeds/. One pass over the articles and the active statements, ordered
by seed_path, reads each file once, hashes it, checks it is UTF-8, counts its lines, and looks
for the quotes (and the speaker_as_reported) of the statements of its articles; the file is
folded (`text.Folded`) only for a quote or name that is not plainly fine as written. The pass
keeps what the rules report (nothing, for a valid package) in `package.cache`, and the rules
turn it into findings.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from statement_ledger.catalogue import furniture as marks
from statement_ledger.catalogue.text import (
    DASHES,
    QUOTE_MARKS,
    WHITESPACE,
    Folded,
    count_lines,
    fold_quote,
    quote_pattern,
    universal_newlines,
)
from statement_ledger.validators.prefetch import Prefetcher
from statement_ledger.validators.rowwise import RPackage

if TYPE_CHECKING:  # only named in annotations: the columns need pyarrow and DuckDB
    from statement_ledger.validators.columnar import CPackage
    from statement_ledger.validators.tables import AnyPackage

KEY = "checks.seeds"  # in package.cache
PREFETCH_KEY = "checks.seeds.prefetch"  # a Prefetcher started before the pass
BATCH = 65_536
CHUNK = 1 << 16
# From this many archived files the kernel is asked to read them ahead of the pass (prefetch.py).
PREFETCH_FROM = 2_000
MISSING, NOT_UTF8, SHA256 = "missing", "not-utf8", "sha256"
# A seed_path that Path(root) / seed_path leaves as it is: root + "/" + seed_path.
_PLAIN = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*")

Ranges = tuple[tuple[int, int], ...]
Marks = tuple[marks.Mark, ...]
_FOLDS = re.compile("[" + re.escape(QUOTE_MARKS + DASHES + WHITESPACE) + "]")


def re2_class(chars: str) -> str:
    """A regex character class of exactly `chars` (RE2 syntax, ASCII only)."""
    return "[" + "".join(f"\\x{{{ord(c):x}}}" for c in chars) + "]"


@dataclass
class SeedFindings:
    """What the five rules report, each list sorted by row."""

    # article row, the case (MISSING, NOT_UTF8, SHA256), the file's sha256
    seed_hash: list[tuple[int, str, str]] = field(default_factory=list)
    # article row, its n-th item, the item, the line it passes the end of (0: the file), and
    # how many lines the file (or characters that line) has
    furniture_range: list[tuple[int, int, str, int, int]] = field(default_factory=list)
    # statement row whose quote is not found, and its article's row
    quote_grounded: list[tuple[int, int]] = field(default_factory=list)
    # statement row, its article's row, and the spans of its quote (all in furniture)
    quote_in_furniture: list[tuple[int, int, Ranges]] = field(default_factory=list)
    # statement row whose speaker_as_reported is not in the text, and its article's row
    speaker_as_reported: list[tuple[int, int]] = field(default_factory=list)


def findings(package: AnyPackage) -> SeedFindings:
    """The pass over the archived texts, done once per package."""
    found = package.cache.get(KEY)
    if not isinstance(found, SeedFindings):
        found = package.cache[KEY] = _scan(package)
    return found


# Each seed_path once, numbered in order; the active statements with a quote, by the seed of
# their article (the first row with their article_id, as `base.index` picks it).
_COMMON = """
    WITH seeds AS (
        SELECT seed_path, row_number() OVER (ORDER BY seed_path) AS seed
        FROM (SELECT DISTINCT seed_path FROM articles WHERE seed_path <> '')
    ), first_article AS (
        SELECT article_id, min(_row) AS arow FROM articles GROUP BY article_id
    ), quoted AS (
        SELECT seeds.seed, s._row, a._row AS arow
        FROM statements s
        JOIN first_article f ON f.article_id = s.article_id
        JOIN articles a ON a._row = f.arow
        JOIN seeds ON seeds.seed_path = a.seed_path
        WHERE s.record_status <> 'retired' AND s.quote <> ''
    )
"""
# The article rows by seed, each with how many quotes the seed has.
ARTICLES = f"""{_COMMON}, counted AS (SELECT seed, count(*) AS quotes FROM quoted GROUP BY seed)
    SELECT seeds.seed, a.seed_path, a._row, a._ok, a.sha256, a.furniture_lines,
           coalesce(counted.quotes, 0) AS quotes
    FROM articles a JOIN seeds USING (seed_path) LEFT JOIN counted USING (seed)
    ORDER BY seeds.seed, a._row
"""
# The statements with a quote in the same order of seeds (the quotes are taken from the table).
QUOTES = f"{_COMMON} SELECT _row, arow FROM quoted ORDER BY seed"


@lru_cache(maxsize=4096)
def fold_name(text: str) -> str:
    """`text` without case and diacritics (NFKD, combining marks dropped, casefolded)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def furniture(cell: str) -> Marks:
    """The well-formed items of a furniture_lines cell (`catalogue.furniture.marks`)."""
    return marks.marks(cell)


def seed_file(root: str, seed: str) -> str:
    """`Path(root) / seed` as a string, without building a Path for a plain seed_path."""
    return f"{root}/{seed}" if _PLAIN.fullmatch(seed) else str(Path(root) / seed)


def read(root: str, seed: str) -> bytes | None:
    """The bytes of `Path(root) / seed`, or None when it cannot be read (as `seed_sha256`)."""
    path = seed_file(root, seed)
    try:
        handle = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        data = os.read(handle, CHUNK)
        if len(data) < CHUNK:  # a regular file reads short only at its end
            return data
        chunks = [data]
        while chunk := os.read(handle, CHUNK):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(handle)


class _Seed:
    """One archived file: its sha256 and, when it is UTF-8, its text as `seed_text` reads it
    (universal newlines), as bytes."""

    __slots__ = ("_folded", "_lengths", "_lines", "_names", "sha", "text")

    def __init__(self, root: str, seed: str) -> None:
        raw = read(root, seed)
        self.sha = None if raw is None else hashlib.sha256(raw).hexdigest()
        self.text: bytes | None = None
        if raw is not None:
            try:
                if not raw.isascii():
                    raw.decode("utf-8")
                self.text = universal_newlines(raw)
            except UnicodeDecodeError:
                pass
        self._lines: int | None = None
        self._folded: Folded | None = None
        self._names: bytes | None = None
        self._lengths: list[int] | None = None

    @property
    def string(self) -> str:
        """The text as a string (for the columns of a span within a line)."""
        assert self.text is not None
        return self.text.decode("utf-8", "surrogatepass")

    @property
    def lengths(self) -> list[int]:
        """How many characters each line has (lines ending at \\n, as `catalogue.furniture`
        counts them)."""
        if self._lengths is None:
            self._lengths = [len(line) for line in self.string.split("\n")]
        return self._lengths

    @property
    def lines(self) -> int:
        """How many lines `str.splitlines` finds."""
        if self._lines is None:
            assert self.text is not None
            self._lines = count_lines(self.text)
        return self._lines

    @property
    def names(self) -> bytes:
        """The text folded as `fold_name` and `Folded` fold, to look for a name in."""
        if self._names is None:
            assert self.text is not None
            text = fold_name(self.text.decode("utf-8", "surrogatepass"))
            self._names = Folded(text.encode("utf-8", "surrogatepass")).haystack
        return self._names

    @property
    def folded(self) -> Folded:
        if self._folded is None:
            assert self.text is not None
            self._folded = Folded(self.text)
        return self._folded


# An ARTICLES row: seed number, seed_path, article row, its model parsed, sha256,
# furniture_lines, how many quotes the seed has. A quote: statement row, its article's row,
# quote, speaker_as_reported.
Article = tuple[int, str, int, bool, str, str, int]
Quote = tuple[int, int, str, str]


def _quote_rows(
    batches: Iterable[Any], text: Any, unmap: Callable[[], None] = lambda: None
) -> Iterator[Quote]:
    """The QUOTES rows with their quotes and speaker_as_reported (`text`: those columns;
    `unmap` lets go of the pages of the columns held on disk, after each batch is taken)."""
    from statement_ledger.validators.columnar import take

    for batch in batches:
        rows = batch.column(0)
        quotes, reported = take(text, rows)
        unmap()
        yield from zip(rows.to_pylist(), batch.column(1).to_pylist(), quotes, reported, strict=True)


def _article_rows(articles: Any) -> Iterator[Article]:
    for batch in articles.to_batches(BATCH):
        yield from zip(*(column.to_pylist() for column in batch.columns), strict=True)


def _by_columns(package: CPackage) -> tuple[Iterable[Article], Iterator[Quote]]:
    """ARTICLES and QUOTES over the columns."""
    statements = package.table("statements")
    text = statements.data.select(["quote", "speaker_as_reported"])
    articles = package.con.sql(ARTICLES).to_arrow_table()
    package.unmap()
    quotes = package.con.sql(QUOTES).to_arrow_reader(BATCH)  # held until read out
    return _article_rows(articles), _quote_rows(quotes, text, statements.unmap)


def _by_rows(package: RPackage) -> tuple[Iterable[Article], Iterator[Quote]]:
    """ARTICLES and QUOTES in Python (the order of quotes within a seed does not matter: the
    findings are sorted)."""
    articles = package.table("articles")
    paths = articles.column("seed_path")
    number = {path: n for n, path in enumerate(sorted({p for p in paths if p}), start=1)}
    first: dict[str, int] = {}
    for row, article_id in enumerate(articles.column("article_id")):
        first.setdefault(article_id, row)
    quoted: dict[int, list[Quote]] = {}
    for row, s in package.table("statements").active():
        arow = first.get(s["article_id"])
        if arow is None or not s["quote"] or not paths[arow]:
            continue
        quote = (row, arow, s["quote"], s["speaker_as_reported"])
        quoted.setdefault(number[paths[arow]], []).append(quote)
    rows = sorted(
        (
            number[path],
            path,
            row,
            articles.parsed(row),
            articles.cell(row, "sha256"),
            articles.cell(row, "furniture_lines"),
            len(quoted.get(number[path], ())),
        )
        for row, path in enumerate(paths)
        if path
    )
    return rows, (quote for seed in sorted(quoted) for quote in quoted[seed])


def _scan(package: AnyPackage) -> SeedFindings:
    root = str(package.root)
    if isinstance(package, RPackage):
        articles, quotes = _by_rows(package)
    else:
        articles, quotes = _by_columns(package)
    ahead = package.cache.pop(PREFETCH_KEY, None) or _prefetcher(package, early=False)
    if ahead is None:
        out = _part(root, articles, quotes)
    else:
        out = _part(root, articles, quotes, ahead.advance)
    for found in vars(out).values():
        found.sort()
    return out


def prefetch_early(package: AnyPackage) -> None:
    """Have the kernel start reading the archived files now, while other checks run (the pass
    then reads them from the page cache); as many as `prefetch.default_budget()` allows ahead
    of it. The pass takes the prefetcher over."""
    if PREFETCH_KEY not in package.cache:
        ahead = _prefetcher(package, early=True)
        if ahead is not None:
            package.cache[PREFETCH_KEY] = ahead


def _prefetcher(package: AnyPackage, early: bool) -> Prefetcher | None:
    """A Prefetcher of the archived files in the pass's order (seed_path), from PREFETCH_FROM
    files on: started early, it may advise any of them ahead; at the pass, 4,096 ahead."""
    articles = package.table("articles")
    if "seed_path" not in articles.field_names:
        return None
    paths = sorted({path for path in articles.column("seed_path") if path})
    if len(paths) < PREFETCH_FROM:
        return None
    root = str(package.root)
    files = [seed_file(root, path) for path in paths]
    return Prefetcher(files, window=len(files)) if early else Prefetcher(files)


def _part(
    root: str,
    articles: Iterable[Article],
    quotes: Iterator[Quote],
    advance: Callable[[], None] = lambda: None,
) -> SeedFindings:
    """The pass over these article rows (whole seeds, in order) and the quotes of their seeds
    (in the same order of seeds); `advance` is called after each file is read."""
    out = SeedFindings()
    ranges: dict[int, Marks] = {}  # article row -> its furniture, for the seed at hand
    current, seed, count = None, None, 0
    for number, path, row, ok, sha, cell, total in articles:
        if seed is None or number != current:
            if seed is not None:
                _quotes(out, seed, ranges, islice(quotes, count))
            current, seed, count, ranges = number, _Seed(root, path), total, {}
            advance()
        _article(out, seed, row, ok, sha, cell, ranges)
    if seed is not None:
        _quotes(out, seed, ranges, islice(quotes, count))
    assert next(quotes, None) is None, "the quotes did not follow the articles"
    return out


def _article(
    out: SeedFindings,
    seed: _Seed,
    row: int,
    ok: bool,
    sha: str,
    cell: str,
    ranges: dict[int, Marks],
) -> None:
    if seed.sha is None:
        out.seed_hash.append((row, MISSING, ""))
    elif seed.text is None:
        out.seed_hash.append((row, NOT_UTF8, ""))
    elif seed.sha != sha:
        out.seed_hash.append((row, SHA256, seed.sha))
    if not ok or not cell:
        return
    spans = furniture(cell)
    if not spans:
        return
    ranges[row] = spans
    if seed.text is None:
        return
    count = seed.lines
    for number, mark in enumerate(spans):
        if mark.end[0] > count:
            out.furniture_range.append((row, number, str(mark), 0, count))
        elif not mark.whole:
            for line, column in (mark.start, mark.end):
                lengths = seed.lengths
                length = lengths[line - 1] if line <= len(lengths) else 0
                if column > length:
                    out.furniture_range.append((row, number, str(mark), line, length))
                    break


def _quotes(
    out: SeedFindings,
    seed: _Seed,
    ranges: dict[int, Marks],
    quotes: Iterator[tuple[int, int, str, str]],
) -> None:
    """Look for the quotes of the seed's statements.

    First as written: a verbatim occurrence is also one of the folded quote in the folded
    text, on the same lines, so a quote found outside the furniture is fine for both rules
    without folding the text, provided the folded search reports that occurrence. It reports
    occurrences left to right without overlap, so it does when two occurrences of the folded
    quote cannot overlap: when none of its proper prefixes is also a suffix (`_overlaps`
    tests a sufficient condition). Any other quote is searched as the rules define it."""
    text = seed.text
    for row, article, quote, reported in quotes:
        if text is None:
            continue  # reported by seed-hash
        if reported and reported.encode() not in text and _unreported(seed, reported):
            out.speaker_as_reported.append((row, article))  # as written: the usual case
        furniture = ranges.get(article)
        words = quote.strip()
        written = words.encode()
        start = text.find(written) if words else -1
        if start >= 0:
            if not furniture:
                continue
            if not _overlaps(words, quote):
                first = text.count(b"\n", 0, start) + 1
                last = first + text.count(b"\n", start, start + len(written) - 1)
                if not any(mark.touches_lines(first, last) for mark in furniture):
                    continue
        _search(out, seed, row, article, quote, furniture)


def _unreported(seed: _Seed, name: str) -> bool:
    """Whether `name` is missing from the text, as written or folded (case, diacritics, quote
    marks, dashes, whitespace)."""
    assert seed.text is not None
    if name.strip().encode("utf-8", "surrogatepass") in seed.text:
        return False
    return fold_quote(fold_name(name)) not in seed.names


def _overlaps(words: str, quote: str) -> bool:
    """False when two occurrences of the folded quote cannot overlap (`words`: the quote
    stripped, not empty)."""
    if len(words) >= 4 and not _FOLDS.search(words[:4] + words[-3:]):
        # These fold to themselves and nothing else folds to them: the folded quote has the
        # same first four and last three characters, and its first four occur again only
        # where they occur again in the quote.
        return (
            words.find(words[:4], 1) != -1
            or words[-1] == words[0]
            or words[-2:] == words[:2]
            or words[-3:] == words[:3]
        )
    needle = fold_quote(quote)
    size = len(needle)
    return (
        needle.find(needle[:4], 1) != -1
        or needle[-1] == needle[0]
        or (size > 2 and needle[-2:] == needle[:2])
        or (size > 3 and needle[-3:] == needle[:3])
    )


def _search(
    out: SeedFindings,
    seed: _Seed,
    row: int,
    article: int,
    quote: str,
    furniture: Marks | None,
) -> None:
    """The rules' own search: the folded quote in the folded text."""
    folded = seed.folded
    needle = fold_quote(quote)
    haystack = folded.haystack
    start = haystack.find(needle) if needle else -1
    if start < 0:
        out.quote_grounded.append((row, article))
        return
    if not furniture:
        return
    if not all(mark.whole for mark in furniture):
        _search_columns(out, seed, row, article, quote, furniture)
        return
    size = len(needle)
    spans = []
    while start != -1:
        first, last = span = folded.span(start, size)
        if not any(mark.touches_lines(first, last) for mark in furniture):
            return  # found outside the furniture: nothing to report
        spans.append(span)
        start = haystack.find(needle, start + size)
    out.quote_in_furniture.append((row, article, tuple(spans)))


def _search_columns(
    out: SeedFindings, seed: _Seed, row: int, article: int, quote: str, furniture: Marks
) -> None:
    """quote-in-furniture for furniture with spans within lines: each occurrence's first and
    last character (the same occurrences as the folded search, found by `quote_pattern`)."""
    text = seed.string
    spans = []
    for match in quote_pattern(quote).finditer(text):
        start, end = marks.extent(text, match.start(), match.end())
        if not marks.covers(furniture, start, end):
            return  # found outside the furniture: nothing to report
        spans.append((start[0], end[0]))
    if spans:
        out.quote_in_furniture.append((row, article, tuple(spans)))
