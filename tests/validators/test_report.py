"""The three renderings of findings: text for people, JSON for machines, GitHub annotations."""

import json

from statement_ledger.validators.findings import Finding
from statement_ledger.validators.report import render_github, render_json, render_text

F = Finding(
    rule="quote-grounded",
    layer="package",
    file="datapackage/statements.csv",
    line=14,
    column="quote",
    value="calm, quiet",
    message="The quote was not found: 100%.",
    fix="Copy the words exactly.",
    context='st-x,art,"calm, quiet"',
)


def test_text_groups_by_file_and_shows_the_line() -> None:
    text = render_text([F])
    assert text.splitlines()[:6] == [
        "datapackage/statements.csv  (1 finding)",
        "  line 14, column quote  [quote-grounded]",
        '       14 | st-x,art,"calm, quiet"',
        "    The quote was not found: 100%.",
        "    value: 'calm, quiet'",
        "    fix: Copy the words exactly.",
    ]
    assert text.rstrip().endswith("1 finding in 1 file: the package is not valid.")


def test_text_for_a_valid_package() -> None:
    assert render_text([]) == "The package is valid: every check passed.\n"


def test_json_shape_is_pinned() -> None:
    doc = json.loads(render_json([F]))
    assert doc["valid"] is False and doc["count"] == 1
    assert doc["findings"][0] == {
        "rule": "quote-grounded",
        "layer": "package",
        "file": "datapackage/statements.csv",
        "line": 14,
        "column": "quote",
        "value": "calm, quiet",
        "message": "The quote was not found: 100%.",
        "fix": "Copy the words exactly.",
        "context": 'st-x,art,"calm, quiet"',
    }


def test_github_annotation_escapes_properties_and_data() -> None:
    assert render_github([F]) == (
        "::error file=datapackage/statements.csv,line=14,title=quote-grounded (quote)::"
        "The quote was not found: 100%25. Value: 'calm, quiet'. Fix: Copy the words exactly.\n"
    )
