"""Business errors are data: each mutation payload has `errors: [XxxError!]!`."""

import graphene
from django.core.exceptions import ValidationError
from graphql import GraphQLError

from ocop.core.errors import error_list


class PermissionDenied(GraphQLError):
    def __init__(self, message="You do not have permission to perform this action."):
        super().__init__(message, extensions={"code": "PERMISSION_DENIED"})


def errors_from(exc: ValidationError, error_type, code_enum, field_map=None):
    """Turn a service's ValidationError into a list of `error_type` objects with a known code.
    `field_map` renames a service's field to the input's name where camelCase is not enough."""
    known = {member.name for member in code_enum._meta.enum}
    field_map = field_map or {}
    result = []
    for item in error_list(exc):
        code = item["code"] if item["code"] in known else "INVALID"
        field = field_map.get(item["field"], _camel(item["field"]))
        result.append(error_type(field=field, message=item["message"], code=code))
    return result


def _camel(name):
    if not name:
        return None
    head, *tail = name.split("_")
    return head + "".join(part.title() for part in tail)
