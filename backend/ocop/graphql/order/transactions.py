"""Saleor's transactions over our payments: one `TransactionItem` per `payments.Payment` row, its
events derived from what the row records (requested, needed the bank, charged or failed, refunded).

We only ever charge (no separate authorisation), so the flow strategy is always CHARGE."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import graphene
from django.utils.translation import gettext_lazy as _
from graphql_relay import to_global_id

from ocop.payments.models import Payment, PaymentStatus

from ..core.metadata import ObjectWithMetadata
from ..core.money import Money, money

CHARGED_STATUSES = (PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED)


class TransactionEventTypeEnum(graphene.Enum):
    AUTHORIZATION_SUCCESS = "authorization_success"
    AUTHORIZATION_FAILURE = "authorization_failure"
    AUTHORIZATION_ADJUSTMENT = "authorization_adjustment"
    AUTHORIZATION_REQUEST = "authorization_request"
    AUTHORIZATION_ACTION_REQUIRED = "authorization_action_required"
    CHARGE_ACTION_REQUIRED = "charge_action_required"
    CHARGE_SUCCESS = "charge_success"
    CHARGE_FAILURE = "charge_failure"
    CHARGE_BACK = "charge_back"
    CHARGE_REQUEST = "charge_request"
    REFUND_SUCCESS = "refund_success"
    REFUND_FAILURE = "refund_failure"
    REFUND_REVERSE = "refund_reverse"
    REFUND_REQUEST = "refund_request"
    CANCEL_SUCCESS = "cancel_success"
    CANCEL_FAILURE = "cancel_failure"
    CANCEL_REQUEST = "cancel_request"
    INFO = "info"


class TransactionActionEnum(graphene.Enum):
    CHARGE = "charge"
    REFUND = "refund"
    CANCEL = "cancel"


class TransactionFlowStrategyEnum(graphene.Enum):
    AUTHORIZATION = "authorization"
    CHARGE = "charge"


@dataclass(frozen=True)
class PaymentEvent:
    """One event of a payment, derived from its row or one of its refunds."""

    payment: Payment
    index: int
    type: str
    amount: int
    created_at: datetime
    message: str = ""
    psp_reference: str = ""


def charged_at(payment: Payment) -> datetime:
    """When the charge went through: the order's "payment received" event (the payment row's
    `updated_at` moves with every refund). Before the payment joins an order (a checkout's
    transactions) nothing but the payment itself has changed it yet, so `updated_at` holds."""
    from ocop.orders.models import OrderEvent, OrderEvents

    if payment.order_id is None:
        return payment.updated_at if not payment.refunded_amount else payment.created_at
    if Payment.order.is_cached(payment):
        events = payment.order.events.all()  # prefetched by orders_queryset()
        captured = next((e for e in events if e.type == OrderEvents.PAYMENT_CAPTURED), None)
    else:
        captured = OrderEvent.objects.filter(order_id=payment.order_id, type=OrderEvents.PAYMENT_CAPTURED) \
            .order_by("created_at", "id").first()
    if captured is not None:
        return captured.created_at
    return payment.updated_at if not payment.refunded_amount else payment.created_at


def payment_events(payment: Payment) -> list[PaymentEvent]:
    """What the rows prove happened, in order: the charge was asked for; then the bank wanted 3-D
    Secure, or the charge succeeded or failed; then each refund made at the provider (with its id
    there). Refunded money the refund rows do not account for is one more refund event."""
    events = [(TransactionEventTypeEnum.CHARGE_REQUEST.value, payment.amount, payment.created_at, "", "")]
    status = payment.status
    if status == PaymentStatus.REQUIRES_ACTION:
        events.append((TransactionEventTypeEnum.CHARGE_ACTION_REQUIRED.value, payment.amount, payment.updated_at,
                       str(_("Waiting for your bank to confirm the payment.")), ""))
    elif status == PaymentStatus.FAILED:
        events.append((TransactionEventTypeEnum.CHARGE_FAILURE.value, payment.amount, payment.updated_at,
                       payment.error_message or payment.error_code, ""))
    elif status in CHARGED_STATUSES:
        events.append((TransactionEventTypeEnum.CHARGE_SUCCESS.value, payment.captured_amount, charged_at(payment),
                       "", ""))
    recorded = 0
    for refund in payment.refunds.all():  # prefetched by the order queries
        recorded += refund.amount
        events.append((TransactionEventTypeEnum.REFUND_SUCCESS.value, refund.amount, refund.created_at,
                       refund.reason, refund.psp_reference))
    if payment.refunded_amount > recorded:
        events.append((TransactionEventTypeEnum.REFUND_SUCCESS.value, payment.refunded_amount - recorded,
                       payment.updated_at, "", ""))
    return [PaymentEvent(payment=payment, index=i, type=t, amount=a, created_at=at, message=m,
                         psp_reference=ref or payment.psp_reference or "")
            for i, (t, a, at, m, ref) in enumerate(events)]


class TransactionEvent(graphene.ObjectType):
    id = graphene.ID(required=True)
    created_at = graphene.DateTime(required=True)
    psp_reference = graphene.String(required=True)
    message = graphene.String(required=True)
    external_url = graphene.String(required=True)
    amount = graphene.Field(Money, required=True)
    type = graphene.Field(TransactionEventTypeEnum)
    created_by = graphene.String(description="Who created the event: always null (the payment gateway).")
    idempotency_key = graphene.String()

    @staticmethod
    def resolve_id(root: PaymentEvent, info):
        return to_global_id("TransactionEvent", f"{root.payment.pk}.{root.index}")

    @staticmethod
    def resolve_external_url(root, info):
        return ""

    @staticmethod
    def resolve_amount(root: PaymentEvent, info):
        return money(root.amount)

    @staticmethod
    def resolve_type(root: PaymentEvent, info):
        return root.type

    @staticmethod
    def resolve_created_by(root, info):
        return None

    @staticmethod
    def resolve_idempotency_key(root: PaymentEvent, info):
        return root.payment.idempotency_key if root.index == 0 else None


def _net_charged(payment: Payment) -> int:
    return max(payment.captured_amount - payment.refunded_amount, 0)


class TransactionItem(graphene.ObjectType):
    """A payment through one gateway (Stripe, or the dummy gateway in tests and demos)."""

    id = graphene.ID(required=True)
    token = graphene.UUID(description="Not kept: always null; use `id`.")
    created_at = graphene.DateTime(required=True)
    modified_at = graphene.DateTime(required=True)
    actions = graphene.List(graphene.NonNull(TransactionActionEnum), required=True)
    authorized_amount = graphene.Field(Money, required=True)
    authorize_pending_amount = graphene.Field(Money, required=True)
    refunded_amount = graphene.Field(Money, required=True)
    refund_pending_amount = graphene.Field(Money, required=True)
    canceled_amount = graphene.Field(Money, required=True)
    cancel_pending_amount = graphene.Field(Money, required=True)
    charged_amount = graphene.Field(Money, required=True)
    charge_pending_amount = graphene.Field(Money, required=True)
    name = graphene.String(required=True)
    message = graphene.String(required=True)
    psp_reference = graphene.String(required=True)
    external_url = graphene.String(required=True)
    events = graphene.List(graphene.NonNull(TransactionEvent), required=True)

    class Meta:
        interfaces = (ObjectWithMetadata,)

    @staticmethod
    def resolve_id(root: Payment, info):
        return to_global_id("TransactionItem", root.pk)

    @staticmethod
    def resolve_token(root, info):
        return None

    @staticmethod
    def resolve_created_at(root: Payment, info):
        return root.created_at

    @staticmethod
    def resolve_modified_at(root: Payment, info):
        return root.updated_at

    @staticmethod
    def resolve_actions(root: Payment, info):
        # What staff could still ask of the gateway: refund what was charged and not refunded yet.
        return [TransactionActionEnum.REFUND.value] if _net_charged(root) > 0 else []

    @staticmethod
    def resolve_authorized_amount(root, info):
        return money(0)  # we charge at once; nothing stays authorised

    @staticmethod
    def resolve_authorize_pending_amount(root, info):
        return money(0)

    @staticmethod
    def resolve_refunded_amount(root: Payment, info):
        return money(root.refunded_amount)

    @staticmethod
    def resolve_refund_pending_amount(root, info):
        return money(0)

    @staticmethod
    def resolve_canceled_amount(root, info):
        return money(0)

    @staticmethod
    def resolve_cancel_pending_amount(root, info):
        return money(0)

    @staticmethod
    def resolve_charged_amount(root: Payment, info):
        return money(_net_charged(root))

    @staticmethod
    def resolve_charge_pending_amount(root: Payment, info):
        pending = root.status in (PaymentStatus.PENDING, PaymentStatus.REQUIRES_ACTION)
        return money(root.amount if pending else 0)

    @staticmethod
    def resolve_name(root: Payment, info):
        return root.gateway

    @staticmethod
    def resolve_message(root: Payment, info):
        return root.error_message or ""

    @staticmethod
    def resolve_psp_reference(root: Payment, info):
        return root.psp_reference or ""

    @staticmethod
    def resolve_external_url(root, info):
        return ""

    @staticmethod
    def resolve_events(root: Payment, info):
        return payment_events(root)
