"""Where a package to compare comes from: a directory, a .zip file, or a git revision."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from statement_ledger.validators.errors import CannotRun


class GitFailed(CannotRun):
    """A git command ran and failed (as opposed to git not being installed)."""


@contextmanager
def opened(spec: str, cwd: Path | None = None) -> Iterator[Path]:
    """The package directory `spec` names; a zip or a revision is unpacked into a temp dir.

    A directory wins over a revision of the same name; a revision is read from the git
    repository around `cwd` (default: the current directory), at the same subdirectory.
    """
    cwd = cwd or Path.cwd()
    path = cwd / spec
    if path.is_dir():
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="statement-ledger-") as tmp:
        if path.is_file() and zipfile.is_zipfile(path):
            yield _unzip(path, Path(tmp))
        elif path.exists():
            raise CannotRun(f"{spec}: neither a package directory nor a .zip file")
        else:
            yield _checkout(spec, cwd, Path(tmp))


def _unzip(path: Path, into: Path) -> Path:
    with zipfile.ZipFile(path) as archive:
        archive.extractall(into)  # strips absolute paths and '..' from member names
    if (into / "datapackage.json").is_file():
        return into
    tops = [p for p in into.iterdir() if (p / "datapackage.json").is_file()]
    if len(tops) != 1:
        raise CannotRun(f"{path}: no datapackage.json at the top of the zip or of one folder")
    return tops[0]


def git(cwd: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise CannotRun("git is not installed; compare directories or zips instead") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitFailed(f"git {args[0]}: {message[-1] if message else 'failed'}")
    return done.stdout


def _checkout(revision: str, cwd: Path, into: Path) -> Path:
    try:
        git(cwd, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    except GitFailed:
        raise CannotRun(
            f"{revision}: not a package directory, a .zip file or a git revision"
        ) from None
    prefix = git(cwd, "rev-parse", "--show-prefix").decode().strip()
    tar = git(cwd, "archive", "--format=tar", f"{revision}:{prefix}")
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        archive.extractall(into, filter="data")
    return into
