"""Each column's description and closed vocabulary (its Table Schema `enum`), by
table, and the meaning of each value a schema defines (its `categories`).

Generated from schema/*.json by `python -m statement_ledger.docgen.columns > catalogue/columns.py`
then `ruff format catalogue/columns.py` (a test fails when it drifts): do not edit by hand.
"""

# table -> column -> (description, the values its `enum` constraint allows, or None)
COLUMNS: dict[str, dict[str, tuple[str, tuple[str, ...] | None]]] = {
    "outlets": {
        "outlet_id": (
            "Stable identifier of the outlet: a lowercase slug, never changed "
            "or reused once published.",
            None,
        ),
        "name": ("The outlet's name as it presents itself.", None),
        "homepage": ("The outlet's home page URL, where known.", None),
        "country": (
            "Country of the outlet's seat, ISO 3166-1 alpha-2; empty when not verified.",
            None,
        ),
        "kind": (
            "What kind of publisher it is.",
            (
                "wire_agency",
                "newspaper",
                "online_news",
                "broadcaster",
                "aggregator",
                "government",
                "other",
            ),
        ),
        "ownership": (
            "Who owns or controls it, as far as the record shows; unknown when not verified.",
            ("state", "private", "public_service", "diaspora", "unknown"),
        ),
        "wikidata_id": ("The Wikidata item of the outlet, only when verified.", None),
        "notes": (
            "Editorial stance, affiliations and anything a reader should know, with sources.",
            None,
        ),
        "reference_ids": (
            "The outside record relied on for country, kind and ownership: "
            "reference ids (see references), separated by |. Empty when the "
            "row rests on its article alone.",
            None,
        ),
        "record_status": (
            "active, or retired (the row stays so its id is never lost; see retired_reason).",
            ("active", "retired"),
        ),
        "retired_reason": (
            "Why the row was retired (required when record_status is retired, empty otherwise).",
            None,
        ),
        "replaced_by": (
            "For a merged duplicate: the id of the outlets row that replaces "
            "this one. Empty otherwise.",
            None,
        ),
    },
    "articles": {
        "article_id": (
            "Stable identifier of the article: a lowercase slug, never "
            "changed or reused once published.",
            None,
        ),
        "outlet_id": ("The outlet whose page was archived.", None),
        "title": ("The headline exactly as it appears in the archived text.", None),
        "url": ("Where the article was published. Empty when not verified (never guessed).", None),
        "published_on": (
            "Published on as an ISO 8601 date. Left empty when unknown. "
            "With month precision the day is 01; with year precision month "
            "and day are 01-01.",
            None,
        ),
        "published_on_precision": (
            "How precise published on is: day, month, year, or unknown (then the date is empty).",
            ("day", "month", "year", "unknown"),
        ),
        "published_on_basis": (
            "Whether published on is printed in the source (stated) "
            "or worked out (inferred, with the reasoning in the "
            "note). Empty when the date is unknown.",
            ("stated", "inferred"),
        ),
        "published_on_note": (
            "How published on was established or why it is uncertain "
            "(required reading when the basis is inferred).",
            None,
        ),
        "printed_date": (
            "The date exactly as the page prints it (a dateline, a "
            "timestamp), copied verbatim; the validator finds it in the "
            "archived text. Beside published_on, which is when the article "
            "was published as far as the record shows: a page can print "
            "another date (a republished page its own later date, an agency "
            "dateline its local date). Empty when the page prints no date "
            "(never filled from the URL or the outside record).",
            None,
        ),
        "language": ("Language of the archived text, BCP 47.", None),
        "seed_path": (
            "Path of the archived text file, relative to the package root (seeds/...).",
            None,
        ),
        "sha256": ("SHA-256 of the archived file, lowercase hex; checked by the validator.", None),
        "text_origin_outlet_id": (
            "The outlet whose story this text was taken or "
            "rewritten from, when the archived page reuses another "
            "outlet's text (with or without credit). At most one "
            "of text_origin_outlet_id and text_origin_actor_id.",
            None,
        ),
        "text_origin_actor_id": (
            "The actor whose text the archived page carries as its "
            "own, when that is not an outlet (e.g. a government "
            "body's readout republished word for word). At most one "
            "of text_origin_outlet_id and text_origin_actor_id.",
            None,
        ),
        "furniture_lines": (
            "The parts of the archived file that are page furniture, not "
            "article text (navigation, share buttons, sidebars, "
            "captions, duplicated teasers, a page label before the first "
            "sentence), as items separated by |: FIRST-LAST for whole "
            "lines (3-4, 22-22), LINE:COLUMN-LINE:COLUMN for a span "
            "within lines (1:1-1:23, both ends included), lines and "
            "columns counted from 1, columns in characters of the line "
            "as statement-ledger quote prints them. Items in the order "
            "of the text, not overlapping. No statement may be taken "
            "from them. Stock frictionless checks only that the cell is "
            "a list: a list field takes no pattern constraint in Table "
            "Schema, so the items are checked by statement-ledger "
            "validate (furniture-lines, furniture-order, "
            "furniture-range).",
            None,
        ),
        "notes": (
            "What the archived page contains besides the article (furniture), how "
            "reliable the text is, and where it came from.",
            None,
        ),
        "reference_ids": (
            "The outside record relied on for the URL, date or origin: "
            "reference ids (see references), separated by |. Empty when "
            "the row rests on its article alone.",
            None,
        ),
        "record_status": (
            "active, or retired (the row stays so its id is never lost; see retired_reason).",
            ("active", "retired"),
        ),
        "retired_reason": (
            "Why the row was retired (required when record_status is retired, empty otherwise).",
            None,
        ),
        "replaced_by": (
            "For a merged duplicate: the id of the articles row that "
            "replaces this one. Empty otherwise.",
            None,
        ),
    },
    "actors": {
        "actor_id": (
            "Stable identifier of the actor: a lowercase slug, never changed or "
            "reused once published.",
            None,
        ),
        "name": (
            "Canonical name (for people: as in the outside record, e.g. the official "
            "transliteration).",
            None,
        ),
        "aliases": ("Other correct name forms seen in sources or in use, separated by |.", None),
        "misspellings": (
            "Wrong name forms seen in sources (misspelled or "
            "mistransliterated), separated by |; each should also be recorded "
            "as a misattribution contradiction.",
            None,
        ),
        "kind": (
            "What kind of actor it is.",
            (
                "person",
                "government_body",
                "legislature",
                "military",
                "organization",
                "outlet_editorial",
                "anonymous_source",
                "group",
            ),
        ),
        "affiliation_id": (
            "The body this actor speaks for or belongs to (e.g. a spokesperson's department).",
            None,
        ),
        "country": (
            "ISO 3166-1 alpha-2 country the actor belongs to; empty when not "
            "applicable or unknown.",
            None,
        ),
        "wikidata_id": ("The Wikidata item, only when verified.", None),
        "notes": (
            "Titles held and when, sources for the canonical name, and anything that "
            "helps tell this actor apart.",
            None,
        ),
        "reference_ids": (
            "The outside record relied on for names, roles and the notes: "
            "reference ids (see references), separated by |. Empty when the "
            "row rests on its article alone.",
            None,
        ),
        "record_status": (
            "active, or retired (the row stays so its id is never lost; see retired_reason).",
            ("active", "retired"),
        ),
        "retired_reason": (
            "Why the row was retired (required when record_status is retired, empty otherwise).",
            None,
        ),
        "replaced_by": (
            "For a merged duplicate: the id of the actors row that replaces "
            "this one. Empty otherwise.",
            None,
        ),
    },
    "events": {
        "event_id": (
            "Stable identifier of the event: a lowercase slug, never changed or "
            "reused once published.",
            None,
        ),
        "name": ("A short neutral name for the event.", None),
        "kind": (
            "What kind of event it is.",
            (
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
            ),
        ),
        "start_date": (
            "Start date as an ISO 8601 date. Left empty when unknown. With "
            "month precision the day is 01; with year precision month and day "
            "are 01-01.",
            None,
        ),
        "start_date_precision": (
            "How precise start date is: day, month, year, or unknown (then the date is empty).",
            ("day", "month", "year", "unknown"),
        ),
        "start_date_basis": (
            "Whether start date is printed in the source (stated) or "
            "worked out (inferred, with the reasoning in the note). Empty "
            "when the date is unknown.",
            ("stated", "inferred"),
        ),
        "end_date": (
            "End date as an ISO 8601 date. Left empty when unknown. With month "
            "precision the day is 01; with year precision month and day are "
            "01-01.",
            None,
        ),
        "end_date_precision": (
            "How precise end date is: day, month, year, or unknown (then the date is empty).",
            ("day", "month", "year", "unknown"),
        ),
        "end_date_basis": (
            "Whether end date is printed in the source (stated) or worked "
            "out (inferred, with the reasoning in the note). Empty when the "
            "date is unknown.",
            ("stated", "inferred"),
        ),
        "date_note": (
            "How the start and end dates were established or why they are "
            "uncertain (required when either basis is inferred).",
            None,
        ),
        "location": (
            "Where it happened, in plain words; empty when not applicable or unknown.",
            None,
        ),
        "parent_event_id": ("The larger event this one is part of.", None),
        "description": ("What happened, in neutral words, with who took part.", None),
        "wikidata_id": ("The Wikidata item, only when verified.", None),
        "reference_ids": (
            "The outside record relied on for the dates and facts: reference "
            "ids (see references), separated by |. Empty when the row rests "
            "on its article alone.",
            None,
        ),
        "record_status": (
            "active, or retired (the row stays so its id is never lost; see retired_reason).",
            ("active", "retired"),
        ),
        "retired_reason": (
            "Why the row was retired (required when record_status is retired, empty otherwise).",
            None,
        ),
        "replaced_by": (
            "For a merged duplicate: the id of the events row that replaces "
            "this one. Empty otherwise.",
            None,
        ),
    },
    "statements": {
        "statement_id": (
            "Stable identifier of the statement: a lowercase slug, never "
            "changed or reused once published.",
            None,
        ),
        "article_id": ("The archived article that reports the statement.", None),
        "speaker_id": ("Who is reported to have said it.", None),
        "speaker_as_reported": (
            "The speaker's name or description exactly as the "
            "article gives it (e.g. a misspelled name), when it "
            "differs from the canonical name.",
            None,
        ),
        "speaker_role": ("The speaker's role at that time, e.g. US Secretary of State.", None),
        "said_on": (
            "Said on as an ISO 8601 date. Left empty when unknown. With month "
            "precision the day is 01; with year precision month and day are "
            "01-01.",
            None,
        ),
        "said_on_precision": (
            "How precise said on is: day, month, year, or unknown (then the date is empty).",
            ("day", "month", "year", "unknown"),
        ),
        "said_on_basis": (
            "Whether said on is printed in the source (stated) or worked "
            "out (inferred, with the reasoning in the note). Empty when "
            "the date is unknown.",
            ("stated", "inferred"),
        ),
        "said_on_note": (
            "How said on was established or why it is uncertain (required "
            "reading when the basis is inferred).",
            None,
        ),
        "occasion_event_id": (
            "The event at which it was said (the call, hearing, briefing).",
            None,
        ),
        "about_event_id": ("The event the statement is about.", None),
        "channel": (
            "How it was said.",
            (
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
            ),
        ),
        "attribution": (
            "How the article attributes it (see the values below).",
            (
                "on_record",
                "official_readout",
                "anonymous_sources",
                "second_hand",
                "editorial",
                "uncredited_copy",
            ),
        ),
        "source_actor_id": (
            "The intermediary through whom the article knows it "
            "(anonymous sources, a spokesperson giving a readout), "
            "when not the speaker.",
            None,
        ),
        "via_outlet_id": (
            "The outlet the article cites for it (e.g. an article citing Politico).",
            None,
        ),
        "act": (
            "What the speaker does in saying it.",
            (
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
            ),
        ),
        "quote_kind": (
            "direct (presented as the speaker's words), paraphrase (the "
            "article's words), or mixed (paraphrase with quoted fragments).",
            ("direct", "paraphrase", "mixed"),
        ),
        "quote": (
            "A verbatim span of the archived article (whitespace, quote marks "
            "and dashes may differ); the validator finds it in the text.",
            None,
        ),
        "claim": ("The curator's one-sentence normalisation of what is claimed, in English.", None),
        "utterance_id": (
            "A slug shared by statements that report the same utterance "
            "(in one or several articles), so they are never counted as "
            "independent confirmation.",
            None,
        ),
        "notes": (
            "Anything a reader should know: doubts, the outside record, why the "
            "date or attribution is as given.",
            None,
        ),
        "reference_ids": (
            "The outside record relied on for the date, occasion, "
            "speaker or the notes: reference ids (see references), "
            "separated by |. Empty when the row rests on its article "
            "alone.",
            None,
        ),
        "record_status": (
            "active, or retired (the row stays so its id is never lost; see retired_reason).",
            ("active", "retired"),
        ),
        "retired_reason": (
            "Why the row was retired (required when record_status is retired, empty otherwise).",
            None,
        ),
        "replaced_by": (
            "For a merged duplicate: the id of the statements row that "
            "replaces this one. Empty otherwise.",
            None,
        ),
    },
    "contradictions": {
        "contradiction_id": (
            "Stable identifier of the contradiction: a lowercase "
            "slug, never changed or reused once published.",
            None,
        ),
        "kind": (
            "What kind of conflict it is (see the values below).",
            (
                "denial",
                "factual_conflict",
                "framing_conflict",
                "occasion_conflict",
                "date_conflict",
                "wording_drift",
                "misattribution",
                "fabrication",
                "reuse",
            ),
        ),
        "summary": ("What conflicts, in one or two sentences.", None),
        "resolution": (
            "open, resolved, or not_a_contradiction.",
            ("open", "resolved", "not_a_contradiction"),
        ),
        "supported_side": (
            "The side label (see contradiction_sides, record_sides "
            "and article_sides) that the outside record supports, "
            "if any.",
            None,
        ),
        "resolution_note": (
            "What the outside record says, and which side it supports, if any.",
            None,
        ),
        "reference_ids": (
            "The outside record relied on for the resolution: "
            "reference ids (see references), separated by |. Empty "
            "when the row rests on its article alone.",
            None,
        ),
        "record_status": (
            "active, or retired (the row stays so its id is never lost; see retired_reason).",
            ("active", "retired"),
        ),
        "retired_reason": (
            "Why the row was retired (required when record_status is retired, empty otherwise).",
            None,
        ),
        "replaced_by": (
            "For a merged duplicate: the id of the contradictions row "
            "that replaces this one. Empty otherwise.",
            None,
        ),
    },
    "contradiction_sides": {
        "contradiction_id": ("The contradiction.", None),
        "statement_id": ("A statement taking part.", None),
        "side": ("A short label, a, b, c ...; statements on the same side share it.", None),
        "note": ("How this statement takes part.", None),
        "record_status": (
            "active, or retired (the row stays so its id is never lost; see retired_reason).",
            ("active", "retired"),
        ),
        "retired_reason": (
            "Why the row was retired (required when record_status is retired, empty otherwise).",
            None,
        ),
    },
    "record_sides": {
        "contradiction_id": ("The contradiction.", None),
        "side": (
            "The side label, a, b, c ..., distinct from the labels of the "
            "contradiction's statement sides.",
            None,
        ),
        "reference_ids": (
            "The references (see references) that make up this side, separated by |. At least one.",
            None,
        ),
        "note": ("What the outside record says on this side.", None),
        "record_status": (
            "active, or retired (the row stays so its id is never lost; see retired_reason).",
            ("active", "retired"),
        ),
        "retired_reason": (
            "Why the row was retired (required when record_status is retired, empty otherwise).",
            None,
        ),
    },
    "article_sides": {
        "contradiction_id": ("The contradiction.", None),
        "side": (
            "The side label, a, b, c ..., distinct from the labels of the "
            "contradiction's statement and record sides.",
            None,
        ),
        "article_id": ("The article that is this side.", None),
        "note": ("What the article does on this side (e.g. the date it prints).", None),
        "record_status": (
            "active, or retired (the row stays so its id is never lost; see retired_reason).",
            ("active", "retired"),
        ),
        "retired_reason": (
            "Why the row was retired (required when record_status is retired, empty otherwise).",
            None,
        ),
    },
    "references": {
        "reference_id": (
            "Stable identifier of the reference: a lowercase slug, never "
            "changed or reused once published.",
            None,
        ),
        "url": ("Where the page was read. Each URL appears once in the table.", None),
        "title": (
            "The page's title as the page shows it. Empty when it was not "
            "recorded (never guessed).",
            None,
        ),
        "publisher": (
            "Who publishes the page (the site or body named on it); for a "
            "copy of another outlet's text, the site carrying the copy, with "
            "the original named in the note.",
            None,
        ),
        "published_on": (
            "Published on as an ISO 8601 date. Left empty when unknown. "
            "With month precision the day is 01; with year precision "
            "month and day are 01-01.",
            None,
        ),
        "published_on_precision": (
            "How precise published on is: day, month, year, or unknown (then the date is empty).",
            ("day", "month", "year", "unknown"),
        ),
        "accessed_on": (
            "When the page was read, as an ISO 8601 date. Empty when not recorded (never guessed).",
            None,
        ),
        "archived_url": (
            "A copy of the page in a public web archive, when one is known. Empty otherwise.",
            None,
        ),
        "note": (
            "What the page is (a reprint, a transcript, a readout) and how the "
            "date was established, when that is not obvious.",
            None,
        ),
        "record_status": (
            "active, or retired (the row stays so its id is never lost; see retired_reason).",
            ("active", "retired"),
        ),
        "retired_reason": (
            "Why the row was retired (required when record_status is retired, empty otherwise).",
            None,
        ),
        "replaced_by": (
            "For a merged duplicate: the id of the references row that "
            "replaces this one. Empty otherwise.",
            None,
        ),
    },
    "id_manifest": {
        "table": (
            "The table the id belongs to.",
            (
                "outlets",
                "articles",
                "actors",
                "events",
                "statements",
                "contradictions",
                "references",
            ),
        ),
        "id": ("The published id.", None),
        "first_version": ("The package version in which the id was first listed.", None),
    },
}

# table -> column -> value -> its meaning (the Table Schema's `categories`)
MEANINGS: dict[str, dict[str, dict[str, str]]] = {
    "statements": {
        "attribution": {
            "on_record": "The article names the speaker as having said it.",
            "official_readout": "The article gives it from an official "
            "account of the occasion (a readout, a "
            "statement), named as such.",
            "anonymous_sources": "The article has it from unnamed people "
            '("two people familiar with the call").',
            "second_hand": "The article has it from a named intermediary "
            "that is not the speaker's own account (another "
            "outlet, an official retelling).",
            "editorial": "The article's own voice: words the outlet writes "
            "itself and presents as its own.",
            "uncredited_copy": "Presented in the article's own voice, but "
            "the words are someone else's text "
            "republished without credit (copied, or "
            "closely reworded): another outlet's story "
            "or a body's readout. The speaker stays the "
            "outlet whose page says it; the statement's "
            "notes and references name where the words "
            "come from, and when the whole page is such "
            "a copy the article's text_origin_outlet_id "
            "or text_origin_actor_id names the origin. "
            "Not for a credited copy (that is "
            "second_hand or official_readout).",
        }
    },
    "contradictions": {
        "kind": {
            "denial": "A party denies a reported statement or fact: the "
            "report on one side, the denial on the other.",
            "factual_conflict": "Accounts disagree on a fact (who did what, "
            "what happened), beyond how it is worded or "
            "framed.",
            "framing_conflict": "Incompatible characterisations of one event "
            "(an 'anti-terrorist measure' against "
            "'large-scale aggression'); no fact need be "
            "in dispute.",
            "occasion_conflict": "Reports disagree on where, how or to whom "
            "something was said (a meeting against a "
            "phone call, one call against two).",
            "date_conflict": "Reports, or a report and its own printed date, "
            "disagree on when something was said or "
            "happened.",
            "wording_drift": "Reports of one utterance or text disagree in "
            "wording, or a paraphrase is presented as a "
            "quote.",
            "misattribution": "The wrong speaker or source is credited, or a "
            "name is wrong or misspelled.",
            "fabrication": "A quote, statement or source that no record supports.",
            "reuse": "The same words said on two or more different occasions "
            "(by one speaker, or by one body through its "
            "spokespeople): separate utterances at risk of being "
            "merged into one. Not copied text: a page that "
            "republishes another's text is recorded by the "
            "statement's attribution uncredited_copy or the "
            "article's text origin, never by a contradiction of this "
            "kind.",
        }
    },
}
