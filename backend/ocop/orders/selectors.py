"""Reads of orders shaped for the storefront and the seller portal."""

from django.db.models import Prefetch

from ocop.producers.selectors import producers_for_member

from .models import Fulfillment, Order, OrderLine


def _with_parcels(queryset):
    return queryset.prefetch_related(
        Prefetch("fulfillments", queryset=Fulfillment.objects.select_related("producer").prefetch_related(
            Prefetch("lines", queryset=OrderLine.objects.order_by("id")))))


def order_by_token(token):
    return _with_parcels(Order.objects.filter(token=token)).first()


def orders_for_user(user):
    return _with_parcels(Order.objects.filter(user=user).order_by("-number"))


def fulfillments_for_producer(producer, *, status: str = ""):
    queryset = (Fulfillment.objects.filter(producer=producer).select_related("order")
                .prefetch_related("lines").order_by("-order__number"))
    return queryset.filter(status=status) if status else queryset


def fulfillment_for_member(user, fulfillment_id):
    """A parcel of a producer the user belongs to, else None."""
    return (Fulfillment.objects.filter(pk=fulfillment_id, producer__in=producers_for_member(user))
            .select_related("order", "producer").prefetch_related("lines").first())
