"""`statement-ledger release VERSION`: check, bump, record and package one version of the data.

Nothing is changed unless everything succeeds: the new version is prepared in a temporary
copy (descriptor version and checksums, new ids in the manifest, CHANGELOG.md and
CITATION.cff), the release directory is built from that copy, and only then are the
release directory moved into place and the changed package files written back.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from statement_ledger.curation import canonical, manifest
from statement_ledger.publishing import artifacts, changelog, semver, snapshot, sources
from statement_ledger.publishing.diff import LEVELS, Diff, compare
from statement_ledger.publishing.diff_render import render_json
from statement_ledger.publishing.snapshot import Snapshot
from statement_ledger.validators.errors import CannotRun
from statement_ledger.validators.package import read_json
from statement_ledger.validators.report import render_text
from statement_ledger.validators.validate import validate

Say = Callable[[str], None]


class ReleaseRefused(CannotRun):
    """The package or the version cannot be released; nothing was changed."""


@dataclass(frozen=True)
class Released:
    version: str
    directory: Path
    diff: Diff
    changed: list[str]  # package files updated in place


def release(
    root: Path,
    version: str,
    out: Path | None = None,
    previous: str | None = None,
    date: str | None = None,
    say: Say | None = None,
) -> Released:
    """Release the package at `root` as `version` into `out/VERSION/` (default `releases/`)."""
    say = say or (lambda message: print(message, file=sys.stderr))
    root, date = root.resolve(), release_date(date)
    out = (out or root / "releases").resolve()
    new = semver.parse(version)
    descriptor = read_json(root / "datapackage.json", "datapackage.json")
    current = str(descriptor.get("version", "0.0.0"))
    if new <= semver.parse(current):
        raise ReleaseRefused(f"version {version} is not greater than the current {current}")
    if (out / version).exists():
        raise ReleaseRefused(f"{out / version} already exists: a release is never overwritten")
    _check_package(root)
    old = previous_snapshot(root, out, previous, new, say)
    check_against(old, version, compare(old, snapshot.read(root, version)))
    with tempfile.TemporaryDirectory(prefix="statement-ledger-release-") as tmp:
        stage, built = Path(tmp) / "package", Path(tmp) / version
        files = artifacts.package_files(root, descriptor)
        artifacts.copy_files(root, files, stage)
        diff = _prepare(stage, version, date, old)
        _write_release(stage, files, built, diff, date, say)
        _place(built, out)
        artifacts.write_releases_index(out, str(descriptor.get("name", "package")))
        changed = _write_back(stage, files, root)
    return Released(version, out / version, diff, changed)


def release_date(date: str | None) -> str:
    """`date` (YYYY-MM-DD), else SOURCE_DATE_EPOCH (reproducible builds), else today (UTC)."""
    if date:
        try:
            return dt.date.fromisoformat(date).isoformat()
        except ValueError:
            raise CannotRun(f"'{date}' is not a date written YYYY-MM-DD") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not epoch:
        return dt.datetime.now(dt.UTC).date().isoformat()
    if not epoch.isdigit():
        raise CannotRun(f"SOURCE_DATE_EPOCH='{epoch}' is not a number of seconds")
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()


def _check_package(root: Path) -> None:
    result = validate(root)
    if not result.valid:
        raise ReleaseRefused(
            "the package is not valid; nothing was released.\n"
            + render_text(result.findings, result.note)
        )
    if list(canonical.check(root)):
        raise ReleaseRefused("the CSVs are not in canonical form: run `statement-ledger fmt`")


def check_against(old: Snapshot, version: str, diff: Diff) -> None:
    """Refuse lost ids, a version not above the previous release, or too small a bump."""
    if diff.removed:
        raise ReleaseRefused(
            "\n".join(["rows were removed since the last release:", *diff.errors()])
        )
    if old.version is None:
        return
    before, after = semver.parse(old.version), semver.parse(version)
    if after <= before:
        raise ReleaseRefused(f"version {version} is not greater than the release {old.version}")
    kind = semver.bump(before, after)
    need = max((c.level for c in diff.schema), key=LEVELS.index, default="patch")
    if LEVELS.index(kind) < LEVELS.index(need):
        reasons = [
            f"{c.table}{'.' + c.field if c.field else ''} {c.change}"
            for c in diff.schema
            if LEVELS.index(c.level) > LEVELS.index(kind)
        ]
        raise ReleaseRefused(
            f"{old.version} → {version} is a {kind} release, but the schema changes need a "
            f"{need} one ({'; '.join(reasons)})"
        )


def previous_snapshot(
    root: Path, out: Path, spec: str | None, new: semver.Version, say: Say
) -> Snapshot:
    """The last release before `new`: `spec` (a directory, zip or git revision; `none` for a
    first release), else the newest of the release directories under `out` and the git tags
    vX.Y.Z below `new` (a release directory wins a tie), else nothing (a first release)."""
    if spec == "none":
        return snapshot.empty("nothing")
    if spec is None:
        found = [*_release_zips(out), *_tags(root)]
        below = [f for f in found if f[0] < new]
        if not below:
            say("No previous release found (no release directory, no vX.Y.Z tag): first release.")
            return snapshot.empty("nothing")
        spec = max(below)[2]
    with sources.opened(spec, cwd=root) as directory:
        found_snapshot = snapshot.read(directory, spec)
    say(f"Previous release: {found_snapshot.version} ({spec})")
    return replace(found_snapshot, label=found_snapshot.version or spec)


def _release_zips(out: Path) -> list[tuple[semver.Version, int, str]]:
    if not out.is_dir():
        return []
    found = []
    for directory in sorted(out.iterdir()):
        zips = sorted(directory.glob("*.zip")) if directory.is_dir() else []
        if semver.is_version(directory.name) and len(zips) == 1:
            found.append((semver.parse(directory.name), 1, str(zips[0])))
    return found


def _tags(root: Path) -> list[tuple[semver.Version, int, str]]:
    try:
        listed = sources.git(root, "tag", "--list", "v*").decode().split()
    except CannotRun:
        return []  # not a git repository, or no git: no tags to go by
    return [(semver.parse(t[1:]), 0, t) for t in listed if semver.is_version(t[1:])]


def _prepare(stage: Path, version: str, date: str, old: Snapshot) -> Diff:
    """Bump the version, list new ids, refresh checksums and write the release notes."""
    path = stage / "datapackage.json"
    descriptor = read_json(path, "datapackage.json")
    descriptor["version"] = version
    path.write_bytes(canonical.dump_descriptor(descriptor))
    manifest.append(stage)
    canonical.write(stage)
    diff = compare(old, snapshot.read(stage, version))
    notes = stage / "CHANGELOG.md"
    notes.write_text(changelog.add_release(notes.read_text("utf-8"), version, date, diff), "utf-8")
    citation = stage / "CITATION.cff"
    if citation.is_file():
        text = changelog.set_citation_version(citation.read_text("utf-8"), version, date)
        citation.write_text(text, "utf-8")
    return diff


def _write_release(
    stage: Path, files: list[str], into: Path, diff: Diff, date: str, say: Say
) -> None:
    """The package zip, the SQLite database, the diff as JSON, and index.json."""
    from statement_ledger.database.build import build  # the serving layer, needed only here

    name = str(read_json(stage / "datapackage.json", "datapackage.json").get("name", "package"))
    version = str(diff.new.version)
    into.mkdir()
    build(stage, into / f"{name}-{version}.db", say=lambda _: None)  # validates it again
    say(f"Built {name}-{version}.db from the bumped package.")
    artifacts.write_zip(stage, files, into / f"{name}-{version}.zip", date)
    descriptor = read_json(stage / "datapackage.json", "datapackage.json")
    artifacts.write_parquet(stage, descriptor, into, f"{name}-{version}")
    (into / f"{name}-{version}.diff.json").write_text(render_json(diff), "utf-8")
    artifacts.write_checksums(into)
    about = {"name": name, "version": version, "date": date, "previous": diff.old.version}
    artifacts.write_index(into, about)


def _place(built: Path, out: Path) -> None:
    """Move the release directory into `out`, appearing whole or not at all."""
    out.mkdir(parents=True, exist_ok=True)
    try:
        built.rename(out / built.name)
    except OSError:  # another file system: copy into a hidden sibling, then rename that
        partial = out / f".{built.name}.partial"
        artifacts.copy_files(built, sorted(p.name for p in built.iterdir()), partial)
        partial.rename(out / built.name)


def _write_back(stage: Path, files: list[str], root: Path) -> list[str]:
    changed = [p for p in files if (stage / p).read_bytes() != (root / p).read_bytes()]
    for path in changed:
        tmp = root / f"{path}.tmp"
        tmp.write_bytes((stage / path).read_bytes())
        tmp.replace(root / path)
    return changed
