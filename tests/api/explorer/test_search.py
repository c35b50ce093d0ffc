"""Search over the FTS5 indexes: ranked by relevance when few rows match, in a stated cheap
order (newest first for statements) when many do; totals count active rows only."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from statement_ledger.api.db import Database
from statement_ledger.api.explorer import search as fts
from statement_ledger.api.explorer.hits import OPEN, SHOWN
from statement_ledger.api.query import QueryError, search_match
from statement_ledger.api.search_terms import FTS, WORDS
from statement_ledger.database import layout

from ledger_fixture import generated_database

WORD = "Azerbaijan"  # in most statements of the package, dated and undated


def active_matches(db: Database, word: str, limit: int = -1) -> list[str]:
    """Active statements matching `word`, newest first (undated last), by SQL alone."""
    rows = db.connection.execute(
        "SELECT statement_id FROM statements WHERE rowid IN (SELECT rowid FROM statements_fts "
        "WHERE statements_fts MATCH ?) AND record_status = 'active' "
        "ORDER BY coalesce(said_on, '') DESC, statement_id DESC LIMIT ?",
        [word, limit],
    )
    return [r[0] for r in rows]


def has_mark(hit: fts.Hit) -> bool:
    return "<mark>" in hit.title or any("<mark>" in value for _, value in hit.details)


@pytest.mark.parametrize("walk_finds", [True, False])  # if not, the matches are sorted
def test_many_matches_are_listed_newest_first_with_their_words_marked(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, walk_finds: bool
) -> None:
    db: Database = client.app.state.db  # type: ignore[attr-defined]
    monkeypatch.setattr(fts, "RANKED_AT_MOST", 10)
    monkeypatch.setattr(fts, "LIMIT", 5)
    if not walk_finds:  # a window that ends before the newest statement
        monkeypatch.setattr(fts, "_walk_bound", lambda *args: "9999-12-31")
    results = fts.search(db, WORD, precomputed=False)  # the general path walks the sort index
    hits = results.hits["statements"]
    assert len(active_matches(db, WORD)) > 10
    assert [h.id for h in hits] == active_matches(db, WORD, 5)
    assert results.totals["statements"] == len(active_matches(db, WORD))
    assert results.orders["statements"] == "newest first"
    assert all(has_mark(h) for h in hits)


def test_few_matches_are_ranked_by_relevance(client: TestClient) -> None:
    db: Database = client.app.state.db  # type: ignore[attr-defined]
    results = fts.search(db, WORD)
    assert "statements" not in results.orders
    ranked = db.connection.execute(
        "SELECT t.statement_id FROM statements_fts JOIN statements t ON t.rowid = "
        "statements_fts.rowid WHERE statements_fts MATCH ? AND t.record_status = 'active' "
        "ORDER BY rank LIMIT ?",
        [WORD, fts.OVERVIEW["statements"]],
    )
    best = [r[0] for r in ranked]
    assert [h.id for h in results.hits["statements"]] == best
    alone = fts.search(db, WORD, only="statements")  # a page of statements alone: LIMIT
    assert [h.id for h in alone.hits["statements"]][: len(best)] == best
    assert len(alone.hits["statements"]) == fts.LIMIT


def test_the_page_says_how_its_hits_are_ordered(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = client.get("/search", params={"q": WORD}).text
    assert "Best matches first." in html and "too many to rank" not in html
    monkeypatch.setattr(fts, "RANKED_AT_MOST", 10)
    html = client.get("/search", params={"q": WORD}).text
    assert "More than 10 match: too many to rank by relevance" in html
    assert "listed newest first" in html


@pytest.mark.parametrize(("ranked_at_most", "limit"), [(0, 50), (1000, 1)])
def test_totals_leave_out_retired_rows(
    pkg_client: TestClient,
    monkeypatch: pytest.MonkeyPatch,
    ranked_at_most: int,
    limit: int,
) -> None:
    db: Database = pkg_client.app.state.db  # type: ignore[attr-defined]
    monkeypatch.setattr(fts, "RANKED_AT_MOST", ranked_at_most)
    monkeypatch.setattr(fts, "LIMIT", limit)
    retired = db.connection.execute(
        "SELECT count(*) FROM statements WHERE record_status = 'retired' AND rowid IN "
        "(SELECT rowid FROM statements_fts WHERE statements_fts MATCH 'border')"
    ).fetchone()[0]
    results = fts.search(db, "border")
    assert retired > 0
    assert results.totals["statements"] == len(active_matches(db, "border")) > 0
    assert "st-roe-calm-dup" not in [h.id for h in results.hits["statements"]]


def test_words_are_plain_by_default_and_fts_syntax_is_an_option(db_path: Path) -> None:
    db = Database(db_path)
    try:
        plain = fts.search(db, "Nagorno-Karabakh")
        with pytest.raises(QueryError) as refused:
            fts.search(db, "Nagorno-Karabakh", syntax="fts")  # FTS5 reads -Karabakh as a column
        phrase = fts.search(db, '"Nagorno-Karabakh"', syntax="fts")
    finally:
        db.close()
    assert plain.totals["statements"] == phrase.totals["statements"] > 0
    assert refused.value.parameter == "search"
    assert "no such column: Karabakh" in refused.value.message


def test_the_page_offers_fts_syntax_and_keeps_it_across_pages(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fts, "LIMIT", 3)
    html = client.get("/search", params={"q": "Azerbaij*", "syntax": "fts"}).text
    assert "FTS5 syntax:" not in html
    assert '<input id="syntax" name="syntax" type="checkbox" value="fts"' in html
    assert 'value="fts" aria-describedby="syntax-hint" checked>' in html
    assert "in=statements&amp;syntax=fts" in html  # the link to every hit keeps the syntax
    prefix = client.get("/search", params={"q": "Azerbaij*", "syntax": "fts", "in": "statements"})
    assert '&amp;in=statements&amp;page=2&amp;syntax=fts">Next page' in prefix.text
    plain = client.get("/search", params={"q": "Azerbaij*"}).text
    assert 'value="fts" aria-describedby="syntax-hint">' in plain  # not checked
    assert "0 results for" in plain  # "azerbaij" is no word of the data


def test_a_query_that_cannot_run_is_a_400_page_with_the_reason(client: TestClient) -> None:
    for params, reason in [
        ({"q": "NEAR(", "syntax": "fts"}, "not a valid FTS5 query"),
        ({"q": "*"}, "nothing to search for"),
        ({"q": "x" * 501}, "a search is at most 500 characters"),
        ({"q": "x", "syntax": "regex"}, "“regex” is not words or fts"),
    ]:
        response = client.get("/search", params=params)
        assert response.status_code == 400, params
        assert f"This search cannot be run: {reason}" in response.text, params
        assert '<input id="q" name="q" type="search" value="' in response.text  # to fix it


def ranked_matches(db: Database, word: str) -> list[str]:
    rows = db.connection.execute(
        "SELECT t.statement_id FROM statements_fts JOIN statements t ON t.rowid = "
        "statements_fts.rowid WHERE statements_fts MATCH ? AND t.record_status = 'active' "
        "ORDER BY rank",
        [word],
    )
    return [r[0] for r in rows]


@pytest.mark.parametrize("ranked", [True, False])
def test_pages_of_one_table_list_every_hit_once_in_order(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, ranked: bool
) -> None:
    """Page after page of one table gives its hits in the order of the first page, each once,
    up to LISTED_AT_MOST; pages before the first or after the last are clamped."""
    db: Database = client.app.state.db  # type: ignore[attr-defined]
    monkeypatch.setattr(fts, "RANKED_AT_MOST", 1000 if ranked else 10)
    monkeypatch.setattr(fts, "LIMIT", 4)
    monkeypatch.setattr(fts, "LISTED_AT_MOST", 22)
    expected = (ranked_matches if ranked else active_matches)(db, WORD)
    assert len(expected) > 22
    last = fts.last_page(len(expected))
    assert last == 6  # 22 listed, 4 a page
    seen: list[str] = []
    for page in range(1, last + 1):
        results = fts.search(db, WORD, only="statements", page=page)
        assert (results.only, results.page, list(results.hits)) == (
            "statements",
            page,
            ["statements"],
        )
        assert results.totals["statements"] == len(expected)
        seen += [h.id for h in results.hits["statements"]]
    assert seen == expected[:24]  # the last page is whole: 6 pages of 4
    assert fts.search(db, WORD, only="statements", page=99).page == last
    assert fts.search(db, WORD, only="statements", page=-3).page == 1


def test_the_overview_links_to_every_hit_of_a_table_and_pages_link_each_other(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fts, "LIMIT", 3)
    monkeypatch.setattr(fts, "LISTED_AT_MOST", 7)
    total = len(active_matches(client.app.state.db, WORD))  # type: ignore[attr-defined]
    html = client.get("/search", params={"q": WORD}).text
    assert f'<a href="/search?q={WORD}&amp;in=statements">All {total} statements matching' in html
    first = client.get("/search", params={"q": WORD, "in": "statements"}).text
    assert f"1&ndash;3 of {total}, page 1 of 3." in first
    assert 'rel="prev"' not in first
    assert f'<a rel="next" href="/search?q={WORD}&amp;in=statements&amp;page=2">' in first
    assert f'href="/api/v1/statements?search={WORD}"' in first  # beyond the 7 listed
    last = client.get("/search", params={"q": WORD, "in": "statements", "page": "3"}).text
    assert f"7&ndash;9 of {total}, page 3 of 3." in last and 'rel="next"' not in last
    assert '<ol class="list results" start="7">' in last
    for bad in ("abc", "", "-1", "²", "9" * 5000):
        answer = client.get("/search", params={"q": WORD, "in": "statements", "page": bad})
        assert answer.status_code == 200, bad
        assert "page 1 of 3." in answer.text, bad
    unknown = client.get("/search", params={"q": WORD, "in": "nothing"}).text
    assert "results for &ldquo;" in unknown  # an unknown table: the overview


@pytest.fixture(scope="module")
def generated_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A generated package of 2,000 statements (benchmarks/generate.py), loaded by
    benchmarks/fastbuild.py."""
    db = Database(generated_database(tmp_path_factory.mktemp("generated-search"), 2000))
    yield db
    db.close()


def queries(db: Database) -> list[tuple[str, str]]:
    """Searches made of words of the data: the commonest and rarer ones, in words and in FTS5
    syntax (phrases, prefixes, a column, NEAR, OR, NOT)."""
    counts: Counter[str] = Counter()
    for (claim,) in db.connection.execute("SELECT claim FROM statements LIMIT 500"):
        counts.update(w.lower() for w in re.findall(r"[A-Za-z]{3,}", claim or ""))
    common = [w for w, _ in counts.most_common(6)]
    rare = [w for w, n in counts.items() if n == 2][:3]
    one, two = common[0], common[1]
    return [
        *((w, WORDS) for w in [*common, *rare, f"{one} {two}", f"{rare[0].upper()}s"]),
        *(
            (q, FTS)
            for q in [
                f'"{one} {two}"', f"{two[:3]}*", f"claim : {one}", f"NEAR({one} {two}, 3)",
                f"{rare[0]} OR {two}", f"{one} NOT {two}", f"{{quote claim}} : {rare[1]}",
            ]
        ),
    ]  # fmt: skip


def test_words_are_marked_in_the_hits_shown_as_in_the_index(generated_db: Database) -> None:
    """The rows of a page of broad hits are marked in a scratch index of those rows alone: the
    same words as highlight() in the table's own index marks."""
    db = generated_db
    compared = marked = 0
    for query, syntax in queries(db):
        match = search_match(query, syntax)
        for table, (title, others) in SHOWN.items():
            fts_table = f'"{table}_fts"'
            try:
                rowids = [
                    r[0]
                    for r in db.connection.execute(
                        f"SELECT rowid FROM {fts_table} WHERE {fts_table} MATCH ? LIMIT 40",
                        [match],
                    )
                ]
            except sqlite3.OperationalError as exc:  # a column filter on a table without it
                assert "no such column" in str(exc), (query, table)
                continue
            if not rowids:
                continue
            shown = [title, *others]
            in_index = {  # the way the page marked them before: highlight() in the index
                r[0]: list(r[1:])
                for r in db.connection.execute(
                    f"SELECT rowid, {fts._marks(db, table, shown)} FROM {fts_table} "
                    f"WHERE {fts_table} MATCH ? AND +rowid IN ({', '.join('?' * len(rowids))})",
                    [match, *rowids],
                )
            }
            page = fts._read_marked(db, table, match, rowids)
            assert {k: [v[c] for c in shown] for k, v in page.items()} == in_index, (query, table)
            compared += len(rowids)
            marked += sum(OPEN in (v or "") for values in in_index.values() for v in values)
    assert compared > 500 and marked > 500


def harvested(db: Database) -> list[str]:
    """Words to search for, from the text of every searched table: the commonest (matching
    more rows than are ranked), rarer ones, words of retired rows, and other forms of some
    (inflected, capitals, a diacritic, a plural of a stem) and a few that are not one term."""
    counts: Counter[str] = Counter()
    retired: set[str] = set()
    common: list[str] = []  # of each table
    for table in SHOWN:
        columns = " || ' ' || ".join(
            f"coalesce({c}, '')" for c in db.catalogue[table].search
        )  # fmt: skip
        own: Counter[str] = Counter()
        for text, status in db.connection.execute(
            f"SELECT {columns}, record_status FROM {table} ORDER BY rowid LIMIT 2000"
        ):
            found = [w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)]
            own.update(found)
            if status != "active":
                retired.update(found)
        counts.update(own)
        common += [w for w, _ in own.most_common(8)]
    by_count = [w for w, _ in counts.most_common()]
    common += by_count[:25]
    rarer = by_count[25::7]
    forms = [
        form
        for w in by_count[:60:3]
        for form in (f"{w}s", f"{w}ed", f"{w}ing", w.upper(), w.capitalize(), f"{w[0]}é{w[1:]}")
    ]
    others = ["Nagorno-Karabakh", "U.S.", "don't", "2023", "-", "zzqxv", "a"]
    return list(dict.fromkeys([*common, *rarer, *sorted(retired)[:80], *forms, *others]))


def page_of(results: fts.Results) -> tuple[object, ...]:
    """Everything a search page shows of its results."""
    hits = {
        table: [(h.id, h.title, h.details, h.row, h.meta) for h in table_hits]
        for table, table_hits in results.hits.items()
    }
    return (results.only, results.page, hits, results.totals, results.orders, results.notes)


@pytest.mark.parametrize("ranked_at_most", [fts.RANKED_AT_MOST, 3, 1000])
def test_a_one_word_search_shows_what_the_general_path_shows(
    generated_db: Database, monkeypatch: pytest.MonkeyPatch, ranked_at_most: int
) -> None:
    """A search of one word reads the build's ordered index, ranked lists and term counts
    (`_term_hits`), and marks its hits with the term's written forms; the page is the one the
    general path makes from the indexes alone (highlight() marking): the same hits in the same
    order, marked the same, the same totals, on every page of a table.
    Run with the threshold of ranking as built, lower (every broad table read in its order)
    and higher (terms ranked with no list kept for them)."""
    db = generated_db
    monkeypatch.setattr(fts, "RANKED_AT_MOST", ranked_at_most)
    monkeypatch.setattr(fts, "LISTED_AT_MOST", 60)  # 3 pages of 20
    assert fts._precomputed(db)
    taken = Counter[str]()
    for word in harvested(db):
        try:
            general = fts.search(db, word, precomputed=False)
        except QueryError:
            with pytest.raises(QueryError):
                fts.search(db, word)
            continue
        term = fts.one_term(word, search_match(word))
        taken["one term" if term else "general"] += 1
        counts, forms = fts._term_counts(db, list(SHOWN), term) if term else ({}, ())
        if any(c.matches for c in counts.values()):
            taken["one term found"] += 1
            taken["marked by forms"] += fts._marker(db, forms) is not None
        assert page_of(fts.search(db, word)) == page_of(general), word
        for table, total in general.totals.items():
            if table in counts and counts[table].active:
                matches, retired = counts[table].matches, counts[table].retired
                taken["with retired rows"] += bool(retired)
                taken[f"{'broad' if matches > ranked_at_most else 'ranked'} {table}"] += 1
                taken["ranked, no list"] += layout.RANKED_AT_MOST < matches <= ranked_at_most
            for page in range(2, fts.last_page(total) + 2):  # and one past the last
                alone = fts.search(db, word, only=table, page=page)
                assert page_of(alone) == page_of(
                    fts.search(db, word, only=table, page=page, precomputed=False)
                ), (word, table, page)
                taken["pages"] += 1
    assert taken["one term"] > 200 and taken["general"] >= 3 and taken["pages"] > 100, taken
    assert taken["marked by forms"] == taken["one term found"] > 200, taken
    assert taken["with retired rows"] > 10, taken
    assert taken["broad statements"], taken
    if ranked_at_most == layout.RANKED_AT_MOST:
        assert taken["ranked statements"], taken
    elif ranked_at_most < layout.RANKED_AT_MOST:
        assert all(taken[f"broad {table}"] for table in SHOWN), sorted(taken.items())
    else:
        assert taken["ranked, no list"], taken


def test_a_database_built_before_searches_by_the_general_path(
    generated_db: Database, tmp_path: Path
) -> None:
    """Without the build's precomputed tables (one dropped here) a search of one word takes the
    general path, and shows the same page."""
    older = tmp_path / "ledger.db"
    source = sqlite3.connect(generated_db.uri, uri=True)
    target = sqlite3.connect(older)
    source.backup(target)
    source.close()
    target.execute('DROP TABLE "events_fts_ranked"')
    target.commit()
    target.close()
    db = Database(older)
    try:
        assert not fts._precomputed(db)
        for word in harvested(db)[:40]:
            assert page_of(fts.search(db, word)) == page_of(
                fts.search(generated_db, word, precomputed=False)
            ), word
    finally:
        db.close()


def test_every_term_with_active_rows_has_its_list(generated_db: Database) -> None:
    """The build lists the rows of every term with active ones: ranked when RANKED_AT_MOST
    match at most, the first FIRST_LISTED in the table's order beyond; among them terms the
    tokenizer reads as another term when searched for as they are (the stemmer run on its own
    output), which a search of one of their written forms finds."""
    db = generated_db.connection
    restemmed = 0
    for table in SHOWN:
        listed = {
            suffix: dict(db.execute(f'SELECT term, count(*) FROM "{table}{suffix}" GROUP BY term'))
            for suffix in (layout.RANKED, layout.FIRST)
        }
        terms = db.execute(
            f'SELECT term, matches, retired FROM "{table}{layout.TERMS}" WHERE matches > retired'
        ).fetchall()
        assert terms, table
        for term, matches, retired in terms:
            ranked = matches <= layout.RANKED_AT_MOST
            assert term in listed[layout.RANKED if ranked else layout.FIRST], (table, term)
            assert term not in listed[layout.FIRST if ranked else layout.RANKED], (table, term)
            expected = matches - retired if ranked else min(layout.FIRST_LISTED, matches - retired)
            assert listed[layout.RANKED if ranked else layout.FIRST][term] == expected, term
        restemmed += sum(fts._tokens(str(term)) != (term,) for term, _, _ in terms)
    assert restemmed > 10
