"""Every rule a finding can carry, with what it means (docgen writes the README's table from it)."""

from __future__ import annotations

# rule id -> (layer, what it means)
RULES: dict[str, tuple[str, str]] = {
    "csv-empty": ("file", "The CSV file is empty: not even a header row."),
    "csv-bom": ("file", "The file starts with a byte-order mark; save as UTF-8 without BOM."),
    "csv-line-endings": ("file", "Windows (CRLF) line endings; the package uses LF."),
    "csv-syntax": ("file", "The CSV cannot be parsed (usually an unclosed double quote)."),
    "csv-header": ("file", "The header row is not exactly the schema's columns, in order."),
    "csv-row-length": ("file", "A row has more or fewer cells than the header."),
    "csv-blank-row": ("file", "An empty line inside the file."),
    "descriptor": ("frictionless", "datapackage.json itself is invalid."),
    "type-error": ("frictionless", "A cell is not of its column's type (e.g. a malformed date)."),
    "constraint-error": (
        "frictionless",
        "A cell breaks a constraint: required, enum, pattern or unique.",
    ),
    "primary-key": ("frictionless", "Two rows share an id (the primary key)."),
    "unique-error": ("frictionless", "A value that must be unique appears twice."),
    "foreign-key": ("frictionless", "A reference to an id that does not exist in its table."),
    "hash-count": ("frictionless", "The sha256 of a CSV in datapackage.json is out of date."),
    "byte-count": ("frictionless", "The byte size of a CSV in datapackage.json is out of date."),
    "row-type": (
        "row",
        "A cell the row model cannot read (reported only if frictionless did not).",
    ),
    "date-precision": (
        "row",
        "A date disagrees with its precision (month: day 01; year: 01-01; unknown: empty).",
    ),
    "date-basis": (
        "row",
        "A date without its basis, a basis without a date, or inferred without a note.",
    ),
    "date-order": ("row", "An event ends before it starts."),
    "retired-reason": ("row", "Retired without a reason, or active with a reason or replacement."),
    "replaced-by-self": ("row", "A row names itself as its replacement."),
    "alias-repeats-name": (
        "row",
        "An alias or misspelling repeats the actor's name or each other.",
    ),
    "list-item": ("row", "A |-separated list has an empty item, stray spaces or a repeat."),
    "affiliation-self": ("row", "An actor is affiliated with itself."),
    "parent-self": ("row", "An event is its own parent."),
    "source-is-speaker": ("row", "A statement's source actor is its own speaker."),
    "furniture-lines": (
        "row",
        "A furniture_lines item is neither FIRST-LAST lines nor LINE:COLUMN-LINE:COLUMN.",
    ),
    "furniture-order": (
        "row",
        "furniture_lines items out of the order of the text, or overlapping.",
    ),
    "resolution-note": ("row", "A resolved contradiction does not say what resolved it."),
    "text-origin": (
        "row",
        "An article names both an outlet and an actor as the origin of its text.",
    ),
    "seed-hash": ("package", "An archived file is missing, not UTF-8, or not the recorded sha256."),
    "seed-source": (
        "package",
        "An archived file not listed in `sources` of datapackage.json, or a source that is "
        "not an archived file.",
    ),
    "furniture-range": (
        "package",
        "A furniture item goes past the end of the archived file, or a span past its line.",
    ),
    "quote-grounded": ("package", "A quote is not found verbatim in its article's archived text."),
    "quote-in-furniture": (
        "package",
        "A quote occurs only in page furniture (captions, sidebars...).",
    ),
    "quote-duplicate": ("package", "Two statements of one article have the same quote."),
    "speaker-as-reported": (
        "package",
        "speaker_as_reported is not printed in the article (case and diacritics aside).",
    ),
    "printed-date": (
        "package",
        "printed_date is not printed in the article's text (case and diacritics aside).",
    ),
    "said-after-published": ("package", "A statement is dated after the article reporting it."),
    "contradiction-sides": (
        "package",
        "Fewer than two sides (statement, record and article sides together), or one label "
        "used by two kinds of side.",
    ),
    "contradiction-duplicate": ("package", "Two contradictions have exactly the same statements."),
    "supported-side": ("package", "supported_side is not one of the contradiction's side labels."),
    "reference-unknown": (
        "package",
        "A reference_ids item is not a reference_id in references.csv.",
    ),
    "unreferenced": ("package", "An active actor, outlet or event that nothing refers to."),
    "alias-unique": ("package", "A name form belongs to two actors."),
    "misspelling-recorded": (
        "package",
        "A misspelling is printed in no archived article, or no misattribution contradiction "
        "records it.",
    ),
    "utterance-speaker": ("package", "Statements of one utterance_id have different speakers."),
    "replacement-cycle": ("package", "replaced_by links go round in a circle."),
    "retired-reference": (
        "package",
        "An active row refers to a retired row; point it at the replacement.",
    ),
    "retired-side": (
        "package",
        "A side of an open contradiction is left with only retired statements.",
    ),
    "id-removed": ("package", "A published id (in the manifest) is gone from its table."),
    "spreadsheet-formula": ("package", "Free text starts with = + - @ (spreadsheet formula risk)."),
    "fmt-canonical": (
        "format",
        "A CSV is not in canonical form (`statement-ledger fmt` fixes it).",
    ),
    "fmt-checksums": ("format", "datapackage.json checksums are stale (`statement-ledger fmt`)."),
}
