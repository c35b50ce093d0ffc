"""The ASGI GraphQL endpoint: per-request context and loaders, and the limits."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import strawberry
from graphql import DocumentNode, GraphQLError, ValidationRule
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.extensions.max_aliases import create_validator as aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from strawberry.schema.config import StrawberryConfig
from strawberry.types.base import get_object_definition

from statement_ledger.api import assets
from statement_ledger.api.db import BudgetExceeded, budget
from statement_ledger.api.graphql.context import Context
from statement_ledger.api.graphql.cost import COST_LIMIT, cost_errors, cost_rule, current_variables
from statement_ledger.api.graphql.execution import (
    DIRECT,
    execution_context,
    plain_leaves,
    relations,
)
from statement_ledger.api.graphql.loaders import Loaders
from statement_ledger.api.graphql.root import Query
from statement_ledger.api.graphql.types import (
    Actor,
    Article,
    Contradiction,
    ContradictionSide,
    Event,
    Outlet,
    Statement,
)
from statement_ledger.api.query import QueryError
from statement_ledger.api.settings import Settings

USER_ERRORS = (QueryError, BudgetExceeded)

# Documents kept: at most this many, each from a query text of at most this many characters.
DOCUMENT_CACHE_SIZE = 256
DOCUMENT_CACHE_MAX_QUERY = 8192


def _mask(error: GraphQLError) -> bool:
    """Hide unexpected errors (no tracebacks or SQL leave the server); show the client's own:
    ours (bad arguments, the time budget) and a variable the request gave a wrong value
    (graphql-core reports it before execution, so with no path)."""
    original = error.original_error
    if original is None or isinstance(original, USER_ERRORS):
        return False
    return not (isinstance(original, GraphQLError) and not error.path)


class LedgerSchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """Log only unexpected errors; a client's own mistakes are answered, not logged."""
        unexpected = [e for e in errors if _mask(e)]
        if unexpected:
            super().process_errors(unexpected, execution_context)


class Documents:
    """Query texts already parsed and validated, least recently used first out.

    Only documents that parsed within the token limit and passed every validation rule other
    than the cost budget are kept: those rules (the standard ones, depth and aliases) look at
    the document alone, so their answer holds for every request with the same text. The cost
    depends on the variables (`first: $n`) and is computed again for every request.
    """

    def __init__(self, size: int = DOCUMENT_CACHE_SIZE) -> None:
        self.size = size
        self.entries: OrderedDict[str, DocumentNode] = OrderedDict()

    def get(self, query: str) -> DocumentNode | None:
        document = self.entries.get(query)
        if document is not None:
            self.entries.move_to_end(query)
        return document

    def put(self, query: str, document: DocumentNode) -> None:
        if len(query) > DOCUMENT_CACHE_MAX_QUERY:
            return
        self.entries[query] = document
        self.entries.move_to_end(query)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)


@dataclass(frozen=True)
class Limits:
    """Everything a request is checked against, built once per schema."""

    settings: Settings
    rules: tuple[type[ValidationRule], ...]
    documents: Documents


class RequestLimits(SchemaExtension):
    """The limits of one request: tokens (parsing), depth, aliases and cost (validation), and
    the SQL time budget (execution). A query text seen before skips parsing and validation,
    but not the cost check, which depends on this request's variables."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.cached = False

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        context.parse_options["max_tokens"] = self.limits.settings.max_tokens
        context.validation_rules = context.validation_rules + self.limits.rules
        token = current_variables.set(context.variables)
        try:
            with budget(self.limits.settings.time_budget_ms / 1000):
                yield
        finally:
            current_variables.reset(token)

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query is not None and context.graphql_document is None:
            document = self.limits.documents.get(context.query)
            if document is not None:
                context.graphql_document = document
                self.cached = True
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        settings = self.limits.settings
        if self.cached and context.graphql_document is not None:
            # Validated before: only the cost, under this request's variables.
            context.pre_execution_errors = cost_errors(
                context.graphql_document,
                context.variables,
                settings.max_cost,
                settings.default_page_size,
                settings.max_page_size,
            )
        yield
        errors = context.pre_execution_errors or []
        if (
            not self.cached
            and context.query is not None
            and context.graphql_document is not None
            and context.pre_execution_errors is not None
            and all((e.extensions or {}).get("code") == COST_LIMIT for e in errors)
        ):
            self.limits.documents.put(context.query, context.graphql_document)


# The types whose relation fields (speaker, outlet, statements(first:), ...) graphql-core calls
# directly; see _resolve_relations_directly.
RECORD_TYPES = (Statement, Actor, Outlet, Article, Event, Contradiction, ContradictionSide)


def _resolve_relations_directly(schema: strawberry.Schema) -> None:
    """Let graphql-core call the relation resolvers of the record types itself.

    Strawberry wraps every resolver to build its Info object, convert the arguments into
    input types and run field extensions; these resolvers take only `info` (for
    `info.context`, which graphql-core's info has too) and integers (`first`), and have no
    extension or permission, so the wrapper does nothing for them but cost time on every row.
    They are marked (`DIRECT`): those without arguments are then called by the execution
    context with the context alone (execution.py).
    """
    for cls in RECORD_TYPES:
        definition = get_object_definition(cls, strict=True)
        fields = schema._schema.type_map[definition.name].fields  # type: ignore[attr-defined]
        for field in definition.fields:
            resolver = field.base_resolver
            if (
                resolver is None
                or resolver.is_async
                or field.extensions
                or field.permission_classes
                or any(argument.type is not int for argument in field.arguments)
            ):
                continue
            resolve = resolver.wrapped_func
            setattr(resolve, DIRECT, True)
            fields[schema.config.name_converter.get_graphql_name(field)].resolve = resolve


def make_schema(settings: Settings) -> strawberry.Schema:
    limits = Limits(
        settings=settings,
        rules=(
            depth_rule(settings.max_depth, None, None),
            aliases_rule(settings.max_aliases),
            cost_rule(settings.max_cost, settings.default_page_size, settings.max_page_size),
        ),
        documents=Documents(),
    )
    schema = LedgerSchema(
        query=Query,
        config=StrawberryConfig(batching_config={"max_operations": settings.max_batch}),
        # Factories, so that each request gets fresh extension instances.
        extensions=[
            lambda: RequestLimits(limits),
            lambda: MaskErrors(should_mask_error=_mask, error_message="Internal error."),
        ],
    )
    _resolve_relations_directly(schema)
    schema.execution_context_class = execution_context(plain_leaves(schema), relations(schema))
    return schema


STATIC = Path(__file__).parent / "static"  # GraphiQL's page and files (api/assets.py serves them)


class LedgerGraphQL(GraphQL[Context, None]):
    def __init__(self, settings: Settings) -> None:
        super().__init__(make_schema(settings), graphql_ide="graphiql")
        self.settings = settings
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
        state: Any = request.app.state
        return Context(
            db=state.db,
            loaders=Loaders(state.db, self.settings.max_page_size),
            settings=self.settings,
            enums=state.enums,
        )


def graphql_app(settings: Settings) -> LedgerGraphQL:
    return LedgerGraphQL(settings)
