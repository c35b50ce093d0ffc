"""The ASGI GraphQL endpoint: per-request context and loaders, and the limits."""

from __future__ import annotations

import json
import logging
import math
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import strawberry
from cross_web import HTTPException
from graphql import DocumentNode, ExecutionResult, GraphQLError, GraphQLSchema, build_schema
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.extensions import MaskErrors, MaxTokensLimiter, SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.types import get_object_definition

from statement_ledger.api import assets
from statement_ledger.api.db import BudgetExceeded, Database, budget_until
from statement_ledger.api.graphql.body import BadRequest, check_operation, decode
from statement_ledger.api.graphql.compile import Answer, Compiler, encode
from statement_ledger.api.graphql.context import Context
from statement_ledger.api.graphql.loaders import Loaders
from statement_ledger.api.graphql.plan import (
    BAD_DOCUMENT,
    Bounds,
    DocumentPlan,
    Lists,
    Refused,
    check,
    plan_document,
    size_errors,
)
from statement_ledger.api.graphql.plan import Limits as PlanLimits
from statement_ledger.api.graphql.root import Query
from statement_ledger.api.graphql.types import (
    Actor,
    Article,
    Contradiction,
    ContradictionSide,
    Event,
    Outlet,
    RecordSide,
    Statement,
)
from statement_ledger.api.query import QueryError
from statement_ledger.api.settings import Settings

USER_ERRORS = (QueryError, BudgetExceeded)

log = logging.getLogger("statement_ledger.api.graphql")

# Documents kept: at most this many, each from a query text of at most this many characters.
DOCUMENT_CACHE_SIZE = 256
DOCUMENT_CACHE_MAX_QUERY = 8192
OVER_BUDGET = "the request took longer than its time budget"
# The ASGI scope key under which the server puts the monotonic time a request's budget ends,
# set when the request arrives, so that waiting for a thread counts against it.
DEADLINE = "statement_ledger.deadline"


def _mask(error: GraphQLError) -> bool:
    """Hide unexpected errors (no tracebacks or SQL leave the server); show the client's own:
    ours (bad arguments, the time budget) and a variable the request gave a wrong value
    (graphql-core reports it before execution, so with no path)."""
    original = error.original_error
    if original is None or isinstance(original, USER_ERRORS):
        return False
    return not (isinstance(original, GraphQLError) and not error.path)


class LedgerSchema(strawberry.Schema):
    limits: Limits  # what every request is checked against (and the compiler)

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """Log only unexpected errors; a client's own mistakes are answered, not logged."""
        unexpected = [e for e in errors if _mask(e)]
        if unexpected:
            super().process_errors(unexpected, execution_context)


class Documents:
    """Query texts already parsed, planned and validated, least recently used first out.

    Only documents that passed every check that looks at the document alone (tokens, the
    planner's size, depth and aliases, graphql-core's rules) are kept, with their plan; the
    cost depends on the variables (`first: $n`) and is measured again for every request.
    """

    def __init__(self, size: int = DOCUMENT_CACHE_SIZE) -> None:
        self.size = size
        self.entries: OrderedDict[str, tuple[DocumentNode, DocumentPlan]] = OrderedDict()
        self.lock = threading.Lock()  # operations run in several threads

    def get(self, query: str) -> tuple[DocumentNode, DocumentPlan] | None:
        with self.lock:
            found = self.entries.get(query)
            if found is not None:
                self.entries.move_to_end(query)
            return found

    def put(self, query: str, document: DocumentNode, planned: DocumentPlan) -> None:
        if len(query) > DOCUMENT_CACHE_MAX_QUERY:
            return
        with self.lock:
            self.entries[query] = (document, planned)
            self.entries.move_to_end(query)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


@dataclass(frozen=True)
class Limits:
    """Everything a request is checked against, built once per schema."""

    settings: Settings
    checks: PlanLimits
    schema: GraphQLSchema  # built from the SDL: what the planner reads types and fields from
    lists: Lists
    documents: Documents
    compiler: Compiler | None  # None: every operation is answered by Strawberry


@lru_cache(maxsize=8)
def _bounds(counts: str, fan_out: str) -> Bounds:
    return Bounds(rows=json.loads(counts), fan_out=json.loads(fan_out))


def bounds_of(db: Database | None) -> Bounds:
    """How long lists can be in a database, from what its build recorded."""
    meta = db.meta if db is not None else {}
    return _bounds(meta.get("counts", "{}"), meta.get("fan_out", "{}"))


def _over_budget(node: Any = None) -> GraphQLError:
    return GraphQLError(OVER_BUDGET, node, original_error=BudgetExceeded(OVER_BUDGET))


class RequestLimits(SchemaExtension):
    """The limits of one operation beyond its tokens (Strawberry's MaxTokensLimiter; a
    document refused at parsing is logged here): the plan's size, depth, aliases and cost,
    checked before graphql-core's validation rules run; and the request's time budget, which
    started when the request arrived (`Context.deadline`). A query text seen before skips
    parsing, planning and validation, but not the cost, which depends on the variables."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.planned: DocumentPlan | None = None
        self.cached = False

    def _deadline(self) -> float:
        context = self.execution_context.context
        return context.deadline if isinstance(context, Context) else math.inf

    def on_operation(self) -> Iterator[None]:
        with budget_until(self._deadline()):
            yield

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query is not None and context.graphql_document is None:
            found = self.limits.documents.get(context.query)
            if found is not None:
                context.graphql_document, self.planned = found
                self.cached = True
        yield
        for error in context.pre_execution_errors or []:
            if "Parsing aborted" in error.message:  # over the token or nesting limit
                log.warning("graphql operation refused at parsing: %s", error.message)

    def _check(self) -> list[GraphQLError]:
        """The errors of the plan (made now unless cached) under this request's variables."""
        context = self.execution_context
        document = context.graphql_document
        assert document is not None
        checks = self.limits.checks
        if self.planned is None:
            try:
                self.planned = plan_document(self.limits.schema, document)
            except Refused as refused:
                return [GraphQLError(str(refused), extensions={"code": BAD_DOCUMENT})]
            except RecursionError:  # fragments spread inside fragments, hundreds deep
                message = "The document's fragments nest too deeply to be planned."
                return [GraphQLError(message, extensions={"code": BAD_DOCUMENT})]
            errors = size_errors(self.planned, checks)
            if errors:
                return errors
        db = context.context.db if isinstance(context.context, Context) else None
        errors, _ = check(self.planned, self.limits.lists, bounds_of(db), context.variables, checks)
        return errors

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None and context.pre_execution_errors is None:
            errors = [_over_budget()] if time.monotonic() > self._deadline() else self._check()
            if errors:
                codes = sorted({str((e.extensions or {}).get("code", "")) for e in errors})
                log.warning(
                    "graphql operation refused before validation: %s (%d characters)",
                    ", ".join(codes),
                    len(context.query or ""),
                )
                context.pre_execution_errors = errors
            elif self.cached:
                context.pre_execution_errors = []  # validated before: the rules are skipped
        yield
        if (
            not self.cached
            and self.planned is not None
            and context.query is not None
            and context.graphql_document is not None
            and context.pre_execution_errors == []
        ):
            self.limits.documents.put(context.query, context.graphql_document, self.planned)
        if not context.pre_execution_errors and time.monotonic() > self._deadline():
            context.pre_execution_errors = [_over_budget()]

    def on_execute(self) -> Iterator[None]:
        """Past every check: an operation the compiler covers is answered by one SQL
        statement (its `data` as JSON text, which `encode_json` writes as it is)."""
        context, compiler = self.execution_context, self.limits.compiler
        if (
            compiler is not None
            and self.planned is not None
            and isinstance(context.context, Context)
            and context.query is not None
            and context.graphql_document is not None
        ):
            text = compiler.answer(
                context.context.db,
                context.context.enums,
                context.query,
                context.graphql_document,
                self.planned,
                context.operation_name,
                context.variables,
            )
            if text is not None:
                context.result = ExecutionResult(data=Answer(text))  # type: ignore[arg-type]
        yield


def plan_limits(settings: Settings) -> PlanLimits:
    """What the planner refuses beyond, from the server's settings."""
    return PlanLimits(
        max_cost=settings.max_cost,
        max_depth=settings.max_depth,
        max_aliases=settings.max_aliases,
        max_written_fields=settings.max_written_fields,
        default_first=settings.default_page_size,
        max_first=settings.max_page_size,
    )


def lists_of(schema: strawberry.Schema) -> Lists:
    """The list fields whose length a `first` sets, from the metadata their definitions carry
    (`table` on a top-level list, `relation` on a related list)."""
    tables: dict[tuple[str, str], str] = {}
    relations: dict[tuple[str, str], str] = {}
    plain: dict[tuple[str, str], str] = {}
    for cls in (Query, *RECORD_TYPES):
        definition = get_object_definition(cls, strict=True)
        for field in definition.fields:
            name = schema.config.name_converter.get_graphql_name(field)
            metadata: dict[str, Any] = dict(field.metadata or {})
            if "table" in metadata:
                tables[(definition.name, name)] = metadata["table"]
            if "relation" in metadata:
                relations[(definition.name, name)] = metadata["relation"]
            if "list" in metadata:
                plain[(definition.name, name)] = metadata["list"]
    return Lists(tables=tables, relations=relations, plain=plain)


# The record types: their list fields are bounded by `first` or by what the build records.
RECORD_TYPES = (
    Statement,
    Actor,
    Outlet,
    Article,
    Event,
    Contradiction,
    ContradictionSide,
    RecordSide,
)


def make_schema(settings: Settings) -> LedgerSchema:
    holder: list[Limits] = []
    schema = LedgerSchema(
        query=Query,
        config=StrawberryConfig(batching_config={"max_operations": settings.max_batch}),
        # Factories, so that each request gets fresh extension instances.
        extensions=[
            lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
            lambda: RequestLimits(holder[0]),
            lambda: MaskErrors(should_mask_error=_mask, error_message="Internal error."),
        ],
    )
    sdl, lists = build_schema(schema.as_str()), lists_of(schema)
    holder.append(
        Limits(
            settings=settings,
            checks=plan_limits(settings),
            schema=sdl,
            lists=lists,
            documents=Documents(),
            compiler=Compiler(sdl, lists, settings.max_page_size) if settings.compiled else None,
        )
    )
    schema.limits = holder[0]
    return schema


STATIC = Path(__file__).parent / "static"  # GraphiQL's page and files (api/assets.py serves them)


class LedgerGraphQL(GraphQL[Context, None]):
    def __init__(self, settings: Settings) -> None:
        schema = make_schema(settings)
        super().__init__(schema, graphql_ide="graphiql")
        self.settings = settings
        self.limits = schema.limits
        page = (STATIC / "graphiql.html").read_text(encoding="utf-8")
        # relative, content-hashed URLs (the page is /graphql, its files /static/graphiql/…)
        self.graphiql_page = re.sub(
            r'"static/(graphiql/[^"?]+)"', lambda m: f'"{assets.url(m[1])[1:]}"', page
        )

    async def render_graphql_ide(self, request: Request) -> Response:
        """GraphiQL from the server's own files (Strawberry's page loads it from a CDN)."""
        return HTMLResponse(self.graphiql_page)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket | None = None
    ) -> Context:
        """A fresh context per HTTP request, once the request passed `_check`; its time budget
        started when the request arrived (`DEADLINE` in its scope, else now) and covers the
        wait for a thread, the parsing, checks and execution of every operation of a batch."""
        deadline = request.scope.get(DEADLINE) or (
            time.monotonic() + self.settings.time_budget_ms / 1000
        )
        if isinstance(request, Request):
            await self._check(request)
        state: Any = request.app.state
        return Context(
            db=state.db,
            loaders=Loaders(state.db, self.settings.max_page_size),
            settings=self.settings,
            enums=state.enums,
            deadline=deadline,
        )

    def encode_json(self, data: object) -> str:
        """Strawberry's JSON, but a compiled answer's `data` written as the text it is."""
        return encode(data)

    async def _check(self, request: Request) -> None:
        """Refuse (400, logged in one line) a request whose JSON body is hostile (body.py), or
        any of whose operations (a batch's too, which Strawberry does not check) has members
        of the wrong JSON types or a query text over the size limit. Strawberry asks for the
        context before it reads the request, so this runs first; the body decoded here is
        kept for `decode_json`."""
        limit = self.settings.max_query_chars
        try:
            if request.method == "GET":
                check_operation(request.query_params.get("query"), None, None, None, limit)
                return
            if "application/json" not in request.headers.get("content-type", ""):
                return  # Strawberry refuses it
            body = await request.body()
            data = decode(body)
            _decoded.set((body, data))
            for item in data if isinstance(data, list) else [data]:
                assert isinstance(item, dict)  # decode() lets only objects through
                check_operation(
                    item.get("query"),
                    item.get("variables"),
                    item.get("operationName"),
                    item.get("extensions"),
                    limit,
                )
        except BadRequest as refused:
            raise _refuse(refused) from None

    def decode_json(self, data: str | bytes) -> object:
        """A POST body (decoded already by `_check`), or a GET's `variables`, read
        defensively (body.py): anything hostile is answered 400 and logged in one line."""
        decoded = _decoded.get()
        if decoded is not None and decoded[0] is data:
            return decoded[1]
        try:
            return decode(data)
        except BadRequest as refused:
            raise _refuse(refused) from None


# The body of the request this task handles and its JSON value, as `_check` decoded them.
_decoded: ContextVar[tuple[bytes, object] | None] = ContextVar("ledger_body", default=None)


def _refuse(refused: BadRequest) -> HTTPException:
    log.warning("graphql request refused: %s: %s", refused.code, refused.message)
    return HTTPException(400, f"{refused.code}: {refused.message}")


def graphql_app(settings: Settings) -> LedgerGraphQL:
    return LedgerGraphQL(settings)
