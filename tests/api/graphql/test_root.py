"""GraphQL over a real server: nested traversal, filters, search, pagination, facets."""

from __future__ import annotations

import re
from collections import Counter

import httpx
import pytest

from ledger_data import by_id, data, gql, rows

STATEMENT = """
query One($id: ID!) {
  statement(id: $id) {
    id quote claim act saidOn { date precision basis }
    speaker { id name } source { id } article { id title } outlet { id }
    viaOutlet { id } occasion { id } about { id }
    contradictions { totalCount nodes { side contradiction { id kind } } }
  }
}
"""


def test_nested_statement_matches_the_package(http: httpx.Client) -> None:
    articles = by_id("articles", "article_id")
    sides = rows("contradiction_sides")
    for statement in rows("statements")[:25]:
        got = data(http, STATEMENT, id=statement["statement_id"])["statement"]
        assert got["quote"] == statement["quote"]
        assert got["saidOn"]["date"] == (statement["said_on"] or None)
        assert got["speaker"]["id"] == statement["speaker_id"]
        assert (got["source"] or {}).get("id") == (statement["source_actor_id"] or None)
        assert got["article"]["id"] == statement["article_id"]
        assert got["outlet"]["id"] == articles[statement["article_id"]]["outlet_id"]
        assert (got["viaOutlet"] or {}).get("id") == (statement["via_outlet_id"] or None)
        assert (got["occasion"] or {}).get("id") == (statement["occasion_event_id"] or None)
        assert (got["about"] or {}).get("id") == (statement["about_event_id"] or None)
        expected = sorted(
            (s["contradiction_id"], s["side"])
            for s in sides
            if s["statement_id"] == statement["statement_id"]
        )
        nodes = got["contradictions"]["nodes"]
        assert sorted((n["contradiction"]["id"], n["side"]) for n in nodes) == expected


def test_relations_navigate_both_ways(http: httpx.Client) -> None:
    statements = rows("statements")
    actor = Counter(s["speaker_id"] for s in statements).most_common(1)[0][0]
    got = data(
        http,
        """query($id: ID!) { actor(id: $id) {
        statements(first: 100) { totalCount nodes { id speaker { id } } }
        affiliation { id members(first: 100) { nodes { id } } } } }""",
        id=actor,
    )["actor"]
    mine = sorted(s["statement_id"] for s in statements if s["speaker_id"] == actor)
    assert got["statements"]["totalCount"] == len(mine)
    assert sorted(n["id"] for n in got["statements"]["nodes"]) == mine
    if got["affiliation"]:
        assert actor in [m["id"] for m in got["affiliation"]["members"]["nodes"]]

    articles = rows("articles")
    outlet = articles[0]["outlet_id"]
    got = data(
        http,
        """query($id: ID!) { outlet(id: $id) {
        articles { nodes { id outlet { id } } } statements(first: 100) { totalCount } } }""",
        id=outlet,
    )["outlet"]
    assert sorted(n["id"] for n in got["articles"]["nodes"]) == sorted(
        a["article_id"] for a in articles if a["outlet_id"] == outlet
    )
    in_outlet = {a["article_id"] for a in articles if a["outlet_id"] == outlet}
    assert got["statements"]["totalCount"] == sum(s["article_id"] in in_outlet for s in statements)

    event = next(e for e in rows("events") if e["parent_event_id"])
    got = data(
        http,
        """query($id: ID!) { event(id: $id) { parent { id children(first: 100) {
        nodes { id } } } statementsMade(first: 100) { totalCount } statementsAbout(first: 100) {
        totalCount } } }""",
        id=event["event_id"],
    )["event"]
    assert got["parent"]["id"] == event["parent_event_id"]
    assert event["event_id"] in [c["id"] for c in got["parent"]["children"]["nodes"]]
    made = sum(s["occasion_event_id"] == event["event_id"] for s in statements)
    about = sum(s["about_event_id"] == event["event_id"] for s in statements)
    assert (got["statementsMade"]["totalCount"], got["statementsAbout"]["totalCount"]) == (
        made,
        about,
    )

    contradiction = rows("contradictions")[0]["contradiction_id"]
    got = data(
        http,
        """query($id: ID!) { contradiction(id: $id) { sides { nodes { side
        statement { id } } } } }""",
        id=contradiction,
    )["contradiction"]
    assert sorted(n["statement"]["id"] for n in got["sides"]["nodes"]) == sorted(
        s["statement_id"]
        for s in rows("contradiction_sides")
        if s["contradiction_id"] == contradiction
    )


FILTERS = {
    "speaker": "speaker_id",
    "article": "article_id",
    "viaOutlet": "via_outlet_id",
    "act": "act",
    "channel": "channel",
    "attribution": "attribution",
    "quoteKind": "quote_kind",
    "utterance": "utterance_id",
}


ENUMS = ("act", "channel", "attribution", "quoteKind")


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_statement_filter(http: httpx.Client, name: str) -> None:
    statements = rows("statements")
    column = FILTERS[name]
    value = Counter(s[column] for s in statements if s[column]).most_common(1)[0][0]
    # a closed vocabulary is a GraphQL enum, written bare; an id a string
    literal = value if name in ENUMS else f'"{value}"'
    got = data(
        http,
        f"""{{ statements(first: 100, filter: {{{name}: {literal}}}) {{
        totalCount nodes {{ id }} }} }}""",
    )["statements"]
    expected = sorted(s["statement_id"] for s in statements if s[column] == value)
    assert got["totalCount"] == len(expected)
    assert [n["id"] for n in got["nodes"]] == expected


def test_filters_outlet_event_contradiction_and_dates(http: httpx.Client) -> None:
    statements = rows("statements")
    outlet_of = {a["article_id"]: a["outlet_id"] for a in rows("articles")}
    q = "{ statements(first: 100, filter: {%s}) { nodes { id } } }"

    def ids(flt: str) -> list[str]:
        return [n["id"] for n in data(http, q % flt)["statements"]["nodes"]]

    assert ids('outlet: "tass"') == sorted(
        s["statement_id"] for s in statements if outlet_of[s["article_id"]] == "tass"
    )
    event = Counter(s["about_event_id"] for s in statements if s["about_event_id"]).most_common(1)
    assert ids(f'event: "{event[0][0]}"') == sorted(
        s["statement_id"]
        for s in statements
        if event[0][0] in (s["occasion_event_id"], s["about_event_id"])
    )
    contradiction = rows("contradictions")[0]["contradiction_id"]
    assert ids(f'contradiction: "{contradiction}"') == sorted(
        s["statement_id"]
        for s in rows("contradiction_sides")
        if s["contradiction_id"] == contradiction
    )
    assert ids('saidFrom: "2023-01-01", saidTo: "2023-09-30"') == sorted(
        s["statement_id"] for s in statements if "2023-01-01" <= s["said_on"] <= "2023-09-30"
    )


def test_contradiction_filters(http: httpx.Client) -> None:
    contradictions = rows("contradictions")
    for name in ("kind", "resolution"):
        value = contradictions[0][name]
        got = data(
            http,
            f"{{ contradictions(first: 100, filter: {{{name}: {value}}}) {{ nodes {{ id }} }} }}",
        )["contradictions"]["nodes"]
        assert [n["id"] for n in got] == sorted(
            c["contradiction_id"] for c in contradictions if c[name] == value
        )


def searched(statement: dict[str, str]) -> str:
    """The columns of a statement the full-text index holds."""
    return " ".join((statement["quote"], statement["claim"], statement["speaker_as_reported"]))


def test_search_finds_quotes_and_bad_syntax_is_a_user_error(http: httpx.Client) -> None:
    got = data(http, '{ statements(first: 100, search: "provocative") { nodes { quote claim } } }')
    nodes = got["statements"]["nodes"]
    expected = [
        s
        for s in rows("statements")
        # the index stems words: "provocative" and "provocation(s)" are one word to it
        if re.search(r"\bprovocati(ve|on|ons)\b", searched(s), re.IGNORECASE)
    ]
    assert len(nodes) == len(expected) > 0
    answer = gql(http, '{ statements(search: "invade AND (", syntax: fts) { totalCount } }')
    assert answer["data"] is None
    error = answer["errors"][0]
    assert error["message"].startswith("not a valid FTS5 query")
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "parameter": "search"}
    # as plain words, the same text is three words: "(" has no letters and is left out
    plain = data(http, '{ statements(search: "invade AND (") { totalCount } }')
    assert plain["statements"]["totalCount"] == len(
        [
            s
            for s in rows("statements")
            if re.search(r"\binvad(e|ed|es|ing)\b", searched(s), re.IGNORECASE)
            and re.search(r"\band\b", searched(s), re.IGNORECASE)
        ]
    )


def test_pagination_walks_the_whole_table(http: httpx.Client) -> None:
    seen: list[str] = []
    after = None
    while True:
        page = data(
            http,
            """query($after: String) { statements(first: 7, after: $after,
            sort: saidOn, order: DESC) { totalCount pageInfo { hasNextPage endCursor }
            nodes { id saidOn { date } } } }""",
            after=after,
        )["statements"]
        seen += [n["id"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    statements = rows("statements")
    assert len(seen) == len(set(seen)) == page["totalCount"] == len(statements)
    expected = sorted(statements, key=lambda s: (s["said_on"], s["statement_id"]), reverse=True)
    assert seen == [s["statement_id"] for s in expected]


def test_facets_count_the_filtered_list(http: httpx.Client) -> None:
    got = data(http, "{ statements { totalCount } }")
    assert got["statements"]["totalCount"] == len(rows("statements"))
    facets = data(
        http,
        """{ statements(filter: {channel: phone_call}) {
        facets(by: ["speaker", "act", "outlet"]) { name values { value count } } } }""",
    )
    phone = [s for s in rows("statements") if s["channel"] == "phone_call"]
    by_name = {
        f["name"]: {v["value"]: v["count"] for v in f["values"]}
        for f in facets["statements"]["facets"]
    }
    assert by_name["speaker"] == dict(Counter(s["speaker_id"] for s in phone))
    assert by_name["act"] == dict(Counter(s["act"] for s in phone))
    kinds = data(http, '{ contradictions { facets(by: ["kind"]) { values { value count } } } }')
    assert {v["value"]: v["count"] for v in kinds["contradictions"]["facets"][0]["values"]} == (
        dict(Counter(c["kind"] for c in rows("contradictions")))
    )


def test_unknown_id_is_null(http: httpx.Client) -> None:
    assert data(http, '{ actor(id: "no-such-actor") { id } }') == {"actor": None}
