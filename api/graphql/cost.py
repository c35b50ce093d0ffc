"""A cost budget checked before execution: every field costs 1, lists multiply by `first`."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from graphql import (
    FieldNode,
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


def cost_rule(max_cost: int, default_first: int, max_first: int) -> type[ValidationRule]:
    """A validation rule rejecting operations whose worst-case cost exceeds `max_cost`."""

    class CostRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)

        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            cost = self._selection_cost(node.selection_set, 1, set())
            if cost > max_cost:
                self.report_error(
                    GraphQLError(
                        f"Query cost {cost} exceeds the budget of {max_cost}: ask for fewer rows "
                        "(a smaller `first`) or fewer nested lists.",
                        node,
                        extensions={"code": "COST_LIMIT"},
                    )
                )

        def _selection_cost(
            self, selection_set: SelectionSetNode | None, multiplier: int, seen: set[str]
        ) -> int:
            if selection_set is None:
                return 0
            total = 0
            for selection in selection_set.selections:
                if isinstance(selection, FieldNode):
                    total += multiplier * self._field_cost(selection, seen)
                elif isinstance(selection, InlineFragmentNode):
                    total += self._selection_cost(selection.selection_set, multiplier, seen)
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    fragment = self.context.get_fragment(name)
                    if fragment is not None and name not in seen:
                        total += self._selection_cost(
                            fragment.selection_set, multiplier, seen | {name}
                        )
            return total

        def _field_cost(self, field: FieldNode, seen: set[str]) -> int:
            first = _first(field, default_first, max_first)
            if first is None:
                return 1 + self._selection_cost(field.selection_set, 1, seen)
            cost = 1
            for child in field.selection_set.selections if field.selection_set else ():
                rows = (
                    first if isinstance(child, FieldNode) and child.name.value == LIST_CHILD else 1
                )
                if isinstance(child, FieldNode):
                    cost += rows * self._field_cost(child, seen)
                else:
                    sub = SelectionSetNode(selections=(child,))
                    cost += self._selection_cost(sub, first, seen)
            return cost

    return CostRule


def _first(field: FieldNode, default_first: int, max_first: int) -> int | None:
    """The page size a list field asks for; None for a field that is not a list."""
    has_nodes = field.selection_set is not None and any(
        isinstance(s, FieldNode) and s.name.value == LIST_CHILD
        for s in field.selection_set.selections
    )
    for argument in field.arguments or ():
        if argument.name.value == "first":
            if isinstance(argument.value, IntValueNode):
                return max(0, min(int(argument.value.value), max_first))
            if isinstance(argument.value, VariableNode):
                value = (current_variables.get() or {}).get(argument.value.name.value)
                if isinstance(value, int):
                    return max(0, min(value, max_first))
            return max_first  # unknown: assume the worst
    return default_first if has_nodes else None
