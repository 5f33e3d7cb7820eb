"""Saleor's transactions API over ocop.payments.services: `paymentGatewayInitialize` (public
config), `transactionInitialize` (starts the payment: for Stripe a PaymentIntent whose client
secret comes back in `data`) and `transactionProcess` (confirms it with a card token from `data`,
or asks the gateway how it stands). When the charge succeeds the services place the order (once);
`checkoutComplete` then returns it.

No mutation here runs inside one database transaction: a charge the gateway made must stay
recorded whatever happens next, and the services lock what they change."""

from __future__ import annotations

from decimal import Decimal

import graphene
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from graphql_relay import from_global_id, to_global_id

from ocop.checkout import services as checkout_services
from ocop.orders.services import order_for_checkout
from ocop.payments import services as payments
from ocop.payments.gateways.base import GatewayError
from ocop.payments.models import Payment

from ..checkout.access import checkout_for, may_reach
from ..core.errors import errors_from
from ..core.scalars import PositiveDecimal
from .types import DUMMY, JSON, STRIPE, api_gateway, available_gateways

OPEN = payments.OPEN_STATUSES
CARD_TOKEN_KEYS = ("token", "cardToken", "card_token", "paymentMethod", "paymentMethodId", "payment_method")
STRIPE_TOKEN_PREFIXES = ("tok_", "pm_", "src_", "card_")


def _codes(*names):
    return [(name, name) for name in names]


PaymentGatewayConfigErrorCode = graphene.Enum("PaymentGatewayConfigErrorCode",
                                              _codes("GRAPHQL_ERROR", "INVALID", "NOT_FOUND"))
PaymentGatewayInitializeErrorCode = graphene.Enum("PaymentGatewayInitializeErrorCode",
                                                  _codes("GRAPHQL_ERROR", "INVALID", "NOT_FOUND"))
TransactionInitializeErrorCode = graphene.Enum("TransactionInitializeErrorCode", _codes(
    "GRAPHQL_ERROR", "INVALID", "NOT_FOUND", "UNIQUE", "CHECKOUT_COMPLETION_IN_PROGRESS"))
TransactionProcessErrorCode = graphene.Enum("TransactionProcessErrorCode", _codes(
    "GRAPHQL_ERROR", "INVALID", "NOT_FOUND", "TRANSACTION_ALREADY_PROCESSED", "MISSING_PAYMENT_APP_RELATION",
    "MISSING_PAYMENT_APP", "CHECKOUT_COMPLETION_IN_PROGRESS"))


def _error_type(name, code_enum):
    return type(name, (graphene.ObjectType,), {"field": graphene.String(), "message": graphene.String(),
                                               "code": code_enum(required=True)})


PaymentGatewayConfigError = _error_type("PaymentGatewayConfigError", PaymentGatewayConfigErrorCode)
PaymentGatewayInitializeError = _error_type("PaymentGatewayInitializeError", PaymentGatewayInitializeErrorCode)
TransactionInitializeError = _error_type("TransactionInitializeError", TransactionInitializeErrorCode)
TransactionProcessError = _error_type("TransactionProcessError", TransactionProcessErrorCode)


class PaymentGatewayToInitialize(graphene.InputObjectType):
    id = graphene.String(required=True, description="`saleor.app.payment.stripe` (or, in tests and demos, "
                                                    "`mirumee.payments.dummy`).")
    data = JSON(description="transactionInitialize/transactionProcess: a card token (`token`, or Stripe's "
                            "`paymentMethod` pm_…) to pay with at once.")


class PaymentGatewayConfig(graphene.ObjectType):
    id = graphene.String(required=True)
    data = JSON()
    errors = graphene.List(graphene.NonNull(PaymentGatewayConfigError))


def error(field, message, code="INVALID"):
    return ValidationError({field: ValidationError(message, code=code.lower())})


def card_token(gateway_id: str, data) -> str | None:
    """The card token a client sent in `data`, if any (Stripe: tok_…/pm_… only)."""
    if not isinstance(data, dict):
        return None
    for key in CARD_TOKEN_KEYS:
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            value = value.strip()
            if gateway_id != STRIPE.id or value.startswith(STRIPE_TOKEN_PREFIXES):
                return value
    return None


def stripe_config() -> dict:
    config = {"publishableKey": settings.STRIPE_PUBLISHABLE_KEY, "stripePublishableKey": settings.STRIPE_PUBLISHABLE_KEY}
    try:
        config["jsUrl"] = payments.get_gateway("stripe").client_config().get("js_url")
    except Exception:  # nosec B110 - the key is enough for Stripe.js from its own URL
        pass
    return config


def last_event(payment: Payment):
    from ocop.graphql.order.transactions import payment_events

    events = payment_events(payment)
    return events[-1] if events else None


def payment_data(payment: Payment, *, with_secret: bool) -> dict:
    """What a client's payment script needs: for Stripe, the PaymentIntent (its client secret only
    to the caller that started it) and the publishable key."""
    data = {"status": payment.status}
    if payment.gateway == STRIPE.gateway_name:
        intent = {"id": payment.psp_reference, "status": payment.status}
        if with_secret:
            # The names both generations of Saleor's Stripe app answer with.
            intent["client_secret"] = intent["clientSecret"] = intent["stripeClientSecret"] = payment.client_secret
            data["clientSecret"] = payment.client_secret
        data["paymentIntent"] = intent
        data.update(stripe_config())
    if payment.error_code:
        data["error"] = {"code": payment.error_code, "message": payment.error_message}
    return data


class PaymentMutation(graphene.Mutation):
    class Meta:
        abstract = True

    error_type = None
    error_code_enum = None

    @classmethod
    def mutate(cls, root, info, **data):
        try:
            result = cls.perform(info, **data) or {}
        except ValidationError as exc:
            return cls(errors=errors_from(exc, cls.error_type, cls.error_code_enum))
        return cls(errors=[], **result)


def charge(payment: Payment, token: str | None, gateway):
    """payments.settle, its failures as this API's errors on `id`."""
    try:
        return payments.settle(payment, card_token=token, gateway=gateway)
    except payments.PaymentNotCompleted as exc:
        raise error("id", " ".join(exc.messages + [_("You have not been charged: the payment was refunded.")])) from exc
    except GatewayError as exc:
        raise error("id", payments.unavailable_message()) from exc


def _checkout(info, id):
    checkout = checkout_for(info, id)
    if checkout is None:
        raise error("id", _("Couldn't find a checkout with this ID."), "NOT_FOUND")
    return checkout


class PaymentGatewayInitialize(PaymentMutation):
    """The public configuration of the gateways a client asks for (every available one without a list)."""

    error_type = PaymentGatewayInitializeError
    error_code_enum = PaymentGatewayInitializeErrorCode

    class Arguments:
        id = graphene.ID(required=True, description="The checkout's ID.")
        amount = PositiveDecimal(description="Ignored: a checkout is paid in full.")
        payment_gateways = graphene.List(graphene.NonNull(PaymentGatewayToInitialize))

    gateway_configs = graphene.List(graphene.NonNull(PaymentGatewayConfig))
    errors = graphene.List(graphene.NonNull(PaymentGatewayInitializeError), required=True)

    @classmethod
    def perform(cls, info, id, amount=None, payment_gateways=None):
        _checkout(info, id)
        wanted = [g["id"] for g in payment_gateways] if payment_gateways else [g.id for g in available_gateways()]
        configs = []
        for gateway_id in wanted:
            gateway = api_gateway(gateway_id)
            if gateway is None:
                configs.append(PaymentGatewayConfig(id=gateway_id, data=None, errors=[PaymentGatewayConfigError(
                    field="id", code="NOT_FOUND", message=_("There is no payment gateway with this ID."))]))
            else:
                configs.append(PaymentGatewayConfig(id=gateway.id, errors=[],
                                                    data=stripe_config() if gateway is STRIPE else {}))
        return {"gateway_configs": configs}


class TransactionInitialize(PaymentMutation):
    """Start paying for a checkout (always its whole total, always charged at once). Stripe: the
    PaymentIntent is created (or reused, for the same total) and `data.paymentIntent.client_secret`
    is what Stripe.js confirms; or send a card token as `paymentGateway.data.token` to pay at once.
    The dummy gateway charges at once and reports success."""

    error_type = TransactionInitializeError
    error_code_enum = TransactionInitializeErrorCode

    class Arguments:
        id = graphene.ID(required=True, description="The checkout's ID.")
        payment_gateway = PaymentGatewayToInitialize(required=True)
        amount = PositiveDecimal(description="Must be the checkout's total when given.")
        action = graphene.Argument("ocop.graphql.order.transactions.TransactionFlowStrategyEnum",
                                   description="Accepted; we always charge at once (CHARGE).")
        idempotency_key = graphene.String(description="Accepted; the payment is keyed by checkout and total.")
        customer_ip_address = graphene.String()

    transaction = graphene.Field("ocop.graphql.order.transactions.TransactionItem")
    transaction_event = graphene.Field("ocop.graphql.order.transactions.TransactionEvent")
    data = JSON()
    errors = graphene.List(graphene.NonNull(TransactionInitializeError), required=True)

    @classmethod
    def perform(cls, info, id, payment_gateway, amount=None, **_ignored):
        checkout = _checkout(info, id)
        api = api_gateway(payment_gateway.get("id"))
        if api is None:
            raise error("paymentGateway", _("There is no payment gateway with this ID."), "NOT_FOUND")
        quote = checkout_services.check_ready_to_pay(checkout, stock=False)  # stock: start_payment
        total = quote.total
        if amount is not None and Decimal(amount) != total:
            raise error("amount", _("A checkout is paid in full: the amount must be %(total)s.") % {"total": total})
        gateway = payments.get_gateway(api.gateway_name)
        token = card_token(api.id, payment_gateway.get("data"))
        try:
            # With a card already in hand the PaymentIntent is created and confirmed in one step;
            # without, it is created now so that Stripe.js can confirm it with its client secret.
            payment = payments.start_payment(checkout=checkout, gateway=gateway,
                                             create_intent=not (api is DUMMY or token), quote=quote)
        except GatewayError as exc:
            raise error("paymentGateway", payments.unavailable_message()) from exc
        if payment.gateway != gateway.name:
            raise error("paymentGateway", _("A payment through another gateway is open for this checkout; "
                                            "finish it with transactionProcess."), "UNIQUE")
        if api is DUMMY or token:
            charge(payment, token or "dummy", gateway)
        payment.refresh_from_db()
        return {"transaction": payment, "transaction_event": last_event(payment),
                "data": payment_data(payment, with_secret=True)}


def _payment_for(info, id) -> Payment | None:
    try:
        type_name, pk = from_global_id(id)
    except Exception:
        return None
    if type_name != "TransactionItem" or not str(pk).isdigit():
        return None
    payment = Payment.objects.filter(pk=int(pk)).first()
    if payment is None:
        return None
    from ocop.checkout.models import Checkout

    owner = Checkout.objects.filter(token=payment.checkout_token).values_list("user_id", flat=True).first()
    if owner is None:
        order = payment.order or order_for_checkout(payment.checkout_token)
        owner = order.user_id if order is not None else None
    return payment if may_reach(info.context.user, owner) else None


class TransactionProcess(PaymentMutation):
    """Go on with a payment: pay with the card token in `data.token` (Stripe: tok_… or pm_…), or
    without one ask the gateway how it stands (after Stripe.js confirmed it, or after 3-D Secure).
    When the charge has succeeded the order exists; `checkoutComplete` returns it."""

    error_type = TransactionProcessError
    error_code_enum = TransactionProcessErrorCode

    class Arguments:
        id = graphene.ID(description="The TransactionItem's ID, from transactionInitialize.")
        token = graphene.UUID(deprecation_reason="Use `id` instead.")
        data = JSON()
        customer_ip_address = graphene.String()

    transaction = graphene.Field("ocop.graphql.order.transactions.TransactionItem")
    transaction_event = graphene.Field("ocop.graphql.order.transactions.TransactionEvent")
    data = JSON()
    errors = graphene.List(graphene.NonNull(TransactionProcessError), required=True)

    @classmethod
    def perform(cls, info, id=None, token=None, data=None, **_ignored):
        payment = _payment_for(info, id) if id else None
        if payment is None:
            raise error("id", _("Couldn't find a transaction with this ID."), "NOT_FOUND")
        api = STRIPE if payment.gateway == STRIPE.gateway_name else DUMMY
        if api is DUMMY and api_gateway(DUMMY.id) is None:
            raise error("id", _("This payment gateway is not available."), "MISSING_PAYMENT_APP")
        charge(payment, card_token(api.id, data), payments.get_gateway(payment.gateway))
        payment.refresh_from_db()
        return {"transaction": payment, "transaction_event": last_event(payment),
                "data": payment_data(payment, with_secret=False)}


def confirmation_data(payment: Payment) -> dict:
    return {"transactionId": to_global_id("TransactionItem", payment.pk), "status": payment.status}
