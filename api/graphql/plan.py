"""What a GraphQL document asks for, planned before any other check: fields merged as the
spec's CollectFields merges them, fragments written in place, each named fragment planned once.

A plan is a tree of merged selections (per field: its type, the node that gives its
arguments, the plan of its selection), shared wherever the document repeats itself, so its
size and the work to build it grow with the document, never with what the fragments expand
to. Depth, aliases and cost are measured on it with one memo per plan, so a chain of
fragments each spreading the previous one twice costs one step per fragment.

The cost is the number of fields the answer can hold: every field of every object counts
one, and the objects of a list count as many times as the list can be long: its `first`
(variables included) or, when smaller, the longest the relation is in the database
(`Bounds`, read from what the build recorded).

The planner also counts the fields graphql-core's own validation rules will walk (every
fragment spread written out in full, as they see it), so a document whose validation would
take exponential time is refused before those rules run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    BREAK,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValueNode,
    VariableNode,
    Visitor,
    is_abstract_type,
    visit,
)

# Costs, fields and sizes are integers capped here: a product past it costs no more time.
CAP = 10**12
# An integer literal longer than this many digits is treated as "as large as allowed".
MAX_INT_DIGITS = 10

COST_LIMIT = "COST_LIMIT"
DEPTH_LIMIT = "DEPTH_LIMIT"
ALIAS_LIMIT = "ALIAS_LIMIT"
SIZE_LIMIT = "DOCUMENT_TOO_LARGE"
# The lists whose length the field above them sets: a page's `nodes` and `edges` (by `first`),
# a facet's `values` (by the rows of its table).
PAGED = ("nodes", "edges", "values")
BAD_DOCUMENT = "GRAPHQL_VALIDATION_FAILED"
UNKNOWN = ""  # the type of a field the schema does not have


def _mul(a: int, b: int) -> int:
    return min(a * b, CAP)


@dataclass(frozen=True)
class Bounds:
    """How long each list can be in the database at hand: rows per table, and per relation
    the most children one parent has (recorded by the build)."""

    rows: Mapping[str, int] = field(default_factory=dict)
    fan_out: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Lists:
    """Which fields are lists of known length: a top-level list reads `table`, a related
    list follows `relation` (both bounded by `first`), `facets` is bounded by its `by`."""

    tables: Mapping[tuple[str, str], str]  # (type, field) -> table of a top-level list
    relations: Mapping[tuple[str, str], str]  # (type, field) -> relation of a related list
    # (type, field) -> the recorded bound of a plain list (no `first`: a row's references)
    plain: Mapping[tuple[str, str], str] = field(default_factory=dict)


@dataclass(eq=False)
class Entry:
    """One field of a merged selection: every node with its response name."""

    name: str
    alias: bool
    node: FieldNode  # the first node: gives the arguments (validation makes them agree)
    field_type: GraphQLOutputType | None
    selections: list[SelectionSetNode]
    nodes: set[int] = field(default_factory=set)  # the distinct nodes merged (by identity)
    # The plan of its selection: one per type its value can have (one unless abstract).
    plans: list[Plan] = field(default_factory=list)


@dataclass(eq=False)
class Plan:
    """The merged selection of one or more selection sets on one type."""

    type_name: str
    entries: dict[str, Entry]


@dataclass
class Measure:
    """A plan's measures under one request's variables."""

    cost: int
    depth: int
    aliases: int


class Refused(Exception):
    """The document cannot be planned (a fragment cycle, an unknown fragment)."""


def _unwrap(field_type: GraphQLOutputType) -> tuple[Any, bool]:
    """The named type under NonNull and List wrappers, and whether a list was among them."""
    listed = False
    while isinstance(field_type, GraphQLNonNull | GraphQLList):
        listed = listed or isinstance(field_type, GraphQLList)
        field_type = field_type.of_type
    return field_type, listed


class Planner:
    """Plans one document against `schema`; every plan and fragment is built once."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode) -> None:
        self.schema = schema
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.operations = [
            d for d in document.definitions if isinstance(d, OperationDefinitionNode)
        ]
        self.collected: dict[tuple[str, str], dict[str, Entry]] = {}
        self.plans: dict[tuple[str, tuple[int, ...]], Plan] = {}
        self.active: set[str] = set()
        self.written: dict[str, int] = {}
        self.compared: dict[int, int] = {}

    # --- the fields graphql-core's validation walks ---------------------------------------

    def written_fields(self, selection_set: SelectionSetNode | None) -> int:
        """Fields in `selection_set` with every fragment spread written out in full."""
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += 1 + self.written_fields(selection.selection_set)
            elif isinstance(selection, InlineFragmentNode):
                total += self.written_fields(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._written_fragment(selection.name.value)
        return min(total, CAP)

    def _written_fragment(self, name: str) -> int:
        if name in self.written:
            return self.written[name]
        fragment = self.fragments.get(name)
        if fragment is None:
            raise Refused(f"Unknown fragment '{name}'.")
        if name in self.active:
            raise Refused(f"Cannot spread fragment '{name}' within itself.")
        self.active.add(name)
        try:
            self.written[name] = self.written_fields(fragment.selection_set)
        finally:
            self.active.discard(name)
        return self.written[name]

    # --- merging (CollectFields) ----------------------------------------------------------

    def _applies(self, condition: str | None, type_name: str) -> bool:
        if condition is None or condition == type_name:
            return True
        named = self.schema.get_type(condition)
        concrete = self.schema.get_type(type_name)
        if named is None or not isinstance(concrete, GraphQLObjectType):
            return False
        return is_abstract_type(named) and self.schema.is_sub_type(named, concrete)

    def _collect_into(
        self, out: dict[str, Entry], type_name: str, selection_set: SelectionSetNode
    ) -> None:
        parent = self.schema.get_type(type_name)
        fields = parent.fields if isinstance(parent, GraphQLObjectType) else {}
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                key = (selection.alias or selection.name).value
                entry = out.get(key)
                if entry is None:
                    definition = fields.get(selection.name.value)
                    entry = out[key] = Entry(
                        name=selection.name.value,
                        alias=selection.alias is not None,
                        node=selection,
                        field_type=definition.type if definition else None,
                        selections=[],
                    )
                entry.nodes.add(id(selection))
                if selection.selection_set is not None and not any(
                    s is selection.selection_set for s in entry.selections
                ):
                    entry.selections.append(selection.selection_set)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                if self._applies(condition.name.value if condition else None, type_name):
                    self._collect_into(out, type_name, selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                for key, entry in self._fragment(selection.name.value, type_name).items():
                    self._merge(out, key, entry)

    @staticmethod
    def _merge(out: dict[str, Entry], key: str, entry: Entry) -> None:
        mine = out.get(key)
        if mine is None:
            out[key] = Entry(
                entry.name,
                entry.alias,
                entry.node,
                entry.field_type,
                list(entry.selections),
                set(entry.nodes),
            )
            return
        mine.nodes |= entry.nodes
        for selection_set in entry.selections:
            if not any(s is selection_set for s in mine.selections):
                mine.selections.append(selection_set)

    def _fragment(self, name: str, type_name: str) -> dict[str, Entry]:
        """The merged top-level fields of fragment `name` spread on `type_name`, built once."""
        memo = self.collected.get((name, type_name))
        if memo is not None:
            return memo
        fragment = self.fragments.get(name)
        if fragment is None:
            raise Refused(f"Unknown fragment '{name}'.")
        if name in self.active:
            raise Refused(f"Cannot spread fragment '{name}' within itself.")
        out: dict[str, Entry] = {}
        if self._applies(fragment.type_condition.name.value, type_name):
            self.active.add(name)
            try:
                self._collect_into(out, type_name, fragment.selection_set)
            finally:
                self.active.discard(name)
        self.collected[(name, type_name)] = out
        return out

    def plan(self, type_name: str, selection_sets: Iterable[SelectionSetNode]) -> Plan:
        """The merged plan of `selection_sets` on `type_name`, and of every field below."""
        sets = tuple(selection_sets)
        key = (type_name, tuple(id(s) for s in sets))
        made = self.plans.get(key)
        if made is not None:
            return made
        entries: dict[str, Entry] = {}
        for selection_set in sets:
            self._collect_into(entries, type_name, selection_set)
        made = self.plans[key] = Plan(type_name, entries)
        for entry in entries.values():
            if not entry.selections:
                continue
            if entry.field_type is None:  # unknown (validation says so): as deep as written
                entry.plans = [self.plan(UNKNOWN, entry.selections)]
                continue
            named, _ = _unwrap(entry.field_type)
            abstract = is_abstract_type(named)
            types = self.schema.get_possible_types(named) if abstract else [named]
            entry.plans = [self.plan(t.name, entry.selections) for t in types]
        return made

    def comparisons(self, plan: Plan) -> int:
        """An upper bound of the pairs of fields graphql-core's OverlappingFieldsCanBeMerged
        compares in `plan`: every pair of nodes merged under one response name, each pair
        comparing the fields below them. Linear for a document that repeats no field."""
        memo = self.compared.get(id(plan))
        if memo is not None:
            return memo
        total = 0
        for entry in plan.entries.values():
            below = max((self.comparisons(p) for p in entry.plans), default=0)
            total = min(total + _mul(len(entry.nodes) ** 2, 1 + below), CAP)
        self.compared[id(plan)] = total
        return total

    def operation_plans(self) -> list[tuple[OperationDefinitionNode, Plan]]:
        out = []
        for operation in self.operations:
            root = self.schema.get_root_type(operation.operation)
            if root is None:
                raise Refused(f"The schema has no {operation.operation.value} type.")
            out.append((operation, self.plan(root.name, [operation.selection_set])))
        return out


class Measurer:
    """Measures plans under one request's variables; each plan is measured once."""

    def __init__(
        self,
        lists: Lists,
        bounds: Bounds,
        operation: OperationDefinitionNode,
        variables: Mapping[str, Any] | None,
        default_first: int,
        max_first: int,
    ) -> None:
        self.lists = lists
        self.bounds = bounds
        self.variables = dict(variables or {})
        for definition in operation.variable_definitions or ():
            name = definition.variable.name.value
            if name not in self.variables and definition.default_value is not None:
                self.variables[name] = _literal(definition.default_value, {})
        self.default_first = default_first
        self.max_first = max_first
        self.memo: dict[tuple[int, int, int], Measure] = {}

    def first(self, node: FieldNode) -> int:
        """The page size `node` asks for: its `first`, the default when not given, the cap
        when it cannot be known or is out of range (which the resolver then refuses)."""
        for argument in node.arguments or ():
            if argument.name.value == "first":
                value = _literal(argument.value, self.variables)
                if isinstance(value, int) and not isinstance(value, bool):
                    return max(0, min(value, self.max_first))
                return self.max_first
        return self.default_first

    def by_count(self, node: FieldNode) -> int:
        for argument in node.arguments or ():
            if argument.name.value == "by":
                value = _literal(argument.value, self.variables)
                if isinstance(value, list):
                    return min(len(value), 5)
                return 1 if isinstance(value, str) else 5
        return 0

    def measure(self, plan: Plan, page: int = 1, rows: int = CAP) -> Measure:
        """`plan`'s measures when its `nodes` list holds `page` objects and a facet can count
        up to `rows` values."""
        key = (id(plan), page, rows)
        memo = self.memo.get(key)
        if memo is not None:
            return memo
        cost = depth = aliases = 0
        for entry in plan.entries.values():
            aliases += entry.alias
            if not entry.plans:
                cost += 1
                depth = max(depth, 1)
                continue
            count = 1
            child_page, child_rows = 1, CAP
            table = self.lists.tables.get((plan.type_name, entry.name))
            relation = self.lists.relations.get((plan.type_name, entry.name))
            if table is not None:
                child_page = min(self.first(entry.node), self.bounds.rows.get(table, CAP))
                child_rows = self.bounds.rows.get(table, CAP)
            elif relation is not None:
                child_page = min(self.first(entry.node), self.bounds.fan_out.get(relation, CAP))
            elif entry.name in PAGED:
                count = page
            elif entry.name == "facets":
                count = self.by_count(entry.node)
                child_page = rows if rows != CAP else self.max_first
            elif entry.field_type is not None and _unwrap(entry.field_type)[1]:
                plain = self.lists.plain.get((plan.type_name, entry.name))
                # a list whose longest is recorded by the build, else of unknown length
                count = min(self.bounds.fan_out.get(plain, CAP), self.max_first) if plain else 0
                count = count or self.max_first
            parts = [self.measure(p, child_page, child_rows) for p in entry.plans]
            inner = Measure(
                max(m.cost for m in parts),
                max(m.depth for m in parts),
                max(m.aliases for m in parts),
            )
            cost = min(cost + 1 + _mul(count, inner.cost), CAP)
            depth = max(depth, 1 + inner.depth)
            aliases = min(aliases + inner.aliases, CAP)
        result = Measure(cost, depth, aliases)
        self.memo[key] = result
        return result


def _literal(value: ValueNode, variables: Mapping[str, Any]) -> Any:
    """The value of an argument as far as the cost needs it: integers, lists, variables."""
    if isinstance(value, VariableNode):
        return variables.get(value.name.value)
    if isinstance(value, IntValueNode):
        digits = value.value.lstrip("-")
        if len(digits) > MAX_INT_DIGITS:
            return CAP if not value.value.startswith("-") else -CAP
        return int(value.value)
    if isinstance(value, ListValueNode):
        return [_literal(v, variables) for v in value.values]
    return getattr(value, "value", None)


@dataclass(frozen=True)
class Limits:
    """What a plan is checked against."""

    max_cost: int
    max_depth: int
    max_aliases: int
    max_written_fields: int
    default_first: int
    max_first: int


@dataclass
class DocumentPlan:
    """A document's plans, one per operation: built once per query text, measured per
    request (the cost depends on the variables)."""

    operations: list[tuple[OperationDefinitionNode, Plan]]
    written_fields: int
    comparisons: int


def plan_document(schema: GraphQLSchema, document: DocumentNode) -> DocumentPlan:
    """Plan every operation of `document`; raises Refused for a document that cannot be."""
    long_int = _long_int(document)
    if long_int is not None:
        raise Refused(
            f"The integer {long_int[:20]}... has {len(long_int)} digits; an Int has at most "
            f"{MAX_INT_DIGITS}."
        )
    planner = Planner(schema, document)
    written = 0
    for operation in planner.operations:
        written = min(written + planner.written_fields(operation.selection_set), CAP)
    operations = planner.operation_plans()
    comparisons = 0
    for _, plan in operations:
        comparisons = min(comparisons + planner.comparisons(plan), CAP)
    return DocumentPlan(operations, written, comparisons)


class _LongInts(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: str | None = None

    def enter_int_value(self, node: IntValueNode, *_: Any) -> Any:
        if len(node.value.lstrip("-")) > MAX_INT_DIGITS:
            self.found = node.value
            return BREAK
        return None


def _long_int(document: DocumentNode) -> str | None:
    """The first integer literal of `document` too long to be an Int (Python refuses to even
    read one of over 4,300 digits), or None."""
    visitor = _LongInts()
    visit(document, visitor)
    return visitor.found


def _error(message: str, node: Any, code: str) -> GraphQLError:
    return GraphQLError(message, node, extensions={"code": code})


def size_errors(planned: DocumentPlan, limits: Limits) -> list[GraphQLError]:
    """The error for a document whose fields, fragments written out or repeated fields
    compared, exceed what graphql-core's validation may walk."""
    if planned.comparisons > limits.max_written_fields:
        return [
            _error(
                f"The document repeats fields so often that comparing them would take "
                f"{planned.comparisons} steps; at most {limits.max_written_fields} are allowed.",
                None,
                SIZE_LIMIT,
            )
        ]
    if planned.written_fields > limits.max_written_fields:
        return [
            _error(
                f"The document has {planned.written_fields} fields once its fragments are "
                f"written out; at most {limits.max_written_fields} are allowed.",
                None,
                SIZE_LIMIT,
            )
        ]
    return []


def check(
    planned: DocumentPlan,
    lists: Lists,
    bounds: Bounds,
    variables: Mapping[str, Any] | None,
    limits: Limits,
) -> tuple[list[GraphQLError], list[int]]:
    """Errors for every operation over a limit, and each operation's cost."""
    errors: list[GraphQLError] = []
    costs: list[int] = []
    for operation, plan in planned.operations:
        measurer = Measurer(
            lists, bounds, operation, variables, limits.default_first, limits.max_first
        )
        measure = measurer.measure(plan)
        costs.append(measure.cost)
        if measure.depth > limits.max_depth:
            errors.append(
                _error(
                    f"'{operation.name.value if operation.name else 'anonymous'}' exceeds "
                    f"maximum operation depth of {limits.max_depth} (it is {measure.depth}).",
                    operation,
                    DEPTH_LIMIT,
                )
            )
        if measure.aliases > limits.max_aliases:
            errors.append(
                _error(
                    f"{measure.aliases} aliases found; at most {limits.max_aliases} are allowed.",
                    operation,
                    ALIAS_LIMIT,
                )
            )
        if measure.cost > limits.max_cost:
            errors.append(
                _error(
                    f"Query cost {measure.cost} exceeds the budget of {limits.max_cost}: ask for "
                    "fewer rows (a smaller `first`) or fewer nested lists.",
                    operation,
                    COST_LIMIT,
                )
            )
    return errors, costs
