"""A cost budget checked before execution: every field costs 1, lists multiply by `first`.

The cost depends on the operation's variables (`first: $n`), so it is computed per request:
as a validation rule on a document's first validation (`cost_rule`), and by `cost_errors`
on a document whose other validation results are cached (view.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    VariableNode,
)

# The operation's variables, set per request (validation rules do not see them otherwise).
current_variables: ContextVar[dict[str, Any] | None] = ContextVar("current_variables", default=None)

LIST_CHILD = "nodes"
COST_LIMIT = "COST_LIMIT"


class Cost:
    """The worst-case cost of a selection under one request's variables."""

    def __init__(
        self,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any] | None,
        default_first: int,
        max_first: int,
    ) -> None:
        self.fragments = fragments
        self.variables = variables or {}
        self.default_first = default_first
        self.max_first = max_first

    def selection(
        self, selection_set: SelectionSetNode | None, multiplier: int, seen: frozenset[str]
    ) -> int:
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += multiplier * self.field(selection, seen)
            elif isinstance(selection, InlineFragmentNode):
                total += self.selection(selection.selection_set, multiplier, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is not None and name not in seen:
                    total += self.selection(fragment.selection_set, multiplier, seen | {name})
        return total

    def field(self, field: FieldNode, seen: frozenset[str]) -> int:
        first = self.first(field)
        if first is None:
            return 1 + self.selection(field.selection_set, 1, seen)
        cost = 1
        for child in field.selection_set.selections if field.selection_set else ():
            if isinstance(child, FieldNode):
                rows = first if child.name.value == LIST_CHILD else 1
                cost += rows * self.field(child, seen)
            else:
                cost += self.selection(SelectionSetNode(selections=(child,)), first, seen)
        return cost

    def first(self, field: FieldNode) -> int | None:
        """The page size a list field asks for; None for a field that is not a list."""
        has_nodes = field.selection_set is not None and any(
            isinstance(s, FieldNode) and s.name.value == LIST_CHILD
            for s in field.selection_set.selections
        )
        for argument in field.arguments or ():
            if argument.name.value == "first":
                if isinstance(argument.value, IntValueNode):
                    return max(0, min(int(argument.value.value), self.max_first))
                if isinstance(argument.value, VariableNode):
                    value = self.variables.get(argument.value.name.value)
                    if isinstance(value, int):
                        return max(0, min(value, self.max_first))
                return self.max_first  # unknown: assume the worst
        return self.default_first if has_nodes else None


def cost_error(operation: OperationDefinitionNode, cost: int, max_cost: int) -> GraphQLError:
    return GraphQLError(
        f"Query cost {cost} exceeds the budget of {max_cost}: ask for fewer rows "
        "(a smaller `first`) or fewer nested lists.",
        operation,
        extensions={"code": COST_LIMIT},
    )


def cost_errors(
    document: DocumentNode,
    variables: Mapping[str, Any] | None,
    max_cost: int,
    default_first: int,
    max_first: int,
) -> list[GraphQLError]:
    """One error per operation of `document` whose cost exceeds `max_cost` (as `cost_rule`
    reports them)."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    cost = Cost(fragments, variables, default_first, max_first)
    errors = []
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            total = cost.selection(definition.selection_set, 1, frozenset())
            if total > max_cost:
                errors.append(cost_error(definition, total, max_cost))
    return errors


def cost_rule(max_cost: int, default_first: int, max_first: int) -> type[ValidationRule]:
    """A validation rule rejecting operations whose worst-case cost exceeds `max_cost`."""

    class CostRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)

        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            fragments = {
                d.name.value: d
                for d in self.context.document.definitions
                if isinstance(d, FragmentDefinitionNode)
            }
            cost = Cost(fragments, current_variables.get(), default_first, max_first)
            total = cost.selection(node.selection_set, 1, frozenset())
            if total > max_cost:
                self.report_error(cost_error(node, total, max_cost))

    return CostRule
