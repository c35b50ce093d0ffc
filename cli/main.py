"""The `statement-ledger` command: validate, fmt, manifest, docs, build, serve, sdl, examples;
diff and release are registered from release_cli, add and quote from curating."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from statement_ledger.cli import curating
from statement_ledger.cli import publishing as release_cli
from statement_ledger.validators.errors import CannotRun
from statement_ledger.validators.report import RENDERERS
from statement_ledger.validators.validate import ENGINES

# Each command imports the modules it runs (validator, build, server) in its own function, so
# that starting one pays only for what it uses.


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="statement-ledger",
        description="Validate and maintain the statement-ledger data package.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("validate", help="run every check (exit 0 valid, 1 findings, 2 error)")
    check.add_argument(
        "package", nargs="?", default=".", type=Path, help="package directory (default: .)"
    )
    check.add_argument(
        "--format",
        choices=sorted(RENDERERS),
        default="text",
        help="text for people, json for machines, github for PR annotations",
    )
    check.add_argument(
        "--engine",
        choices=ENGINES,
        default="auto",
        help="reference: row by row with stock frictionless; plain: row by row, the Table "
        "Schemas checked in plain Python; fast: the same findings computed over columns "
        "(pyarrow, DuckDB); auto (default): fast above 20 MB of CSV, else plain",
    )
    fmt = sub.add_parser("fmt", help="rewrite the CSVs in canonical form and refresh checksums")
    fmt.add_argument("package", nargs="?", default=".", type=Path)
    fmt.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if anything is not canonical"
    )
    fmt.add_argument("--format", choices=sorted(RENDERERS), default="text")
    ids = sub.add_parser("manifest", help="append every new id to the manifest of published ids")
    ids.add_argument("package", nargs="?", default=".", type=Path)
    build = sub.add_parser("build", help="validate, then write the SQLite database (baked data)")
    build.add_argument("package", nargs="?", default=".", type=Path)
    build.add_argument(
        "--out", default=Path("ledger.db"), type=Path, help="database path (default: ledger.db)"
    )
    serve = sub.add_parser("serve", help="serve the database over GraphQL and REST (uvicorn)")
    serve.add_argument("--db", default=Path("ledger.db"), type=Path)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", default=8000, type=int)
    serve.add_argument(
        "--base-url",
        default="",
        help="the site's public address (https://example.org), put in front of the URLs the "
        "server writes (Link, Location, the API index, JSON-LD); by default they are relative",
    )
    serve.add_argument(
        "--workers",
        default=_cores(),
        type=int,
        help="server processes sharing the port (default: one per core, here %(default)s)",
    )
    examples = sub.add_parser("examples", help="refresh the results in examples/*.md")
    examples.add_argument("--db", default=Path("ledger.db"), type=Path)
    examples.add_argument("--check", action="store_true", help="exit 1 if any result is stale")
    sub.add_parser(
        "sdl", help="print the GraphQL schema (SDL); committed as api/graphql/sdl.graphql"
    )
    docs = sub.add_parser("docs", help="regenerate the data dictionary and rule table in README")
    docs.add_argument("package", nargs="?", default=".", type=Path)
    docs.add_argument("--check", action="store_true", help="exit 1 if README.md is out of date")
    release_cli.add_parsers(sub)
    curating.add_parsers(sub)
    return parser


def _validate(args: argparse.Namespace) -> int:
    from statement_ledger.validators.validate import validate

    result = validate(args.package, engine=args.engine)
    sys.stdout.write(RENDERERS[args.format](result.findings, result.note))
    return 0 if result.valid else 1


def _fmt(args: argparse.Namespace) -> int:
    from statement_ledger.curation import canonical

    unreadable = canonical.unreadable(args.package)
    if unreadable:  # the file layer's findings name the line; nothing is rewritten
        sys.stdout.write(RENDERERS[args.format](unreadable))
        sys.stderr.write("error: fmt changed nothing: fix the file problems above first\n")
        return 2
    if args.check:
        findings = list(canonical.check(args.package))
        if args.format == "text" and not findings:
            sys.stdout.write("Every file is in canonical form.\n")
        else:
            sys.stdout.write(RENDERERS[args.format](findings))
        return 1 if findings else 0
    changed = canonical.write(args.package)
    for path in changed:
        sys.stdout.write(f"rewrote {path}\n")
    if not changed:
        sys.stdout.write("Nothing to change: every file is in canonical form.\n")
    return 0


def _manifest(args: argparse.Namespace) -> int:
    from statement_ledger.curation import manifest

    added = manifest.append(args.package)
    for table, id_ in added:
        sys.stdout.write(f"listed {table} {id_}\n")
    sys.stdout.write(f"{len(added)} new id(s) listed in the manifest.\n")
    return 0


def _docs(args: argparse.Namespace) -> int:
    from statement_ledger.docgen import readme

    current = readme.sync(args.package, check=args.check)
    if args.check and not current:
        sys.stdout.write("README.md is out of date: run `statement-ledger docs`.\n")
        return 1
    sys.stdout.write("README.md is up to date.\n" if current else "rewrote README.md\n")
    return 0


def _build(args: argparse.Namespace) -> int:
    from statement_ledger.database.build import BuildRefused, build

    try:
        build(args.package, args.out)
    except BuildRefused as exc:
        sys.stderr.write(f"error: {exc.message}")
        return 1
    return 0


def _serve(args: argparse.Namespace) -> int:
    from statement_ledger.api.db import Database, OutdatedDatabase

    if not args.db.is_file():
        raise CannotRun(f"database not found: {args.db} (run `statement-ledger build` first)")
    try:  # refused here, in one line, rather than in a traceback from the server's start-up
        Database(args.db).close()
    except OutdatedDatabase as exc:
        raise CannotRun(str(exc)) from None
    if args.workers < 1:
        raise CannotRun(f"--workers must be 1 or more, not {args.workers}")
    base = f"http://{args.host}:{args.port}"
    sys.stderr.write(
        f"serving {base}/ (explorer), {base}/graphql (GraphiQL) and {base}/api/v1 (REST), "
        f"{args.workers} worker{'s' if args.workers > 1 else ''}\n"
    )
    sys.stderr.flush()
    # The server runs as uvicorn's own program in place of this one, so that neither it nor its
    # worker processes load the command's modules (the validator among them); each worker
    # builds its app from the environment.
    argv = [sys.executable, "-m", "uvicorn", "statement_ledger.api.app:create_app", "--factory"]
    argv += ["--host", args.host, "--port", str(args.port), "--workers", str(args.workers)]
    env = {**os.environ, "LEDGER_DB": str(args.db.resolve())}
    if args.base_url:
        env["LEDGER_BASE_URL"] = args.base_url
    os.execve(sys.executable, argv, env)


def _cores() -> int:
    """The cores this process may run on (a container's limit, not the host's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _examples(args: argparse.Namespace) -> int:
    from statement_ledger.api import examples
    from statement_ledger.api.db import Database

    stale = examples.sync(Database(args.db), Path("examples"), check=args.check)
    for path in stale:
        sys.stdout.write(f"{'stale' if args.check else 'rewrote'} {path}\n")
    return 1 if args.check and stale else 0


def _sdl(args: argparse.Namespace) -> int:
    from statement_ledger.api.graphql.view import make_schema
    from statement_ledger.api.settings import Settings

    sys.stdout.write(make_schema(Settings()).as_str() + "\n")
    return 0


COMMANDS = {
    "sdl": _sdl,
    "examples": _examples,
    "validate": _validate,
    "fmt": _fmt,
    "manifest": _manifest,
    "docs": _docs,
    "build": _build,
    "serve": _serve,
    **release_cli.COMMANDS,
    **curating.COMMANDS,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except CannotRun as exc:
        sys.stderr.write(f"error: {exc.message}\n")
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
