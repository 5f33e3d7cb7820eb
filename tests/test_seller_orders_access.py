"""The producers' order, balance and delivery pages refuse everyone who is not a member of an
approved producer: anonymous visitors go to log in, a shopper or a member of a producer still
waiting for approval (or suspended) gets 'not found', and nothing changes on a refused POST."""

import pytest

from ocop.orders.models import FulfillmentStatus
from ocop.payments import services as payments
from tests import factories
from tests.checkout_factories import ready_checkout, variants_of_two_producers
from tests.test_payments import card_token


@pytest.fixture
def parcel(seeded):
    two = variants_of_two_producers(stock=10)
    order = payments.pay(payment=payments.start_payment(checkout=ready_checkout([(two[0], 1)])),
                         card_token=card_token())
    return order.fulfillments.get()


def pages(parcel):
    return [("get", "/seller/orders/"), ("get", f"/seller/orders/{parcel.pk}/"), ("get", "/seller/balance/"),
            ("get", "/seller/shipping/"), ("post", f"/seller/orders/{parcel.pk}/confirm/"),
            ("post", "/seller/shipping/")]


def test_anonymous_visitors_are_sent_to_log_in(client, parcel):
    for method, url in pages(parcel):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    parcel.refresh_from_db()
    assert parcel.status == FulfillmentStatus.UNCONFIRMED


@pytest.mark.parametrize("status", [None, "submitted", "suspended"])  # a shopper; members of such producers
def test_shoppers_and_members_of_unapproved_producers_get_not_found(client, parcel, status):
    user = factories.user()
    if status:
        factories.producer(parcel.producer.area, status=status, owner=user)
    client.force_login(user)
    for method, url in pages(parcel):
        assert getattr(client, method)(url).status_code == 404, (status, url)
    parcel.refresh_from_db()
    assert parcel.status == FulfillmentStatus.UNCONFIRMED
