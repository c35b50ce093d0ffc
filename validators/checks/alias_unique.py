"""alias-unique: a name form (name, alias or misspelling) belongs to one actor only."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from statement_ledger.validators.findings import Finding
from statement_ledger.validators.rowwise import RPackage, split
from statement_ledger.validators.tables import AnyPackage, finding

RULE = "alias-unique"

# The actors that parsed and are active, with their name forms as the model splits them
# (Actor.names(): aliases then misspellings; an empty cell is no list).
ACTORS = """
    SELECT _row, actor_id, name, al, al || mis AS forms
    FROM (
        SELECT _row, actor_id, name,
            CASE WHEN aliases = '' THEN []::VARCHAR[] ELSE string_split(aliases, '|') END AS al,
            CASE WHEN misspellings = '' THEN []::VARCHAR[] ELSE string_split(misspellings, '|') END
                AS mis
        FROM actors WHERE record_status <> 'retired' AND _ok
    )
"""

# Every name (kind 0) and name form (kind 1, at position pos of names()) of those actors.
FORMS = f"""
    WITH a AS ({ACTORS})
    SELECT _row, actor_id, 0 AS kind, 0 AS pos, name AS form, false AS in_aliases FROM a
    UNION ALL
    SELECT _row, actor_id, 1, pos, forms[pos], list_contains(al, forms[pos])
    FROM (SELECT *, unnest(generate_series(1, len(forms))) AS pos FROM a)
"""


# The owner of a folded form is the first actor with it as its name, else the first actor
# (in file order, then list order) with it as a form: the first to claim it. Reported: each
# form (not a name) whose owner is another actor, by row and list order, as
# (row, form, in aliases, owner).
CLAIMED = f"""
    WITH fold AS (SELECT unnest(?::VARCHAR[]) AS form, unnest(?::VARCHAR[]) AS key),
    forms AS (
        SELECT f.*, CASE WHEN strlen(f.form) = length(f.form) THEN lower(f.form)
            ELSE fold.key END AS key
        FROM ({FORMS}) f LEFT JOIN fold ON fold.form = f.form
    ),
    owned AS (
        SELECT *, first_value(actor_id) OVER (PARTITION BY key ORDER BY kind, _row, pos)
            AS owner
        FROM forms
    )
    SELECT _row, form, in_aliases, owner FROM owned
    WHERE kind = 1 AND owner <> actor_id
    ORDER BY _row, pos
"""


def _claimed(package: RPackage) -> list[tuple[Any, ...]]:
    """CLAIMED in Python (`casefold` is `lower` for ASCII)."""
    forms = []  # (kind, row, pos, actor_id, form, in aliases), by row, kind, pos
    for row, cells in package.table("actors").active(parsed=True):
        aliases = split(cells["aliases"])
        forms.append((0, row, 0, cells["actor_id"], cells["name"], False))
        for pos, form in enumerate(aliases + split(cells["misspellings"]), start=1):
            forms.append((1, row, pos, cells["actor_id"], form, form in aliases))
    owner: dict[str, str] = {}
    for _, _, _, actor_id, form, _ in sorted(forms, key=lambda f: f[:3]):
        owner.setdefault(form.casefold(), actor_id)
    return [
        (row, form, in_aliases, owner[form.casefold()])
        for kind, row, _, actor_id, form, in_aliases in forms
        if kind == 1 and owner[form.casefold()] != actor_id
    ]


def check(package: AnyPackage) -> Iterator[Finding]:
    actors = package.table("actors")
    params: list[list[str]] = []
    if not isinstance(package, RPackage):
        # Python's casefold differs from SQL lower() only outside ASCII: fold those forms here.
        unusual = [
            form
            for (form,) in package.sql(
                f"SELECT DISTINCT form FROM ({FORMS}) WHERE strlen(form) <> length(form)"
            )
        ]
        params = [unusual, [form.casefold() for form in unusual]]
    for index, form, in_aliases, owner in package.query(CLAIMED, _claimed, params):
        yield finding(
            actors,
            index,
            RULE,
            "aliases" if in_aliases else "misspellings",
            f"'{form}' is already a name form of {owner}.",
            "Keep each name form on one actor; if the two actors are the same "
            "person or body, retire one with replaced_by.",
            value=form,
        )
