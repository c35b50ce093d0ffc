"""The furniture_lines cell, read once for every layer: ranges of whole lines and spans."""

from __future__ import annotations

import re

import pytest

from statement_ledger.catalogue import furniture
from statement_ledger.catalogue.furniture import covers, extent, marks, on_line, parse_item


def test_both_kinds_of_item_read_back_as_written() -> None:
    cell = "1-1|3:1-3:23|4-6|7:5-8:2"
    assert furniture.cell(marks(cell)) == cell
    assert [m.whole for m in marks(cell)] == [True, False, True, False]


@pytest.mark.parametrize("item", ["", "1", "1-", "a-b", "1:2", "1:2-3", "1-2:3", " 1-2", "1-2 "])
def test_other_text_is_not_an_item(item: str) -> None:
    assert parse_item(item) is None


@pytest.mark.parametrize("item", ["0-1", "2-1", "1:0-1:3", "1:5-1:4", "2:1-1:9"])
def test_zero_or_a_start_after_the_end_is_not_valid(item: str) -> None:
    mark = parse_item(item)
    assert mark is not None and not mark.valid
    assert marks(item) == ()


def test_a_span_covers_its_columns_and_no_others() -> None:
    label = marks("2:1-2:12")
    assert covers(label, (2, 12), (2, 20)) and covers(label, (1, 3), (2, 1))
    assert not covers(label, (2, 13), (2, 40)) and not covers(label, (1, 1), (1, 99))
    assert covers(marks("2-2"), (2, 10_000), (3, 1))


def test_extent_counts_characters_from_one_on_each_line() -> None:
    text = "Menu\nMédia, 21 Sep: Blinken said “no”.\n"
    match = re.search("Blinken", text)
    assert match is not None
    assert extent(text, match.start(), match.end()) == ((2, 16), (2, 22))


def test_the_parts_of_a_line_merge_and_stop_at_its_end() -> None:
    ranges = marks("1:3-1:4|1:5-1:8|1:20-2:2")
    assert on_line(ranges, 1, 25) == [(2, 8), (19, 25)]
    assert on_line(ranges, 2, 10) == [(0, 2)]
    assert furniture.line_is_furniture(marks("1:1-1:3|1:4-1:9"), 1, 9)
    assert not furniture.line_is_furniture(marks("1:1-1:3"), 1, 9)


def test_disorder_names_each_item_that_does_not_follow_the_one_before() -> None:
    ranges = marks("4-4|1-1|1:3-1:5|2:1-2:2")
    assert [(str(a), str(b)) for a, b in furniture.disorder(ranges)] == [
        ("1-1", "4-4"),
        ("1:3-1:5", "1-1"),
    ]
