"""Orders for the GraphQL order tests: placed through the real checkout and order services, paid
(when asked) through the dummy gateway."""

from ocop.orders import services as orders
from ocop.payments import services as payments
from ocop.payments.gateways.dummy import DummyGateway
from ocop.producers.models import ProducerMember

from . import factories
from .checkout_factories import ready_checkout


def place_order(lines, *, user=None, email="khach@example.vn", paid=False):
    """paid: False, True (the dummy gateway) or "stripe" (a Visa card through localstripe)."""
    checkout = ready_checkout(lines, user=user, email=email)
    if not paid:
        return orders.complete_checkout(checkout)
    if paid == "stripe":
        from .test_payments import card_token

        payment = payments.start_payment(checkout=checkout)
        return payments.pay(payment=payment, card_token=card_token())
    gateway = DummyGateway()
    payment = payments.start_payment(checkout=checkout, gateway=gateway)
    return payments.pay(payment=payment, card_token="tok_ok", gateway=gateway)


def member_of(producer, role="owner"):
    person = factories.user()
    ProducerMember.objects.create(producer=producer, user=person, role=role)
    return person
