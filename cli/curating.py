"""The `add article` and `quote` subcommands (main.py registers them)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from statement_ledger.curation import add, quote


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    adding = sub.add_parser("add", help="add an archived article (its file, row and source)")
    what = adding.add_subparsers(dest="what", required=True)
    article = what.add_parser(
        "article",
        help="archive a text under seeds/, add its article row and source, propose furniture",
    )
    article.add_argument("path", type=Path, help="the article's text, a UTF-8 file")
    article.add_argument("--url", default="", help="the page's URL (leave out if unknown)")
    article.add_argument("--outlet", required=True, help="outlet_id of the publisher")
    article.add_argument("--title", help="the headline as printed (default: proposed from text)")
    article.add_argument("--published-on", help="the date the page prints, YYYY-MM-DD")
    article.add_argument("--language", default="en", help="ISO 639-1 code (default: en)")
    article.add_argument("--package", default=Path("."), type=Path, help="(default: .)")
    finder = sub.add_parser("quote", help="find words in an article's archived text")
    finder.add_argument("text", help="the words, as you read them")
    finder.add_argument("--article", required=True, help="article_id")
    finder.add_argument(
        "--scaffold", choices=quote.SCAFFOLDS, help="also print a row to paste, with an id"
    )
    finder.add_argument("--package", default=Path("."), type=Path, help="(default: .)")


def _add(args: argparse.Namespace) -> int:
    added = add.add_article(
        args.package,
        args.path,
        url=args.url,
        outlet=args.outlet,
        title=args.title,
        published_on=args.published_on,
        language=args.language,
    )
    sys.stdout.write(add.report(added))
    return 0


def _quote(args: argparse.Namespace) -> int:
    found = quote.find(args.package, args.article, args.text)
    sys.stdout.write(quote.report(found))
    if not found.spans:
        return 1
    if args.scaffold:
        sys.stdout.write("\n" + quote.scaffold(args.package, found, args.scaffold))
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"add": _add, "quote": _quote}
