"""What every checkout mutation shares: finding the checkout (its UUID is the capability; one
attached to a user answers only that user), turning the services' errors into `CheckoutError`s
(with the variants, lines or address type they are about) and running in one transaction, so a
failing line or address changes nothing."""

from __future__ import annotations

import graphene
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.checkout import addresses
from ocop.checkout.errors import CheckoutErrorCode as Codes
from ocop.checkout.models import Checkout as CheckoutModel

from ...account.types import AddressTypeEnum, address_data
from ...core.errors import errors_from
from ...core.mutations import check_permission
from ..access import checkout_for
from ..inputs import CheckoutError, CheckoutErrorCode
from ..types import Checkout

FIELD_MAP = {"variant": "variantId", "line_id": "lineId", "delivery_method_id": "deliveryMethodId",
             "promo_code": "promoCode", "customer_id": "customerId"}
ADDRESS_FIELD_MAP = {"street_address_1": "streetAddress1", "street_address_2": "streetAddress2", "commune": "city",
                     "district": "cityArea", "province": "countryArea"}


def error(field, message, code: Codes, **params):
    return ValidationError({field: ValidationError(message, code=code.value, params=params or None)})


def not_found(field="id"):
    return error(field, _("Couldn't find a checkout with this ID."), Codes.NOT_FOUND)


class MutationErrors(Exception):
    """Errors built already (with the variants, lines or address type they are about)."""

    def __init__(self, errors):
        super().__init__("; ".join(e.message or "" for e in errors))
        self.errors = errors


def checkout_errors(exc: ValidationError, *, variants=None, address_type=None, field_map=None):
    found = errors_from(exc, CheckoutError, CheckoutErrorCode, field_map or FIELD_MAP)
    for item in found:
        item.variants = variants
        item.address_type = address_type
    return found


def get_checkout(info, id=None, token=None) -> CheckoutModel:
    checkout = checkout_for(info, id or token)
    if checkout is None:
        raise not_found("id" if id or not token else "token")
    return checkout


def fresh(checkout: CheckoutModel) -> CheckoutModel:
    return CheckoutModel.objects.select_related("user").get(pk=checkout.pk)


class CheckoutMutation(graphene.Mutation):
    class Meta:
        abstract = True

    permission = None
    error_type = CheckoutError
    error_code_enum = CheckoutErrorCode
    field_map = FIELD_MAP

    @classmethod
    def mutate(cls, root, info, **data):
        check_permission(info.context.user, cls.permission)
        try:
            with transaction.atomic():
                result = cls.perform(info, **data) or {}
        except ValidationError as exc:
            return cls(errors=errors_from(exc, cls.error_type, cls.error_code_enum, cls.field_map))
        except MutationErrors as exc:
            return cls(errors=exc.errors)
        return cls(errors=[], **result)

    @classmethod
    def perform(cls, info, **data):
        raise NotImplementedError


def _errors():
    return graphene.List(graphene.NonNull(CheckoutError), required=True)


def _id():
    return graphene.ID(description="The checkout's ID (or its UUID).")


def _token():
    return graphene.UUID(deprecation_reason="Use `id` instead.")


class CheckoutPayload(CheckoutMutation):
    class Meta:
        abstract = True

    checkout = graphene.Field(Checkout)
    errors = _errors()


def set_address(checkout, kind: str, address_input) -> None:
    try:
        addresses.set_address(checkout=checkout, kind=kind, data=address_data(address_input))
    except ValidationError as exc:
        address_type = AddressTypeEnum.SHIPPING if kind == addresses.SHIPPING else AddressTypeEnum.BILLING
        raise MutationErrors(checkout_errors(exc, address_type=address_type,
                                             field_map={**FIELD_MAP, **ADDRESS_FIELD_MAP})) from exc
