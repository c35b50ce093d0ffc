"""seed-source: the archived files under seeds/ and the `sources` of datapackage.json agree,
both ways: every archived file is listed as a source, every source path under seeds/ exists."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

from statement_ledger.validators.findings import Finding
from statement_ledger.validators.tables import AnyPackage, finding

RULE = "seed-source"
DESCRIPTOR = "datapackage.json"
ADD_SOURCE = (
    "Add an entry to `sources` in datapackage.json with its title (outlet, headline, date), "
    "path and url; `statement-ledger add article` writes it for a new article."
)


def _source_paths(package: AnyPackage) -> list[str]:
    sources = package.descriptor.get("sources", [])
    if not isinstance(sources, list):
        return []
    paths = [s.get("path") for s in sources if isinstance(s, dict)]
    return [p for p in paths if isinstance(p, str) and p.startswith("seeds/")]


def _covered(path: str, files: set[str], folders: tuple[str, ...]) -> bool:
    return path in files or path.startswith(folders)


def _descriptor_line(package: AnyPackage, path: str) -> tuple[int | None, str | None]:
    """The line of datapackage.json that names `path`, and its text."""
    text = (package.root / DESCRIPTOR).read_text(encoding="utf-8", errors="replace")
    needle = json.dumps(path, ensure_ascii=False)
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number, line
    return None, None


def check(package: AnyPackage) -> Iterator[Finding]:
    listed = _source_paths(package)
    # A source may be the folder itself ("seeds/"): it lists every file under it.
    folders = tuple(
        p if p.endswith("/") else p + "/" for p in listed if (package.root / p).is_dir()
    )
    files = {p for p in listed if not (package.root / p).is_dir()}
    articles = package.table("articles")
    cited: set[str] = set()
    for row, seed in enumerate(articles.column("seed_path")):
        if not seed:
            continue
        cited.add(seed)
        if not _covered(seed, files, folders):
            yield finding(
                articles,
                row,
                RULE,
                "seed_path",
                f"The archived file {seed} is not listed in `sources` of datapackage.json.",
                ADD_SOURCE,
            )
    for path in sorted(files - cited):  # a missing file an article cites is seed-hash's
        if not (package.root / path).is_file():
            line, context = _descriptor_line(package, path)
            yield Finding(
                rule=RULE,
                layer="package",
                file=DESCRIPTOR,
                line=line,
                column="sources",
                value=path,
                message=f"The source {path} is not an archived file: it does not exist.",
                fix="Correct the path to the file under seeds/, or remove the entry if the "
                "text was never archived.",
                context=context,
            )
    if folders:
        return  # every file under a listed folder is listed
    seeds = package.root / "seeds"
    entries = os.scandir(seeds) if seeds.is_dir() else ()
    names = sorted(e.name for e in entries if e.is_file() and not e.name.startswith("."))
    for name in names:
        path = f"seeds/{name}"
        if path not in files and path not in cited:
            yield Finding(
                rule=RULE,
                layer="package",
                file=path,
                message=f"The archived file {path} is listed neither in `sources` of "
                "datapackage.json nor by any article.",
                fix=ADD_SOURCE.replace("for a new article", "and the article row")
                + " If it was archived by mistake, delete it.",
            )
