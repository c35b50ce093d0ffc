"""The files of a release: which package files it holds, the zip, Parquet tables, checksums and
the indexes (one per release, one listing every release).

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


def write_parquet(stage: Path, descriptor: dict[str, Any], into: Path, stem: str) -> list[Path]:
    """One Parquet file per table, typed from its Table Schema: dates as dates, lists as lists
    of strings, other fields as strings; an empty cell is null (an empty list for a list)."""
    import pyarrow as pa  # the columnar engine's library, needed only for a release
    import pyarrow.csv as pa_csv
    import pyarrow.parquet as pq

    written = []
    for resource in descriptor.get("resources", []):
        schema = json.loads((stage / resource["schema"]).read_text(encoding="utf-8"))
        names = [f["name"] for f in schema["fields"]]
        table = pa_csv.read_csv(
            stage / resource["path"],
            convert_options=pa_csv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        columns, fields = [], []
        for spec in schema["fields"]:
            column = table.column(spec["name"]).combine_chunks()
            empty = pa.compute.equal(column, "")
            if spec["type"] == "list":
                parts = pa.compute.split_pattern(column, spec.get("delimiter", ","))
                column = pa.compute.if_else(empty, pa.scalar([], pa.list_(pa.string())), parts)
                kind: pa.DataType = pa.list_(pa.string())
            else:
                column = pa.compute.if_else(empty, pa.scalar(None, pa.string()), column)
                kind = pa.date32() if spec["type"] == "date" else pa.string()
                column = column.cast(kind)
            required = bool(spec.get("constraints", {}).get("required"))
            fields.append(pa.field(spec["name"], kind, nullable=not required))
            columns.append(column)
        out = into / f"{stem}.{resource['name']}.parquet"
        pq.write_table(pa.Table.from_arrays(columns, schema=pa.schema(fields)), out)
        written.append(out)
    return written


def write_checksums(directory: Path) -> None:
    """SHA256SUMS: what `sha256sum -c SHA256SUMS` checks, for every file of the release."""
    lines = [
        f"{sha256(p)}  {p.name}\n"
        for p in sorted(directory.iterdir())
        if p.is_file() and p.name not in ("index.json", "SHA256SUMS")
    ]
    (directory / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")


def write_releases_index(out: Path, name: str) -> None:
    """`out/index.json`: every release under `out`, newest first, each file with its URL
    (relative to this index), size and sha256, read from the release's own index.json."""
    from statement_ledger.publishing import semver

    releases = []
    for index in out.glob("*/index.json"):
        about = json.loads(index.read_text(encoding="utf-8"))
        version = index.parent.name
        files = [{**f, "url": f"{version}/{f['path']}"} for f in about.pop("files")]
        index_file = {"path": "index.json", "url": f"{version}/index.json"}
        releases.append({**about, "files": [*files, index_file]})
    releases.sort(key=lambda r: semver.parse(str(r["version"])), reverse=True)
    text = json.dumps({"name": name, "releases": releases}, indent=2, ensure_ascii=False) + "\n"
    (out / "index.json").write_text(text, encoding="utf-8")
