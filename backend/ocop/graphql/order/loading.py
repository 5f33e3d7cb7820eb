"""Loading orders for the order types: the prefetches that let a page of orders, or of a
producer's parcels, cost a fixed number of queries, and the per-request registrations for the
catalogue's loaders and the Producer type's access checks."""

from __future__ import annotations

from django.db.models import Prefetch

from ocop.orders import models
from ocop.payments.models import Payment

from ..catalog import dataloaders as loaders


def orders_queryset(queryset=None):
    """Orders with everything the order types read, in a fixed number of queries for any page size."""
    queryset = models.Order.objects.all() if queryset is None else queryset
    return queryset.select_related("user").prefetch_related(
        Prefetch("lines", queryset=order_lines_queryset()),
        Prefetch("fulfillments", queryset=parcels_with_producers(models.Fulfillment.objects.all())
                 .prefetch_related(Prefetch("lines", queryset=order_lines_queryset())).order_by("id")),
        Prefetch("payments", queryset=Payment.objects.order_by("created_at", "id").prefetch_related("refunds")),
        Prefetch("events", queryset=models.OrderEvent.objects.order_by("created_at", "id")),
    )


def order_lines_queryset():
    return models.OrderLine.objects.select_related("variant__product__category").order_by("id")


def parcels_with_producers(queryset):
    """Parcels with what their Producer type reads: area and its parents, certificates."""
    return queryset.select_related("producer__area__parent__parent").prefetch_related("producer__certificates")


def register_line_products(info, orders) -> None:
    """Let the catalogue's loaders fetch every line's photos in one go (OrderLine.thumbnail), and
    decide in two queries which of the parcels' producers the requester may see privately."""
    products = [line.variant.product for order in orders for line in order.lines.all()
                if line.variant_id and line.variant is not None]
    loaders.register_products(info, products)
    _decide_producer_access(info, {parcel.producer_id for order in orders for parcel in order.fulfillments.all()})


def _decide_producer_access(info, producer_ids) -> None:
    """Fill the Producer type's per-request access cache (producers/types.py, `_can_see_private`:
    members and officers of the area) for a page's producers at once, which it would otherwise
    decide with two queries per producer."""
    from ocop.producers import selectors

    user = info.context.user
    cache = info.context.__dict__.setdefault("_producer_access", {})
    wanted = set(producer_ids) - set(cache)
    if not user.is_authenticated or not wanted:
        return
    member = set(selectors.producers_for_member(user).filter(pk__in=wanted).values_list("pk", flat=True))
    officer = set(selectors.producers_for_officer(user).filter(pk__in=wanted - member).values_list("pk", flat=True))
    cache.update({pk: pk in member or pk in officer for pk in wanted})
