"""The server uses Strawberry and graphql-core through their public API only.

Every module under `api/` is parsed with `ast` and checked against these rules:

1. graphql-core: only names in `graphql.__all__`, reached from the top-level package
   (`from graphql import NAME`, or `graphql.NAME` after `import graphql`). No submodule
   (`graphql.execution.collect_fields`, `graphql.pyutils`, ...), even where it is importable:
   graphql-core exports from its top level every name it supports.
2. Strawberry: a name in `strawberry.__all__` (`strawberry.NAME`, `from strawberry import
   NAME`), or a name in the `__all__` of a module Strawberry's documentation tells users to
   import from (`DOCUMENTED`, each with the page that does; the one without `__all__`,
   `strawberry.asgi`, offers the names its page documents). Nothing from any other module
   (`strawberry.schema.schema`, `strawberry.types.base`, ...).
3. No attribute with one leading underscore that the project does not itself define
   (`schema._schema`, `info._raw_info`): that is a library's private state.
4. No assignment to what graphql-core calls or Strawberry executes with (`resolve`,
   `subscribe`, `is_type_of`, `resolve_type`, `execution_context_class`), by `=` or
   `setattr`: the schema Strawberry builds is used as built.
5. A class derived from a library's class overrides only the methods the documentation says
   to override (`OVERRIDABLE`, each with its page); methods the base does not have are free,
   and so are dunder methods (`__init__` takes the documented arguments).

The rules are checked against the installed versions (`__all__` is read at test time), so a
name a new release stops exporting fails here too.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[3]
API = ROOT / "api"
# The folders of the project's own code (rule 3: the names they define are the project's).
CODE = ("api", "catalogue", "cli", "curation", "database", "docgen", "publishing", "validators")

# Module -> the page of Strawberry's documentation (docs/ in its repository) that imports from it.
DOCUMENTED = {
    "strawberry.asgi": "docs/integrations/asgi.md",
    "strawberry.extensions": "docs/guides/custom-extensions.md",
    "strawberry.http": "docs/integrations/asgi.md (process_result)",
    "strawberry.schema.config": "docs/types/schema-configurations.md",
    "strawberry.types": "docs/types/resolvers.md (Info)",
    "strawberry.dataloader": "docs/guides/dataloaders.md",
    "strawberry.permission": "docs/guides/permissions.md",
    "strawberry.scalars": "docs/types/scalars.md",
    "strawberry.tools": "docs/guides/tools.md",
}
# What the page of a documented module without `__all__` documents.
DOCUMENTED_NAMES = {"strawberry.asgi": {"GraphQL"}}
# Base class -> the methods its documentation says to override.
OVERRIDABLE = {
    # docs/integrations/asgi.md, "Extending the view"
    "strawberry.asgi.GraphQL": {
        "get_context",
        "get_root_value",
        "process_result",
        "decode_json",
        "encode_json",
        "render_graphql_ide",
        "on_ws_connect",
    },
    # docs/types/schema.md, "Handling errors"
    "strawberry.Schema": {"process_errors"},
    # docs/guides/custom-extensions.md
    "strawberry.extensions.SchemaExtension": {
        "on_operation",
        "on_validate",
        "on_parse",
        "on_execute",
        "resolve",
        "get_results",
    },
    # docs/guides/field-extensions.md
    "strawberry.extensions.FieldExtension": {"apply", "resolve", "resolve_async"},
}
LIBRARIES = ("graphql", "strawberry")
HOOKS = {"resolve", "subscribe", "is_type_of", "resolve_type", "execution_context_class"}


def public_names(module: str) -> set[str] | None:
    """The public names of `module`, or None when no name of it is public (rules 1 and 2)."""
    if module in ("graphql", "strawberry"):
        return set(importlib.import_module(module).__all__)
    if module not in DOCUMENTED:
        return None
    if module in DOCUMENTED_NAMES:
        return DOCUMENTED_NAMES[module]
    found: ModuleType = importlib.import_module(module)
    return set(found.__all__)


def _library(module: str) -> bool:
    return module.split(".")[0] in LIBRARIES


def _defined(tree: ast.AST) -> set[str]:
    """Every name the code defines: functions, classes, arguments, assignment targets."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
    return names


def _chain(node: ast.Attribute) -> list[str] | None:
    """`a.b.c` as ["a", "b", "c"], or None when it does not start at a plain name."""
    parts: list[str] = []
    current: ast.expr = node
    while isinstance(current, ast.Attribute):
        parts.append(current.attr)
        current = current.value
    if not isinstance(current, ast.Name):
        return None
    return [current.id, *reversed(parts)]


def _check_path(module: str, attributes: list[str]) -> str | None:
    """What is wrong with reaching `module.a.b...`, or None (rules 1 and 2)."""
    for attribute in attributes:
        names = public_names(module)
        if names is not None and attribute in names:
            return None
        module = f"{module}.{attribute}"
        if module not in DOCUMENTED:
            return f"{module} is not public"
    return None


def violations(source: str, own: set[str]) -> Iterator[str]:
    """Each use of a library in `source` that breaks a rule of this module's docstring;
    `own` is every name the project defines (rule 3)."""
    tree = ast.parse(source)
    modules: dict[str, str] = {}  # local name -> library module it stands for
    imported: dict[str, str] = {}  # local name -> the library's name it stands for
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if not _library(alias.name):
                    continue
                if alias.asname is None:
                    root = alias.name.split(".")[0]
                    modules[root] = root
                    problem = _check_path(root, alias.name.split(".")[1:])
                else:
                    modules[alias.asname] = alias.name
                    problem = None if public_names(alias.name) is not None else "not public"
                if problem:
                    yield f"line {node.lineno}: import {alias.name}: {problem}"
        elif isinstance(node, ast.ImportFrom) and node.module and _library(node.module):
            names = public_names(node.module)
            for alias in node.names:
                if names is None and f"{node.module}.{alias.name}" in DOCUMENTED:
                    modules[alias.asname or alias.name] = f"{node.module}.{alias.name}"
                elif names is None or alias.name not in names:
                    yield f"line {node.lineno}: from {node.module} import {alias.name}: not public"
                else:
                    imported[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            yield from _overrides(node, modules, imported)
    inner = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            attribute = node.attr
            private = attribute.startswith("_") and not attribute.startswith("__")
            if private and attribute not in own:
                yield f"line {node.lineno}: .{attribute}: a library's private attribute"
            if isinstance(node.ctx, ast.Store) and attribute in HOOKS:
                yield f"line {node.lineno}: .{attribute} assigned: the built schema rewritten"
            chain = None if id(node) in inner else _chain(node)  # a whole chain, checked once
            if chain is not None and chain[0] in modules and isinstance(node.ctx, ast.Load):
                problem = _check_path(modules[chain[0]], chain[1:])
                if problem:
                    yield f"line {node.lineno}: {'.'.join(chain)}: {problem}"
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "setattr"
            and len(node.args) > 1
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value in HOOKS
        ):
            yield f"line {node.lineno}: setattr(..., {node.args[1].value!r}): schema rewritten"


def _base(node: ast.expr, modules: dict[str, str], imported: dict[str, str]) -> str | None:
    """The library's dotted name of a base class, or None when it is not a library's."""
    if isinstance(node, ast.Subscript):  # a generic class given its parameters
        node = node.value
    if isinstance(node, ast.Name):
        return imported.get(node.id)
    chain = _chain(node) if isinstance(node, ast.Attribute) else None
    if chain is None or chain[0] not in modules:
        return None
    return ".".join([modules[chain[0]], *chain[1:]])


def _overrides(
    node: ast.ClassDef, modules: dict[str, str], imported: dict[str, str]
) -> Iterator[str]:
    """The methods of class `node` that override an undocumented method of a library's base
    class (rule 5)."""
    for base in node.bases:
        name = _base(base, modules, imported)
        if name is None:
            continue
        module, _, attribute = name.rpartition(".")
        found = getattr(importlib.import_module(module), attribute, None)
        allowed = OVERRIDABLE.get(name, set())
        for item in node.body:
            if not isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            method = item.name
            if method.startswith("__") or method in allowed or not hasattr(found, method):
                continue
            yield f"line {item.lineno}: {node.name}.{method} overrides {name}.{method}"


def _sources(root: Path) -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in sorted(root.rglob("*.py"))}


def _own() -> set[str]:
    """Every name the project's code defines."""
    own: set[str] = set()
    for folder in CODE:
        for source in _sources(ROOT / folder).values():
            own |= _defined(ast.parse(source))
    return own


def test_the_server_uses_only_public_names_of_strawberry_and_graphql_core() -> None:
    sources = _sources(API)
    assert len(sources) > 20  # the whole server, not an empty folder
    own = _own()
    found = [
        f"{path.relative_to(API.parent)} {problem}"
        for path, source in sources.items()
        for problem in violations(source, own)
    ]
    assert found == []


PRIVATE = {
    "from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext": "not public",
    "from strawberry.types.base import StrawberryOptional": "not public",
    "from strawberry.types import StrawberryOptional": "not public",
    "from graphql.execution.collect_fields import FieldDetailsList": "not public",
    "from graphql.pyutils import Path": "not public",
    "from graphql import execute_field": "not public",
    "import strawberry.schema.schema": "not public",
    "import graphql.pyutils as p": "not public",
    "import strawberry\nx = strawberry.types.base.StrawberryObjectDefinition": "not public",
    "import strawberry\nx = strawberry.schema.schema": "not public",
    "import graphql\nx = graphql.execution.collect_fields": "not public",
    "def f(schema):\n    return schema._schema.type_map": "private attribute",
    "def f(info):\n    return info._raw_info": "private attribute",
    "def f(field, g):\n    field.resolve = g": "schema rewritten",
    "def f(schema, c):\n    schema.execution_context_class = c": "schema rewritten",
    "def f(field, g):\n    setattr(field, 'resolve', g)": "schema rewritten",
    "from strawberry.asgi import GraphQL\nclass V(GraphQL):\n    def parse_http_body(self): ...": (
        "overrides"
    ),
    "from strawberry.asgi import GraphQL\nclass V(GraphQL[int, None]):\n    def run(self): ...": (
        "overrides"
    ),
    "import strawberry\nclass S(strawberry.Schema):\n    def execute_sync(self): ...": "overrides",
}
PUBLIC = [
    "import strawberry\nx = strawberry.field\ny = strawberry.Schema\nz = strawberry.types.Info",
    "from strawberry.extensions import MaskErrors, SchemaExtension",
    "from strawberry.schema.config import StrawberryConfig",
    "from strawberry.asgi import GraphQL",
    "from strawberry.types import Info, get_object_definition",
    "from strawberry.schema import config\nx = config.StrawberryConfig",
    "from graphql import GraphQLError, build_schema",
    "import graphql\nx = graphql.GraphQLError",
    "from strawberry.asgi import GraphQL\nclass V(GraphQL):\n    def get_context(self): ...\n"
    "    def _mine(self): ...\n    def __init__(self): ...",
    "import strawberry\nclass S(strawberry.Schema):\n    def process_errors(self): ...",
    "class A:\n    def __init__(self):\n        self._mine = 1\n"
    "    def f(self):\n        return self._mine",
]


@pytest.mark.parametrize("source", PRIVATE)
def test_each_kind_of_private_use_is_found(source: str) -> None:
    found = list(violations(source, _defined(ast.parse(source))))
    assert len(found) == 1, found
    assert PRIVATE[source] in found[0]


@pytest.mark.parametrize("source", PUBLIC)
def test_public_uses_are_not_reported(source: str) -> None:
    assert list(violations(source, _defined(ast.parse(source)))) == []


def test_the_rules_find_what_the_server_once_did() -> None:
    """The execution context, resolver rewriting and imports the server used before it kept
    to the public API, as they were written."""
    source = """
from graphql.execution.collect_fields import FieldDetailsList
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.base import StrawberryObjectDefinition, StrawberryOptional

def relations(schema, fields, name, resolve):
    for graphql_type in schema._schema.type_map.values():
        pass
    fields[name].resolve = resolve
    schema.execution_context_class = StrawberryGraphQLCoreExecutionContext
"""
    found = list(violations(source, _defined(ast.parse(source))))
    assert len(found) == 8, found
