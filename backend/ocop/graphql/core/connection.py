"""Relay connections with `totalCount`, at most 100 items a page, forwards and backwards."""

import graphene
from graphene import relay
from graphql import GraphQLError
from graphql_relay import cursor_to_offset, offset_to_cursor

MAX_PAGE = 100


class CountableConnection(relay.Connection):
    class Meta:
        abstract = True

    total_count = graphene.Int(description="Number of items in the whole list.")

    @classmethod
    def __init_subclass_with_meta__(cls, strict_types=True, **options):
        # Saleor's shape: `edges: [XCountableEdge!]!` and `node: X!`.
        super().__init_subclass_with_meta__(strict_types=strict_types, **options)

    def resolve_total_count(root, info):
        if root.length is None:  # counted only when asked: on a large catalogue a count is the dearest part
            root.length = root.count_rows()
        return root.length


def _offset(cursor):
    if cursor is None:
        return None
    offset = cursor_to_offset(cursor)
    if offset is None:
        raise GraphQLError("Invalid cursor.", extensions={"code": "GRAPHQL_ERROR"})
    return offset


def paginate(queryset, connection_type, *, first=None, last=None, after=None, before=None):
    """Slice a queryset (or a list already loaded) into a connection; only the requested rows are fetched."""
    for name, value in (("first", first), ("last", last)):
        if value is not None and (value < 0 or value > MAX_PAGE):
            raise GraphQLError(f"`{name}` must be between 0 and {MAX_PAGE}.", extensions={"code": "GRAPHQL_ERROR"})
    if first is None and last is None:
        raise GraphQLError("You must provide `first` or `last` (at most 100).", extensions={"code": "GRAPHQL_ERROR"})
    counter = (lambda: len(queryset)) if isinstance(queryset, (list, tuple)) else queryset.count
    total = None
    after_offset, before_offset = _offset(after), _offset(before)
    start = max(after_offset + 1, 0) if after_offset is not None else 0
    if before_offset is not None:
        end = before_offset
    elif last is not None:  # the last N need the length of the list
        total = counter()
        end = total
    else:
        end = start + first
    if first is not None:
        end = min(end, start + first)
    if last is not None:
        start = max(start, end - last)
    end = max(end, start)
    # One row more than the page says whether another page follows, without counting the list.
    fetched = list(queryset[start:end + 1])
    rows = fetched[:end - start]
    has_next = len(fetched) > len(rows)
    edges = [connection_type.Edge(node=row, cursor=offset_to_cursor(start + i)) for i, row in enumerate(rows)]
    page_info = relay.PageInfo(
        start_cursor=edges[0].cursor if edges else None, end_cursor=edges[-1].cursor if edges else None,
        has_previous_page=start > 0, has_next_page=has_next,
    )
    connection = connection_type(edges=edges, page_info=page_info)
    connection.length = total
    connection.count_rows = counter
    return connection
