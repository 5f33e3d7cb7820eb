"""Stripe (or localstripe offline) through the `stripe` package's StripeClient.

VND is zero-decimal at Stripe: 150.000 ₫ is amount=150000. Card data never reaches us: the
browser turns the Card Element into a token and we confirm the PaymentIntent with the card it holds.
"""

from __future__ import annotations

import logging

import stripe
from django.conf import settings

from ocop.payments.config import stripe_api_base, stripe_js_url

from .base import GatewayPayment, GatewayRefund, GatewayUnavailable, GatewayError, PaymentDeclined, PaymentGateway

logger = logging.getLogger(__name__)

# docs.stripe.com/currencies: amounts in these currencies are sent as whole units.
ZERO_DECIMAL_CURRENCIES = {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd",
                           "vuv", "xaf", "xof", "xpf"}


def to_stripe_amount(amount: int, currency: str) -> int:
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise TypeError("amounts are integers")
    return amount if currency.lower() in ZERO_DECIMAL_CURRENCIES else amount * 100


def from_stripe_amount(amount: int, currency: str) -> int:
    return int(amount) if currency.lower() in ZERO_DECIMAL_CURRENCIES else int(amount) // 100


class StripeGateway(PaymentGateway):
    name = "stripe"

    def __init__(self, api_key: str | None = None, api_base: str | None = None):
        self.api_key = api_key or settings.STRIPE_SECRET_KEY
        self.api_base = api_base
        self._stripe_client = None

    def _client(self) -> stripe.StripeClient:
        # One client per gateway object (one per request or task): its HTTP session keeps the
        # connection to Stripe open across the create/confirm/retrieve calls of a payment.
        if self._stripe_client is None:
            try:
                base = self.api_base or stripe_api_base()
            except Exception as exc:  # localstripe could not start
                raise GatewayUnavailable(str(exc)) from exc
            # One retry of a call whose answer was lost (a dropped connection): every call we make
            # carries an idempotency key (stripe-python adds one to a POST that has none), so
            # Stripe answers the retry with the first call's result instead of doing it twice.
            # 10 s to connect, 30 s to answer (the library's 80 s would hold the shopper's page).
            self._stripe_client = stripe.StripeClient(
                self.api_key, base_addresses={"api": base}, max_network_retries=1,
                http_client=stripe.RequestsClient(timeout=(10, 30)))
        return self._stripe_client

    def _call(self, func, *args, invalid_is_decline: bool = False, **kwargs):
        try:
            return func(*args, **kwargs)
        except stripe.InvalidRequestError as exc:
            if invalid_is_decline:  # e.g. a card token Stripe does not know, or one already used
                raise PaymentDeclined("invalid_card_token", str(exc)) from exc
            logger.warning("Stripe error: %s", exc)
            raise GatewayError(str(exc)) from exc
        except stripe.CardError as exc:
            error = exc.error
            code = (getattr(error, "decline_code", None) or getattr(error, "code", None) or "card_declined")
            intent = getattr(error, "payment_intent", None)
            reference = (intent.get("id") if isinstance(intent, dict) else getattr(intent, "id", None)) or ""
            raise PaymentDeclined(code, getattr(error, "message", "") or str(exc), reference) from exc
        except stripe.APIConnectionError as exc:
            logger.warning("Stripe unreachable: %s", exc)
            raise GatewayUnavailable(str(exc)) from exc
        except stripe.StripeError as exc:
            logger.warning("Stripe error: %s", exc)
            if getattr(exc, "http_status", None) == 402:
                raise PaymentDeclined("card_declined", str(exc)) from exc
            raise GatewayError(str(exc)) from exc

    @staticmethod
    def _payment(intent) -> GatewayPayment:
        intent = intent.to_dict() if hasattr(intent, "to_dict") else dict(intent)
        currency = intent.get("currency") or "vnd"
        error = intent.get("last_payment_error") or {}
        status = intent.get("status")
        if status == "requires_payment_method" and error:
            status = "failed"
        return GatewayPayment(
            psp_reference=intent["id"], status=status, amount=from_stripe_amount(intent["amount"], currency),
            currency=currency.upper(), client_secret=intent.get("client_secret") or "",
            error_code=(error.get("decline_code") or error.get("code") or "") if error else "",
            error_message=error.get("message", "") if error else "", raw=intent,
        )

    def create_payment(self, *, amount, currency, idempotency_key, metadata):
        client = self._client()
        intent = self._call(client.v1.payment_intents.create, params={
            "amount": to_stripe_amount(amount, currency), "currency": currency.lower(), "metadata": metadata,
            "payment_method_types": ["card"],
        }, options={"idempotency_key": idempotency_key})
        return self._payment(intent)

    def _card(self, card_token: str, metadata: dict) -> dict:
        """PaymentIntent parameters that pay with the browser's token. A card token (tok_…, what the
        Card Element's createToken gives, and what localstripe emulates) is saved on a customer
        first: that runs the card check, so a card the bank refuses is declined here, before any
        PaymentIntent is touched; the card it becomes (card_…) is a payment method for Stripe.
        A PaymentMethod (pm_…) is used as it is."""
        if not card_token.startswith("tok_"):
            return {"payment_method": card_token}
        customer = self._call(self._client().v1.customers.create, params={"source": card_token, "metadata": metadata},
                              invalid_is_decline=True).to_dict()
        return {"customer": customer["id"], "payment_method": customer["default_source"]}

    def _paid(self, intent) -> GatewayPayment:
        payment = self._payment(intent)
        if payment.status == "failed":
            raise PaymentDeclined(payment.error_code or "card_declined", payment.error_message, payment.psp_reference)
        return payment

    def charge(self, *, amount, currency, idempotency_key, metadata, card_token):
        # Two calls to Stripe (customer, then the PaymentIntent created and confirmed at once)
        # instead of four (create, customer, update, confirm).
        params = {"amount": to_stripe_amount(amount, currency), "currency": currency.lower(), "metadata": metadata,
                  "payment_method_types": ["card"], "confirm": True, **self._card(card_token, metadata)}
        return self._paid(self._call(self._client().v1.payment_intents.create, params=params,
                                     options={"idempotency_key": idempotency_key}))

    def confirm_payment(self, *, psp_reference, card_token):
        client = self._client()
        params = self._card(card_token, {"payment_intent": psp_reference})
        self._call(client.v1.payment_intents.update, psp_reference, params=params)
        return self._paid(self._call(client.v1.payment_intents.confirm, psp_reference))

    def retrieve_payment(self, psp_reference):
        return self._payment(self._call(self._client().v1.payment_intents.retrieve, psp_reference))

    def refund(self, *, psp_reference, amount, currency, idempotency_key):
        refund = self._call(self._client().v1.refunds.create, params={
            "payment_intent": psp_reference, "amount": to_stripe_amount(amount, currency),
        }, options={"idempotency_key": idempotency_key})
        refund = refund.to_dict()
        return GatewayRefund(psp_reference=refund["id"], amount=from_stripe_amount(refund["amount"], currency),
                             status=refund.get("status") or "succeeded")

    def list_refunds(self, psp_reference):
        found, params = [], {"payment_intent": psp_reference, "limit": 100}
        while True:
            page = self._call(self._client().v1.refunds.list, params=params).to_dict()
            for refund in page.get("data") or []:
                currency = refund.get("currency") or "vnd"
                if refund.get("status") in ("failed", "canceled"):
                    continue
                found.append(GatewayRefund(psp_reference=refund["id"],
                                           amount=from_stripe_amount(refund["amount"], currency),
                                           status=refund.get("status") or "succeeded"))
            if not page.get("has_more") or not page.get("data"):
                return found
            params = {**params, "starting_after": page["data"][-1]["id"]}

    def client_config(self) -> dict:
        return {"publishable_key": settings.STRIPE_PUBLISHABLE_KEY, "js_url": stripe_js_url()}

    def register_webhook(self, url: str) -> None:
        """localstripe only: tell it where to send events, signed with our webhook secret."""
        if not settings.USING_LOCALSTRIPE:
            return
        import hashlib

        import requests

        base = stripe_api_base()
        if (base, url) in _registered_webhooks:
            return
        hook_id = "ocop-" + hashlib.sha256(url.encode()).hexdigest()[:16]
        try:
            response = requests.post(f"{base}/_config/webhooks/{hook_id}",
                                     data={"url": url, "secret": settings.STRIPE_WEBHOOK_SECRET}, timeout=5)
            response.raise_for_status()
        except requests.RequestException as exc:
            logger.warning("Could not register the webhook with localstripe: %s", exc)
        else:
            _registered_webhooks.add((base, url))


_registered_webhooks: set[tuple[str, str]] = set()  # per process; a restarted localstripe has a new port
