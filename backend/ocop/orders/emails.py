"""Order e-mails, each in its recipient's language: the shopper's confirmation and shipping
notice (the language they shopped in), and each producer's new-order notice (Vietnamese)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def _send(*, to: str, language: str, template: str, context: dict) -> bool:
    if not to:
        return False
    with translation.override(language):
        subject = render_to_string(f"storefront/checkout/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"storefront/checkout/email/{template}.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [to])
    except Exception:  # a mail server outage must not undo a paid order
        logger.exception("Could not send the %s e-mail", template)
        return False
    return True


def _record(order, kind: str, to: str, fulfillment=None) -> None:
    from .models import OrderEvent, OrderEvents

    OrderEvent.objects.create(order=order, type=OrderEvents.EMAIL_SENT, fulfillment=fulfillment,
                              parameters={"kind": kind, "to": to})


def send_order_placed(order, *, lines=None, fulfillments=None) -> None:
    """The shopper's confirmation and each producer's notice. The caller that just placed the
    order passes its lines and parcels (with their producers) instead of reading them again."""
    from .models import OrderEvent, OrderEvents

    lines = list(order.lines.all()) if lines is None else lines
    fulfillments = list(order.fulfillments.select_related("producer")) if fulfillments is None else fulfillments
    sent = []
    if _send(to=order.user_email, language=order.language_code, template="order_confirmation",
             context={"order": order, "lines": lines, "fulfillments": fulfillments}):
        sent.append(("order_confirmation", order.user_email, None))
    for fulfillment in fulfillments:
        if _send(to=fulfillment.producer.email, language="vi", template="producer_new_order",
                 context={"order": order, "fulfillment": fulfillment,
                          "lines": [line for line in lines if line.fulfillment_id == fulfillment.pk]}):
            sent.append(("producer_new_order", fulfillment.producer.email, fulfillment))
    OrderEvent.objects.bulk_create([
        OrderEvent(order=order, type=OrderEvents.EMAIL_SENT, fulfillment=fulfillment,
                   parameters={"kind": kind, "to": to}) for kind, to, fulfillment in sent])


def send_parcel_shipped(fulfillment) -> None:
    order = fulfillment.order
    if _send(to=order.user_email, language=order.language_code, template="parcel_shipped",
             context={"order": order, "fulfillment": fulfillment}):
        _record(order, "parcel_shipped", order.user_email, fulfillment)


def send_line_refunded(line, *, quantity: int, amount: int, reason: str) -> None:
    order, fulfillment = line.order, line.fulfillment
    if _send(to=order.user_email, language=order.language_code, template="line_refunded",
             context={"order": order, "fulfillment": fulfillment, "line": line, "quantity": quantity,
                      "amount": amount, "reason": reason}):
        _record(order, "line_refunded", order.user_email, fulfillment)
