"""What one GraphQL document may ask of the service, checked before anything runs.

Depth, aliases and tokens use Strawberry's own validators. Cost is ours: every field costs 1, and
a field that returns a list multiplies what is selected under it by the number of rows it may
return (`first` or `last`, else the default page), so a query's cost estimates the rows it could
touch. Introspection can be turned off; document size is bounded separately by `router.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
    VariableNode,
    get_named_type,
)
from graphql.type import GraphQLOutputType
from graphql.utilities import type_from_ast
from strawberry.extensions import (
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

from app.api.graphql.relay import DEFAULT_PAGE, MAX_PAGE
from app.settings import Settings

LIST_FIELDS_WITHOUT_PAGE = 10
"""What a plain list (a case's team, a child's concerns) is assumed to hold."""


def _returns_list(kind: GraphQLOutputType) -> bool:
    while isinstance(kind, GraphQLNonNull):
        kind = kind.of_type
    return isinstance(kind, GraphQLList)


def _page_size(node: FieldNode, variables: dict[str, Any]) -> int | None:
    for argument in node.arguments or ():
        if argument.name.value in ("first", "last"):
            value = argument.value
            if isinstance(value, IntValueNode):
                return min(int(value.value), MAX_PAGE)
            if isinstance(value, VariableNode):
                # An unset or null variable means the default page, as the resolver reads it.
                given = variables.get(value.name.value)
                if given is None:
                    return None
                return min(int(given), MAX_PAGE) if isinstance(given, int) else MAX_PAGE
    return None


class _Estimate:
    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Any]):
        self.schema = schema
        self.variables = variables
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }

    def cost(
        self,
        selections: SelectionSetNode | None,
        parent: Any,
        multiplier: int,
        seen: frozenset[str],
    ) -> int:
        if selections is None:
            return 0
        total = 0
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                fields = getattr(parent, "fields", None) or {}
                definition = fields.get(selection.name.value)
                if definition is None:
                    continue
                named = get_named_type(definition.type)
                size = _page_size(selection, self.variables)
                if named.name.endswith("Connection"):
                    rows = size or DEFAULT_PAGE
                elif getattr(parent, "name", "").endswith("Connection"):
                    rows = 1  # a connection's edges or nodes: its page size counted them
                elif _returns_list(definition.type):
                    rows = size or LIST_FIELDS_WITHOUT_PAGE
                else:
                    rows = 1
                total += multiplier
                total += self.cost(selection.selection_set, named, multiplier * rows, seen)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                kind = type_from_ast(self.schema, condition) if condition else parent
                total += self.cost(selection.selection_set, kind, multiplier, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in seen:
                    continue
                kind = type_from_ast(self.schema, fragment.type_condition)
                total += self.cost(fragment.selection_set, kind, multiplier, seen | {name})
        return total


class CostLimit(SchemaExtension):
    """Adds, for this request, a validation rule that knows the request's variables (a page size
    may come in one), so the cost is checked with depth, aliases and the rest."""

    def __init__(self, *, max_cost: int) -> None:
        self.max_cost = max_cost

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        variables = dict(context.variables or {})
        max_cost = self.max_cost

        class Cost(ValidationRule):
            def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
                schema = self.context.schema
                estimate = _Estimate(schema, self.context.document, variables)
                root = schema.get_root_type(node.operation)
                cost = estimate.cost(node.selection_set, root, 1, frozenset())
                if cost <= max_cost:
                    return
                name = f"The operation {node.name.value}" if node.name else "The operation"
                self.report_error(
                    GraphQLError(
                        f"{name} could read about {cost} records, more than the {max_cost} "
                        "allowed in one request. Ask for smaller pages (first/last) or fewer "
                        "nested lists, and page through the rest.",
                        node,
                        extensions={"code": "query-too-costly", "cost": cost, "maxCost": max_cost},
                    )
                )

        context.validation_rules = (*context.validation_rules, Cost)
        yield


def limits(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """A fresh instance of each check for every request (Strawberry keeps request state on
    them)."""
    s = settings
    extensions: list[Callable[[], SchemaExtension]] = [
        lambda: MaxTokensLimiter(max_token_count=s.graphql_max_tokens),
        lambda: QueryDepthLimiter(max_depth=s.graphql_max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=s.graphql_max_aliases),
        lambda: CostLimit(max_cost=s.graphql_max_cost),
    ]
    if not s.graphql_introspection:
        extensions.append(DisableIntrospection)
    return extensions
