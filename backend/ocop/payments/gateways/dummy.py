"""A gateway that takes no money and says the charge succeeded, for tests and demos only
(`settings.OCOP_DUMMY_GATEWAY`, on under pytest and `dev.py run`, off in production).

Like Saleor's dummy gateway, the token decides the outcome: "declined" is refused (card_declined),
anything else is charged at once. Nothing is stored here: the Payment row is the state."""

from __future__ import annotations

import uuid

from .base import GatewayPayment, GatewayRefund, PaymentDeclined, PaymentGateway

DECLINED_TOKEN = "declined"


class DummyGateway(PaymentGateway):
    name = "dummy"

    def create_payment(self, *, amount, currency, idempotency_key, metadata):
        reference = "dummy_" + uuid.uuid5(uuid.NAMESPACE_URL, idempotency_key).hex
        return GatewayPayment(psp_reference=reference, status="requires_confirmation", amount=amount,
                              currency=currency, client_secret="")

    def confirm_payment(self, *, psp_reference, card_token):
        if card_token == DECLINED_TOKEN:
            raise PaymentDeclined("card_declined", "The dummy gateway declines this token.")
        return GatewayPayment(psp_reference=psp_reference, status="succeeded", amount=0, currency="VND")

    def charge(self, *, amount, currency, idempotency_key, metadata, card_token):
        created = self.create_payment(amount=amount, currency=currency, idempotency_key=idempotency_key,
                                      metadata=metadata)
        if card_token == DECLINED_TOKEN:
            raise PaymentDeclined("card_declined", "The dummy gateway declines this token.", created.psp_reference)
        return GatewayPayment(psp_reference=created.psp_reference, status="succeeded", amount=amount,
                              currency=currency)

    def retrieve_payment(self, psp_reference):
        # Stateless: the caller's Payment row knows whether it was confirmed.
        return GatewayPayment(psp_reference=psp_reference, status="requires_confirmation", amount=0, currency="VND")

    def refund(self, *, psp_reference, amount, currency, idempotency_key):
        return GatewayRefund(psp_reference="dummy_re_" + uuid.uuid5(uuid.NAMESPACE_URL, idempotency_key).hex,
                             amount=amount, status="succeeded")

    def client_config(self) -> dict:
        return {}
