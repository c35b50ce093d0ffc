"""The ASGI GraphQL endpoint: per-request context and loaders, and the limits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import strawberry
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.schema.config import StrawberryConfig

from statement_ledger.api.db import BudgetExceeded, budget
from statement_ledger.api.graphql.context import Context
from statement_ledger.api.graphql.cost import cost_rule, current_variables
from statement_ledger.api.graphql.loaders import Loaders
from statement_ledger.api.graphql.schema import Query
from statement_ledger.api.query import QueryError
from statement_ledger.api.settings import Settings

USER_ERRORS = (QueryError, BudgetExceeded)


def _mask(error: GraphQLError) -> bool:
    """Hide unexpected errors (no tracebacks or SQL leave the server); show the client's own."""
    original = error.original_error
    return original is not None and not isinstance(original, USER_ERRORS)


class LedgerSchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """Log only unexpected errors; a client's own mistakes are answered, not logged."""
        unexpected = [e for e in errors if _mask(e)]
        if unexpected:
            super().process_errors(unexpected, execution_context)


def make_schema(settings: Settings) -> strawberry.Schema:
    class RequestBudget(SchemaExtension):
        """Runs each operation under the SQL time budget; shows its variables to the cost rule."""

        def on_operation(self) -> Iterator[None]:
            token = current_variables.set(self.execution_context.variables)
            try:
                with budget(settings.time_budget_ms / 1000):
                    yield
            finally:
                current_variables.reset(token)

    cost = cost_rule(settings.max_cost, settings.default_page_size, settings.max_page_size)
    return LedgerSchema(
        query=Query,
        config=StrawberryConfig(batching_config={"max_operations": settings.max_batch}),
        # Factories, so that each request gets fresh extension instances.
        extensions=[
            lambda: QueryDepthLimiter(max_depth=settings.max_depth),
            lambda: MaxAliasesLimiter(max_alias_count=settings.max_aliases),
            lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
            lambda: AddValidationRules([cost]),
            RequestBudget,
            lambda: MaskErrors(should_mask_error=_mask, error_message="Internal error."),
        ],
    )


class LedgerGraphQL(GraphQL[Context, None]):
    def __init__(self, settings: Settings) -> None:
        super().__init__(make_schema(settings), graphql_ide="graphiql")
        self.settings = settings

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket | None = None
    ) -> Context:
        state: Any = request.app.state
        return Context(
            db=state.db,
            loaders=Loaders(state.db, self.settings.max_page_size),
            settings=self.settings,
            enums=state.enums,
            request=request,
        )


def graphql_app(settings: Settings) -> LedgerGraphQL:
    return LedgerGraphQL(settings)
