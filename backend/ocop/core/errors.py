"""One way to turn a service's ValidationError into what each face shows: GraphQL's
`errors {field message code}` list and a Django form's field errors."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def error_list(exc: ValidationError, default_code: str = "invalid") -> list[dict]:
    """[{"field": "phone", "message": "...", "code": "INVALID"}] — field None for non-field errors."""
    items = []
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                items.append({
                    "field": None if field == NON_FIELD_ERRORS else field,
                    "message": _message(error),
                    "code": (error.code or default_code).upper(),
                })
    else:
        for error in exc.error_list:
            items.append({"field": None, "message": _message(error), "code": (error.code or default_code).upper()})
    return items


def _message(error: ValidationError) -> str:
    message = error.message
    if error.params:
        message = message % error.params
    return str(message)


def add_to_form(form, exc: ValidationError, field_map: dict | None = None) -> None:
    """Show a service's errors beside the form's fields (unknown fields go to the top)."""
    field_map = field_map or {}
    for item in error_list(exc):
        field = field_map.get(item["field"], item["field"])
        form.add_error(field if field in form.fields else None, item["message"])
