"""An order's payment state in Saleor's terms, computed from its `payments.Payment` rows.

We charge in one step (no separate authorisation) and refunds move money back from what was
charged; what the shopper still owes is the total less what was refunded (a cancelled parcel's
goods and delivery are refunded, not re-billed)."""

from __future__ import annotations

from functools import cached_property

from ocop.payments.models import PaymentStatus

from .enums import OrderAuthorizeStatusEnum, OrderChargeStatusEnum, PaymentChargeStatusEnum


def charge_status(charged: int, due: int) -> str:
    """Saleor's charge status of an order or a checkout, in Saleor's order of checks: what is
    charged equals what is due (so a free order is FULL), else nothing charged, else short, else over."""
    if charged == due:
        return OrderChargeStatusEnum.FULL.value
    if charged <= 0:
        return OrderChargeStatusEnum.NONE.value
    return OrderChargeStatusEnum.PARTIAL.value if charged < due else OrderChargeStatusEnum.OVERCHARGED.value


class OrderPayments:
    def __init__(self, order):
        self.order = order

    @cached_property
    def payments(self) -> list:
        return list(self.order.payments.all())  # prefetched by orders_queryset()

    @cached_property
    def captured(self) -> int:
        return sum(p.captured_amount for p in self.payments)

    @cached_property
    def refunded(self) -> int:
        return sum(p.refunded_amount for p in self.payments)

    @property
    def charged(self) -> int:
        return max(self.captured - self.refunded, 0)

    @property
    def due(self) -> int:
        return max(self.order.total_amount - self.refunded, 0)

    @property
    def balance(self) -> int:
        """Saleor's totalBalance: charged less due (negative while something is owed)."""
        return self.charged - self.due

    @property
    def is_paid(self) -> bool:
        return self.captured >= self.order.total_amount

    @property
    def charge_status(self) -> str:
        return charge_status(self.charged, self.due)

    @property
    def authorize_status(self) -> str:
        # Nothing stays authorised: what covers the order is what was charged.
        if self.charged >= self.due:
            return OrderAuthorizeStatusEnum.FULL.value
        return OrderAuthorizeStatusEnum.PARTIAL.value if self.charged else OrderAuthorizeStatusEnum.NONE.value

    @property
    def payment_status(self) -> str:
        if self.captured:
            if self.refunded >= self.captured:
                return PaymentChargeStatusEnum.FULLY_REFUNDED.value
            if self.refunded:
                return PaymentChargeStatusEnum.PARTIALLY_REFUNDED.value
            if self.captured < self.order.total_amount:
                return PaymentChargeStatusEnum.PARTIALLY_CHARGED.value
            return PaymentChargeStatusEnum.FULLY_CHARGED.value
        statuses = {p.status for p in self.payments}
        if statuses & {PaymentStatus.PENDING, PaymentStatus.REQUIRES_ACTION}:
            return PaymentChargeStatusEnum.PENDING.value
        if PaymentStatus.FAILED in statuses:
            return PaymentChargeStatusEnum.REFUSED.value
        return PaymentChargeStatusEnum.NOT_CHARGED.value
