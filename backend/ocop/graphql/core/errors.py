"""Business errors are data: each mutation payload has `errors: [XxxError!]!`."""

import graphene
from django.core.exceptions import ValidationError
from graphql import GraphQLError

from ocop.core.errors import error_list


class PermissionDenied(GraphQLError):
    def __init__(self, message="You do not have permission to perform this action."):
        super().__init__(message, extensions={"code": "PERMISSION_DENIED"})


def errors_from(exc: ValidationError, error_type, code_enum):
    """Turn a service's ValidationError into a list of `error_type` objects with a known code."""
    known = {member.name for member in code_enum._meta.enum}
    result = []
    for item in error_list(exc):
        code = item["code"] if item["code"] in known else "INVALID"
        result.append(error_type(field=_camel(item["field"]), message=item["message"], code=code))
    return result


def _camel(name):
    if not name:
        return None
    head, *tail = name.split("_")
    return head + "".join(part.title() for part in tail)
