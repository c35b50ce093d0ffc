"""Reading Lighthouse reports and the floor (benchmarks/lighthouse.py), on real reports.

The reports in tests/benchmarks/lighthouse/ are Lighthouse 12.2.3's JSON output in headless
Chromium against this server, trimmed to the categories and their weighted audits: the home
page (100 in every category), GraphiQL (performance 77, accessibility 96) and a statement id
that does not exist (a 404, which Lighthouse refuses to audit).
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from ledger_fixture import REPO, benchmark_module

REPORTS = REPO / "tests" / "benchmarks" / "lighthouse"


LH = benchmark_module("lighthouse")


def report(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REPORTS / f"{name}.json").read_text(encoding="utf-8"))
    return data


def test_a_page_at_100_everywhere_passes() -> None:
    home = LH.read_report("home", report("home"))
    assert home.scores == {"performance": 100, "accessibility": 100, "best-practices": 100,
                           "seo": 100}  # fmt: skip
    assert home.error is None and home.losses == []
    assert LH.problems([home], 95) == []
    assert LH.table([home])[2] == "| home | `/` | 100 | 100 | 100 | 100 |"


def test_a_score_under_the_floor_fails_and_says_what_lost_points() -> None:
    graphiql = LH.read_report("graphiql", report("graphiql"))
    assert graphiql.scores["performance"] == 77
    assert graphiql.scores["accessibility"] == 96
    assert LH.problems([graphiql], 95) == ["graphiql: Performance 77 < 95"]
    assert LH.problems([graphiql], 97) == [
        "graphiql: Performance 77 < 97",
        "graphiql: Accessibility 96 < 97",
    ]
    assert LH.problems([graphiql], 77) == []
    lost = {line.split(" ")[1] for line in graphiql.losses}
    assert {"total-blocking-time", "color-contrast"} <= lost
    assert all(line.startswith(("performance: ", "accessibility: ")) for line in graphiql.losses)
    # the path, without the editor's state that GraphiQL writes into the fragment
    assert "| `/graphql` | 77 | 96 | 100 | 100 |" in LH.table([graphiql])[2]


def test_a_page_lighthouse_could_not_load_fails_with_its_reason() -> None:
    missing = LH.read_report("missing", report("not-found"))
    assert missing.scores == dict.fromkeys(LH.CATEGORIES)
    assert "Status code: 404" in (missing.error or "")
    assert LH.problems([missing], 95) == [f"missing: not audited: {missing.error}"]
    assert LH.table([missing])[2].endswith("| — | — | — | — |")


def test_a_category_without_a_score_counts_as_under_the_floor() -> None:
    data = copy.deepcopy(report("home"))
    data["categories"]["seo"]["score"] = None
    del data["categories"]["best-practices"]
    home = LH.read_report("home", data)
    assert LH.problems([home], 95) == [
        "home: Best practices no score < 95",
        "home: SEO no score < 95",
    ]


@pytest.mark.parametrize("name", ["home", "graphiql", "not-found"])
def test_the_reports_are_lighthouse_12_2_3s(name: str) -> None:
    """The pin in the script is the version the reports were made with."""
    assert report(name)["lighthouseVersion"] == LH.VERSION == "12.2.3"
