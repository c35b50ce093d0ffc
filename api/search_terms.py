"""What a full-text search means to SQLite FTS5: the words a reader types (the default), or a query
in FTS5's own syntax. Every path that searches (REST, GraphQL, the explorer) turns its text
into a MATCH expression here, so all of them read the same input the same way.

The indexes stem English words (`database.layout.TOKENIZE`: the Porter stemmer over unicode61
without diacritics), and a quoted FTS5 string goes through the same tokenizer as the text: a
word finds its inflected forms ("warned" finds "warn", "warning", "warns") and a name finds
itself ("Blinken"), with or without its diacritics.
"""

from __future__ import annotations

WORDS = "words"  # each word must occur, in any order; nothing in the text is an operator
FTS = "fts"  # SQLite FTS5 query syntax: phrases, prefixes, NEAR, AND/OR/NOT, column filters
SYNTAXES = (WORDS, FTS)
MAX_CHARS = 500  # the longest search read, in either syntax (a sentence of 80 words or so)


class UnusableSearch(ValueError):
    """A search that cannot be run, with the reason in words (`message`)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def as_words(text: str) -> str:
    """Each whitespace-separated word of `text` as an FTS5 string ("…", `"` doubled): FTS5 then
    ANDs them, tokenizes each as it does the indexed text (`Nagorno-Karabakh` and `U.S.` are
    phrases of two tokens) and reads no operator, quote, `*`, `^`, `:` or bracket in them. A
    word without letters or digits tokenizes to nothing, and FTS5 leaves it out of the AND."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in text.split())


def match_expression(text: str, syntax: str = WORDS) -> str:
    """The FTS5 MATCH expression for a search as given, in `syntax` (WORDS or FTS).

    Raises UnusableSearch for an unknown syntax, an empty or overlong search, or, in WORDS, a
    search with no letter or digit (it could match nothing). A query in FTS syntax is passed
    on as it is; SQLite reports its syntax errors when it runs."""
    if syntax not in SYNTAXES:
        raise UnusableSearch(f"unknown syntax '{syntax[:40]}'; use one of {', '.join(SYNTAXES)}")
    text = text.replace("\x00", " ")  # FTS5 reads its query as a C string: a NUL would end it
    if not text.strip():
        raise UnusableSearch("empty search")
    if len(text) > MAX_CHARS:
        raise UnusableSearch(
            f"a search is at most {MAX_CHARS} characters long (this one has {len(text):,})"
        )
    if syntax == FTS:
        return text
    if not any(ch.isalnum() for ch in text):
        raise UnusableSearch("nothing to search for: give at least one word of letters or digits")
    return as_words(text)
