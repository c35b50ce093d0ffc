"""The written forms of each term (`build._search_forms`) and the search page's marking with
them (`search.mark_forms`): the same words marked as FTS5's highlight() marks, whatever the
characters around them, including those whose Unicode classes differ between Python and the
tokenizer."""

from __future__ import annotations

import random
import re
import sqlite3
import sys

import pytest

from statement_ledger.api.explorer import search as fts
from statement_ledger.api.explorer.hits import CLOSE, OPEN
from statement_ledger.database import build
from statement_ledger.database.layout import TOKENIZE

# Characters of every kind near words: letters of several scripts, digits, marks, symbols,
# spaces, private use, unassigned, joiners, punctuation; some are kept in a token by the
# tokenizer although Python's `str.isalnum` says otherwise, and the other way round.
ODD = [
    "\u0301", "\u0308", "\u0327", "\u20e3", "\ue000", "\U000f0001", "\u0378", "\u200b",
    "\u200d", "\u00a0", "\u2009", "\u3000", "\u00ad", "\u2019", "'", "-", "_", "\u2013",
    "\u00b2", "\u00bd", "\u2160", "\u0660", "\u00e9", "\u0130", "\u00df", "\ufb01",
    "\uff21", "\u0531", "\u0561", "\u0259", "\u018f", "\u0627", "\u4e2d", "\U0001f600",
    "\u2122", "\u00a9", "\u20ac", "$", "\u02bc", "\u02b9", "\u19b0", "\u1cf2", ".", ",",
    "\"", "\\", "/", "0", "7", "\t", "\n", "\u2028", "\x85", "\x1f",
]  # fmt: skip
# Not NUL: highlight() copies a text up to its first NUL only (the rest of the text is lost),
# where the forms mark the whole text.
WORDS = [
    "warn", "warned", "Warning", "WARNS", "forewarned", "warnings", "invade", "invasion",
    "Aliyev", "Əliyev", "Blinken", "corridor", "2023", "résumé", "naïve", "Straße",
    "İstanbul", "ﬁnal",
]  # fmt: skip


def texts(count: int, seed: int) -> list[str]:
    """Texts of words and odd characters, joined every way: a word between two odd
    characters, glued to them, or spaced."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 12)):
            parts.append(rng.choice(WORDS) if rng.random() < 0.6 else rng.choice(ODD))
            parts.append(rng.choice(["", " ", "", rng.choice(ODD)]))
        out.append("".join(parts))
    return out


def highlighted(rows: list[str], word: str) -> list[str]:
    """What highlight() makes of each row for a search of `word` (a term's form: the term
    itself may be read as another by the stemmer)."""
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE t USING fts5(text, {TOKENIZE})")
    db.executemany("INSERT INTO t(rowid, text) VALUES (?, ?)", enumerate(rows, 1))
    marked = dict.fromkeys(range(1, len(rows) + 1), None)
    phrase = '"' + word.replace('"', '""') + '"'
    for rowid, text in db.execute(
        "SELECT rowid, highlight(t, 0, ?, ?) FROM t WHERE t MATCH ?", [OPEN, CLOSE, phrase]
    ):
        marked[rowid] = text
    db.close()
    return [text if marked[n] is None else str(marked[n]) for n, text in enumerate(rows, 1)]


def forms_of(rows: list[str]) -> tuple[dict[str, list[str]], tuple[str, str]]:
    """The build's forms of the words of `rows` by term, and its token characters (those that
    start a token, those that only continue one)."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE notes (note TEXT)")
    db.executemany("INSERT INTO notes VALUES (?)", [(r,) for r in rows])
    characters = build._search_forms(db, {"notes": ["note"]})
    forms: dict[str, list[str]] = {}
    for term, form in db.execute("SELECT term, form FROM ledger_search_forms"):
        forms.setdefault(term, []).append(form)
    db.close()
    return forms, characters


def test_whitespace_is_never_in_a_token() -> None:
    """The build splits the text at whitespace before it finds the words: no character that
    Python calls whitespace may be one the tokenizer keeps in a token."""
    spaces = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert len(spaces) > 20
    assert build.token_characters(spaces) == (set(), set())


def test_token_characters_are_the_tokenizers() -> None:
    """Asked of SQLite, not of Python: private use and an unassigned code point start a token,
    a combining accent only continues one, although Python's isalnum says none of them is
    alphanumeric; a space, a hyphen, an apostrophe and an emoji are in none."""
    asked = {"\u0301", "\ue000", "\u0378", "a", "7", " ", "-", "'", "\U0001f600"}
    assert build.token_characters(asked) == ({"\ue000", "\u0378", "a", "7"}, {"\u0301"})
    assert not any(c.isalnum() for c in ["\u0301", "\ue000", "\u0378"])


@pytest.mark.parametrize("seed", range(4))
def test_forms_mark_what_highlight_marks(seed: int) -> None:
    rows = texts(400, seed)
    forms, (starting, continuing) = forms_of(rows)
    assert starting and continuing  # diacritics among them
    klass = "".join(re.escape(c) for c in starting + continuing)
    compared = marked = 0
    for term in sorted(forms):
        pattern = fts.forms_pattern(tuple(forms[term]), klass)
        mine = [
            fts.mark_forms(pattern, frozenset(starting), frozenset(continuing), text)
            for text in rows
        ]
        assert mine == highlighted(rows, forms[term][0]), term
        compared += 1
        marked += sum(OPEN in text for text in mine)
    assert compared > 15 and marked > 400, (compared, marked)


def test_a_form_is_marked_where_a_token_starts_and_ends() -> None:
    """Not inside a longer word; with the accents that continue it; after accents that start
    no token."""
    rows = ["forewarned, warned; warnedly warned\u0301 x\u0301warned \u0301warned ²warned"]
    forms, (starting, continuing) = forms_of(rows)
    pattern = fts.forms_pattern(
        tuple(forms["warn"]), "".join(re.escape(c) for c in starting + continuing)
    )
    got = fts.mark_forms(pattern, frozenset(starting), frozenset(continuing), rows[0])
    assert got == (
        f"forewarned, {OPEN}warned{CLOSE}; warnedly {OPEN}warned\u0301{CLOSE} x\u0301warned "
        f"\u0301{OPEN}warned{CLOSE} ²warned"
    )
    assert [got] == highlighted(rows, "warned")
