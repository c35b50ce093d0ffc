"""Generate a synthetic statement-ledger package of N statements, deterministic from a seed.

    python benchmarks/generate.py N OUTDIR [--seed S] [--force]

The package is valid under the project's own Table Schemas and every rule of
`statement-ledger validate`: quotes are verbatim spans of archived article texts under
seeds/ (outside their furniture lines), every actor, outlet and event is referenced, name
forms are unique, contradictions have two or three sides and are all different, dates agree
with their precision, basis and the article's date, the manifest lists every id, and the CSVs
are in canonical form with their checksums in datapackage.json.

Proportions: N statements, about N/5 articles (each with its archived text),
N/50 actors, N/20 events, N/10 contradictions, N/200 outlets (at least 10), and about 2% of
the rows of each table retired (with a reason; half of them replaced by an active row of the
same table). Rows are streamed to disk in primary-key order, so memory stays small and flat
(a few hundred MB at 1M statements) and time grows linearly with N.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import hashlib
import json
import random
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from statement_ledger.curation.canonical import dump_descriptor
from statement_ledger.validators.package import TABLES

REPO = Path(__file__).resolve().parent.parent
VERSION = "0.3.0"
MANIFEST_VERSIONS = ("0.1.0", "0.2.0", "0.3.0")
RETIRED_SHARE = 0.02
TIMELINE = (dt.date(2020, 9, 27), dt.date(2024, 12, 31))

# --- vocabulary -----------------------------------------------------------------------------


def words(text: str, sep: str = " ") -> tuple[str, ...]:
    return tuple(text.split(sep))


FIRST_NAMES = words(
    "Armen Ararat Anahit Aram Arayik Artur Ashot Davit Edmon Gagik Garnik Hayk Karen Lilit "
    "Mane Narek Nikol Ruben Samvel Seda Sona Tigran Vahagn Zaruhi Aydin Elnur Elchin Farid "
    "Gunay Hikmet Ilham Jeyhun Kamran Leyla Mehriban Nigar Ramiz Rashad Samir Sevinj Tural "
    "Vugar Zaur Anna Andrei Dmitry Elena Irina Maria Maxim Olga Sergei Yuri Antony Charles "
    "Emily Helen James Jennifer John Josep Laura Mark Matthew Michael Ned Olivia Philip "
    "Samantha Toivo Ursula Victoria Annalena Emmanuel Recep Mevlut Hakan Ebrahim Hossein Kaja "
    "Peter Sophie Thomas Sahil Ceyhun Javid Hikmat Nairi Lusine Gohar Astghik"
)
SURNAME_ROOTS = words(
    "Petros Grigor Harutyun Hovhannis Sargs Avetis Mkrtch Manuk Vardan Khachatr Simon Galst "
    "Abrahám Mikael Karapet Nersis Baghdasar Martiros Stepan Tadevos Aliy Hasan Mammad Huseyn "
    "Guliy Ismayil Bayram Rahim Suleyman Jafar Abbas Karim Nabi Rustam Bagir Mustaf Sadig "
    "Heydar Ahmad Zeynal Ivan Smirn Lavr Zakhar Peskov Volk Sokol Morozov Novik Kuznets Orl "
    "Blink Mill Price Reek Brown Carter Walsh Duncan Hughes Klaar Michel Borrell Maurer Bayer "
    "Lindt Hartmann Fischer Rossi Moreau Lambert Dubois Cavus Fidan"
)
SURNAME_SUFFIXES = words(
    "yan|yan|ian|ov|ev|ova|eva|li|zade||er|son",
    sep="|",
)
COUNTRIES = words(
    "AM AZ RU US TR IR FR DE GB GE UA IT ES NL BE SE PL CA CN IN IL KZ BY LT LV EE CH AT GR CY"
)
_COUNTRY_NAMES = words(
    "Armenia|Azerbaijan|Russia|the United States|Turkey|Iran|France|Germany|"
    "the United Kingdom|Georgia|Ukraine|Italy|Spain|the Netherlands|Belgium|Sweden|"
    "Poland|Canada|China|India|Israel|Kazakhstan|Belarus|Lithuania|Latvia|Estonia|"
    "Switzerland|Austria|Greece|Cyprus",
    sep="|",
)
COUNTRY_NAMES = dict(zip(COUNTRIES, _COUNTRY_NAMES, strict=True))
PLACES = words(
    "Stepanakert Khankendi Shusha Lachin Goris Kapan Meghri Jermuk Sotk Vardenis Tavush "
    "Gazakh Tovuz Nakhchivan Kalbajar Kelbajar Agdam Fuzuli Hadrut Martuni Askeran Sisian "
    "Ijevan Berd Yeraskh Zangilan Jabrayil Gubadli Agdere Khojaly Kornidzor Tegh Davit-Bek "
    "Chartar Tsaghkashat Nerkin-Hand Yevlakh Ganja Barda Tartar Goranboy Ararat Vayk"
)
REGIONS = words(
    "Syunik|Gegharkunik|Vayots Dzor|Tavush|Nagorno-Karabakh|the Lachin corridor|"
    "the Zangezur region|the Sev Lich area|the line of contact|"
    "the Armenia-Azerbaijan border|Nakhchivan|East Zangezur",
    sep="|",
)
MONTHS = words(
    "January February March April May June July August September October November December"
)
WEEKDAYS = words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")

SUBJECTS = words(
    "Azerbaijan|Armenia|Baku|Yerevan|The Armenian side|The Azerbaijani side|Our country|"
    "Our government|The international community|The Russian peacekeeping contingent|"
    "The European Union monitoring mission|The OSCE Minsk Group|The United States|Moscow|"
    "Ankara|Tehran|The ministry|The army|The separatist authorities|Our forces|"
    "The opposition|The civilian population|The negotiating teams",
    sep="|",
)
VERB_PHRASES = words(
    "will not accept|remains committed to|has repeatedly violated|strongly condemns|"
    "is calling for|is ready to discuss|categorically rejects|has no plans to abandon|"
    "will respond decisively to|is deeply concerned about|fully supports|"
    "has never agreed to|expects progress on|is preparing to resume|does not recognise|"
    "cannot ignore|has welcomed|continues to insist on|warns against|"
    "demands an explanation for|is closely monitoring|will not tolerate|has proposed|"
    "has again postponed",
    sep="|",
)
OBJECTS = words(
    "the ceasefire agreement of 10 November|any unilateral change of the status quo|"
    "direct talks without preconditions|the opening of regional transport links|"
    "the delimitation and demarcation of the border|the return of all prisoners of war|"
    "the shelling of civilian settlements near {place}|"
    "the deployment of additional troops in {region}|"
    "the humanitarian situation in {region}|the blockade of the road through {place}|"
    "the peace treaty drafted in {month}|the mediation efforts of {mediator}|"
    "the territorial integrity of {country}|the security of ethnic Armenians in {region}|"
    "the provocation staged near {place} on {weekday}|"
    "the withdrawal of armed units from {region}|"
    "the restoration of gas and electricity supplies to {place}|"
    "the creation of a border commission|"
    "the construction of a new checkpoint near {place}|"
    "the right of displaced people to return to {place}|"
    "the mine clearance programme in {region}|"
    "the exchange of detainees agreed in {month}|the statement issued by {mediator}|"
    "the international investigation of the attack on {place}|"
    "the economic blockade of {region}|the presence of foreign observers in {region}|"
    "the use of heavy weapons along {region}|"
    "the reopening of the railway through {place}",
    sep="|",
)
MODIFIERS = words(
    "||| in the coming weeks| under any circumstances| as soon as possible| this year|"
    " without delay| at the next round of talks| despite the latest incidents|"
    " on behalf of the whole nation| within the framework of international law|"
    " once again| before the end of {month}| in close coordination with our partners|"
    " until the guarantees are in place",
    sep="|",
)
MEDIATORS = words(
    "the European Union|Russia|the United States|the OSCE|Brussels|Washington|Moscow|"
    "the United Nations|Georgia|Kazakhstan",
    sep="|",
)
REPORTING_VERBS = {
    "asserts": "said",
    "denies": "denied",
    "warns": "warned",
    "urges": "urged",
    "condemns": "condemned",
    "accuses": "accused",
    "supports": "said it supports",
    "declines_to_comment": "declined to comment, saying",
    "announces": "announced",
    "expresses_concern": "expressed concern, saying",
    "threatens": "threatened",
    "rejects": "rejected",
    "demands": "demanded",
    "agrees": "agreed",
}
ACTS = tuple(REPORTING_VERBS)
ACT_WEIGHTS = (30, 10, 8, 8, 6, 6, 6, 2, 8, 5, 3, 4, 3, 2)
CHANNELS = words(
    "phone_call|hearing|written_comment|press_briefing|closed_meeting|official_statement|"
    "interview|social_media|protest|unknown",
    sep="|",
)
CHANNEL_WEIGHTS = (6, 3, 8, 15, 3, 25, 12, 12, 1, 15)
ATTRIBUTIONS = ("on_record", "official_readout", "second_hand")
ATTRIBUTION_WEIGHTS = (80, 10, 10)
QUOTE_KINDS = ("direct", "paraphrase", "mixed")
QUOTE_KIND_WEIGHTS = (50, 40, 10)

FILLER_TEMPLATES = words(
    "The talks were held in {place} on {weekday} and lasted more than {n} hours.|"
    "Clashes along {region} have intensified since early {month}, according to local residents.|"
    "The two countries fought a six-week war over Nagorno-Karabakh in the autumn of 2020.|"
    "Neither side published a full transcript of the meeting.|"
    "Residents of {place} said they heard artillery fire late on {weekday}.|"
    "The ministry did not respond to a request for comment by the time of publication.|"
    "At least {n} servicemen were reported wounded in the incident near {place}.|"
    "The road through {place} has been closed to civilian traffic for {n} days.|"
    "Observers from {mediator} visited {place} earlier this month.|"
    "The statement came a day after a meeting of the security council in {capital}.|"
    "Officials in {capital} have not commented on the figures.|"
    "A previous round of negotiations ended without agreement in {month}.|"
    "The region is internationally recognised as part of Azerbaijan.|"
    "Thousands of people left {place} after the fighting, humanitarian groups said.|"
    "Satellite images published in {month} show new fortifications near {place}.|"
    "Both governments accuse each other of breaking the truce.|"
    "The border between the two countries has never been formally demarcated.|"
    "Prices of fuel and bread in {place} have risen sharply, residents told reporters.|"
    "Local media reported that {n} families were evacuated from {place}.|"
    "The foreign ministers are expected to meet again in {capital} in {month}.|"
    "An agreement on the exchange of detainees was announced in {month}.|"
    "The incident was the most serious since the ceasefire of 2020.|"
    "Independent journalists were not allowed to enter {region}.|"
    "Parliament is due to debate the issue next {weekday}.|"
    "The {n}-kilometre road links {place} with {place2}.",
    sep="|",
)
CAPITALS = words(
    "Yerevan|Baku|Moscow|Washington|Brussels|Ankara|Tbilisi|Paris",
    sep="|",
)
NAV_VARIANTS = (
    ("Home | News | Politics | Region", "Search", "EN | RU"),
    ("Menu", "Latest news", "World | Caucasus | Economy | Opinion | Video"),
    ("Skip to content", "Home » Politics"),
    ("Subscribe | Log in", "News Analysis Interviews Multimedia", "Font size: A A A"),
    ("Top stories",),
)
FOOTER_VARIANTS = (
    ("Share: Facebook | Twitter | Telegram | WhatsApp", "Tags: {region}, {place}, politics"),
    ("Read also:", "Related: {related}", "Related: {related2}", "© {year} {outlet}"),
    ("Follow us on Telegram", "Views: {n}"),
    ("Advertisement", "Most read", "{related}", "{related2}", "All rights reserved."),
)
ORG_PATTERNS = words(
    "{place} Centre for Regional Studies|Caucasus Institute of {topic}|"
    "{country_name} Helsinki Committee|Union of {group} of {place}|"
    "{place} Human Rights Defenders|Committee for {topic} in {region}|"
    "Association of Refugees from {place}|International Crisis Monitor for {region}|"
    "{place} Peace Initiative",
    sep="|",
)
TOPICS = words(
    "Conflict Studies|Peace and Security|Missing Persons|Border Security|Refugee Rights|"
    "Press Freedom|Humanitarian Affairs|Strategic Research",
    sep="|",
)
GROUPS = words(
    "Veterans|Journalists|Lawyers|Mothers|Students|Farmers",
    sep="|",
)
MINISTRIES = words(
    "Ministry of Foreign Affairs|Ministry of Defence|State Border Service|"
    "Security Council|Office of the President|Office of the Prime Minister|"
    "Ministry of Emergency Situations|Prosecutor General's Office|"
    "Ministry of Territorial Administration|Human Rights Ombudsman|"
    "State Commission on Prisoners of War|Ministry of Internal Affairs",
    sep="|",
)
OUTLET_WORDS = words(
    "Caucasus Herald Daily Post Times News Observer Review Report Voice Mirror Express "
    "Courier Monitor Today Gazette Tribune Wire Press Dispatch Chronicle Bulletin Echo"
)
GROUP_WORDS = ("Residents", "Displaced families", "Relatives of soldiers", "Protesters", "Farmers")
LOCAL_BODIES = ("District Administration", "Municipality", "Police Department", "Governor's Office")
INTERNATIONAL_BODIES = ("OSCE", "United Nations", "European Union", "Council of Europe")
OUTLET_KINDS = words(
    "wire_agency|newspaper|online_news|broadcaster|aggregator|other",
    sep="|",
)
OUTLET_KIND_WEIGHTS = (10, 25, 40, 12, 10, 3)
OWNERSHIPS = ("state", "private", "public_service", "diaspora", "unknown")
EVENT_KINDS = words(
    "military_operation|border_incident|phone_call|hearing|closed_briefing|"
    "press_briefing|publication|decree|summit|detention|protest|report|other",
    sep="|",
)
EVENT_WORDS = {
    "military_operation": "Military operation in {region}",
    "border_incident": "Border incident near {place}",
    "phone_call": "Phone call between {capital} and {capital2}",
    "hearing": "Parliamentary hearing on {region}",
    "closed_briefing": "Closed briefing on {region}",
    "press_briefing": "Press briefing in {capital}",
    "publication": "Publication of the report on {place}",
    "decree": "Decree on {region}",
    "summit": "Summit in {capital}",
    "detention": "Detention of servicemen near {place}",
    "protest": "Protest in {capital}",
    "report": "Monitoring report on {region}",
    "other": "Talks on {region}",
}
CONTRADICTION_KINDS = words(
    "denial|factual_conflict|framing_conflict|occasion_conflict|date_conflict|"
    "wording_drift|misattribution|fabrication|reuse",
    sep="|",
)
RETIRED_REASONS = (
    "Duplicate of {other}, entered twice from two captures of the same page.",
    "Merged into {other} after review.",
)
RETIRED_REASONS_ALONE = (
    "The quote is not in the archived text; withdrawn after an audit.",
    "Entered by mistake; nothing in the record supports it.",
    "Misread source: the sentence belongs to another speaker.",
)


# --- helpers --------------------------------------------------------------------------------


def slug(text: str, words: int = 4) -> str:
    out = []
    for word in text.lower().replace("'", "").split():
        cleaned = "".join(c if c.isascii() and c.isalnum() else "-" for c in word).strip("-")
        cleaned = "-".join(p for p in cleaned.split("-") if p)
        if cleaned:
            out.append(cleaned)
        if len(out) == words:
            break
    return "-".join(out) or "x"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def lowered(clause: str) -> str:
    """The clause inside a sentence: a common first word lowercased, a name kept."""
    if clause.split(" ", 1)[0] in ("The", "Our"):
        return clause[0].lower() + clause[1:]
    return clause


def width(count: int) -> int:
    return max(4, len(str(count)))


def date_with_precision(value: dt.date, precision: str) -> str:
    if precision == "month":
        return value.replace(day=1).isoformat()
    if precision == "year":
        return value.replace(month=1, day=1).isoformat()
    if precision == "unknown":
        return ""
    return value.isoformat()


class Sink:
    """A canonical CSV writer that hashes and counts the bytes it writes."""

    def __init__(self, path: Path, header: Sequence[str]) -> None:
        self.path = path
        self.handle: IO[bytes] = path.open("wb")
        self.digest = hashlib.sha256()
        self.size = 0
        self.rows = 0
        self.buffer: list[str] = []
        self.header = list(header)
        self.writer = csv.writer(self, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        self.writer.writerow(self.header)

    def write(self, text: str) -> None:
        self.buffer.append(text)
        if len(self.buffer) >= 2000:
            self.flush()

    def flush(self) -> None:
        data = "".join(self.buffer).encode("utf-8")
        self.buffer.clear()
        self.digest.update(data)
        self.size += len(data)
        self.handle.write(data)

    def row(self, values: dict[str, str]) -> None:
        self.writer.writerow([values.get(name, "") for name in self.header])
        self.rows += 1

    def close(self) -> tuple[str, int]:
        self.flush()
        self.handle.close()
        return "sha256:" + self.digest.hexdigest(), self.size


@dataclass
class Entity:
    """A row of a small table (outlets, actors, events) kept in memory while statements stream."""

    id: str
    row: dict[str, str]
    active: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


class Picker:
    """Weighted choice over a fixed list, skewed (a few popular items, a long tail)."""

    def __init__(self, rng: random.Random, items: Sequence[Any], skew: float = 1.0) -> None:
        self.rng = rng
        self.items = list(items)
        total = 0.0
        self.cum: list[float] = []
        for rank in range(len(self.items)):
            total += 1.0 / (rank + 5) ** skew
            self.cum.append(total)
        self.total = total
        # the popular ones are not always the first ids
        rng.shuffle(self.items)

    def pick(self) -> Any:
        x = self.rng.random() * self.total
        return self.items[min(bisect.bisect_left(self.cum, x), len(self.items) - 1)]


# --- the generator --------------------------------------------------------------------------


class Generator:
    def __init__(self, n: int, out: Path, seed: int, say: Callable[[str], None]) -> None:
        if n < 100:
            raise ValueError("N must be at least 100")
        self.n = n
        self.out = out
        self.rng = random.Random(seed)
        self.seed = seed
        self.say = say
        self.n_articles = max(20, n // 5)
        self.n_actors = max(8, n // 50)
        self.n_events = max(5, n // 20)
        self.n_contradictions = max(5, n // 10)
        self.n_outlets = max(10, n // 200)
        self.checksums: dict[str, tuple[str, int]] = {}
        self.schemas = {
            name: json.loads((REPO / "schema" / f"{name}.json").read_text(encoding="utf-8"))
            for name in TABLES
        }
        self.filler = [self._filler() for _ in range(4000)]
        self.names: set[str] = set()  # casefolded name forms of actors, unique package-wide
        self.references: list[dict[str, str]] = []  # in id order, written at the end

    # small helpers
    def header(self, table: str) -> list[str]:
        return [f["name"] for f in self.schemas[table]["fields"]]

    def cite(self, url: str, share: float) -> str:
        """With probability `share`, a new reference to `url`, returning its id (else "")."""
        if self.rng.random() >= share:
            return ""
        reference_id = f"ref-{len(self.references):08d}"
        self.references.append(
            {
                "reference_id": reference_id,
                "url": url,
                "title": "The record" if self.rng.random() < 0.5 else "",
                "published_on_precision": "unknown",
                "record_status": "active",
            }
        )
        return reference_id

    def sink(self, table: str) -> Sink:
        return Sink(self.out / "datapackage" / f"{table}.csv", self.header(table))

    def fill(self, template: str) -> str:
        rng = self.rng
        if "{" not in template:
            return template
        return template.format(
            place=rng.choice(PLACES),
            place2=rng.choice(PLACES),
            region=rng.choice(REGIONS),
            month=rng.choice(MONTHS),
            weekday=rng.choice(WEEKDAYS),
            mediator=rng.choice(MEDIATORS),
            country=rng.choice(("Armenia", "Azerbaijan")),
            capital=rng.choice(CAPITALS),
            capital2=rng.choice(CAPITALS),
            n=rng.randint(2, 60),
        )

    def _filler(self) -> str:
        return self.fill(self.rng.choice(FILLER_TEMPLATES))

    def date(self) -> dt.date:
        start, end = TIMELINE
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def retire_plan(self, count: int) -> list[bool]:
        """Which rows are retired: about RETIRED_SHARE of them, never the first."""
        return [i > 0 and self.rng.random() < RETIRED_SHARE for i in range(count)]

    def retire(self, row: dict[str, str], active_ids: Sequence[str], own: str) -> None:
        rng = self.rng
        row["record_status"] = "retired"
        others = (
            [x for x in (rng.choice(active_ids) for _ in range(3)) if x != own]
            if active_ids
            else []
        )
        if others and rng.random() < 0.5:
            row["replaced_by"] = others[0]
            row["retired_reason"] = rng.choice(RETIRED_REASONS).format(other=others[0])
        else:
            row["retired_reason"] = rng.choice(RETIRED_REASONS_ALONE)

    # outlets ---------------------------------------------------------------------------------
    def outlets(self) -> list[Entity]:
        rng = self.rng
        w = width(self.n_outlets)
        retired = self.retire_plan(self.n_outlets)
        entities = []
        for i in range(self.n_outlets):
            words = rng.sample(OUTLET_WORDS, 2)
            name = f"{rng.choice(PLACES + CAPITALS)} {words[0]} {words[1]}"
            oid = f"ou-{i:0{w}d}-{slug(name, 3)}"
            country = rng.choice(COUNTRIES)
            row = {
                "outlet_id": oid,
                "name": name,
                "homepage": f"https://www.{slug(name, 3)}.example" if rng.random() < 0.9 else "",
                "country": country if rng.random() < 0.85 else "",
                "kind": rng.choices(OUTLET_KINDS, OUTLET_KIND_WEIGHTS)[0],
                "ownership": rng.choice(OWNERSHIPS),
                "wikidata_id": f"Q{rng.randint(1000, 99999999)}" if rng.random() < 0.3 else "",
                "reference_ids": self.cite(f"https://registry.example/media/{oid}", 0.5),
                "notes": self.notes(0.6),
                "record_status": "active",
            }
            entities.append(Entity(oid, row, active=not retired[i]))
        active_ids = [e.id for e in entities if e.active]
        for e in entities:
            if not e.active:
                self.retire(e.row, active_ids, e.id)
        return entities

    def notes(self, chance: float) -> str:
        rng = self.rng
        if rng.random() > chance:
            return ""
        parts = [rng.choice(self.filler) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.4:
            parts.append(f"See https://archive.example/{rng.randint(10**6, 10**7)}.")
        return " ".join(parts)

    # actors ----------------------------------------------------------------------------------
    def unique(self, make: Callable[[], str], tries: int = 30) -> str:
        for attempt in range(tries):
            name = make()
            if attempt > tries // 2:
                name = f"{name} ({self.rng.randint(2, 999)})"
            if name.casefold() not in self.names:
                self.names.add(name.casefold())
                return name
        raise RuntimeError("could not find a unique actor name")

    def surname(self) -> str:
        rng = self.rng
        root = rng.choice(SURNAME_ROOTS)
        if rng.random() < 0.5:
            root = root + rng.choice(("", "i", "a", "o", "e"))
        return (root + rng.choice(SURNAME_SUFFIXES)).replace("á", "a")

    def actor_name(self, kind: str, outlets: Sequence[Entity]) -> tuple[str, str]:
        rng = self.rng
        country = rng.choice(COUNTRIES[:10]) if rng.random() < 0.8 else rng.choice(COUNTRIES)
        cname = COUNTRY_NAMES.get(country, country)
        if kind == "person":
            return self.unique(lambda: f"{rng.choice(FIRST_NAMES)} {self.surname()}"), country
        if kind == "government_body":
            return self.unique(lambda: self.body_name(cname)), country
        if kind == "legislature":
            return self.unique(
                lambda: (
                    f"{rng.choice(('Committee on', 'Caucus on', 'Commission for'))} "
                    f"{rng.choice(TOPICS)} of the parliament of {cname}"
                )
            ), country
        if kind == "military":
            return self.unique(
                lambda: (
                    f"{ordinal(rng.randint(1, 150))} "
                    f"{rng.choice(('Army Corps', 'Brigade', 'Border Detachment', 'Battalion'))} "
                    f"of {cname}"
                )
            ), country
        if kind == "outlet_editorial":
            return self.unique(lambda: f"{rng.choice(outlets).row['name']} editorial board"), ""
        if kind == "anonymous_source":
            return self.unique(
                lambda: f"Sources familiar with {self.fill(rng.choice(OBJECTS))}"
            ), ""
        if kind == "group":
            return self.unique(
                lambda: (
                    f"{rng.choice(GROUP_WORDS)} of {rng.choice(PLACES)} "
                    f"{rng.choice(('village', 'town', 'district'))}"
                )
            ), ""
        return self.unique(
            lambda: rng.choice(ORG_PATTERNS).format(
                place=rng.choice(PLACES),
                topic=rng.choice(TOPICS),
                group=rng.choice(GROUPS),
                country_name=cname,
                region=rng.choice(REGIONS),
            )
        ), country

    def body_name(self, cname: str) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.4:
            return f"{rng.choice(MINISTRIES)} of {cname}"
        if roll < 0.6:
            return f"Embassy of {cname} in {COUNTRY_NAMES[rng.choice(COUNTRIES)]}"
        if roll < 0.8:
            return f"{rng.choice(PLACES)} {rng.choice(LOCAL_BODIES)}"
        mission = rng.choice(("Permanent Mission", "Delegation", "Special Representative"))
        return f"{mission} of {cname} to the {rng.choice(INTERNATIONAL_BODIES)}"

    def forms(self, name: str, kind: str) -> tuple[list[str], list[str]]:
        """Aliases and misspellings that no other actor uses."""
        rng = self.rng
        aliases: list[str] = []
        misspellings: list[str] = []
        candidates: list[tuple[list[str], str]] = []
        if kind == "person":
            first, _, last = name.partition(" ")
            candidates.append((aliases, f"{first[0]}. {last}"))
            if rng.random() < 0.3:
                candidates.append((aliases, last))
            wrong = (
                last.replace("yan", "ian")
                if "yan" in last
                else last.replace("ev", "iev")
                if "ev" in last
                else last[:-1] + last[-1] * 2
            )
            if rng.random() < 0.3:
                candidates.append((misspellings, f"{first} {wrong}"))
        elif kind in ("government_body", "legislature", "military", "organization"):
            initials = "".join(w[0] for w in name.split() if w[0].isupper())
            if len(initials) >= 2 and rng.random() < 0.7:
                candidates.append((aliases, initials))
        for target, form in candidates:
            key = form.casefold()
            if key not in self.names and form != name:
                self.names.add(key)
                target.append(form)
        return aliases, misspellings

    def actors(self, outlets: Sequence[Entity]) -> list[Entity]:
        rng = self.rng
        w = width(self.n_actors)
        kinds = (
            "person",
            "government_body",
            "military",
            "legislature",
            "organization",
            "outlet_editorial",
            "anonymous_source",
            "group",
        )
        weights = (60, 12, 5, 3, 10, 5, 3, 2)
        retired = self.retire_plan(self.n_actors)
        entities: list[Entity] = []
        bodies: list[str] = []
        for i in range(self.n_actors):
            kind = "government_body" if i < 2 else rng.choices(kinds, weights)[0]
            name, country = self.actor_name(kind, outlets)
            aid = f"ac-{i:0{w}d}-{slug(name, 3)}"
            # The misspelled forms are drawn (so the rest of the package stays as it was) but
            # not written: misspelling-recorded wants each printed in an article and recorded
            # as a misattribution contradiction, which the generated texts do not do.
            aliases, _ = self.forms(name, kind)
            affiliation = ""
            if kind in ("person", "military") and bodies and rng.random() < 0.6:
                affiliation = rng.choice(bodies)
            role = ""
            if kind == "person":
                role = rng.choice(
                    (
                        "Foreign Minister",
                        "spokesperson",
                        "President",
                        "Prime Minister",
                        "member of parliament",
                        "Defence Minister",
                        "ambassador",
                        "envoy",
                        "analyst",
                    )
                )
            row = {
                "actor_id": aid,
                "name": name,
                "aliases": "|".join(aliases),
                "misspellings": "",
                "kind": kind,
                "affiliation_id": affiliation,
                "country": country,
                "wikidata_id": f"Q{rng.randint(1000, 99999999)}" if rng.random() < 0.3 else "",
                "notes": self.notes(0.5),
                "record_status": "active",
            }
            entity = Entity(aid, row, active=not retired[i], extra={"role": role, "kind": kind})
            entities.append(entity)
            if entity.active and kind == "government_body":
                bodies.append(aid)
        active_ids = [e.id for e in entities if e.active]
        for e in entities:
            if not e.active:
                self.retire(e.row, active_ids, e.id)
        return entities

    # events ----------------------------------------------------------------------------------
    def events(self) -> list[Entity]:
        rng = self.rng
        w = width(self.n_events)
        retired = self.retire_plan(self.n_events)
        entities: list[Entity] = []
        for i in range(self.n_events):
            kind = rng.choice(EVENT_KINDS)
            start = self.date()
            span = rng.choice((0, 0, 0, 1, 2, 5, 30, 120))
            end = start + dt.timedelta(days=span)
            name = self.fill(EVENT_WORDS[kind]) + f", {start.day} {MONTHS[start.month - 1]}"
            name += f" {start.year}"
            eid = f"ev-{i:0{w}d}-{slug(name, 4)}"
            sp = rng.choices(("day", "month", "year", "unknown"), (70, 20, 5, 5))[0]
            ep = rng.choices(("day", "month", "unknown"), (60, 15, 25))[0]
            start_s = date_with_precision(start, sp)
            end_s = date_with_precision(end, ep)
            if start_s and end_s and end_s < start_s:
                end_s, ep = "", "unknown"
            sb = "" if not start_s else rng.choice(("stated", "inferred"))
            eb = "" if not end_s else rng.choice(("stated", "inferred"))
            note = ""
            if "inferred" in (sb, eb) or rng.random() < 0.2:
                note = (
                    f"'On {WEEKDAYS[start.weekday()]}' in the reports, counted from their dates; "
                    + rng.choice(self.filler)
                )
            parent = ""
            if entities and rng.random() < 0.2:
                candidate = rng.choice(entities)
                if candidate.active:
                    parent = candidate.id
            row = {
                "event_id": eid,
                "name": name,
                "kind": kind,
                "start_date": start_s,
                "start_date_precision": sp,
                "start_date_basis": sb,
                "end_date": end_s,
                "end_date_precision": ep,
                "end_date_basis": eb,
                "date_note": note,
                "location": f"{rng.choice(PLACES)}, {rng.choice(REGIONS)}"
                if rng.random() < 0.7
                else "",
                "parent_event_id": parent,
                "description": " ".join(rng.choice(self.filler) for _ in range(rng.randint(1, 4))),
                "wikidata_id": f"Q{rng.randint(1000, 99999999)}" if rng.random() < 0.1 else "",
                "reference_ids": self.cite(f"https://record.example/events/{eid}", 0.6),
                "record_status": "active",
            }
            entities.append(Entity(eid, row, active=not retired[i]))
        active_ids = [e.id for e in entities if e.active]
        for e in entities:
            if not e.active:
                self.retire(e.row, active_ids, e.id)
        return entities

    # articles and statements -----------------------------------------------------------------
    def quote_clause(self) -> str:
        rng = self.rng
        clause = (
            f"{rng.choice(SUBJECTS)} {rng.choice(VERB_PHRASES)} "
            f"{self.fill(rng.choice(OBJECTS))}{self.fill(rng.choice(MODIFIERS))}"
        )
        return clause

    def statement_text(self, speaker_text: str, act: str, quote_kind: str) -> tuple[str, str, str]:
        """(the sentence in the article, the quote taken from it, the clause)."""
        rng = self.rng
        clause = self.quote_clause()
        if quote_kind == "direct":
            said = rng.choice(("said", "told reporters", "wrote", "stressed", "added"))
            if rng.random() < 0.5:
                return f"“{clause},” {speaker_text} {said}.", clause, clause
            return f"{speaker_text} {said}: “{clause}.”", clause, clause
        verb = REPORTING_VERBS[act]
        low = lowered(clause)
        if quote_kind == "paraphrase":
            sentence = f"{speaker_text} {verb} that {low}."
            return sentence, sentence, clause
        head, _, tail = low.partition(" ")
        sentence = f"{speaker_text} {verb} that {head} “{tail}”."
        return sentence, sentence, clause

    def article(
        self,
        outlet: Entity,
        headline: str,
        sentences: list[str],
        related: Sequence[str],
    ) -> tuple[str, str]:
        """The archived text and its furniture_lines."""
        rng = self.rng
        lines: list[str] = []
        furniture: list[tuple[int, int]] = []
        nav = list(rng.choice(NAV_VARIANTS))
        nav.insert(0, outlet.row["name"])
        lines.extend(nav)
        furniture.append((1, len(lines)))
        lines.append(headline)
        if rng.random() < 0.5:
            lines.append(
                f"{rng.choice(CAPITALS).upper()}, {rng.choice(MONTHS)} {rng.randint(1, 28)}"
            )
        body_left = list(sentences)
        caption_at = rng.randint(1, 4) if rng.random() < 0.4 else -1
        paragraph = 0
        paragraphs = max(len(body_left) + rng.randint(1, 4), rng.randint(5, 10))
        while body_left or paragraph < paragraphs:
            parts = [rng.choice(self.filler) for _ in range(rng.randint(1, 3))]
            if body_left:
                parts.insert(rng.randint(0, len(parts)), body_left.pop())
            if not parts:
                parts.append(rng.choice(self.filler))
            lines.append(" ".join(parts))
            paragraph += 1
            if paragraph == caption_at:
                lines.append(f"Photo: {rng.choice(PLACES)}, {rng.choice(MONTHS)}. © Press service")
                furniture.append((len(lines), len(lines)))
        if rng.random() < 0.7:
            lines.append("")
        footer = [
            line.format(
                region=rng.choice(REGIONS),
                place=rng.choice(PLACES),
                related=related[0],
                related2=related[1],
                year=rng.randint(2020, 2024),
                outlet=outlet.row["name"],
                n=rng.randint(10, 90000),
            )
            for line in rng.choice(FOOTER_VARIANTS)
        ]
        first = len(lines) + 1
        lines.extend(footer)
        furniture.append((first, len(lines)))
        text = "\n".join(lines) + "\n"
        return text, "|".join(f"{a}-{b}" for a, b in furniture)

    def run(self) -> dict[str, int]:
        started = time.monotonic()
        rng = self.rng
        out = self.out
        (out / "datapackage").mkdir(parents=True)
        (out / "seeds").mkdir()
        shutil.copytree(REPO / "schema", out / "schema")

        outlets = self.outlets()
        actors = self.actors(outlets)
        events = self.events()
        self.say(
            f"  {len(outlets):,} outlets, {len(actors):,} actors, {len(events):,} events "
            f"({time.monotonic() - started:.1f} s)"
        )
        active_outlets = [o for o in outlets if o.active]
        active_actors = [a for a in actors if a.active]
        active_events = [e for e in events if e.active]
        outlet_pick = Picker(rng, active_outlets, skew=1.1)
        speaker_pick = Picker(rng, active_actors, skew=1.0)
        event_pick = Picker(rng, active_events, skew=0.8)
        # every active outlet, actor and event is used once first (the unreferenced rule)
        outlet_queue = list(reversed(active_outlets))
        speaker_queue = list(reversed(active_actors))
        event_queue = list(reversed(active_events))

        n_articles = self.n_articles
        article_retired = self.retire_plan(n_articles)
        active_articles = n_articles - sum(article_retired)
        wa = width(n_articles)
        ws = max(7, len(str(self.n)))
        articles_sink = self.sink("articles")
        statements_sink = self.sink("statements")
        statement_active = bytearray(self.n)  # 1 = active, for picking contradiction sides
        remaining_statements = self.n
        remaining_articles = active_articles
        statement_index = 0
        titles: list[str] = ["Armenia and Azerbaijan resume talks", "Border tensions rise"]
        last_active_article = ""
        for a in range(n_articles):
            use_queue = outlet_queue and not article_retired[a]
            outlet = outlet_queue.pop() if use_queue else outlet_pick.pick()
            aid = f"ar-{a:0{wa}d}"
            published = self.date()
            precision = rng.choices(("day", "month", "year", "unknown"), (85, 8, 2, 5))[0]
            published_s = date_with_precision(published, precision)
            basis = "" if not published_s else rng.choices(("stated", "inferred"), (75, 25))[0]
            note = ""
            if basis == "inferred":
                note = f"Taken from the URL path /{published.year}/{published.month:02d}/."
            elif precision == "unknown":
                note = "The page shows no date and the capture date is not the article's."
            # statements of this article
            if article_retired[a]:
                count = 0
            else:
                low = max(1, remaining_statements - 9 * (remaining_articles - 1))
                high = min(9, remaining_statements - (remaining_articles - 1))
                count = max(low, min(high, rng.randint(2, 8)))
                remaining_articles -= 1
                remaining_statements -= count
            rows: list[dict[str, str]] = []
            sentences: list[str] = []
            seen: set[str] = set()
            for _ in range(count):
                retired = statement_index > 0 and rng.random() < RETIRED_SHARE
                speaker = (
                    speaker_queue.pop() if speaker_queue and not retired else speaker_pick.pick()
                )
                srow = self.statement(
                    statement_index,
                    ws,
                    aid,
                    speaker,
                    published,
                    published_s,
                    precision,
                    [] if retired else event_queue,
                    event_pick,
                    active_outlets,
                    active_actors,
                    sentences,
                    seen,
                )
                if retired:
                    earlier = [r["statement_id"] for r in rows if r["record_status"] == "active"]
                    self.retire(srow, earlier[-1:] * 3, srow["statement_id"])
                rows.append(srow)
                statement_index += 1
            headline = self.headline(rows)
            text, furniture = self.article(outlet, headline, sentences, rng.sample(titles, 2))
            if len(titles) < 500:
                titles.append(headline)
            else:
                titles[rng.randrange(len(titles))] = headline
            data = text.encode("utf-8")
            sha = hashlib.sha256(data).hexdigest()
            seed_path = f"seeds/{a:0{wa}d}_{sha[:16]}.txt"
            (out / seed_path).write_bytes(data)
            origin = ""
            if rng.random() < 0.05:
                origin = rng.choice(active_outlets).id
            row = {
                "article_id": aid,
                "outlet_id": outlet.id,
                "title": headline,
                "url": f"{outlet.row['homepage'] or 'https://news.example'}/"
                f"{published.year}/{published.month:02d}/{slug(headline, 6)}-{a}"
                if rng.random() < 0.85
                else "",
                "published_on": published_s,
                "published_on_precision": precision,
                "published_on_basis": basis,
                "published_on_note": note,
                "language": rng.choices(("en", "ru", "hy", "az"), (85, 7, 4, 4))[0],
                "seed_path": seed_path,
                "sha256": sha,
                "text_origin_outlet_id": origin,
                "furniture_lines": furniture,
                "reference_ids": self.cite(
                    f"https://web.archive.example/{published.year}/{aid}", 0.4
                ),
                "notes": self.notes(0.4),
                "record_status": "active",
            }
            if article_retired[a]:
                self.retire(row, [last_active_article] * 3, aid)
            else:
                last_active_article = aid
            articles_sink.row(row)
            for srow in rows:
                statements_sink.row(srow)
                if srow["record_status"] == "active":
                    statement_active[int(srow["statement_id"][3:])] = 1
            if (a + 1) % 50_000 == 0:
                self.say(
                    f"  {a + 1:,} articles, {statement_index:,} statements "
                    f"({time.monotonic() - started:.1f} s)"
                )
        assert statement_index == self.n, (statement_index, self.n)
        assert not speaker_queue and not event_queue and not outlet_queue
        self.checksums["articles"] = articles_sink.close()
        self.checksums["statements"] = statements_sink.close()

        for name, entities in (("outlets", outlets), ("actors", actors), ("events", events)):
            sink = self.sink(name)
            for e in entities:
                sink.row(e.row)
            self.checksums[name] = sink.close()

        self.contradictions(statement_active, ws)
        self.manifest(outlets, actors, events, n_articles, wa, ws)
        self.descriptor()
        self.say(f"  done in {time.monotonic() - started:.1f} s")
        return {
            "outlets": len(outlets),
            "actors": len(actors),
            "events": len(events),
            "articles": n_articles,
            "statements": self.n,
            "contradictions": self.n_contradictions,
            "references": len(self.references),
        }

    def headline(self, rows: list[dict[str, str]]) -> str:
        rng = self.rng
        if rows and rng.random() < 0.7:
            who = rows[0]["speaker_as_reported"] or "Officials"
            verb = REPORTING_VERBS[rows[0]["act"]].split(",")[0].split(" that")[0]
            about = self.fill(rng.choice(OBJECTS))
            return f"{who} {verb} on {about}"
        return self.fill(rng.choice(FILLER_TEMPLATES)).rstrip(".")

    def statement(
        self,
        index: int,
        ws: int,
        article_id: str,
        speaker: Entity,
        published: dt.date,
        published_s: str,
        precision: str,
        event_queue: list[Entity],
        event_pick: Picker,
        outlets: Sequence[Entity],
        actors: Sequence[Entity],
        sentences: list[str],
        seen: set[str],
    ) -> dict[str, str]:
        rng = self.rng
        sid = f"st-{index:0{ws}d}"
        kind = speaker.extra["kind"]
        act = rng.choices(ACTS, ACT_WEIGHTS)[0]
        if kind == "outlet_editorial":
            channel, attribution = "editorial", "editorial"
            speaker_text = ""
        elif kind == "anonymous_source":
            channel, attribution = "unknown", "anonymous_sources"
            speaker_text = rng.choice(("Sources", "People familiar with the matter"))
        else:
            channel = rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0]
            attribution = rng.choices(ATTRIBUTIONS, ATTRIBUTION_WEIGHTS)[0]
            forms = [speaker.row["name"], *filter(None, speaker.row["aliases"].split("|"))]
            speaker_text = rng.choice(forms)
            role = speaker.extra["role"]
            if role and rng.random() < 0.3:
                speaker_text = f"{role[0].upper()}{role[1:]} {speaker_text}"
        quote_kind = rng.choices(QUOTE_KINDS, QUOTE_KIND_WEIGHTS)[0]
        for _ in range(20):
            sentence, quote, clause = self.statement_text(
                speaker_text or "The editors", act, quote_kind
            )
            key = " ".join(quote.split()).casefold()
            if key not in seen:
                break
        seen.add(key)
        sentences.append(sentence)
        # said_on: on or before the publication (the rule said-after-published)
        said = published - dt.timedelta(days=rng.choice((0, 0, 1, 1, 2, 3, 7, 14, 30)))
        if kind == "outlet_editorial":
            sp = precision
            said_s = published_s
        else:
            sp = rng.choices(("day", "month", "year", "unknown"), (70, 15, 3, 12))[0]
            said_s = date_with_precision(said, sp)
            if precision == "unknown":
                sp, said_s = "unknown", ""
        basis = "" if not said_s else rng.choices(("stated", "inferred"), (40, 60))[0]
        said_note = ""
        if basis == "inferred":
            said_note = rng.choice(
                (
                    f"'On {WEEKDAYS[said.weekday()]}' in the text, counted back from the "
                    "article's date.",
                    "Not dated in the text; the day before publication is assumed.",
                    "The article's date, as the statement was made the day it was reported.",
                )
            )
        occasion = about = ""
        if event_queue:
            about = event_queue.pop().id
        elif rng.random() < 0.45:
            about = event_pick.pick().id
        if rng.random() < 0.25:
            occasion = event_pick.pick().id
        source = ""
        if attribution in ("official_readout", "second_hand"):
            other = rng.choice(actors)
            if other.id != speaker.id:
                source = other.id
        via = rng.choice(outlets).id if rng.random() < 0.1 else ""
        utterance = ""
        if rng.random() < 0.1:
            utterance = f"ut-{speaker.id[3:]}-{rng.randint(1, 3)}"
        claim = (
            f"{speaker.row['name']} {REPORTING_VERBS[act]} that "
            f"{lowered(clause)}, as reported on {published.isoformat()}."
        )
        return {
            "statement_id": sid,
            "article_id": article_id,
            "speaker_id": speaker.id,
            "speaker_as_reported": speaker_text,
            "speaker_role": speaker.extra["role"],
            "said_on": said_s,
            "said_on_precision": sp,
            "said_on_basis": basis,
            "said_on_note": said_note,
            "occasion_event_id": occasion,
            "about_event_id": about,
            "channel": channel,
            "attribution": attribution,
            "source_actor_id": source,
            "via_outlet_id": via,
            "act": act,
            "quote_kind": quote_kind,
            "quote": quote,
            "claim": claim,
            "utterance_id": utterance,
            "notes": self.notes(0.3),
            "record_status": "active",
        }

    # contradictions --------------------------------------------------------------------------
    def contradictions(self, active: bytearray, ws: int) -> None:
        rng = self.rng
        n = self.n
        wc = width(self.n_contradictions)
        retired = self.retire_plan(self.n_contradictions)
        contradictions = self.sink("contradictions")
        sides = self.sink("contradiction_sides")
        record_sides = self.sink("record_sides")
        used: set[tuple[int, ...]] = set()
        last_active = ""
        for c in range(self.n_contradictions):
            cid = f"ct-{c:0{wc}d}"
            while True:
                count = rng.choice((2, 2, 2, 3))
                start = rng.randrange(n)
                members: set[int] = set()
                for _ in range(50):
                    candidate = min(n - 1, max(0, start + rng.randint(-400, 400)))
                    if active[candidate]:
                        members.add(candidate)
                    if len(members) == count:
                        break
                key = tuple(sorted(members))
                if len(members) == count and key not in used:
                    used.add(key)
                    break
            labels = "abc"[:count]
            order = list(labels)
            rng.shuffle(order)
            resolution = rng.choices(("open", "resolved", "not_a_contradiction"), (60, 30, 10))[0]
            supported = rng.choice(labels) if resolution == "resolved" else ""
            row = {
                "contradiction_id": cid,
                "kind": rng.choice(CONTRADICTION_KINDS),
                "summary": "The reports disagree: "
                + " ".join(rng.choice(self.filler) for _ in range(rng.randint(1, 3))),
                "resolution": resolution,
                "supported_side": supported,
                "resolution_note": self.notes(1.0)
                if resolution != "open" or rng.random() < 0.5
                else "",
                "reference_ids": self.cite(f"https://record.example/contradictions/{cid}", 0.6),
                "record_status": "active",
            }
            side_status = "active"
            if retired[c]:
                self.retire(row, [last_active] * 3, cid)
                side_status = "retired"
            else:
                last_active = cid
            contradictions.row(row)
            for label, member in sorted(
                zip(order, key, strict=True), key=lambda pair: f"st-{pair[1]:0{ws}d}"
            ):
                side = {
                    "contradiction_id": cid,
                    "statement_id": f"st-{member:0{ws}d}",
                    "side": label,
                    "note": rng.choice(
                        ("", "", "The report as published.", "The denial, the next day.")
                    ),
                    "record_status": side_status,
                }
                if side_status == "retired":
                    side["retired_reason"] = "The contradiction was retired."
                sides.row(side)
            if row["reference_ids"] and rng.random() < 0.3:  # the outside record as a side
                record = {
                    "contradiction_id": cid,
                    "side": "abcd"[count],
                    "reference_ids": row["reference_ids"],
                    "note": "What the record says.",
                    "record_status": side_status,
                }
                if side_status == "retired":
                    record["retired_reason"] = "The contradiction was retired."
                record_sides.row(record)
        self.checksums["contradictions"] = contradictions.close()
        self.checksums["contradiction_sides"] = sides.close()
        self.checksums["record_sides"] = record_sides.close()
        # No article sides: a contradiction about an article as a whole (its printed date) is
        # rare in the curated data, and the checks of side labels already read this table.
        self.checksums["article_sides"] = self.sink("article_sides").close()
        references = self.sink("references")
        for reference in self.references:
            references.row(reference)
        self.checksums["references"] = references.close()

    # manifest and descriptor -----------------------------------------------------------------
    def manifest(
        self,
        outlets: Sequence[Entity],
        actors: Sequence[Entity],
        events: Sequence[Entity],
        n_articles: int,
        wa: int,
        ws: int,
    ) -> None:
        wc = width(self.n_contradictions)
        ids: dict[str, Iterable[str]] = {
            "actors": (e.id for e in actors),
            "articles": (f"ar-{a:0{wa}d}" for a in range(n_articles)),
            "contradictions": (f"ct-{c:0{wc}d}" for c in range(self.n_contradictions)),
            "events": (e.id for e in events),
            "outlets": (e.id for e in outlets),
            "references": (r["reference_id"] for r in self.references),
            "statements": (f"st-{s:0{ws}d}" for s in range(self.n)),
        }
        sink = self.sink("id_manifest")
        for table in sorted(ids):
            listed = list(ids[table])
            for position, id_ in enumerate(listed):
                version = MANIFEST_VERSIONS[min(2, position * 3 // max(1, len(listed)))]
                sink.row({"table": table, "id": id_, "first_version": version})
        self.checksums["id_manifest"] = sink.close()

    def descriptor(self) -> None:
        descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
        descriptor["name"] = "statement-ledger-synthetic"
        descriptor["title"] = f"Statement Ledger, synthetic: {self.n:,} statements"
        descriptor["description"] = (
            "A synthetic package in the statement-ledger schema, generated by "
            f"benchmarks/generate.py (N={self.n}, seed {self.seed}) for benchmarks. The "
            "names, quotes and articles are invented; the archived texts under seeds/ are "
            "generated and no real outlet's."
        )
        descriptor["version"] = VERSION
        descriptor["sources"] = [
            {
                "title": f"Synthetic articles by benchmarks/generate.py (seed {self.seed})",
                "path": "seeds/",
            }
        ]
        for resource in descriptor["resources"]:
            resource["hash"], resource["bytes"] = self.checksums[resource["name"]]
        (self.out / "datapackage.json").write_bytes(dump_descriptor(descriptor))


def generate(
    n: int, out: Path, seed: int = 0, say: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Write a package of `n` statements to `out` (which must not exist or be empty)."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty (use --force to replace a generated package)")
    return Generator(n, out, seed, say or (lambda message: None)).run()


def clear(out: Path) -> None:
    """Remove what `generate` writes (and nothing else) from `out`."""
    for name in ("datapackage", "seeds", "schema"):
        shutil.rmtree(out / name, ignore_errors=True)
    (out / "datapackage.json").unlink(missing_ok=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of statements (at least 100)")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--force", action="store_true", help="replace a package already there")
    args = parser.parse_args(argv)
    if args.force and args.outdir.exists():
        clear(args.outdir)
    started = time.monotonic()
    counts = generate(args.n, args.outdir, args.seed, say=lambda m: print(m, file=sys.stderr))
    summary = ", ".join(f"{v:,} {k}" for k, v in counts.items())
    print(f"wrote {args.outdir}: {summary} in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
