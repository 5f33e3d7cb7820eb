"""A producer refunds one line (or part of its quantity) of its own parcel: a partial Stripe
refund with its id, the ledger debited the amount less the commission it kept, stock given back,
the line's refunded quantity, an order event and an e-mail in the shopper's language."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from ocop.catalog.models import Stock
from ocop.orders import services
from ocop.payments import ledger
from ocop.payments import services as payments
from ocop.payments.models import LedgerEntry, PaymentStatus, Refund
from ocop.producers.models import ProducerMember
from tests import factories
from tests.checkout_factories import ready_checkout, variants_of_two_producers
from tests.test_payments import card_token, client_ as stripe_client


@pytest.fixture
def paid(seeded):
    """A paid order: 3 units of producer A's variant, 1 of producer B's; the owners of both."""
    two = variants_of_two_producers(stock=10)
    checkout = ready_checkout([(two[0], 3), (two[1], 1)], language_code="en")
    order = payments.pay(payment=payments.start_payment(checkout=checkout), card_token=card_token())
    owners = []
    for variant in two:
        owner = factories.user()
        ProducerMember.objects.create(producer=variant.product.producer, user=owner, role="owner")
        owners.append(owner)
    mail.outbox.clear()
    return order, two, owners


def line_of(order, variant):
    return order.lines.get(variant=variant)


def test_refunding_part_of_a_line_refunds_at_stripe_and_debits_the_ledger(paid):
    order, two, owners = paid
    line = line_of(order, two[0])
    parcel = line.fulfillment
    before = ledger.balance(parcel.producer)
    services.refund_order_line(user=owners[0], line_id=line.pk, quantity=2, reason="Hũ bị nứt")
    amount = line.unit_price_amount * 2
    refund = Refund.objects.get()
    assert (refund.amount, refund.quantity, refund.source, refund.order_line_id) == (amount, 2, "producer_line",
                                                                                     line.pk)
    stripe_refund = stripe_client().v1.refunds.retrieve(refund.psp_reference)
    assert stripe_refund.amount == amount and stripe_refund.payment_intent == order.payments.get().psp_reference
    entry = LedgerEntry.objects.get(kind="refund")
    assert entry.reference == refund.psp_reference
    assert entry.amount == -(amount - ledger.commission_for(amount))
    assert ledger.balance(parcel.producer) == before + entry.amount
    line.refresh_from_db()
    order.refresh_from_db()
    assert line.quantity_refunded == 2 and order.total_refunded_amount == amount
    assert order.payments.get().status == PaymentStatus.PARTIALLY_REFUNDED
    event = order.events.get(type="line_refunded")
    assert event.parameters["quantity"] == 2 and event.parameters["refund"] == refund.psp_reference


def test_refunded_units_go_back_to_stock_while_the_parcel_has_not_left(paid):
    order, two, owners = paid
    line = line_of(order, two[0])
    services.refund_order_line(user=owners[0], line_id=line.pk, quantity=1, reason="Khách đổi ý")
    stock = Stock.objects.get(product_variant=two[0])
    assert (stock.quantity, stock.quantity_allocated) == (10, 2)
    services.confirm_fulfillment(user=owners[0], fulfillment_id=line.fulfillment_id)
    services.ship_fulfillment(user=owners[0], fulfillment_id=line.fulfillment_id, carrier="VNPost", tracking_number="1")
    stock.refresh_from_db()
    assert (stock.quantity, stock.quantity_allocated) == (8, 0)


def test_the_shopper_is_told_by_email_in_their_language(paid):
    order, two, owners = paid
    services.refund_order_line(user=owners[0], line_id=line_of(order, two[0]).pk, quantity=1, reason="Broken jar")
    message = mail.outbox[-1]
    assert message.to == [order.user_email]
    assert "refund" in message.subject.lower() and "Broken jar" in message.body


def test_refunding_every_unit_of_a_parcel_gives_back_exactly_the_commission_of_its_sale(paid):
    order, two, owners = paid
    line = line_of(order, two[0])
    for _ in range(3):
        services.refund_order_line(user=owners[0], line_id=line.pk, quantity=1, reason="Hết hạn")
    parcel = line.fulfillment
    sale = LedgerEntry.objects.get(fulfillment=parcel, kind="sale")
    returned = -sum(LedgerEntry.objects.filter(fulfillment=parcel, kind="refund")
                    .values_list("commission_amount", flat=True))
    assert returned == sale.commission_amount
    assert ledger.balance(parcel.producer) == parcel.shipping_amount  # only the delivery stays earned


def test_more_than_remains_is_refused_and_nothing_changes(paid):
    order, two, owners = paid
    line = line_of(order, two[0])
    services.refund_order_line(user=owners[0], line_id=line.pk, quantity=2, reason="Vỡ")
    with pytest.raises(ValidationError) as exc:
        services.refund_order_line(user=owners[0], line_id=line.pk, quantity=2, reason="Vỡ tiếp")
    assert "quantity" in exc.value.error_dict
    for bad in ("0", "-1", "abc", ""):
        with pytest.raises(ValidationError) as exc:
            services.refund_order_line(user=owners[0], line_id=line.pk, quantity=bad, reason="x")
        assert list(exc.value.error_dict) == ["quantity"]
    with pytest.raises(ValidationError) as exc:
        services.refund_order_line(user=owners[0], line_id=line.pk, quantity=1, reason=" ")
    assert list(exc.value.error_dict) == ["reason"]
    assert Refund.objects.count() == 1


def test_another_producers_line_is_not_found(paid):
    order, two, owners = paid
    with pytest.raises(ValidationError) as exc:
        services.refund_order_line(user=owners[0], line_id=line_of(order, two[1]).pk, quantity=1, reason="x")
    assert exc.value.error_dict["line"][0].code == "not_found"
    assert not Refund.objects.exists()


def test_cancelling_after_a_line_refund_refunds_only_the_rest(paid):
    order, two, owners = paid
    line = line_of(order, two[0])
    services.refund_order_line(user=owners[0], line_id=line.pk, quantity=1, reason="Vỡ")
    services.cancel_fulfillment(user=owners[0], fulfillment_id=line.fulfillment_id, reason="Hết hàng")
    parcel = line.fulfillment
    parcel.refresh_from_db()
    assert parcel.refunded_amount == parcel.total_amount
    assert sum(Refund.objects.filter(fulfillment=parcel).values_list("amount", flat=True)) == parcel.total_amount
    assert ledger.balance(parcel.producer) == 0
    assert Stock.objects.get(product_variant=two[0]).quantity_allocated == 0


def test_the_producer_refunds_from_the_parcel_page(client, paid):
    order, two, owners = paid
    line = line_of(order, two[0])
    client.force_login(owners[0])
    page = client.get(f"/seller/orders/{line.fulfillment_id}/").content.decode()
    assert 'name="line"' in page and f'value="{line.pk}"' in page
    response = client.post(f"/seller/orders/{line.fulfillment_id}/refund/",
                           {"line": line.pk, "quantity": "5", "refund_reason": "Vỡ"})
    assert response.status_code == 400 and 'id="refund-quantity"' in response.content.decode()
    assert not Refund.objects.exists()
    response = client.post(f"/seller/orders/{line.fulfillment_id}/refund/",
                           {"line": line.pk, "quantity": "1", "refund_reason": "Vỡ"})
    assert response.status_code == 302
    page = client.get(f"/seller/orders/{line.fulfillment_id}/").content.decode()
    assert 'data-testid="line-refunded"' in page and Refund.objects.count() == 1
    other = line_of(order, two[1])
    assert client.post(f"/seller/orders/{line.fulfillment_id}/refund/",
                       {"line": other.pk, "quantity": "1", "refund_reason": "x"}).status_code == 404
    assert client.post(f"/seller/orders/{other.fulfillment_id}/refund/",
                       {"line": other.pk, "quantity": "1", "refund_reason": "x"}).status_code == 404


def test_when_stripe_is_unreachable_a_line_refund_changes_nothing_and_can_be_tried_again(client, paid, monkeypatch):
    from ocop.payments.gateways import stripe as stripe_gateway
    from ocop.payments.gateways.base import GatewayUnavailable
    from ocop.payments.gateways.stripe import StripeGateway

    order, two, owners = paid
    line = line_of(order, two[0])
    stock_before = Stock.objects.get(product_variant=two[0]).quantity_allocated
    balance_before = ledger.balance(line.fulfillment.producer)
    with pytest.raises(GatewayUnavailable):
        services.refund_order_line(user=owners[0], line_id=line.pk, quantity=1, reason="Hũ bị nứt",
                                   gateway=StripeGateway(api_base="http://127.0.0.1:9"))
    # The parcel page says so, in the producer's language, and keeps what was typed.
    monkeypatch.setattr(stripe_gateway, "stripe_api_base", lambda: "http://127.0.0.1:9")
    client.force_login(owners[0])
    response = client.post(f"/seller/orders/{line.fulfillment_id}/refund/",
                           {"line": line.pk, "quantity": "1", "refund_reason": "Hũ bị nứt"})
    assert response.status_code == 302
    page = client.get(f"/seller/orders/{line.fulfillment_id}/").content.decode()
    from django.utils import translation
    from django.utils.html import escape

    with translation.override("vi"):
        said = translation.gettext("The refund could not be made because card payments are not reachable. "
                                   "Nothing was changed; try again in a few minutes.")
    assert escape(said) in page
    line.refresh_from_db()
    order.refresh_from_db()
    assert line.quantity_refunded == 0 and order.total_refunded_amount == 0 and not Refund.objects.exists()
    assert Stock.objects.get(product_variant=two[0]).quantity_allocated == stock_before
    assert ledger.balance(line.fulfillment.producer) == balance_before and not mail.outbox
    monkeypatch.undo()
    services.refund_order_line(user=owners[0], line_id=line.pk, quantity=1, reason="Hũ bị nứt")
    line.refresh_from_db()
    assert line.quantity_refunded == 1 and Refund.objects.count() == 1


def test_a_parcel_paid_through_the_dummy_gateway_is_refunded_by_that_gateway_not_stripe(seeded):
    from ocop.payments.gateways.dummy import DummyGateway
    from ocop.payments.models import Refund

    two = variants_of_two_producers(stock=10)
    checkout = ready_checkout([(two[0], 1), (two[1], 1)])
    payment = payments.start_payment(checkout=checkout, gateway=DummyGateway())
    order = payments.pay(payment=payment, card_token="tok_demo")  # the gateway is found from the payment
    owner = factories.user()
    ProducerMember.objects.create(producer=two[0].product.producer, user=owner, role="owner")
    parcel = order.fulfillments.get(producer=two[0].product.producer)
    services.cancel_fulfillment(user=owner, fulfillment_id=parcel.pk, reason="Hết hàng")
    refund = Refund.objects.get(fulfillment=parcel)
    assert refund.psp_reference.startswith("dummy_re_") and refund.amount == parcel.total_amount


def test_a_stripe_payment_left_open_does_not_block_paying_through_another_gateway(seeded):
    from ocop.payments.gateways.dummy import DummyGateway

    two = variants_of_two_producers(stock=10)
    checkout = ready_checkout([(two[0], 1)])
    by_card = payments.start_payment(checkout=checkout)
    dummy = payments.start_payment(checkout=checkout, gateway=DummyGateway())
    assert by_card.gateway == "stripe" and dummy.gateway == "dummy" and dummy.pk != by_card.pk
    assert payments.start_payment(checkout=checkout).pk == by_card.pk  # each gateway keeps its own open payment


# --------------------------------------------------------------------------- through GraphQL

REFUND_LINE = """mutation($id: ID!, $quantity: Int!, $reason: String!) {
  orderLineRefund(id: $id, quantity: $quantity, reason: $reason) {
    fulfillment { id lines { quantity orderLine { id } } } errors { field code message } } }"""


def _refund_through_api(client, user, line_id, quantity=1, reason="Hũ bị nứt"):
    from tests.graphql_client import gid, gql

    return gql(client, REFUND_LINE, {"id": gid("OrderLine", line_id), "quantity": quantity, "reason": reason},
               user=user)


def test_a_producer_refunds_a_line_through_graphql(client, paid):
    order, two, owners = paid
    line = line_of(order, two[0])
    body = _refund_through_api(client, owners[0], line.pk, quantity=1)
    payload = body["data"]["orderLineRefund"]
    assert payload["errors"] == [] and payload["fulfillment"]["id"]
    line.refresh_from_db()
    assert line.quantity_refunded == 1
    assert Refund.objects.get().psp_reference.startswith("re_")


def test_graphql_line_refunds_refuse_other_producers_bad_input_and_other_roles(client, paid):
    order, two, owners = paid
    line = line_of(order, two[0])
    other_producer = _refund_through_api(client, owners[1], line.pk)["data"]["orderLineRefund"]
    assert [(e["field"], e["code"]) for e in other_producer["errors"]] == [("id", "NOT_FOUND")]
    too_many = _refund_through_api(client, owners[0], line.pk, quantity=99)["data"]["orderLineRefund"]
    assert [(e["field"], e["code"]) for e in too_many["errors"]] == [("quantity", "INVALID")]
    zero = _refund_through_api(client, owners[0], line.pk, quantity=0)["data"]["orderLineRefund"]
    assert [(e["field"], e["code"]) for e in zero["errors"]] == [("quantity", "INVALID")]
    no_reason = _refund_through_api(client, owners[0], line.pk, reason=" ")["data"]["orderLineRefund"]
    assert [(e["field"], e["code"]) for e in no_reason["errors"]] == [("reason", "REQUIRED")]
    shopper = _refund_through_api(client, order.user or factories.user(), line.pk)
    anonymous = _refund_through_api(client, None, line.pk)
    for refused in (shopper, anonymous):
        assert refused["data"]["orderLineRefund"] is None
        assert refused["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert not Refund.objects.exists()
    line.refresh_from_db()
    assert line.quantity_refunded == 0
