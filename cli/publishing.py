"""The `diff` and `release` subcommands (cli.py registers them)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from statement_ledger.publishing import snapshot, sources
from statement_ledger.publishing.diff import compare
from statement_ledger.publishing.diff_render import RENDERERS

SPEC_HELP = "a package directory, a .zip file, or a git revision (origin/main, HEAD~1, v1.0.0)"


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    diff = sub.add_parser(
        "diff", help="what changed between two versions, per table and id (exit 1: ids removed)"
    )
    diff.add_argument("old", help=SPEC_HELP)
    diff.add_argument("new", nargs="?", default=".", help=f"{SPEC_HELP} (default: .)")
    diff.add_argument(
        "--format",
        choices=sorted(RENDERERS),
        default="markdown",
        help="markdown for a pull request, json for machines, summary for one line",
    )
    cut = sub.add_parser("release", help="bump the version and write a release directory")
    cut.add_argument("version", help="the new version, MAJOR.MINOR.PATCH")
    cut.add_argument("package", nargs="?", default=".", type=Path)
    cut.add_argument("--out", type=Path, help="where VERSION/ is written (default: PACKAGE/dist)")
    cut.add_argument(
        "--previous",
        help=f"the last release: {SPEC_HELP}, or none for a first release (default: the newest "
        "release directory under --out or vX.Y.Z git tag below VERSION)",
    )
    cut.add_argument(
        "--date", help="release date YYYY-MM-DD (default: $SOURCE_DATE_EPOCH, else today)"
    )


def _diff(args: argparse.Namespace) -> int:
    with sources.opened(args.old) as old_dir:
        old = snapshot.read(old_dir, args.old)
    with sources.opened(args.new) as new_dir:
        new = snapshot.read(new_dir, args.new)
    diff = compare(old, new)
    sys.stdout.write(RENDERERS[args.format](diff))
    for error in diff.errors():
        sys.stderr.write(f"error: {error}\n")
    return 1 if diff.removed else 0


def _release(args: argparse.Namespace) -> int:
    # Imported here: the release validates the package, and the validator's modules are
    # heavy (frictionless, pyarrow, DuckDB) for the commands that do not need them.
    from statement_ledger.publishing.release import ReleaseRefused, release

    try:
        done = release(args.package, args.version, args.out, args.previous, args.date)
    except ReleaseRefused as exc:
        sys.stderr.write(f"refused: {exc.message}\n")
        return 1
    sys.stdout.write(RENDERERS["summary"](done.diff))
    sys.stdout.write(f"wrote {done.directory}\n")
    for path in done.changed:
        sys.stdout.write(f"updated {path}\n")
    sys.stdout.write(
        f"Next: review, then `git commit -am 'Release {done.version}'` and "
        f"`git tag v{done.version}`; publish the files in {done.directory}.\n"
    )
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"diff": _diff, "release": _release}
