"""Execution with a short path for plain attributes: a leaf field read straight off the object.

Most fields of an answer are scalars stored on the objects the resolvers made (`id`, `quote`,
`name`, ...). For each of them graphql-core builds a resolve-info object, calls Strawberry's
default resolver (which reads the attribute) and completes the value through several layers.
For a field that Strawberry itself would answer by reading the attribute (no resolver, no
extension, no argument) and whose type is a scalar or enum, this execution context reads the
attribute and coerces it for output directly (unless a field middleware is installed, which
would have to see every field). Anything else, and anything unusual on the way
(a missing attribute, a null for a non-null field, a value the scalar refuses), takes
graphql-core's own path, so errors are reported exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from graphql import (
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    Undefined,
    is_leaf_type,
)
from graphql.execution.collect_fields import FieldDetailsList
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.base import StrawberryObjectDefinition

# (attribute name, the scalar's output coercion, whether null is an error)
Leaf = tuple[str, Callable[[Any], Any], bool]


def _leaf(field_type: GraphQLOutputType) -> tuple[Callable[[Any], Any], bool] | None:
    non_null = isinstance(field_type, GraphQLNonNull)
    named = field_type.of_type if isinstance(field_type, GraphQLNonNull) else field_type
    if not is_leaf_type(named):
        return None
    coerce: Callable[[Any], Any] = named.coerce_output_value
    return coerce, non_null


def plain_leaves(schema: strawberry.Schema) -> dict[str, dict[str, Leaf]]:
    """Type name -> field name -> how to read it, for every plain scalar attribute."""
    out: dict[str, dict[str, Leaf]] = {}
    for name, graphql_type in schema._schema.type_map.items():
        if not isinstance(graphql_type, GraphQLObjectType) or name.startswith("__"):
            continue
        definition = schema.get_type_by_name(name)
        if not isinstance(definition, StrawberryObjectDefinition):
            continue
        for field in definition.fields:
            if not field.is_basic_field or field.arguments or field.python_name is None:
                continue
            graphql_name = schema.config.name_converter.get_graphql_name(field)
            graphql_field = graphql_type.fields.get(graphql_name)
            if graphql_field is None or graphql_field.args:
                continue
            leaf = _leaf(graphql_field.type)
            if leaf is not None:
                out.setdefault(name, {})[graphql_name] = (field.python_name, *leaf)
    return out


# (resolver taking the source and an object with `.context`, the object type it returns)
Relation = tuple[Callable[[Any, Any], Any], GraphQLObjectType]


def relations(schema: strawberry.Schema) -> dict[str, dict[str, Relation]]:
    """Type name -> field name -> resolver, for every field without arguments whose resolver
    graphql-core calls directly (view.py) and whose type is a nullable object type."""
    out: dict[str, dict[str, Relation]] = {}
    for name, graphql_type in schema._schema.type_map.items():
        if not isinstance(graphql_type, GraphQLObjectType) or name.startswith("__"):
            continue
        for field_name, field in graphql_type.fields.items():
            if (
                getattr(field.resolve, DIRECT, False)
                and not field.args
                and isinstance(field.type, GraphQLObjectType)
            ):
                out.setdefault(name, {})[field_name] = (field.resolve, field.type)
    return out


# Marks a resolver graphql-core calls directly, with only `info.context` used.
DIRECT = "ledger_direct"


class _ContextOnly:
    """What a direct resolver is given as `info`: the context only."""

    __slots__ = ("context",)

    def __init__(self, context: Any) -> None:
        self.context = context


def execution_context(
    leaves: dict[str, dict[str, Leaf]],
    objects: dict[str, dict[str, Relation]] | None = None,
) -> type[StrawberryGraphQLCoreExecutionContext]:
    """An execution context class answering the plain leaves of `leaves` directly, and the
    relations of `objects` without building a resolve-info object."""
    by_type: dict[str, dict[str, Relation]] = objects or {}

    class LedgerExecutionContext(StrawberryGraphQLCoreExecutionContext):
        _context_only: _ContextOnly | None = None

        def execute_field(
            self,
            parent_type: GraphQLObjectType,
            source: Any,
            field_details_list: FieldDetailsList,
            path: Path,
            position_context: Any,
        ) -> Any:
            manager = self.middleware_manager
            if manager is not None and manager.middlewares:
                return super().execute_field(
                    parent_type, source, field_details_list, path, position_context
                )
            node = field_details_list[0].node
            relation = by_type.get(parent_type.name, {}).get(node.name.value)
            if relation is not None and not node.arguments and not node.directives:
                resolve, object_type = relation
                if self._context_only is None:
                    self._context_only = _ContextOnly(self.context_value)
                try:
                    result = resolve(source, self._context_only)
                except Exception as error:
                    self.handle_field_error(error, object_type, field_details_list, path)
                    return None
                if result is None:
                    return None
                is_type_of = object_type.is_type_of  # Strawberry's does not look at the info
                if is_type_of is None or is_type_of(result, None):  # type: ignore[arg-type]
                    try:
                        return self.collect_and_execute_subfields(
                            object_type, field_details_list, path, result, position_context
                        )
                    except Exception as error:
                        self.handle_field_error(error, object_type, field_details_list, path)
                        return None
            by_name = leaves.get(parent_type.name)
            if by_name is not None:
                leaf = by_name.get(node.name.value)
                if leaf is not None and not node.arguments and not node.directives:
                    attribute, coerce, non_null = leaf
                    try:
                        value = getattr(source, attribute)
                        if value is None:
                            if not non_null:
                                return None
                        else:
                            coerced = coerce(value)
                            if coerced is not None and coerced is not Undefined:
                                return coerced
                    except Exception:  # the full path below reports it
                        pass
            return super().execute_field(
                parent_type, source, field_details_list, path, position_context
            )

    return LedgerExecutionContext
