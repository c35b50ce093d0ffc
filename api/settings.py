"""Configuration, read in this one module (environment variables or a .env file)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from starlette.config import Config

config = Config()


@dataclass(frozen=True)
class Settings:
    """What the server needs; each limit defaults to a value that keeps one client from hurting
    the others."""

    db_path: Path = Path("ledger.db")
    max_page_size: int = 100
    default_page_size: int = 20
    max_depth: int = 10
    max_aliases: int = 15
    max_tokens: int = 2000
    max_query_chars: int = 32 * 1024
    # Fields a document may have once its fragments are written out (what validation walks).
    max_written_fields: int = 4000
    max_cost: int = 5000  # fields resolved in the worst case (lists times `first`) per request
    time_budget_ms: int = 2000  # per request: parsing, checking and SQL (a whole batch)
    max_body_bytes: int = 64 * 1024
    max_batch: int = 5
    cache_seconds: int = 300
    releases_dir: Path = Path("releases")  # served at /releases (written by `release`)
    # The site's public address (https://example.org), put in front of every URL the server
    # writes; empty: URLs relative to the site.
    base_url: str = ""
    # GraphQL queries the compiler covers answered by one SQL statement (else by Strawberry).
    compiled: bool = True

    @classmethod
    def from_env(cls) -> Settings:
        defaults = cls()
        return cls(
            db_path=Path(config("LEDGER_DB", default=str(defaults.db_path))),
            max_page_size=config("LEDGER_MAX_PAGE_SIZE", cast=int, default=defaults.max_page_size),
            max_depth=config("LEDGER_MAX_DEPTH", cast=int, default=defaults.max_depth),
            max_aliases=config("LEDGER_MAX_ALIASES", cast=int, default=defaults.max_aliases),
            max_tokens=config("LEDGER_MAX_TOKENS", cast=int, default=defaults.max_tokens),
            max_query_chars=config(
                "LEDGER_MAX_QUERY_CHARS", cast=int, default=defaults.max_query_chars
            ),
            max_written_fields=config(
                "LEDGER_MAX_WRITTEN_FIELDS", cast=int, default=defaults.max_written_fields
            ),
            max_cost=config("LEDGER_MAX_COST", cast=int, default=defaults.max_cost),
            time_budget_ms=config(
                "LEDGER_TIME_BUDGET_MS", cast=int, default=defaults.time_budget_ms
            ),
            max_body_bytes=config(
                "LEDGER_MAX_BODY_BYTES", cast=int, default=defaults.max_body_bytes
            ),
            max_batch=config("LEDGER_MAX_BATCH", cast=int, default=defaults.max_batch),
            cache_seconds=config("LEDGER_CACHE_SECONDS", cast=int, default=defaults.cache_seconds),
            releases_dir=Path(config("LEDGER_RELEASES", default=str(defaults.releases_dir))),
            base_url=config("LEDGER_BASE_URL", default=defaults.base_url),
            compiled=config("LEDGER_GRAPHQL_COMPILED", cast=bool, default=defaults.compiled),
        )

    def cache_control(self) -> str:
        """What every answer that can change with the data may be cached for."""
        return f"public, max-age={self.cache_seconds}"
