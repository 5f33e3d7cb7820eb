"""Saleor's checkoutComplete: the checkout's order, created exactly once.

Our payment services place the order the moment a charge succeeds (whether the client, the bank's
return or Stripe's webhook reports it first), through orders.services.complete_checkout, which
deletes the checkout. So completing returns that order; if a payment is still open the gateway
is asked how it stands first (a client that confirmed with Stripe.js and skipped
transactionProcess), and an unpaid checkout answers CHECKOUT_NOT_FULLY_PAID. Completing again,
after the checkout became an order, returns the same order."""

from __future__ import annotations

import graphene
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ocop.checkout import services as checkout_services
from ocop.checkout.errors import CheckoutErrorCode as Codes
from ocop.checkout.models import Checkout as CheckoutModel
from ocop.orders.services import order_for_checkout
from ocop.payments import services as payments
from ocop.payments.gateways.base import GatewayError

from ...core.errors import errors_from
from ...payment.mutations import confirmation_data
from ..access import may_reach, token_from_id
from ..inputs import CheckoutError, CheckoutErrorCode
from .base import FIELD_MAP, error, not_found


def complete(info, token):
    """(order, payment waiting for the bank or None)."""
    user = info.context.user
    checkout = CheckoutModel.objects.filter(token=token).select_related("user").first()
    if checkout is None:
        order = order_for_checkout(token)
        if order is not None and may_reach(user, order.user_id):
            return order, None
        raise not_found()
    if not may_reach(user, checkout.user_id):
        raise not_found()
    # Stock is not checked here: a payment that went through places its order (stock checked under
    # the rows' locks) or is refunded; one that did not answers CHECKOUT_NOT_FULLY_PAID.
    checkout_services.check_ready_to_pay(checkout, stock=False)
    try:
        order, waiting = payments.settle_checkout(token)
    except payments.PaymentNotCompleted as exc:
        raise error("id", " ".join(exc.messages + [_("You have not been charged: the payment was refunded.")]),
                    Codes.PAYMENT_ERROR) from exc
    except GatewayError as exc:
        raise error("id", payments.unavailable_message(), Codes.PAYMENT_ERROR) from exc
    if order is not None:
        return order, None
    if waiting is not None:
        return None, waiting
    raise error("id", _("The checkout is not paid yet: pay with transactionInitialize and transactionProcess."),
                Codes.CHECKOUT_NOT_FULLY_PAID)


class CheckoutComplete(graphene.Mutation):
    """The order of a paid checkout (once: completing again returns the same order). While the bank
    still wants 3-D Secure, `confirmationNeeded` is true and `confirmationData` names the transaction."""

    class Arguments:
        id = graphene.ID(description="The checkout's ID (or its UUID).")
        token = graphene.UUID(deprecation_reason="Use `id` instead.")
        checkout_id = graphene.ID(deprecation_reason="Use `id` instead.")
        payment_data = graphene.JSONString(description="Not used: pay through the transactions API.")
        redirect_url = graphene.String(description="Not used.")
        store_source = graphene.Boolean(default_value=False, description="Not used: we keep no cards.")
        metadata = graphene.List(graphene.NonNull("ocop.graphql.account.types.MetadataInput"),
                                 description="Accepted and not stored.")

    order = graphene.Field("ocop.graphql.order.types.Order")
    confirmation_needed = graphene.Boolean(required=True)
    confirmation_data = graphene.JSONString()
    errors = graphene.List(graphene.NonNull(CheckoutError), required=True)

    @classmethod
    def mutate(cls, root, info, id=None, token=None, checkout_id=None, **_ignored):
        checkout_token = token_from_id(id or checkout_id or token)
        try:
            if checkout_token is None:
                raise not_found()
            order, waiting = complete(info, checkout_token)
        except ValidationError as exc:
            return cls(errors=errors_from(exc, CheckoutError, CheckoutErrorCode, FIELD_MAP), confirmation_needed=False)
        if waiting is not None:
            return cls(order=None, confirmation_needed=True, confirmation_data=confirmation_data(waiting), errors=[])
        from ...order.resolvers import completed_order

        return cls(order=completed_order(info, order), confirmation_needed=False, confirmation_data=None, errors=[])
