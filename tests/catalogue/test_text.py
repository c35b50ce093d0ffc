"""find_quote: the spans quote_pattern's regex finds, found by str.find in a folded text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from statement_ledger.catalogue.text import (
    DASHES,
    QUOTE_MARKS,
    FoldedText,
    find_quote,
    fold_needle,
    fold_needles,
    quote_pattern,
)

# Few letters, and every kind of character the folding treats apart, so that texts hold many
# matches, near misses and runs of mixed whitespace.
ALPHABET = st.sampled_from(
    ["a", "b", "é", *QUOTE_MARKS, *DASHES, " ", "\n", "\t", "\xa0", "\u2009"]
)


def regex_spans(text: str, quote: str) -> list[tuple[int, int]]:
    return [m.span() for m in quote_pattern(quote).finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.text(ALPHABET, max_size=40), st.text(ALPHABET, min_size=1, max_size=6))
def test_find_quote_finds_what_the_regex_finds(text: str, quote: str) -> None:
    if not quote.strip():
        assert find_quote(text, quote) == []
        return
    assert find_quote(text, quote) == regex_spans(text, quote)


@settings(max_examples=200, deadline=None)
@given(st.text(ALPHABET, max_size=30), st.text(ALPHABET, max_size=30), st.data())
def test_a_quote_cut_from_the_text_is_found_where_it_was_cut(
    before: str, after: str, data: st.DataObject
) -> None:
    quote = data.draw(st.text(ALPHABET, min_size=1, max_size=12).filter(lambda q: q.strip()))
    text = before + quote + after
    found = find_quote(text, quote)
    assert found == regex_spans(text, quote)
    assert found  # at least where it was cut (or in an earlier match that overlaps it)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.one_of(ALPHABET, st.just("\x00")), max_size=8), max_size=6))
def test_quotes_folded_together_fold_as_each_alone(quotes: list[str]) -> None:
    assert fold_needles(quotes) == [fold_needle(quote) for quote in quotes]


@settings(max_examples=200, deadline=None)
@given(st.text(ALPHABET, max_size=40), st.text(ALPHABET, min_size=1, max_size=6))
def test_a_folded_quote_is_found_where_the_quote_is(text: str, quote: str) -> None:
    (needle,) = fold_needles([quote])
    assert FoldedText(text).find_folded(needle) == find_quote(text, quote)
