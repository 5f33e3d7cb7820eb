"""Removing a producer's delivery option. (Creating and changing one is `services.save_shipping_rate`.)

A deleted option is gone for good: placed orders keep its name and price in their parcels, and a
checkout that had chosen it loses that choice (its CheckoutDelivery goes with it), so the shopper
is asked again on the delivery step. To stop offering an option for a while, untick "offered"."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .errors import CheckoutErrorCode
from .models import ShippingRate


def _not_found(field: str) -> ValidationError:
    return ValidationError({field: ValidationError(_("This delivery option was not found."),
                                                   code=CheckoutErrorCode.NOT_FOUND.value)})


@transaction.atomic
def delete_shipping_rate(*, user, producer, rate_id) -> ShippingRate:
    """Delete one of `producer`'s options; `user` must be one of its members (or staff). Another
    producer's option, or one already deleted, is NOT_FOUND."""
    from ocop.producers.selectors import producers_for_member

    if not (user.is_staff or producers_for_member(user).filter(pk=producer.pk).exists()):
        raise _not_found("producer")
    rate = ShippingRate.objects.select_for_update().filter(pk=rate_id, producer=producer).first()
    if rate is None:
        raise _not_found("rate")
    deleted_pk = rate.pk
    rate.delete()
    rate.pk = deleted_pk
    return rate
