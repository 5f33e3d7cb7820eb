"""Abuse limits for /graphql/, checked while the query is validated, before anything runs:
nesting depth, number of aliases, and a cost (every field selected counts one, a connection's
fields count `first`/`last` times). Clear errors, each with `extensions.code`."""

from graphql import FieldNode, FragmentSpreadNode, GraphQLError, InlineFragmentNode, ValidationRule
from graphql.language import OperationDefinitionNode

MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_COST = 50_000
PAGE_ARGUMENTS = ("first", "last")


def _selections(node, fragments, expanded=None):
    """The fields selected directly under `node`, through its fragments. A fragment spread twice
    under the same field selects the same fields (GraphQL merges them), so each is opened once:
    `...A ...A` nested many levels deep cannot grow the walk exponentially."""
    expanded = set() if expanded is None else expanded
    for selection in getattr(node.selection_set, "selections", None) or []:
        if isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is not None and name not in expanded:
                expanded.add(name)
                yield from _selections(fragment, fragments, expanded)
        elif isinstance(selection, InlineFragmentNode):
            yield from _selections(selection, fragments, expanded)
        else:
            yield selection


def _multiplier(field: FieldNode, variables) -> int:
    for argument in field.arguments or []:
        if argument.name.value in PAGE_ARGUMENTS:
            value = argument.value
            if getattr(value, "kind", "") == "variable":
                raw = (variables or {}).get(value.name.value)
            else:
                raw = getattr(value, "value", None)
            try:
                return max(1, min(int(raw), 100))
            except (TypeError, ValueError):
                return 1
    return 1


def _measure(node, fragments, variables, depth, seen):
    """(deepest level, aliases, cost) below `node`; `seen` guards against fragment cycles."""
    deepest, aliases, cost = depth, 0, 0
    for field in _selections(node, fragments):
        if not isinstance(field, FieldNode) or id(field) in seen:
            continue
        aliases += 1 if field.alias else 0
        if field.selection_set:
            sub_depth, sub_aliases, sub_cost = _measure(field, fragments, variables, depth + 1, seen | {id(field)})
            deepest = max(deepest, sub_depth)
            aliases += sub_aliases
            cost += 1 + _multiplier(field, variables) * sub_cost
        else:
            cost += 1
        if cost > MAX_COST:  # already refused: no need to measure the rest
            break
    return deepest, aliases, cost


def query_limits_rule(variables=None):
    class QueryLimits(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_):
            fragments = {d.name.value: d for d in self.context.document.definitions
                         if d.kind == "fragment_definition"}
            depth, aliases, cost = _measure(node, fragments, variables, 1, frozenset())
            if depth > MAX_DEPTH:
                self.report_error(GraphQLError(f"The query is nested {depth} levels deep; the limit is {MAX_DEPTH}.",
                                               node, extensions={"code": "QUERY_TOO_DEEP"}))
            if aliases > MAX_ALIASES:
                self.report_error(GraphQLError(f"The query uses {aliases} aliases; the limit is {MAX_ALIASES}.",
                                               node, extensions={"code": "TOO_MANY_ALIASES"}))
            if cost > MAX_COST:
                self.report_error(GraphQLError(f"The query would cost {cost} (fields × page sizes); the limit is "
                                               f"{MAX_COST}. Ask for fewer items or fewer fields.", node,
                                               extensions={"code": "QUERY_TOO_COMPLEX"}))

    return QueryLimits
