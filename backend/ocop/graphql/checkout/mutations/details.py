"""The checkout's e-mail, customer and addresses."""

from __future__ import annotations

import graphene
from django.utils.translation import gettext as _

from ocop.checkout import addresses, services

from ...account.types import AddressInput
from ...core.errors import PermissionDenied
from ...core.ids import decode_id
from ...core.mutations import AUTHENTICATED
from ..inputs import CheckoutAddressValidationRules
from .base import CheckoutPayload, _id, _token, fresh, get_checkout, set_address


class CheckoutEmailUpdate(CheckoutPayload):
    class Arguments:
        email = graphene.String(required=True)
        id = _id()
        token = _token()

    @classmethod
    def perform(cls, info, email, id=None, token=None):
        checkout = get_checkout(info, id, token)
        services.set_email(checkout=checkout, email=email)
        return {"checkout": fresh(checkout)}


class CheckoutCustomerAttach(CheckoutPayload):
    """Attach the checkout to the signed-in user (only that user can reach it afterwards)."""

    permission = AUTHENTICATED

    class Arguments:
        customer_id = graphene.ID(description="Only the signed-in user's own ID is accepted.")
        id = _id()
        token = _token()

    @classmethod
    def perform(cls, info, id=None, token=None, customer_id=None):
        user = info.context.user
        if customer_id and decode_id(customer_id, "User") != user.pk:
            raise PermissionDenied(_("You can attach a checkout only to yourself."))
        checkout = get_checkout(info, id, token)
        services.attach_customer(checkout=checkout, user=user)
        return {"checkout": fresh(checkout)}


class CheckoutCustomerDetach(CheckoutPayload):
    """Make the signed-in user's checkout anonymous again (reachable by its UUID)."""

    permission = AUTHENTICATED

    class Arguments:
        id = _id()
        token = _token()

    @classmethod
    def perform(cls, info, id=None, token=None):
        checkout = get_checkout(info, id, token)
        services.detach_customer(checkout=checkout, user=info.context.user)
        return {"checkout": fresh(checkout)}


# ---------------------------------------------------------------------------- addresses and delivery

class CheckoutShippingAddressUpdate(CheckoutPayload):
    """Where the parcels go (Vietnam only). A new province drops the delivery choices not reaching it."""

    class Arguments:
        shipping_address = graphene.Argument(AddressInput, required=True)
        validation_rules = CheckoutAddressValidationRules()
        save_address = graphene.Boolean(default_value=True,
                                        description="Accepted; addresses are not copied to the address book.")
        checkout_id = graphene.ID(deprecation_reason="Use `id` instead.")
        id = _id()
        token = _token()

    @classmethod
    def perform(cls, info, shipping_address, id=None, token=None, checkout_id=None, **_rules):
        checkout = get_checkout(info, id or checkout_id, token)
        set_address(checkout, addresses.SHIPPING, shipping_address)
        return {"checkout": fresh(checkout)}


class CheckoutBillingAddressUpdate(CheckoutPayload):
    class Arguments:
        billing_address = graphene.Argument(AddressInput, required=True)
        validation_rules = CheckoutAddressValidationRules()
        save_address = graphene.Boolean(default_value=True,
                                        description="Accepted; addresses are not copied to the address book.")
        checkout_id = graphene.ID(deprecation_reason="Use `id` instead.")
        id = _id()
        token = _token()

    @classmethod
    def perform(cls, info, billing_address, id=None, token=None, checkout_id=None, **_rules):
        checkout = get_checkout(info, id or checkout_id, token)
        set_address(checkout, addresses.BILLING, billing_address)
        return {"checkout": fresh(checkout)}
