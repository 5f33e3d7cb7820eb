"""What checkout needs from a payment provider. Stripe is the first; VNPay, MoMo or VietQR fit
beside it by implementing the same methods (each converts amounts its own way)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field


class GatewayError(Exception):
    """The provider could not be reached or answered with an error that is not the card's fault."""


class GatewayUnavailable(GatewayError):
    pass


class PaymentDeclined(Exception):
    def __init__(self, code: str, message: str = "", psp_reference: str = ""):
        super().__init__(message or code)
        self.code = code
        self.message = message
        self.psp_reference = psp_reference  # the refused payment at the provider, when it made one


@dataclass
class GatewayPayment:
    psp_reference: str
    status: str  # requires_payment_method, requires_confirmation, requires_action, succeeded, failed, processing
    amount: int
    currency: str
    client_secret: str = ""
    error_code: str = ""
    error_message: str = ""
    raw: dict = field(default_factory=dict, repr=False)


@dataclass
class GatewayRefund:
    psp_reference: str
    amount: int
    status: str


class PaymentGateway(ABC):
    name: str = ""

    @abstractmethod
    def create_payment(self, *, amount: int, currency: str, idempotency_key: str, metadata: dict) -> GatewayPayment:
        """Start a payment of `amount` in the currency's ordinary units (VND: đồng)."""

    @abstractmethod
    def confirm_payment(self, *, psp_reference: str, card_token: str) -> GatewayPayment:
        """Pay with the token the browser got from the provider's script; raises PaymentDeclined."""

    @abstractmethod
    def charge(self, *, amount: int, currency: str, idempotency_key: str, metadata: dict,
               card_token: str) -> GatewayPayment:
        """Create the payment and pay it with the browser's card token in one step (what a
        checkout does when nothing was created before the card was entered): one round of calls
        instead of create + confirm. Answers succeeded, requires_action (3-D Secure: the client
        secret lets the browser run the bank's step) or processing; raises PaymentDeclined."""

    @abstractmethod
    def retrieve_payment(self, psp_reference: str) -> GatewayPayment:
        ...

    @abstractmethod
    def refund(self, *, psp_reference: str, amount: int, currency: str, idempotency_key: str) -> GatewayRefund:
        ...

    def list_refunds(self, psp_reference: str) -> list[GatewayRefund] | None:
        """Every refund of this payment at the provider (made by us or elsewhere), or None when the
        provider cannot list them (the webhook's own figures are used then)."""
        return None

    def client_config(self) -> dict:
        """What the payment page's script needs (publishable key, script URL)."""
        return {}
