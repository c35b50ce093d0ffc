"""Rendering findings: text for people, JSON for machines, GitHub annotations for pull requests."""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import groupby

from statement_ledger.validators.findings import Finding, shorten


def render_text(findings: Sequence[Finding], note: str = "") -> str:
    if not findings:
        return "The package is valid: every check passed.\n"
    out: list[str] = []
    ordered = sorted(findings, key=Finding.sort_key)
    for file, group in groupby(ordered, key=lambda f: f.file):
        items = list(group)
        out.append(f"{file}  ({len(items)} finding{'s' if len(items) != 1 else ''})")
        for f in items:
            where = f"line {f.line}" if f.line else "whole file"
            if f.column:
                where += f", column {f.column}"
            out.append(f"  {where}  [{f.rule}]")
            if f.context is not None and f.line:
                out.append(f"    {f.line:>5} | {shorten(f.context, 110)}")
            out.append(f"    {f.message}")
            if f.value is not None:
                out.append(f"    value: {shorten(f.value)!r}")
            out.append(f"    fix: {f.fix}")
        out.append("")
    files = len({f.file for f in findings})
    out.append(
        f"{len(findings)} finding{'s' if len(findings) != 1 else ''} in {files} "
        f"file{'s' if files != 1 else ''}: the package is not valid."
    )
    if note:
        out.append(note)
    return "\n".join(out) + "\n"


def render_json(findings: Sequence[Finding], note: str = "") -> str:
    ordered = sorted(findings, key=Finding.sort_key)
    doc = {
        "valid": not findings,
        "count": len(findings),
        "note": note or None,
        "findings": [f.model_dump() for f in ordered],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(findings: Sequence[Finding], note: str = "") -> str:
    """`::error file=…,line=…,title=…::message` lines (GitHub workflow commands)."""
    out = []
    for f in sorted(findings, key=Finding.sort_key):
        props = [f"file={_escape_property(f.file)}"]
        if f.line:
            props.append(f"line={f.line}")
        title = f.rule + (f" ({f.column})" if f.column else "")
        props.append(f"title={_escape_property(title)}")
        body = f.message + (f" Value: {shorten(f.value)!r}." if f.value is not None else "")
        out.append(f"::error {','.join(props)}::{_escape_data(body + ' Fix: ' + f.fix)}")
    if note:
        out.append(f"::notice::{_escape_data(note)}")
    return "\n".join(out) + ("\n" if out else "")


RENDERERS = {"text": render_text, "json": render_json, "github": render_github}
