"""The outside record as references: cited by id, nothing lost from the evidence_url columns."""

from __future__ import annotations

import csv
import re

import pytest

from ledger_fixture import REPO

CITING = ("outlets", "articles", "actors", "events", "statements", "contradictions")
URL = re.compile(r"https?://[^\s,;)'\"<>]+")

# Every evidence_url of the package before the column became references (0.1.0 data):
# (table, row id, URL).
EVIDENCE_URLS = (
    (
        "outlets",
        "armenpress",
        "https://asbarez.com/state-dept-tells-armenpress-report-about-blinken-warning-lawmakers-about-azerbaijani-attack-on-armenia-is-inaccurate/",
    ),
    (
        "outlets",
        "aviationanalysis-net",
        "https://www.aviationanalysis.net/us-spokeswoman-we-warn-azerbaijan/",
    ),
    (
        "outlets",
        "caliber-az",
        "https://oc-media.org/azerbaijans-toxic-pro-government-media-cannot-coexist-with-real-peace",
    ),
    ("outlets", "massispost", "https://araraddaily.com/archives/50333"),
    (
        "outlets",
        "politico",
        "http://www.defenddemocracy.press/unbelievable-azerbaijan-turkey-and-israel-against-armenia/",
    ),
    (
        "outlets",
        "reuters",
        "https://uk.investing.com/news/world-news/armenia-says-azerbaijan-fails-to-fully-withdraw-after-border-incident-2374089",
    ),
    ("outlets", "rfe-rl-armenian-service", "https://azatutyun.am/a/31824017.html"),
    ("outlets", "tass", "https://en.wikipedia.org/wiki/TASS"),
    (
        "outlets",
        "ukrainska-pravda",
        "https://archive.kyivpost.com/business/dragon-capital-buys-ukrainska-pravda.html",
    ),
    (
        "articles",
        "aviationanalysis-we-warn-azerbaijan",
        "https://uk.investing.com/news/world-news/armenia-says-azerbaijan-fails-to-fully-withdraw-after-border-incident-2374089",
    ),
    (
        "articles",
        "caliber-state-dept-refutes-blinken-warning",
        "https://caliber.az/en/post/us-department-of-state-refutes-blinken-s-alleged-warning-of-azerbaijan-s-invasion-of-armenia",
    ),
    (
        "articles",
        "massispost-blinken-opposes-unilateral-actions",
        "https://azatutyun.am/a/31824017.html",
    ),
    (
        "articles",
        "tass-blinken-tells-baku-to-stop-hostilities",
        "https://tass.com/world/1677397/amp",
    ),
    (
        "articles",
        "up-azerbaijan-plans-to-invade-armenia",
        "https://like123.com/azerbaijan-plans-to-invade-armenia-politico",
    ),
    (
        "events",
        "armenia-azerbaijan-border-guards-meeting-2021-05-14",
        "https://metro.us/armenia-says-azerbaijan-fails",
    ),
    (
        "events",
        "armenia-azerbaijan-border-standoff-2021-05",
        "https://panarmenian.net/eng/tofv?tourl=http%3A%2F%2Fpanarmenian.net%2Feng%2Fnews%2F292886",
    ),
    ("events", "azerbaijan-karabakh-offensive-2023-09", "https://caliber.az/en/post/191474/"),
    ("events", "blinken-aliyev-call-2023-09-19", "https://caliber.az/en/post/191474/"),
    (
        "events",
        "blinken-calls-aliyev-pashinyan-2022-04-05",
        "https://agenparl.eu/secretary-blinkens-call-with-azerbaijan-president-aliyev/",
    ),
    (
        "events",
        "blinken-lawmakers-call-2023-10-03",
        "http://www.defenddemocracy.press/unbelievable-azerbaijan-turkey-and-israel-against-armenia/",
    ),
    (
        "events",
        "blinken-pashinyan-call-2023-09-19",
        "https://www.panarmenian.net/m/eng/news/309620",
    ),
    (
        "events",
        "caliber-article-state-dept-denial-2023-10-15",
        "https://caliber.az/en/post/us-department-of-state-refutes-blinken-s-alleged-warning-of-azerbaijan-s-invasion-of-armenia",
    ),
    (
        "events",
        "gao-report-azerbaijan-assistance-2022-03",
        "https://gao.gov/products/gao-22-104619",
    ),
    (
        "events",
        "granada-summit-2023-10-05",
        "https://kyivindependent.com/politico-blinken-warns-azerbaijan-may-invade-armenia",
    ),
    (
        "events",
        "massispost-blinken-unilateral-article-2022-04",
        "https://massispost.com/2022/04/anthony-blinken-the-united-states-opposes-any-unilateral-actions-especially-by-azerbaijan/amp/",
    ),
    (
        "events",
        "miller-written-comments-armenpress-2023-10-15",
        "https://massispost.com/2023/10/u-s-denies-warning-of-azeri-attack-on-armenia/",
    ),
    ("events", "nagorno-karabakh-war-2020", "https://metro.us/armenia-says-azerbaijan-fails"),
    ("events", "parukh-takeover-and-fighting-2022-03", "https://iravaban.net/en/375319.html"),
    (
        "events",
        "politico-blinken-warning-report-2023-10-13",
        "https://asbarez.com/azerbaijan-may-invade-armenia-in-coming-weeks-blinken-warns-members-of-congress/",
    ),
    ("events", "putin-pashinyan-call-2021-05-13", "https://metro.us/armenia-says-azerbaijan-fails"),
    (
        "events",
        "sfrc-hearing-fy2023-budget-2022-04-26",
        "https://www.govinfo.gov/content/pkg/CHRG-117shrg52322/html/CHRG-117shrg52322.htm",
    ),
    (
        "events",
        "state-dept-press-briefing-2021-05-14",
        "https://thehill.com/homenews/administration/553648-state-calls-for-azerbaijan-to-pull-back-forces-from-armenia-border/amp/",
    ),
    (
        "events",
        "state-dept-press-briefing-2022-03-25",
        "https://armenian-genocide.org/Karabakh.341/current_category.405/nagorno-karabakh_detail.html",
    ),
    ("events", "tass-dispatch-blinken-calls-2023-09-20", "https://tass.com/world/1677397/amp"),
    (
        "events",
        "up-article-politico-retelling-2023-10-14",
        "https://like123.com/azerbaijan-plans-to-invade-armenia-politico",
    ),
    (
        "contradictions",
        "ct-aliyev-readiness-vs-conditional-halt",
        "https://caliber.az/en/post/191474/",
    ),
    (
        "contradictions",
        "ct-armenia-sovereignty-formula-reuse",
        "https://news.am/eng/news/786957.html",
    ),
    (
        "contradictions",
        "ct-armenian-terrorists-framing",
        "https://metro.us/armenia-says-azerbaijan-fails",
    ),
    (
        "contradictions",
        "ct-aviationanalysis-few-details-garble",
        "https://metro.us/armenia-says-azerbaijan-fails",
    ),
    (
        "contradictions",
        "ct-aviationanalysis-galina-porter",
        "https://www.its.network/department-press-briefing-april-30-2021/",
    ),
    (
        "contradictions",
        "ct-aviationanalysis-kremlin-telephone-statement",
        "https://metro.us/armenia-says-azerbaijan-fails",
    ),
    (
        "contradictions",
        "ct-aviationanalysis-pashinyan-interfax-wording",
        "https://metro.us/armenia-says-azerbaijan-fails",
    ),
    (
        "contradictions",
        "ct-aviationanalysis-pashinyan-russia-appeal-day",
        "https://metro.us/armenia-says-azerbaijan-fails",
    ),
    (
        "contradictions",
        "ct-aviationanalysis-porter-telephone-occasion",
        "https://thehill.com/homenews/administration/553648-state-calls-for-azerbaijan-to-pull-back-forces-from-armenia-border/amp/",
    ),
    (
        "contradictions",
        "ct-aviationanalysis-porter-wording-drift",
        "https://aysor.am/en/news/2021/05/15/us-armenia-azerbaijan/1833418",
    ),
    (
        "contradictions",
        "ct-aviationanalysis-source-twitter",
        "https://uk.investing.com/news/world-news/armenia-says-azerbaijan-fails-to-fully-withdraw-after-border-incident-2374089",
    ),
    (
        "contradictions",
        "ct-aviationanalysis-we-warn-azerbaijan-fabrication",
        "https://thehill.com/homenews/administration/553648-state-calls-for-azerbaijan-to-pull-back-forces-from-armenia-border/amp/",
    ),
    (
        "contradictions",
        "ct-blinken-invasion-warning-denied",
        "https://bne.eu/state-department-denies-blinken-warned-about-risk-of-azerbaijan-attacking-armenia-297012",
    ),
    (
        "contradictions",
        "ct-blinken-lawmakers-call-occasion",
        "http://www.defenddemocracy.press/unbelievable-azerbaijan-turkey-and-israel-against-armenia/",
    ),
    ("contradictions", "ct-border-crossing-denial-2021-05", "https://azatutyun.am/a/31255782.html"),
    (
        "contradictions",
        "ct-caliber-headline-refutes-vs-denial-wording",
        "https://bne.eu/state-department-denies-blinken-warned-about-risk-of-azerbaijan-attacking-armenia-297012",
    ),
    (
        "contradictions",
        "ct-karabakh-aftermath-framing",
        "https://kyivindependent.com/politico-blinken-warns-azerbaijan-may-invade-armenia",
    ),
    (
        "contradictions",
        "ct-karabakh-authorities-framing",
        "https://oc-media.org/azerbaijans-toxic-pro-government-media-cannot-coexist-with-real-peace",
    ),
    (
        "contradictions",
        "ct-massispost-blinken-907-wording",
        "http://ccbsnews.info/en/news/detail/5103",
    ),
    (
        "contradictions",
        "ct-massispost-blinken-calls-date",
        "https://armenpress.am/eng/news/1081721/",
    ),
    ("contradictions", "ct-massispost-gao-misnamed", "https://gao.gov/products/gao-22-104619"),
    (
        "contradictions",
        "ct-massispost-headline-unilateral-wording",
        "https://armenpress.am/eng/news/1081721/",
    ),
    (
        "contradictions",
        "ct-massispost-menendez-pro-armenian-cut",
        "https://azatutyun.am/a/31824017.html",
    ),
    (
        "contradictions",
        "ct-massispost-restraint-readout-both-calls",
        "https://agenparl.eu/secretary-blinkens-call-with-azerbaijan-president-aliyev/",
    ),
    (
        "contradictions",
        "ct-massispost-troop-movements-criticism-rejected",
        "https://info3.com/us-and-canada/16056/text/full/azerbaijani-foreign-ministry-responds-to-us-state-department",
    ),
    (
        "contradictions",
        "ct-politico-analysis-renderings",
        "http://www.defenddemocracy.press/unbelievable-azerbaijan-turkey-and-israel-against-armenia/",
    ),
    (
        "contradictions",
        "ct-porter-irresponsible-provocative-reuse",
        "https://armenian-genocide.org/Karabakh.341/current_category.405/nagorno-karabakh_detail.html",
    ),
    (
        "contradictions",
        "ct-sept-2023-operation-framing",
        "https://oc-media.org/azerbaijans-toxic-pro-government-media-cannot-coexist-with-real-peace",
    ),
    (
        "contradictions",
        "ct-state-dept-declined-comment-vs-denial",
        "https://bne.eu/state-department-denies-blinken-warned-about-risk-of-azerbaijan-attacking-armenia-297012",
    ),
    ("contradictions", "ct-tass-dateline-vs-readout-today", "https://caliber.az/en/post/191474/"),
    (
        "contradictions",
        "ct-up-headline-plans-vs-may-invade",
        "http://www.defenddemocracy.press/unbelievable-azerbaijan-turkey-and-israel-against-armenia/",
    ),
    (
        "contradictions",
        "ct-up-military-assistance-vs-907-waiver",
        "http://www.defenddemocracy.press/unbelievable-azerbaijan-turkey-and-israel-against-armenia/",
    ),
)


def table(name: str) -> list[dict[str, str]]:
    with open(REPO / "datapackage" / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def cited(row: dict[str, str]) -> list[str]:
    return [item for item in row["reference_ids"].split("|") if item]


REFERENCES = {r["reference_id"]: r for r in table("references")}
BY_URL = {r["url"]: r["reference_id"] for r in REFERENCES.values()}


def test_no_column_keeps_an_evidence_url() -> None:
    for name in CITING:
        assert "evidence_url" not in table(name)[0], name
        assert "reference_ids" in table(name)[0], name


@pytest.mark.parametrize(("name", "row_id", "url"), EVIDENCE_URLS)
def test_every_old_evidence_url_is_a_reference_cited_by_its_row(
    name: str, row_id: str, url: str
) -> None:
    row = next(r for r in table(name) if next(iter(r.values())) == row_id)
    assert url in BY_URL, url
    assert BY_URL[url] in cited(row)


def test_each_url_is_one_reference() -> None:
    urls = [r["url"] for r in REFERENCES.values()]
    assert len(urls) == len(set(urls))


@pytest.mark.parametrize("name", [*CITING, "contradiction_sides", "record_sides"])
def test_no_cell_cites_a_document_users_do_not_have(name: str) -> None:
    for row in table(name):
        for column, cell in row.items():
            assert "source-facts" not in cell, (name, column, cell)
            assert "evidence_url" not in cell, (name, column, cell)


@pytest.mark.parametrize("name", CITING)
def test_a_url_in_a_note_is_a_reference_the_row_cites(name: str) -> None:
    for row in table(name):
        for column, cell in row.items():
            if column in ("url", "homepage"):
                continue
            for url in URL.findall(cell):
                url = url.rstrip(".")
                assert url in BY_URL, (name, column, url)
                assert BY_URL[url] in cited(row), (name, next(iter(row.values())), url)


def test_every_reference_is_cited() -> None:
    used = {i for name in (*CITING, "record_sides") for row in table(name) for i in cited(row)}
    assert sorted(set(REFERENCES) - used) == []
