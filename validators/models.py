"""Layer 2: one Pydantic model per table, and what one row can say about itself.

The Table Schemas in schema/ are the source of truth; tests/validators/test_models.py fails
when a model and its schema disagree (names, order, types, required, enums, patterns).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from statement_ledger.catalogue import furniture

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Url = Annotated[str, Field(pattern=r"^https?://\S+$")]
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
WikidataId = Annotated[str, Field(pattern=r"^Q[0-9]+$")]
Side = Annotated[str, Field(pattern=r"^[a-z]$")]
Precision = Literal["day", "month", "year", "unknown"]
Basis = Literal["stated", "inferred"]
RecordStatus = Literal["active", "retired"]
# The rows whose |-separated list cell can break a `list_issues` rule (an empty item, stray
# whitespace, a repeat), in SQL over the raw cell.
LIST_ISSUE = (
    r"({column} <> '' AND (regexp_matches({column}, '(^|\|)(\s|\||$)|\s(\||$)') "
    "OR len(list_distinct(string_split({column}, '|'))) < len(string_split({column}, '|'))))"
)


@dataclass(frozen=True)
class RowIssue:
    """A row rule broken: the rule id, the column, and words for the curator."""

    rule: str
    column: str
    message: str
    fix: str


class RowModel(BaseModel):
    """Common parsing: empty cells are None, list cells are split on |. A column the model does
    not name (one a Table Schema has gained) is checked by its schema alone (frictionless);
    the CSV header check already refuses a column no schema names."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    list_fields: ClassVar[tuple[str, ...]] = ()
    id_field: ClassVar[str | None] = None

    @field_validator("*", mode="before")
    @classmethod
    def _empty_is_none(cls, value: Any, info: Any) -> Any:
        if value == "":
            return None
        if info.field_name in cls.list_fields and isinstance(value, str):
            return value.split("|")
        return value

    def row_rules(self) -> Iterator[RowIssue]:
        yield from self._record_rules()
        if "reference_ids" in type(self).model_fields:
            yield from list_issues(self, "reference_ids")

    @classmethod
    def candidates(cls) -> str:
        """A SQL condition over the raw cells (text, "" when empty) true for every row whose
        `row_rules` can yield an issue: the fast engine runs the rules on these rows only.
        A superset is fine; tests/validators/test_models.py checks that nothing is missed."""
        fields = cls.model_fields
        terms = []
        if "record_status" in fields:
            terms.append("record_status = 'retired'")
        terms += [f"{c} <> ''" for c in ("retired_reason", "replaced_by") if c in fields]
        if "reference_ids" in fields:
            terms.append(LIST_ISSUE.format(column="reference_ids"))
        return " OR ".join(terms) or "FALSE"

    def _record_rules(self) -> Iterator[RowIssue]:
        status = getattr(self, "record_status", None)
        reason = getattr(self, "retired_reason", None)
        replaced = getattr(self, "replaced_by", None)
        if status == "retired" and not reason:
            yield RowIssue(
                "retired-reason",
                "retired_reason",
                "A retired row must say why it was retired.",
                "Write the reason in retired_reason (e.g. 'duplicate of X', 'quote not in "
                "the article').",
            )
        if status == "active" and (reason or replaced):
            column = "replaced_by" if replaced else "retired_reason"
            yield RowIssue(
                "retired-reason",
                column,
                f"An active row has {column} filled in.",
                "Set record_status to retired, or empty this cell.",
            )
        if replaced and self.id_field and replaced == getattr(self, self.id_field):
            yield RowIssue(
                "replaced-by-self",
                "replaced_by",
                "A row cannot replace itself.",
                "Point replaced_by at the row that replaces this one.",
            )


def date_issues(model: BaseModel, prefix: str, note_field: str | None) -> Iterator[RowIssue]:
    """Rules for a date with its _precision and _basis siblings."""
    value: dt.date | None = getattr(model, prefix)
    precision: str = getattr(model, f"{prefix}_precision")
    basis: str | None = getattr(model, f"{prefix}_basis", None)
    has_basis = f"{prefix}_basis" in type(model).model_fields
    if value is None and precision != "unknown":
        yield RowIssue(
            "date-precision",
            f"{prefix}_precision",
            f"{prefix} is empty but its precision is '{precision}'.",
            f"Fill in {prefix}, or set {prefix}_precision to unknown.",
        )
    if value is not None and precision == "unknown":
        yield RowIssue(
            "date-precision",
            f"{prefix}_precision",
            f"{prefix} is filled in but its precision is 'unknown'.",
            f"Set {prefix}_precision to day, month or year.",
        )
    if value is not None and precision == "month" and value.day != 1:
        yield RowIssue(
            "date-precision",
            prefix,
            f"With precision month, {prefix} must be the 1st of the month.",
            f"Write {value:%Y-%m}-01, or set the precision to day.",
        )
    if value is not None and precision == "year" and (value.month, value.day) != (1, 1):
        yield RowIssue(
            "date-precision",
            prefix,
            f"With precision year, {prefix} must be 1 January.",
            f"Write {value:%Y}-01-01, or set the precision to month or day.",
        )
    if has_basis and value is not None and basis is None:
        yield RowIssue(
            "date-basis",
            f"{prefix}_basis",
            f"{prefix} has no basis.",
            "Write stated (printed in the source) or inferred (worked out, with a note).",
        )
    if has_basis and value is None and basis is not None:
        yield RowIssue(
            "date-basis",
            f"{prefix}_basis",
            f"{prefix} is unknown, so it cannot have a basis.",
            f"Empty {prefix}_basis, or fill in {prefix}.",
        )
    if basis == "inferred" and note_field and not getattr(model, note_field):
        yield RowIssue(
            "date-basis",
            note_field,
            f"{prefix} is inferred but {note_field} does not say how.",
            f"Explain in {note_field} how the date was worked out.",
        )


def date_candidates(model: type[BaseModel], prefix: str, note_field: str | None) -> str:
    """Rows that can break a rule of `date_issues` (the rules in SQL over the raw cells)."""
    p, precision = prefix, f"{prefix}_precision"
    terms = [
        f"({p} = '' AND {precision} <> 'unknown')",
        f"({p} <> '' AND {precision} = 'unknown')",
        f"({precision} = 'month' AND NOT ends_with({p}, '-01'))",
        f"({precision} = 'year' AND NOT ends_with({p}, '-01-01'))",
    ]
    if f"{prefix}_basis" in model.model_fields:
        basis = f"{prefix}_basis"
        terms += [f"({p} <> '' AND {basis} = '')", f"({p} = '' AND {basis} <> '')"]
        if note_field:
            terms.append(f"({basis} = 'inferred' AND {note_field} = '')")
    return " OR ".join(terms)


def list_issues(model: BaseModel, column: str) -> Iterator[RowIssue]:
    items: list[str] = getattr(model, column) or []
    if any(not item.strip() or item != item.strip() for item in items):
        yield RowIssue(
            "list-item",
            column,
            f"{column} has an empty item or stray spaces.",
            "Separate items with a single | and no spaces around it.",
        )
    if len(set(items)) != len(items):
        yield RowIssue(
            "list-item", column, f"{column} lists the same item twice.", "Keep one of each."
        )


class Outlet(RowModel):
    list_fields = ("reference_ids",)
    id_field = "outlet_id"
    outlet_id: Slug
    name: str
    homepage: Url | None = None
    country: Country | None = None
    kind: Literal[
        "wire_agency",
        "newspaper",
        "online_news",
        "broadcaster",
        "aggregator",
        "government",
        "other",
    ]
    ownership: Literal["state", "private", "public_service", "diaspora", "unknown"]
    wikidata_id: WikidataId | None = None
    notes: str | None = None
    reference_ids: list[str] | None = None
    record_status: RecordStatus
    retired_reason: str | None = None
    replaced_by: Slug | None = None


class Article(RowModel):
    id_field = "article_id"
    list_fields = ("furniture_lines", "reference_ids")
    article_id: Slug
    outlet_id: Slug
    title: str
    url: Url | None = None
    published_on: dt.date | None = None
    published_on_precision: Precision
    published_on_basis: Basis | None = None
    published_on_note: str | None = None
    printed_date: str | None = None
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    seed_path: Annotated[str, Field(pattern=r"^seeds/[A-Za-z0-9_.-]+$")]
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    text_origin_outlet_id: Slug | None = None
    text_origin_actor_id: Slug | None = None
    furniture_lines: list[str] | None = None
    notes: str | None = None
    reference_ids: list[str] | None = None
    record_status: RecordStatus
    retired_reason: str | None = None
    replaced_by: Slug | None = None

    @classmethod
    def candidates(cls) -> str:
        dates = date_candidates(cls, "published_on", "published_on_note")
        first = "TRY_CAST(split_part(x, '-', 1) AS BIGINT)"
        last = "TRY_CAST(split_part(x, '-', 2) AS BIGINT)"
        items = "string_split(furniture_lines, '|')"
        # Ranges of whole lines are checked here; a cell with a span (':') goes to the rules.
        marked = (
            "(furniture_lines <> '' AND (contains(furniture_lines, ':') "
            r"OR NOT regexp_full_match(furniture_lines, '[0-9]+-[0-9]+(\|[0-9]+-[0-9]+)*') "
            f"OR list_bool_or(list_transform({items}, "
            f"lambda x: COALESCE({first} < 1 OR {first} > {last}, TRUE))) "
            f"OR COALESCE(list_bool_or(list_transform(range(1, len({items})), lambda i: "
            f"TRY_CAST(split_part({items}[i + 1], '-', 1) AS BIGINT) <= "
            f"TRY_CAST(split_part({items}[i], '-', 2) AS BIGINT))), FALSE)))"
        )
        origin = "(text_origin_outlet_id <> '' AND text_origin_actor_id <> '')"
        return f"{super().candidates()} OR {dates} OR {marked} OR {origin}"

    def row_rules(self) -> Iterator[RowIssue]:
        yield from super().row_rules()
        yield from date_issues(self, "published_on", "published_on_note")
        if self.text_origin_outlet_id and self.text_origin_actor_id:
            yield RowIssue(
                "text-origin",
                "text_origin_actor_id",
                "The text has two origins: an outlet "
                f"('{self.text_origin_outlet_id}') and an actor ('{self.text_origin_actor_id}').",
                "Keep one: text_origin_outlet_id for another outlet's story, "
                "text_origin_actor_id for a body's own text (a readout) that no outlet published.",
            )
        yield from furniture_issues(self.furniture_lines or [])


def furniture_issues(items: list[str]) -> Iterator[RowIssue]:
    """furniture-lines: each item a range of whole lines or a span within lines;
    furniture-order: in the order of the text, not overlapping."""
    ranges = []
    for item in items:
        mark = furniture.parse_item(item)
        if mark is None or not mark.valid:
            yield RowIssue(
                "furniture-lines",
                "furniture_lines",
                f"'{item}' is not a range of lines or a span within lines.",
                "Write whole lines as FIRST-LAST, e.g. 1-24|41-41, and part of a line as "
                "LINE:COLUMN-LINE:COLUMN, e.g. 1:1-1:23 (`statement-ledger quote` prints it), "
                "with numbers from 1 and the start not after the end.",
            )
        else:
            ranges.append(mark)
    for mark, before in furniture.disorder(ranges):
        how = "comes before" if mark.start < before.start else "overlaps"
        yield RowIssue(
            "furniture-order",
            "furniture_lines",
            f"'{mark}' {how} '{before}', the item before it.",
            "List the items in the order of the text, each starting after the one before it "
            "ends; write overlapping items as one.",
        )


class Actor(RowModel):
    id_field = "actor_id"
    list_fields = ("aliases", "misspellings", "reference_ids")
    actor_id: Slug
    name: str
    aliases: list[str] | None = None
    misspellings: list[str] | None = None
    kind: Literal[
        "person",
        "government_body",
        "legislature",
        "military",
        "organization",
        "outlet_editorial",
        "anonymous_source",
        "group",
    ]
    affiliation_id: Slug | None = None
    country: Country | None = None
    wikidata_id: WikidataId | None = None
    notes: str | None = None
    reference_ids: list[str] | None = None
    record_status: RecordStatus
    retired_reason: str | None = None
    replaced_by: Slug | None = None

    def names(self) -> list[str]:
        return [*(self.aliases or []), *(self.misspellings or [])]

    @classmethod
    def candidates(cls) -> str:
        return (
            f"{super().candidates()} OR aliases <> '' OR misspellings <> '' "
            "OR affiliation_id = actor_id"
        )

    def row_rules(self) -> Iterator[RowIssue]:
        yield from super().row_rules()
        for column in ("aliases", "misspellings"):
            yield from list_issues(self, column)
            if self.name in (getattr(self, column) or []):
                yield RowIssue(
                    "alias-repeats-name",
                    column,
                    f"{column} repeats the actor's own name '{self.name}'.",
                    f"Remove '{self.name}' from {column}.",
                )
        both = set(self.aliases or []) & set(self.misspellings or [])
        if both:
            yield RowIssue(
                "alias-repeats-name",
                "misspellings",
                f"'{sorted(both)[0]}' is listed both as an alias and a misspelling.",
                "Keep it in one list: aliases for correct forms, misspellings for wrong ones.",
            )
        if self.affiliation_id and self.affiliation_id == self.actor_id:
            yield RowIssue(
                "affiliation-self",
                "affiliation_id",
                "An actor cannot be affiliated with itself.",
                "Point affiliation_id at the body the actor speaks for, or empty it.",
            )


class Event(RowModel):
    list_fields = ("reference_ids",)
    id_field = "event_id"
    event_id: Slug
    name: str
    kind: Literal[
        "military_operation",
        "border_incident",
        "phone_call",
        "hearing",
        "closed_briefing",
        "press_briefing",
        "publication",
        "decree",
        "summit",
        "detention",
        "protest",
        "report",
        "other",
    ]
    start_date: dt.date | None = None
    start_date_precision: Precision
    start_date_basis: Basis | None = None
    end_date: dt.date | None = None
    end_date_precision: Precision
    end_date_basis: Basis | None = None
    date_note: str | None = None
    location: str | None = None
    parent_event_id: Slug | None = None
    description: str | None = None
    wikidata_id: WikidataId | None = None
    reference_ids: list[str] | None = None
    record_status: RecordStatus
    retired_reason: str | None = None
    replaced_by: Slug | None = None

    @classmethod
    def candidates(cls) -> str:
        start = date_candidates(cls, "start_date", "date_note")
        end = date_candidates(cls, "end_date", "date_note")
        return (
            f"{super().candidates()} OR {start} OR {end} "
            "OR (start_date <> '' AND end_date <> '' AND end_date < start_date) "
            "OR parent_event_id = event_id"
        )

    def row_rules(self) -> Iterator[RowIssue]:
        yield from super().row_rules()
        yield from date_issues(self, "start_date", "date_note")
        yield from date_issues(self, "end_date", "date_note")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            yield RowIssue(
                "date-order",
                "end_date",
                f"The event ends ({self.end_date}) before it starts ({self.start_date}).",
                "Swap or correct the dates.",
            )
        if self.parent_event_id and self.parent_event_id == self.event_id:
            yield RowIssue(
                "parent-self",
                "parent_event_id",
                "An event cannot be its own parent.",
                "Point parent_event_id at the larger event, or empty it.",
            )


class Statement(RowModel):
    list_fields = ("reference_ids",)
    id_field = "statement_id"
    statement_id: Slug
    article_id: Slug
    speaker_id: Slug
    speaker_as_reported: str | None = None
    speaker_role: str | None = None
    said_on: dt.date | None = None
    said_on_precision: Precision
    said_on_basis: Basis | None = None
    said_on_note: str | None = None
    occasion_event_id: Slug | None = None
    about_event_id: Slug | None = None
    channel: Literal[
        "phone_call",
        "hearing",
        "written_comment",
        "press_briefing",
        "closed_meeting",
        "official_statement",
        "interview",
        "social_media",
        "editorial",
        "protest",
        "unknown",
    ]
    attribution: Literal[
        "on_record",
        "official_readout",
        "anonymous_sources",
        "second_hand",
        "editorial",
        "uncredited_copy",
    ]
    source_actor_id: Slug | None = None
    via_outlet_id: Slug | None = None
    act: Literal[
        "asserts",
        "denies",
        "warns",
        "urges",
        "condemns",
        "accuses",
        "supports",
        "declines_to_comment",
        "announces",
        "expresses_concern",
        "threatens",
        "rejects",
        "demands",
        "agrees",
    ]
    quote_kind: Literal["direct", "paraphrase", "mixed"]
    quote: str
    claim: str
    utterance_id: Slug | None = None
    notes: str | None = None
    reference_ids: list[str] | None = None
    record_status: RecordStatus
    retired_reason: str | None = None
    replaced_by: Slug | None = None

    @classmethod
    def candidates(cls) -> str:
        dates = date_candidates(cls, "said_on", "said_on_note")
        return (
            f"{super().candidates()} OR {dates} "
            "OR (source_actor_id <> '' AND source_actor_id = speaker_id)"
        )

    def row_rules(self) -> Iterator[RowIssue]:
        yield from super().row_rules()
        yield from date_issues(self, "said_on", "said_on_note")
        if self.source_actor_id and self.source_actor_id == self.speaker_id:
            yield RowIssue(
                "source-is-speaker",
                "source_actor_id",
                "The source actor is the speaker.",
                "Empty source_actor_id: it is only for an intermediary.",
            )


class Contradiction(RowModel):
    list_fields = ("reference_ids",)
    id_field = "contradiction_id"
    contradiction_id: Slug
    kind: Literal[
        "denial",
        "factual_conflict",
        "framing_conflict",
        "occasion_conflict",
        "date_conflict",
        "wording_drift",
        "misattribution",
        "fabrication",
        "reuse",
    ]
    summary: str
    resolution: Literal["open", "resolved", "not_a_contradiction"]
    supported_side: Side | None = None
    resolution_note: str | None = None
    reference_ids: list[str] | None = None
    record_status: RecordStatus
    retired_reason: str | None = None
    replaced_by: Slug | None = None

    @classmethod
    def candidates(cls) -> str:
        return f"{super().candidates()} OR (resolution = 'resolved' AND resolution_note = '')"

    def row_rules(self) -> Iterator[RowIssue]:
        yield from super().row_rules()
        if self.resolution == "resolved" and not self.resolution_note:
            yield RowIssue(
                "resolution-note",
                "resolution_note",
                "A resolved contradiction must say what resolved it.",
                "Write in resolution_note what the outside record says.",
            )


class RecordSide(RowModel):
    list_fields = ("reference_ids",)
    contradiction_id: Slug
    side: Side
    reference_ids: list[str]
    note: str | None = None
    record_status: RecordStatus
    retired_reason: str | None = None


class ArticleSide(RowModel):
    contradiction_id: Slug
    side: Side
    article_id: Slug
    note: str | None = None
    record_status: RecordStatus
    retired_reason: str | None = None


class Reference(RowModel):
    id_field = "reference_id"
    reference_id: Slug
    url: Url
    title: str | None = None
    publisher: str | None = None
    published_on: dt.date | None = None
    published_on_precision: Precision
    accessed_on: dt.date | None = None
    archived_url: Url | None = None
    note: str | None = None
    record_status: RecordStatus
    retired_reason: str | None = None
    replaced_by: Slug | None = None

    @classmethod
    def candidates(cls) -> str:
        return f"{super().candidates()} OR {date_candidates(cls, 'published_on', None)}"

    def row_rules(self) -> Iterator[RowIssue]:
        yield from super().row_rules()
        yield from date_issues(self, "published_on", None)


class ContradictionSide(RowModel):
    contradiction_id: Slug
    statement_id: Slug
    side: Side
    note: str | None = None
    record_status: RecordStatus
    retired_reason: str | None = None


class ManifestEntry(RowModel):
    table: Literal[
        "outlets", "articles", "actors", "events", "statements", "contradictions", "references"
    ]
    id: Slug
    first_version: Annotated[str, Field(pattern=r"^[0-9]+\.[0-9]+\.[0-9]+$")]


MODELS: dict[str, type[RowModel]] = {
    "outlets": Outlet,
    "articles": Article,
    "actors": Actor,
    "events": Event,
    "statements": Statement,
    "contradictions": Contradiction,
    "contradiction_sides": ContradictionSide,
    "record_sides": RecordSide,
    "article_sides": ArticleSide,
    "references": Reference,
    "id_manifest": ManifestEntry,
}
