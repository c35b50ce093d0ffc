"""Searching, the same through REST, GraphQL and the explorer's search page, over the real
package built into a real database and served by a real server: plain words by default, FTS5
syntax on request, and an index that stems English words but still finds names as written."""

from __future__ import annotations

import random
import re
from typing import Any

import httpx
import pytest

from statement_ledger.api.search_terms import MAX_CHARS

from ledger_data import SEARCH_COLUMNS, gql, rows

STATEMENT_LINK = re.compile(r'<a href="/statements/([^"]+)">')


def matching(table: str, pattern: str) -> set[str]:
    """Active rows of `table` whose searched columns match a regular expression."""
    regex = re.compile(pattern, re.IGNORECASE)
    id_column = {"statements": "statement_id", "actors": "actor_id"}[table]
    return {
        row[id_column]
        for row in rows(table)
        if any(regex.search(row[c]) for c in SEARCH_COLUMNS[table])
    }


def rest_ids(http: httpx.Client, table: str, search: str, syntax: str = "words") -> set[str]:
    response = http.get(
        f"/api/v1/{table}", params={"search": search, "syntax": syntax, "first": "100"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert not body["page"]["has_next"]
    id_column = {"statements": "statement_id", "actors": "actor_id"}[table]
    return {row[id_column] for row in body["data"]}


def graphql_ids(http: httpx.Client, table: str, search: str, syntax: str = "words") -> set[str]:
    answer = gql(
        http,
        f"query($s: String!) {{ {table}(search: $s, syntax: {syntax}, first: 100) "
        "{ pageInfo { hasNextPage } nodes { id } } }",
        s=search,
    )
    assert "errors" not in answer, answer["errors"]
    assert not answer["data"][table]["pageInfo"]["hasNextPage"]
    return {node["id"] for node in answer["data"][table]["nodes"]}


def page_ids(http: httpx.Client, search: str, syntax: str = "words") -> set[str]:
    """The statements the explorer's search page lists for `search` (every page of them)."""
    found: set[str] = set()
    for number in range(1, 10):
        params = {"q": search, "in": "statements", "page": str(number), "syntax": syntax}
        response = http.get("/search", params=params)
        assert response.status_code == 200, response.text
        listed = set(STATEMENT_LINK.findall(response.text))
        if listed <= found:
            break
        found |= listed
    return found


SURFACES = {"REST": rest_ids, "GraphQL": graphql_ids}


# The forms of "warn" the searched columns of statements hold, forms a reader may type, and
# the pattern of the whole family.
WARN_IN_DATA = ("warn", "warned", "warning")
WARN_TYPED = ("warn", "warned", "warning", "warns", "Warnings")
WARN = r"\bwarn(s|ed|ing|ings)?\b"


def test_each_form_of_a_word_finds_every_other(http: httpx.Client) -> None:
    family = matching("statements", WARN)
    for form in WARN_IN_DATA:
        with_form = matching("statements", rf"\b{form}\b")
        assert with_form, f"no statement says {form!r}: pick forms the data has"
        assert family - with_form, f"every {form!r} statement says it: nothing to prove"
    for form in WARN_TYPED:
        assert rest_ids(http, "statements", form) == family, form
        assert graphql_ids(http, "statements", form) == family, form
        assert page_ids(http, form) == family, form


def test_porter_joins_invade_and_invaded_but_not_invasion(http: httpx.Client) -> None:
    """What the Porter stemmer does, and does not, put together (as the README says)."""
    invade = matching("statements", r"\binvad(e|ed|es|ing)\b")
    invasion = matching("statements", r"\binvasions?\b")
    assert invade - invasion and invasion - invade
    for surface in (rest_ids, graphql_ids):
        for form in ("invade", "invaded", "invading"):
            assert surface(http, "statements", form) == invade, form
        assert surface(http, "statements", "invasion") == invasion
    assert page_ids(http, "invaded") == invade


@pytest.mark.parametrize(
    ("table", "name", "pattern"),
    [
        ("statements", "Blinken", r"\bblinken\b"),
        ("statements", "Pashinyan", r"\bpashinyan\b"),
        ("statements", "Aliyev", r"\baliyev\b"),
        ("actors", "Blinken", r"\bblinken\b"),
        ("actors", "Miller", r"\bmiller\b"),
        ("statements", "Erdogan", r"\berdo[gğ]an\b"),  # diacritics or not
        ("statements", "Erdoğan", r"\berdo[gğ]an\b"),
    ],
)
def test_a_name_finds_exactly_the_rows_that_name_it(
    http: httpx.Client, table: str, name: str, pattern: str
) -> None:
    expected = matching(table, pattern)
    assert expected
    for surface in SURFACES.values():
        assert surface(http, table, name) == expected
        assert surface(http, table, name.lower()) == expected


def test_plain_words_match_in_any_order_and_fts_reads_phrases(http: httpx.Client) -> None:
    both = matching("statements", r"\bterritorial\b") & matching("statements", r"\bintegrity\b")
    phrase = matching("statements", r"\bterritorial\W+integrity\b")
    for surface in SURFACES.values():
        assert surface(http, "statements", "integrity territorial") == both
        assert surface(http, "statements", '"territorial integrity"', "fts") == phrase
        # in words, quotes are not syntax: the two words, anywhere
        assert surface(http, "statements", '"territorial integrity"') == both
    assert page_ids(http, '"territorial integrity"', "fts") == phrase


# Payload classes: what a reader, a careless client or a hostile one may type.
CLASSES = {
    "operators": ["NEAR(", "NEAR(a b", "a NEAR/3 b", "AND", "a OR", "NOT", "NOT x", "a AND (b"],
    "brackets": ["(", ")", "((((a", "a))", "(" * 300 + "a"],
    "quotes": ['"', '"a', 'a"b', "'", "''", '""', '"say', "“curly”"],
    "prefix and initial": ["*", "a*", "*a", "^", "^a", "a^", "**", "+", "-", "-a"],
    "column filters": ["quote:x", "{quote claim}:x", "nocolumn:x", "-quote:x", ":", "a:", "x:y"],
    "punctuation": [".", "U.S.", "Nagorno-Karabakh", ";", "--", "/*", "\\", "%", "_"],
    "letters": ["Erdoğan", "İstanbul", "straße", "e\u0301", "日本", "ﬁnd", "Ａ", "שלום", "ǅ"],
    "no letters": ["😀", "\u0301", "\u200b", "\ufeff", "¿?", "‽", "—"],
    "sql": ["'; DROP TABLE statements; --", "x' OR '1'='1", '" OR 1=1 --'],
    "long": ["a" * MAX_CHARS, "a" * (MAX_CHARS + 1), "warn " * 100, "x " * 250],
}


def payloads() -> list[str]:
    """Every payload of every class, and seeded mixtures of them."""
    singles = [p for members in CLASSES.values() for p in members]
    rng = random.Random(17)
    mixed = [" ".join(rng.sample(singles, rng.randint(2, 5))) for _ in range(40)]
    mixed += ["".join(rng.sample(singles, rng.randint(2, 4))) for _ in range(20)]
    return singles + mixed


def runnable_as_words(text: str) -> bool:
    """Whether plain words must give results: some letter or digit, and not too long."""
    return bool(text.strip()) and len(text) <= MAX_CHARS and any(c.isalnum() for c in text)


def check_rest(http: httpx.Client, text: str, syntax: str) -> None:
    response = http.get("/api/v1/statements", params={"search": text, "syntax": syntax})
    if response.status_code == 200:
        assert isinstance(response.json()["total"], int)
        return
    assert response.status_code == 400, (text, response.text)
    error = response.json()["error"]
    assert error["parameter"] == "search" and error["message"], (text, error)
    assert syntax == "fts" or not runnable_as_words(text), (text, error)


def check_graphql(http: httpx.Client, text: str, syntax: str) -> None:
    answer: dict[str, Any] = gql(
        http,
        f"query($s: String!) {{ statements(search: $s, syntax: {syntax}) {{ totalCount }} }}",
        s=text,
    )
    if "errors" not in answer:
        assert isinstance(answer["data"]["statements"]["totalCount"], int)
        return
    error = answer["errors"][0]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "parameter": "search"}, (text, error)
    assert syntax == "fts" or not runnable_as_words(text), (text, error)


def check_page(http: httpx.Client, text: str, syntax: str) -> None:
    response = http.get("/search", params={"q": text, "syntax": syntax})
    if response.status_code == 200:
        assert "results for" in response.text or not text.strip(), text
        return
    assert response.status_code == 400, (text, response.status_code)
    assert "This search cannot be run: " in response.text, (text, response.text[-800:])
    assert syntax == "fts" or not runnable_as_words(text.strip()), text


@pytest.mark.parametrize("syntax", ["words", "fts"])
def test_any_search_gives_results_or_a_400_with_a_message(http: httpx.Client, syntax: str) -> None:
    """Never a 500 nor an error with no message; as plain words, any text with a letter or a
    digit gives results."""
    for text in payloads():
        check_rest(http, text, syntax)
        check_graphql(http, text, syntax)
        check_page(http, text, syntax)


@pytest.mark.parametrize("raw", ["%00", "%FF", "%ED%A0%80", "a%0Ab", "%1B[31m"])
def test_bytes_no_search_can_hold_are_a_400_before_any_search(http: httpx.Client, raw: str) -> None:
    for path in ("/api/v1/statements?search=", "/search?q="):
        response = http.get(path + raw)
        assert response.status_code == 400, (path, raw)


@pytest.mark.parametrize("text", ["a\x00b", "warn\x00", "\x00a", "a\x01b", "\x1b[31mwarn", "a\nb"])
def test_control_characters_in_graphql_are_separators(http: httpx.Client, text: str) -> None:
    """GraphQL takes its strings from JSON, where the URL's guard does not apply: a control
    character (a NUL too, which would end FTS5's query text) separates words."""
    query = "query($s: String!) { statements(search: $s) { totalCount } }"
    answer = gql(http, query, s=text)
    assert "errors" not in answer, answer["errors"]
    words = " ".join("".join(c if c.isalnum() else " " for c in text).split())
    expected = gql(http, query, s=words)["data"]["statements"]["totalCount"]
    assert answer["data"]["statements"]["totalCount"] == expected
