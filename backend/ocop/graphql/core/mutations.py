"""Saleor-style mutations: who may call is declared once (`permission`), business errors come back
in the payload's `errors` list, permission failures as top-level errors."""

import graphene
from django.core.exceptions import ValidationError

from .errors import PermissionDenied, errors_from

AUTHENTICATED = "authenticated"
OFFICER = "officer"


def check_permission(user, permission) -> None:
    if permission is None:
        return
    if not user.is_authenticated:
        raise PermissionDenied("You need to be signed in to perform this action.")
    if permission == OFFICER:
        from ocop.producers.selectors import is_officer

        if not is_officer(user):
            raise PermissionDenied("Only area officers and staff can perform this action.")


class BaseMutation(graphene.Mutation):
    """Subclasses set `permission`, `error_type`, `error_code_enum` and implement `perform()`,
    returning the payload's other fields as a dict."""

    class Meta:
        abstract = True

    permission = None
    error_type = None
    error_code_enum = None
    field_map = None  # service field -> input field, where camelCase is not the name

    @classmethod
    def mutate(cls, root, info, **data):
        check_permission(info.context.user, cls.permission)
        try:
            result = cls.perform(info, **data) or {}
        except ValidationError as exc:
            return cls(errors=errors_from(exc, cls.error_type, cls.error_code_enum, cls.field_map))
        return cls(errors=[], **result)

    @classmethod
    def perform(cls, info, **data):
        raise NotImplementedError
