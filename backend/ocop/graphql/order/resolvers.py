"""Reads behind the order queries: one order by its UUID for whoever may read it, a user's orders."""

from __future__ import annotations

import uuid

from django.db.models import Prefetch

from ocop.orders.models import Fulfillment, Order

from ..core.errors import PermissionDenied
from .access import approved_producers_of, grant_for_request, may_read
from .loading import order_lines_queryset, orders_queryset, parcels_with_producers, register_line_products


def _uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def order_for_request(info, token):
    """The order with this UUID if the requester may read it (see access.py), else None."""
    token = _uuid(token)
    if token is None:
        return None
    order = orders_queryset(Order.objects.filter(token=token)).first()
    if order is None or not may_read(info.context.user, order):
        return None
    register_line_products(info, [order])
    return order


def completed_order(info, order):
    """The order a checkout just became, for checkoutComplete's payload: loaded with everything the
    order types read, and readable in full by this request whoever placed it."""
    order = orders_queryset(Order.objects.filter(pk=order.pk)).first()
    if order is not None:
        grant_for_request(info, order)
        register_line_products(info, [order])
    return order


def requesting_user(info, user):
    """Who asks for `user`'s data: the signed-in requester, or `user` itself when this is the answer
    of a mutation whose caller proved to be them without a token (tokenCreate, refreshToken,
    setPassword with the e-mailed reset token)."""
    requester = info.context.user
    if requester.is_authenticated:
        return requester
    path = info.path
    while path is not None:
        if path.typename in TOKEN_PAYLOADS:
            return user
        path = path.prev
    return requester


TOKEN_PAYLOADS = {"CreateToken", "RefreshToken", "SetPassword"}


def orders_of_user_for_request(info, user):
    """A user's orders, for that user or staff only; each readable in full by this request."""
    requester = requesting_user(info, user)
    if not requester.is_authenticated or not (requester.is_staff or requester.pk == user.pk):
        raise PermissionDenied()
    return orders_for_user(user)


def orders_for_user(user):
    return orders_queryset(Order.objects.filter(user=user).order_by("-number"))


def parcels_queryset(queryset=None):
    """Parcels with their order, lines and producer prefetched for the order types."""
    queryset = Fulfillment.objects.all() if queryset is None else queryset
    return parcels_with_producers(queryset).prefetch_related(
        Prefetch("lines", queryset=order_lines_queryset()), Prefetch("order", queryset=orders_queryset()))


def parcels_for_member(user):
    return parcels_queryset(Fulfillment.objects.filter(producer__in=approved_producers_of(user)))
