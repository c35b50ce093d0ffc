"""The files of a release: which package files it holds, the zip, and index.json.

Everything is written reproducibly: files in sorted order, fixed timestamps (the release
date at midnight) and permissions, so the same inputs give byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

from statement_ledger.validators.errors import CannotRun

# Besides the descriptor, the tables, schemas and seeds: what a reader needs to use and cite it.
DOCUMENTS = ("README.md", "LICENSE", "CHANGELOG.md")
OPTIONAL_DOCUMENTS = ("CITATION.cff",)


def _inside(root: Path, path: str) -> str:
    """`path` from the descriptor, refused if it would leave the package directory."""
    resolved = (root / path).resolve()
    if not resolved.is_relative_to(root.resolve()) or not resolved.is_file():
        raise CannotRun(f"{path} (named in datapackage.json) is not a file in the package")
    return resolved.relative_to(root.resolve()).as_posix()


def package_files(root: Path, descriptor: dict[str, Any]) -> list[str]:
    """Every file the package zip holds, relative to `root`, sorted."""
    missing = [d for d in DOCUMENTS if not (root / d).is_file()]
    if missing:
        raise CannotRun(f"a release needs {', '.join(missing)} in the package directory")
    paths = {"datapackage.json", *DOCUMENTS}
    paths |= {d for d in OPTIONAL_DOCUMENTS if (root / d).is_file()}
    for resource in descriptor.get("resources", []):
        paths.add(_inside(root, resource["path"]))
        if isinstance(resource.get("schema"), str):
            paths.add(_inside(root, resource["schema"]))
    for source in descriptor.get("sources", []):
        if isinstance(source.get("path"), str):
            paths.add(_inside(root, source["path"]))
    seeds = root / "seeds"
    if seeds.is_dir():
        paths |= {p.relative_to(root).as_posix() for p in seeds.iterdir() if p.is_file()}
    return sorted(paths)


def copy_files(root: Path, paths: list[str], into: Path) -> None:
    for path in paths:
        (into / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / path, into / path)


def write_zip(root: Path, paths: list[str], out: Path, date: str) -> None:
    """A zip of `paths` under `root`, at its top level (so `datapackage.json` is at the root)."""
    year, month, day = (int(part) for part in date.split("-"))
    with zipfile.ZipFile(out, "w") as archive:
        for path in sorted(paths):
            info = zipfile.ZipInfo(path, date_time=(year, month, day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the permissions below are read
            info.external_attr = 0o644 << 16
            archive.writestr(info, (root / path).read_bytes(), compresslevel=9)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_index(directory: Path, about: dict[str, Any]) -> None:
    """index.json: `about`, then every other file in `directory` with its size and sha256."""
    files = [
        {"path": p.name, "bytes": p.stat().st_size, "sha256": sha256(p)}
        for p in sorted(directory.iterdir())
        if p.is_file() and p.name != "index.json"
    ]
    text = json.dumps({**about, "files": files}, indent=2, ensure_ascii=False) + "\n"
    (directory / "index.json").write_text(text, encoding="utf-8")
