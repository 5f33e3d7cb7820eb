from graphql import GraphQLError
from graphql_relay import from_global_id


def decode_id(global_id: str, expected_type: str, field: str = "id") -> int | None:
    """The pk inside a Relay global ID of `expected_type`, or None for a malformed/foreign ID."""
    try:
        type_name, pk = from_global_id(global_id)
    except Exception:
        return None
    if type_name != expected_type or not str(pk).isdigit():
        return None
    return int(pk)


def require_id(global_id: str, expected_type: str) -> int:
    pk = decode_id(global_id, expected_type)
    if pk is None:
        raise GraphQLError(f"Couldn't resolve id: {global_id}.", extensions={"code": "GRAPHQL_ERROR"})
    return pk
