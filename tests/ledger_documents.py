"""GraphQL documents that cost the server far more than their size: generated at any size."""

from __future__ import annotations


def chain(levels: int, first: int = 1) -> str:
    """Fragments each spreading the previous one twice: 2**levels fields once written out."""
    fragments = ["fragment F0 on Statement { id quote }"]
    fragments += [
        f"fragment F{i} on Statement {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, levels + 1)
    ]
    return f"{{ statements(first: {first}) {{ nodes {{ ...F{levels} }} }} }} " + " ".join(fragments)


def inline_lists(levels: int) -> str:
    """Lists nested inside inline fragments: statements -> speaker -> statements -> ..."""
    inner = "id quote claim"
    for _ in range(levels):
        statements = f"statements(first: 100) {{ nodes {{ ... on Statement {{ {inner} }} }} }}"
        inner = f"speaker {{ ... on Actor {{ {statements} }} }}"
    return f"{{ statements(first: 100) {{ nodes {{ ... on Statement {{ id {inner} }} }} }} }}"
