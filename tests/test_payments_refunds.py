"""Refunds made in the Stripe dashboard (charge.refunded for a refund we did not make): the amount
is split over the order's producers in proportion to what each was paid, in whole đồng that add
up exactly, booked once per Stripe refund id whatever the order or number of the events."""

import pytest
from django.conf import settings

from ocop.orders.models import OrderEvent
from ocop.payments import ledger, services
from ocop.payments.models import LedgerEntry, PaymentStatus, Refund
from tests.checkout_factories import ready_checkout, variants_of_two_producers
from tests.test_payments import card_token, client_ as stripe_client, post_event


@pytest.fixture
def paid_order(seeded):
    two = variants_of_two_producers(stock=10)
    checkout = ready_checkout([(two[0], 2), (two[1], 1)])
    payment = services.start_payment(checkout=checkout)
    order = services.pay(payment=payment, card_token=card_token())
    payment.refresh_from_db()
    return order, payment


def dashboard_refund(payment, amount):
    """What staff do in the Stripe dashboard: a refund our code never asked for."""
    return stripe_client().v1.refunds.create(params={"payment_intent": payment.psp_reference, "amount": amount}).id


def refunded_event(event_id, payment, amount_refunded, refund_ids=()):
    return {"id": event_id, "type": "charge.refunded", "data": {"object": {
        "id": "ch_test", "object": "charge", "payment_intent": payment.psp_reference,
        "amount_refunded": amount_refunded,
        "refunds": {"object": "list", "data": [{"id": r, "object": "refund"} for r in refund_ids]}}}}


@pytest.mark.parametrize("total, weights, expected", [
    (100, [("a", 1), ("b", 1), ("c", 1)], {"a": 34, "b": 33, "c": 33}),
    (10, [("a", 2), ("b", 1)], {"a": 7, "b": 3}),
    (1, [("a", 5), ("b", 5)], {"a": 1, "b": 0}),
    (99999, [("a", 150000), ("b", 73000), ("c", 0)], {"a": 67264, "b": 32735, "c": 0}),
])
def test_split_is_proportional_in_whole_dong_and_sums_exactly(total, weights, expected):
    parts = services.split_in_proportion(total, weights)
    assert parts == expected and sum(parts.values()) == total


def test_a_dashboard_refund_is_split_over_the_producers_in_proportion(client, paid_order):
    order, payment = paid_order
    parcels = list(order.fulfillments.order_by("pk"))
    balances = {p.pk: ledger.balance(p.producer) for p in parcels}
    amount = 100001
    refund_id = dashboard_refund(payment, amount)
    assert post_event(client, refunded_event("evt_dash_1", payment, amount, [refund_id])).status_code == 200

    expected = services.split_in_proportion(amount, [(p.pk, p.total_amount) for p in parcels])
    assert sum(expected.values()) == amount
    for parcel in parcels:
        parcel.refresh_from_db()
        entry = LedgerEntry.objects.get(fulfillment=parcel, kind="refund")
        assert entry.gross_amount == -expected[parcel.pk] and entry.reference == refund_id
        sale = LedgerEntry.objects.get(fulfillment=parcel, kind="sale")
        assert -entry.commission_amount == sale.commission_amount * expected[parcel.pk] // sale.gross_amount
        assert ledger.balance(parcel.producer) == balances[parcel.pk] + entry.amount
        assert parcel.refunded_amount == expected[parcel.pk]
    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.total_refunded_amount == amount == payment.refunded_amount
    assert payment.status == PaymentStatus.PARTIALLY_REFUNDED
    refund = Refund.objects.get(psp_reference=refund_id)
    assert (refund.amount, refund.source) == (amount, "dashboard")
    event = OrderEvent.objects.get(order=order, type="payment_refunded")
    assert event.parameters["refund"] == refund_id and event.parameters["amount"] == amount


def test_replayed_and_late_refund_events_change_nothing_more(client, paid_order):
    order, payment = paid_order
    first = dashboard_refund(payment, 20000)
    second = dashboard_refund(payment, 30000)
    # The second event (both refunds) arrives first, then the first, then a redelivery.
    post_event(client, refunded_event("evt_two", payment, 50000, [second, first]))
    post_event(client, refunded_event("evt_one", payment, 20000, [first]))
    post_event(client, refunded_event("evt_two", payment, 50000, [second, first]))
    order.refresh_from_db()
    assert order.total_refunded_amount == 50000
    assert sorted(Refund.objects.values_list("amount", flat=True)) == [20000, 30000]
    assert -sum(LedgerEntry.objects.filter(kind="refund").values_list("gross_amount", flat=True)) == 50000
    assert OrderEvent.objects.filter(order=order, type="payment_refunded").count() == 2


def test_our_own_refunds_are_not_booked_twice_when_stripe_reports_them(client, paid_order):
    from ocop.orders.services import cancel_fulfillment
    from ocop.producers.models import ProducerMember
    from tests import factories

    order, payment = paid_order
    parcel = order.fulfillments.order_by("pk").first()
    owner = factories.user()
    ProducerMember.objects.create(producer=parcel.producer, user=owner, role="owner")
    cancel_fulfillment(user=owner, fulfillment_id=parcel.pk, reason="Hết hàng")
    ours = Refund.objects.get()
    post_event(client, refunded_event("evt_ours", payment, parcel.total_amount, [ours.psp_reference]))
    order.refresh_from_db()
    assert order.total_refunded_amount == parcel.total_amount and Refund.objects.count() == 1
    assert ledger.balance(parcel.producer) == 0


def test_a_full_dashboard_refund_gives_back_all_and_leaves_every_producer_at_zero(client, paid_order):
    order, payment = paid_order
    refund_id = dashboard_refund(payment, payment.amount)
    post_event(client, refunded_event("evt_full", payment, payment.amount, [refund_id]))
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    for parcel in order.fulfillments.all():
        assert ledger.balance(parcel.producer) == 0
    assert settings.PLATFORM_COMMISSION_PERCENT > 0


def test_a_refund_stripe_reports_only_as_a_total_is_booked_once(client, paid_order):
    order, payment = paid_order
    event = {"id": "evt_total_only", "type": "charge.refunded", "data": {"object": {
        "id": "ch_total", "object": "charge", "payment_intent": payment.psp_reference, "amount_refunded": 15000}}}
    post_event(client, event)
    post_event(client, {**event, "id": "evt_total_only_again"})
    order.refresh_from_db()
    assert order.total_refunded_amount == 15000
    assert list(Refund.objects.values_list("psp_reference", "amount")) == [("ch_total-refunded-15000", 15000)]
    assert -sum(LedgerEntry.objects.filter(kind="refund").values_list("gross_amount", flat=True)) == 15000


def test_after_a_dashboard_refund_a_producer_cannot_refund_more_than_its_parcel_has_left(client, paid_order):
    from django.core.exceptions import ValidationError

    from ocop.orders import services as orders
    from ocop.producers.models import ProducerMember
    from tests import factories

    order, payment = paid_order
    refund_id = dashboard_refund(payment, 53120)
    assert post_event(client, refunded_event("evt_dash_partial", payment, 53120, [refund_id])).status_code == 200
    parcel = order.fulfillments.order_by("pk").first()
    parcel.refresh_from_db()
    assert 0 < parcel.refunded_amount < parcel.total_amount
    line = parcel.lines.get()
    owner = factories.user()
    ProducerMember.objects.create(producer=parcel.producer, user=owner, role="owner")
    at_stripe = len(stripe_client().v1.refunds.list(params={"payment_intent": payment.psp_reference}).data)
    # The line's goods are more than what the dashboard refund left on this parcel.
    assert line.unit_price_amount * line.quantity > parcel.total_amount - parcel.refunded_amount
    with pytest.raises(ValidationError) as caught:
        orders.refund_order_line(user=owner, line_id=line.pk, quantity=line.quantity, reason="Hũ bị nứt")
    assert list(caught.value.error_dict) == ["quantity"]
    assert len(stripe_client().v1.refunds.list(params={"payment_intent": payment.psp_reference}).data) == at_stripe
    line.refresh_from_db()
    assert line.quantity_refunded == 0 and Refund.objects.count() == 1
