"""A validation finding is data: the rule, where (file, line, column), the value, the fix."""

from __future__ import annotations

from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict

Layer = Literal["file", "frictionless", "row", "package", "format"]


class Located(Protocol):
    """A table whose findings can be placed: its file, and any physical line's text."""

    @property
    def path(self) -> str: ...

    def line_text(self, line: int) -> str | None: ...


class Finding(BaseModel):
    """One problem found in the package, readable by a curator without knowing Python."""

    model_config = ConfigDict(frozen=True)

    rule: str  # kebab-case rule id, e.g. quote-grounded
    layer: Layer
    file: str  # relative to the package root
    line: int | None = None  # physical line in the file (1-based)
    column: str | None = None
    value: str | None = None
    message: str
    fix: str
    context: str | None = None  # the offending line as it stands in the file

    @classmethod
    def at(
        cls,
        table: Located,
        line: int | None,
        layer: Layer,
        rule: str,
        column: str | None,
        value: str | None,
        message: str,
        fix: str,
    ) -> Finding:
        """A finding at physical `line` of `table`'s file, quoting that line as it stands."""
        return cls(
            rule=rule,
            layer=layer,
            file=table.path,
            line=line,
            column=column,
            value=value,
            message=message,
            fix=fix,
            context=table.line_text(line) if line else None,
        )

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.file, self.line or 0, self.column or "", self.rule)


def shorten(text: str, limit: int = 160) -> str:
    text = text.replace("\n", "⏎")
    return text if len(text) <= limit else text[: limit - 1] + "…"
