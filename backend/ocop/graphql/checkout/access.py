"""Who may reach a checkout: whoever holds its UUID, unless it is attached to a user, in which
case only that user (anyone else is told it does not exist, as in Saleor)."""

from __future__ import annotations

import uuid

from graphql_relay import from_global_id

from ocop.checkout.models import Checkout


def token_from_id(value) -> uuid.UUID | None:
    """A Checkout global ID (`Checkout:<uuid>`) or a bare UUID, else None."""
    if not value:
        return None
    raw = str(value)
    try:
        type_name, pk = from_global_id(raw)
        if type_name == "Checkout":
            raw = pk
    except Exception:  # nosec B110 - not a global ID: maybe a bare token
        pass
    try:
        return uuid.UUID(str(raw))
    except (ValueError, TypeError):
        return None


def may_reach(user, owner_id) -> bool:
    return owner_id is None or (user.is_authenticated and user.pk == owner_id)


def checkout_for(info, value) -> Checkout | None:
    token = token_from_id(value)
    if token is None:
        return None
    checkout = Checkout.objects.filter(token=token).first()
    if checkout is None or not may_reach(info.context.user, checkout.user_id):
        return None
    return checkout
