"""Turning a paid checkout into an order, and every later change to it.

Stock: an order allocates (`quantity_allocated += n`, never beyond `quantity`, which a CHECK
constraint also guards); the cart's checks use `quantity − quantity_allocated`, so allocated units
are no longer for sale. Shipping a parcel takes its units out of both; cancelling returns them.
Stock rows are locked with SELECT … FOR UPDATE in id order, so concurrent buyers queue instead of
deadlocking, and the last units go to exactly as many buyers as there are units.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from ocop.catalog.models import ProductTranslation, Stock
from ocop.catalog.selectors import variant_names
from ocop.checkout.errors import CheckoutErrorCode
from ocop.checkout.models import Checkout
from ocop.checkout.services import check_ready_to_pay
from ocop.core import metrics
from ocop.producers.selectors import producers_for_member

from . import emails
from .errors import OrderErrorCode
from .models import Fulfillment, FulfillmentStatus, Order, OrderEvent, OrderEvents, OrderLine, OrderStatus

logger = logging.getLogger(__name__)


def _error(field, message, code, **params):
    return ValidationError({field: ValidationError(message, code=code.value, params=params or None)})


def _lock_stocks(variant_ids) -> dict:
    """Lock the stock rows of these variants in id order; {(warehouse producer, variant): Stock}."""
    rows = (Stock.objects.select_for_update(of=("self",)).select_related("warehouse")
            .filter(product_variant_id__in=sorted(set(variant_ids))).order_by("pk"))
    return {(row.warehouse.producer_id, row.product_variant_id): row for row in rows}


def _allocate(parcels) -> None:
    tracked = [(parcel.producer.pk, line) for parcel in parcels for line in parcel.lines
               if line.variant.track_inventory]
    stocks = _lock_stocks(line.variant_id for _producer, line in tracked)
    problems = []
    for producer_id, line in tracked:
        stock = stocks.get((producer_id, line.variant_id))
        available = stock.quantity - stock.quantity_allocated if stock else 0
        if available < line.quantity:
            problems.append(ValidationError(
                _("%(name)s is sold out.") if available <= 0 else _("Only %(available)s of %(name)s left."),
                code=CheckoutErrorCode.INSUFFICIENT_STOCK.value,
                params={"name": str(line.variant), "available": max(available, 0)}))
    if problems:
        raise ValidationError({"lines": problems})
    for producer_id, line in tracked:
        Stock.objects.filter(pk=stocks[(producer_id, line.variant_id)].pk).update(
            quantity_allocated=F("quantity_allocated") + line.quantity)


def _release(fulfillment: Fulfillment, *, ship: bool, only_line=None, quantity: int | None = None) -> None:
    """Give a parcel's units back (cancel) or take them out of the warehouse (ship); refunded
    units were given back already. `only_line` and `quantity`: give back those units of one line."""
    lines = [line for line in fulfillment.lines.select_related("variant") if line.variant and line.variant.track_inventory
             and (only_line is None or line.pk == only_line.pk)]
    stocks = _lock_stocks(line.variant_id for line in lines)
    for line in lines:
        stock = stocks.get((fulfillment.producer_id, line.variant_id))
        if stock is None:
            continue
        units = quantity if quantity is not None else line.quantity - line.quantity_refunded
        release = min(units, stock.quantity_allocated)
        changes = {"quantity_allocated": F("quantity_allocated") - release}
        if ship:
            changes["quantity"] = F("quantity") - release
        Stock.objects.filter(pk=stock.pk).update(**changes)


def _event(order, type_, *, user=None, fulfillment=None, **parameters) -> OrderEvent:
    return OrderEvent.objects.create(order=order, type=type_, user=user if user and user.is_authenticated else None,
                                     fulfillment=fulfillment, parameters=parameters)


def order_for_checkout(checkout_token) -> Order | None:
    return Order.objects.filter(checkout_token=checkout_token).first()


def complete_checkout(checkout, payment=None) -> Order:
    """Create the one order of a checkout (a second call, or one racing it, gets the same order).

    Raises ValidationError (INSUFFICIENT_STOCK, SHIPPING_ADDRESS_NOT_SET, …) and changes nothing
    when the checkout cannot become an order; the caller refunds a payment it already took.
    """
    token = checkout.token if isinstance(checkout, Checkout) else checkout
    try:
        order, created = _complete(token, payment)
    except IntegrityError:
        # The unique checkout_token lost a race we did not see coming: the other order stands.
        order, created = order_for_checkout(token), False
        if order is None:
            raise
    if created:
        metrics.ORDERS.inc()
        _send_order_emails(order)
    return order


def _send_order_emails(order: Order) -> None:
    """With a broker a worker sends them once the order is committed (a slow mail server never holds
    up the shopper's payment); without one they go now, from the rows just written."""
    from django.conf import settings

    from . import tasks

    def now():
        emails.send_order_placed(order, lines=order.placed_lines, fulfillments=order.placed_fulfillments)

    def queue():
        try:
            tasks.send_order_placed.delay(order.pk)
        except Exception:  # the broker is down: the paid order stands, the e-mails go now
            logger.warning("Could not queue the e-mails of order %s; sending them now", order.pk, exc_info=True)
            now()

    if settings.CELERY_TASK_ALWAYS_EAGER:
        now()
    else:
        transaction.on_commit(queue)


@transaction.atomic
def _complete(token, payment) -> tuple[Order, bool]:
    existing = order_for_checkout(token)
    if existing is not None:
        _attach_payment(existing, payment)
        return existing, False
    checkout = Checkout.objects.select_for_update().filter(token=token).first()
    if checkout is None:
        existing = order_for_checkout(token)  # completed by whoever held the lock before us
        if existing is not None:
            _attach_payment(existing, payment)
            return existing, False
        raise _error("checkout", _("This cart no longer exists."), CheckoutErrorCode.NOT_FOUND)
    # The same rules as before payment (stock is checked below, under the stock rows' locks).
    quote = check_ready_to_pay(checkout, stock=False)
    if payment is not None and payment.amount != quote.total:
        raise _error("payment", _("The cart changed after payment started. You have not been charged for the "
                                  "difference; please pay again."), CheckoutErrorCode.CHECKOUT_NOT_FULLY_PAID)
    _allocate(quote.parcels)
    address = quote.address
    order = Order.objects.create(
        checkout_token=token, user=checkout.user, user_email=checkout.email or (checkout.user.email if checkout.user else ""),
        language_code=checkout.language_code or "vi",
        shipping_full_name=address.full_name, shipping_phone=address.phone, shipping_province=address.province,
        shipping_district=address.district, shipping_commune=address.commune, shipping_street=address.street,
        subtotal_amount=quote.subtotal, shipping_amount=quote.shipping, total_amount=quote.total,
    )
    translated = _translated_names(quote.parcels, order.language_code)
    translated_variants = variant_names({line.variant_id for parcel in quote.parcels for line in parcel.lines},
                                        order.language_code)
    # One INSERT for the parcels and one for all lines (PostgreSQL returns the parcels' ids).
    fulfillments = Fulfillment.objects.bulk_create([
        Fulfillment(order=order, producer=parcel.producer, shipping_method_name=parcel.delivery.shipping_rate.name,
                    shipping_amount=parcel.shipping, subtotal_amount=parcel.subtotal)
        for parcel in quote.parcels])
    lines = OrderLine.objects.bulk_create([
        OrderLine(order=order, fulfillment=fulfillment, producer=parcel.producer, variant=line.variant,
                  product_name=line.variant.product.name, variant_name=line.variant.name,
                  translated_product_name=translated.get(line.variant.product_id, ""),
                  translated_variant_name=translated_variants.get(line.variant_id, ""),
                  product_sku=line.variant.sku, unit_price_amount=line.unit_price, quantity=line.quantity,
                  total_amount=line.line_total)
        for parcel, fulfillment in zip(quote.parcels, fulfillments) for line in parcel.lines])
    placed = OrderEvent(order=order, type=OrderEvents.PLACED,
                        user=checkout.user if checkout.user and checkout.user.is_authenticated else None, parameters={})
    # What was just written, for the e-mails and the ledger (no need to read it back).
    order.placed_lines, order.placed_fulfillments = lines, fulfillments
    _attach_payment(order, payment, new_order=True, events=[placed])
    checkout.delete()
    return order, True


def _translated_names(parcels, language: str) -> dict[int, str]:
    """Product id → its name in the order's language, for the products that have one (one query;
    none for a Vietnamese order: Vietnamese is the products' own language)."""
    language = (language or "vi")[:2]
    if language == "vi":
        return {}
    ids = {line.variant.product_id for parcel in parcels for line in parcel.lines}
    return dict(ProductTranslation.objects.filter(product_id__in=ids, language_code=language).exclude(name="")
                .values_list("product_id", "name"))


def _attach_payment(order: Order, payment, *, new_order: bool = False, events=()) -> None:
    """Link the payment to the order, credit the producers (ledger) and record both events.
    `new_order`: the order was placed in this transaction, so no other payment can be on it."""
    from ocop.payments import ledger

    events = list(events)
    if payment is not None and payment.order_id != order.pk:
        if not new_order and order.payments.exclude(pk=payment.pk).filter(captured_amount__gt=0).exists():
            # Paid already (another tab, another PaymentIntent): the caller refunds this one.
            raise _error("payment", _("This cart was already paid for."), CheckoutErrorCode.INVALID)
        payment.order = order
        payment.save(update_fields=["order", "updated_at"])
        events.append(OrderEvent(order=order, type=OrderEvents.PAYMENT_CAPTURED,
                                 parameters={"amount": payment.amount, "gateway": payment.gateway}))
        ledger.record_sales(order, fulfillments=order.placed_fulfillments if new_order else None)
    OrderEvent.objects.bulk_create(events)


# --------------------------------------------------------------------------- fulfilment

def _fulfillment_for(user, fulfillment_id) -> Fulfillment:
    """Lock a parcel the user may act on; another producer's parcel is 'not found'."""
    fulfillment = (Fulfillment.objects.select_for_update(of=("self",)).select_related("order", "producer")
                   .filter(pk=fulfillment_id).first())
    if fulfillment is None or not (user.is_staff or producers_for_member(user).filter(pk=fulfillment.producer_id).exists()):
        raise _error("fulfillment", _("This parcel was not found."), OrderErrorCode.NOT_FOUND)
    return fulfillment


def _update_order_status(order: Order) -> None:
    statuses = list(order.fulfillments.values_list("status", flat=True))
    live = [s for s in statuses if s != FulfillmentStatus.CANCELED]
    if not live:
        status = OrderStatus.CANCELED
    elif all(s == FulfillmentStatus.SHIPPED for s in live):
        status = OrderStatus.FULFILLED
    elif any(s == FulfillmentStatus.SHIPPED for s in live):
        status = OrderStatus.PARTIALLY_FULFILLED
    else:
        status = OrderStatus.UNFULFILLED
    if order.status != status:
        order.status = status
        order.save(update_fields=["status"])


_NEXT = {
    FulfillmentStatus.CONFIRMED: ({FulfillmentStatus.UNCONFIRMED}, OrderEvents.FULFILLMENT_CONFIRMED),
    FulfillmentStatus.PACKED: ({FulfillmentStatus.CONFIRMED}, OrderEvents.FULFILLMENT_PACKED),
    FulfillmentStatus.SHIPPED: ({FulfillmentStatus.CONFIRMED, FulfillmentStatus.PACKED}, OrderEvents.FULFILLMENT_SHIPPED),
}


def _advance(user, fulfillment_id, to_status, **changes) -> Fulfillment:
    fulfillment = _fulfillment_for(user, fulfillment_id)
    allowed_from, event = _NEXT[to_status]
    if fulfillment.status == to_status:
        return fulfillment  # a double click
    if fulfillment.status not in allowed_from:
        raise _error("status", _("This parcel is %(status)s and cannot move to that step."), OrderErrorCode.INVALID,
                     status=fulfillment.get_status_display())
    if to_status == FulfillmentStatus.SHIPPED:
        _release(fulfillment, ship=True)
    fulfillment.status = to_status
    for name, value in changes.items():
        setattr(fulfillment, name, value)
    fulfillment.save()
    _event(fulfillment.order, event, user=user, fulfillment=fulfillment, **changes)
    _update_order_status(fulfillment.order)
    return fulfillment


@transaction.atomic
def confirm_fulfillment(*, user, fulfillment_id) -> Fulfillment:
    return _advance(user, fulfillment_id, FulfillmentStatus.CONFIRMED)


@transaction.atomic
def pack_fulfillment(*, user, fulfillment_id) -> Fulfillment:
    return _advance(user, fulfillment_id, FulfillmentStatus.PACKED)


def ship_fulfillment(*, user, fulfillment_id, carrier: str, tracking_number: str) -> Fulfillment:
    carrier, tracking_number = (carrier or "").strip(), (tracking_number or "").strip()
    errors = {}
    if not carrier:
        errors["carrier"] = ValidationError(_("Enter the carrier, e.g. Viettel Post."), code=OrderErrorCode.REQUIRED.value)
    if not tracking_number:
        errors["tracking_number"] = ValidationError(_("Enter the tracking number the carrier gave you."),
                                                    code=OrderErrorCode.REQUIRED.value)
    for name, value in (("carrier", carrier), ("tracking_number", tracking_number)):
        limit = Fulfillment._meta.get_field(name).max_length
        if name not in errors and len(value) > limit:  # cut short, the shopper would get a wrong number
            errors[name] = ValidationError(_("At most %(limit)s characters."), code=OrderErrorCode.INVALID.value,
                                           params={"limit": limit})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        fulfillment = _advance(user, fulfillment_id, FulfillmentStatus.SHIPPED, carrier=carrier,
                               tracking_number=tracking_number)
    emails.send_parcel_shipped(fulfillment)
    return fulfillment


@transaction.atomic
def cancel_fulfillment(*, user, fulfillment_id, reason: str) -> Fulfillment:
    """Cancel a producer's parcel: its stock comes back and the shopper is refunded its lines and
    delivery through the gateway (a refund that fails leaves the parcel as it was)."""
    reason = (reason or "").strip()
    if not reason:
        raise _error("reason", _("Tell the shopper why the parcel is cancelled."), OrderErrorCode.REQUIRED)
    fulfillment = _fulfillment_for(user, fulfillment_id)
    if fulfillment.status == FulfillmentStatus.CANCELED:
        return fulfillment
    if fulfillment.status == FulfillmentStatus.SHIPPED:
        raise _error("status", _("A shipped parcel cannot be cancelled."), OrderErrorCode.CANNOT_CANCEL_FULFILLMENT)
    _release(fulfillment, ship=False)
    fulfillment.status = FulfillmentStatus.CANCELED
    fulfillment.cancel_reason = reason[:2000]
    fulfillment.save(update_fields=["status", "cancel_reason", "updated_at"])
    _event(fulfillment.order, OrderEvents.FULFILLMENT_CANCELED, user=user, fulfillment=fulfillment, reason=reason)
    from ocop.payments import services as payments

    payments.refund_fulfillment(fulfillment)
    _update_order_status(fulfillment.order)
    return fulfillment


# --------------------------------------------------------------------------- refunds

def refund_order_line(*, user, line_id, quantity, reason: str, fulfillment_id=None, gateway=None) -> OrderLine:
    """A producer refunds `quantity` units of one line of its own parcel, with a reason for the
    shopper: a partial refund through the gateway (recorded with its provider id), the ledger
    debited the amount less the commission it had kept, the units given back to stock while the
    parcel has not left (a shipped parcel's goods are with the shopper), an order event, and an
    e-mail to the shopper in their language. Another producer's line is 'not found'."""
    from ocop.payments import services as payments

    reason = (reason or "").strip()
    errors = {}
    try:
        quantity = int(str(quantity).strip())
    except (TypeError, ValueError):
        errors["quantity"] = ValidationError(_("Enter how many units to refund, as a whole number."),
                                             code=OrderErrorCode.INVALID.value)
    else:
        if quantity <= 0:
            errors["quantity"] = ValidationError(_("Refund at least 1 unit."), code=OrderErrorCode.INVALID.value)
    if not reason:
        errors["reason"] = ValidationError(_("Tell the shopper why the item is refunded."),
                                           code=OrderErrorCode.REQUIRED.value)
    line = OrderLine.objects.filter(pk=line_id if str(line_id).isdigit() else None).first()
    if line is None or (fulfillment_id is not None and line.fulfillment_id != int(fulfillment_id)):
        raise _error("line", _("This item was not found."), OrderErrorCode.NOT_FOUND)
    with transaction.atomic():
        try:
            fulfillment = _fulfillment_for(user, line.fulfillment_id)
        except ValidationError:  # another producer's line: 'not found', whatever else is wrong
            raise _error("line", _("This item was not found."), OrderErrorCode.NOT_FOUND) from None
        if errors:
            raise ValidationError(errors)
        line = OrderLine.objects.select_for_update().get(pk=line.pk)
        if fulfillment.status == FulfillmentStatus.CANCELED:
            raise _error("line", _("This parcel is cancelled and was refunded already."), OrderErrorCode.INVALID)
        remaining = line.quantity - line.quantity_refunded
        if quantity > remaining:
            raise _error("quantity", _("Only %(remaining)s of this item can still be refunded."),
                         OrderErrorCode.INVALID, remaining=remaining)
        line.fulfillment = fulfillment
        refund = payments.refund_order_line(line, quantity=quantity, reason=reason, user=user, gateway=gateway)
        if fulfillment.status != FulfillmentStatus.SHIPPED:
            _release(fulfillment, ship=False, only_line=line, quantity=quantity)
        OrderLine.objects.filter(pk=line.pk).update(quantity_refunded=F("quantity_refunded") + quantity)
        line.refresh_from_db()
        _event(fulfillment.order, OrderEvents.LINE_REFUNDED, user=user, fulfillment=fulfillment, line=line.pk,
               sku=line.product_sku, quantity=quantity, amount=refund.amount, reason=reason,
               refund=refund.psp_reference)
    emails.send_line_refunded(line, quantity=quantity, amount=refund.amount, reason=reason)
    return line
