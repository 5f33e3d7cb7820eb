"""Staff record payouts to producers: a `payout` debit that never exceeds the balance (the
producer row locked, so two staff at once cannot overpay), shown in the producer's statement;
bad input names its field and writes nothing; only staff reach the payouts pages."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from ocop.orders.services import complete_checkout
from ocop.payments import ledger
from ocop.payments.models import LedgerEntry
from ocop.producers.models import ProducerMember
from tests import factories
from tests.checkout_factories import ready_checkout, variants_of_two_producers

TODAY = datetime.date(2026, 11, 2)


def producer_with_sales(seeded_variant):
    """A producer credited for one paid parcel; returns (producer, balance)."""
    order = complete_checkout(ready_checkout([(seeded_variant, 2)]))
    ledger.record_sales(order)
    producer = seeded_variant.product.producer
    return producer, ledger.balance(producer)


@pytest.fixture
def owed(seeded):
    variant = variants_of_two_producers(stock=10)[0]
    return producer_with_sales(variant)


@pytest.fixture
def staff_user(db):
    return factories.user(is_staff=True)


def test_a_payout_debits_the_balance_and_is_kept_with_its_reference(owed, staff_user):
    producer, balance = owed
    entry = ledger.record_payout(user=staff_user, producer_id=producer.pk, amount="100.000",
                                 reference="VCB 2611-0042", paid_on=TODAY, note="Tháng 11")
    assert (entry.kind, entry.amount, entry.commission_amount) == ("payout", -100000, 0)
    assert (entry.reference, entry.paid_on, entry.note, entry.created_by) == ("VCB 2611-0042", TODAY, "Tháng 11",
                                                                             staff_user)
    assert ledger.balance(producer) == balance - 100000


def test_the_whole_balance_can_be_paid_out_but_not_a_dong_more(owed, staff_user):
    producer, balance = owed
    with pytest.raises(ValidationError) as exc:
        ledger.record_payout(user=staff_user, producer_id=producer.pk, amount=balance + 1, reference="R1",
                             paid_on=TODAY)
    assert exc.value.error_dict["amount"][0].code == "insufficient_balance"
    ledger.record_payout(user=staff_user, producer_id=producer.pk, amount=balance, reference="R2", paid_on=TODAY)
    assert ledger.balance(producer) == 0


@pytest.mark.parametrize("field, values", [
    ("amount", {"amount": "-5000"}),
    ("amount", {"amount": "0"}),
    ("amount", {"amount": "150.00"}),
    ("amount", {"amount": "1.500.000,50"}),
    ("amount", {"amount": "1500.5"}),
    ("amount", {"amount": "abc"}),
    ("amount", {"amount": ""}),
    ("amount", {"amount": 12.5}),
    ("reference", {"reference": "  "}),
    ("paid_on", {"paid_on": ""}),
    ("paid_on", {"paid_on": "26/11/2026"}),
    ("paid_on", {"paid_on": timezone.localdate() + datetime.timedelta(days=2)}),
])
def test_bad_input_names_the_field_and_writes_nothing(owed, staff_user, field, values):
    producer, balance = owed
    arguments = {"amount": "1000", "reference": "R", "paid_on": TODAY, **values}
    with pytest.raises(ValidationError) as exc:
        ledger.record_payout(user=staff_user, producer_id=producer.pk, **arguments)
    assert list(exc.value.error_dict) == [field]
    assert not LedgerEntry.objects.filter(kind="payout").exists() and ledger.balance(producer) == balance


@pytest.mark.parametrize("producer_id", ["abc", "", None, "1; DROP TABLE", 10**12])
def test_an_unknown_or_malformed_producer_names_the_field_and_writes_nothing(owed, staff_user, producer_id):
    producer, balance = owed
    with pytest.raises(ValidationError) as exc:
        ledger.record_payout(user=staff_user, producer_id=producer_id, amount="1000", reference="R", paid_on=TODAY)
    assert list(exc.value.error_dict) == ["producer"]
    assert not LedgerEntry.objects.filter(kind="payout").exists() and ledger.balance(producer) == balance


def test_only_staff_may_record_a_payout(owed):
    producer, _balance = owed
    with pytest.raises(PermissionDenied):
        ledger.record_payout(user=factories.user(), producer_id=producer.pk, amount=1000, reference="R",
                             paid_on=TODAY)


@pytest.mark.django_db(transaction=True)
def test_two_staff_paying_out_at_once_cannot_overpay(seeded):
    producer, balance = producer_with_sales(variants_of_two_producers(stock=10)[0])
    staff = [factories.user(is_staff=True) for _ in range(2)]
    amount = balance * 6 // 10
    results, barrier = [], threading.Barrier(2)

    def pay_out(user, reference):
        try:
            barrier.wait()
            ledger.record_payout(user=user, producer_id=producer.pk, amount=amount, reference=reference,
                                 paid_on=TODAY)
            results.append("paid")
        except ValidationError as exc:
            results.append(exc.error_dict["amount"][0].code)
        finally:
            connection.close()

    threads = [threading.Thread(target=pay_out, args=(user, f"R{i}")) for i, user in enumerate(staff)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["insufficient_balance", "paid"]
    assert ledger.balance(producer) == balance - amount


def test_the_producer_sees_the_payout_in_its_statement(client, owed, staff_user):
    producer, balance = owed
    ledger.record_payout(user=staff_user, producer_id=producer.pk, amount=50000, reference="ACB-771",
                         paid_on=TODAY, note="Đợt 1")
    owner = factories.user()
    ProducerMember.objects.create(producer=producer, user=owner, role="owner")
    client.force_login(owner)
    html = client.get("/seller/balance/").content.decode()
    assert "ACB-771" in html and "Đợt 1" in html and 'data-kind="payout"' in html
    from ocop.core.money import format_vnd

    assert format_vnd(balance - 50000) in html


def test_staff_record_a_payout_from_the_producers_page(client, owed, staff_user):
    producer, balance = owed
    client.force_login(staff_user)
    listing = client.get("/staff/payouts/")
    assert listing.status_code == 200 and producer.name in listing.content.decode()
    response = client.post(f"/staff/payouts/{producer.pk}/", {"amount": "20000", "reference": "TCB 1",
                                                             "paid_on": TODAY.isoformat(), "note": ""})
    assert response.status_code == 302
    assert ledger.balance(producer) == balance - 20000


def test_the_payout_form_shows_each_error_beside_its_field_and_saves_nothing(client, owed, staff_user):
    producer, balance = owed
    client.force_login(staff_user)
    response = client.post(f"/staff/payouts/{producer.pk}/", {"amount": "-1", "reference": "", "paid_on": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count('class="error-message"') == 3 and 'href="#id_amount"' in html
    assert ledger.balance(producer) == balance


@pytest.mark.parametrize("who", ["shopper", "producer member", "officer"])
def test_people_who_are_not_staff_get_not_found(client, owed, who):
    producer, balance = owed
    if who == "shopper":
        person = factories.user()
    elif who == "producer member":
        person = factories.user()
        ProducerMember.objects.create(producer=producer, user=person, role="owner")
    else:
        person = factories.officer(producer.area)
    client.force_login(person)
    assert client.get("/staff/payouts/").status_code == 404
    assert client.get(f"/staff/payouts/{producer.pk}/").status_code == 404
    assert client.post(f"/staff/payouts/{producer.pk}/", {"amount": "1000", "reference": "R",
                                                          "paid_on": TODAY.isoformat()}).status_code == 404
    assert ledger.balance(producer) == balance


def test_anonymous_visitors_are_sent_to_log_in(client, owed):
    producer, balance = owed
    for response in (client.get("/staff/payouts/"),
                     client.post(f"/staff/payouts/{producer.pk}/", {"amount": "1000", "reference": "R",
                                                                    "paid_on": TODAY.isoformat()})):
        assert response.status_code == 302 and "login" in response["Location"]
    assert ledger.balance(producer) == balance


def test_staff_with_an_old_login_confirm_their_password_before_recording_a_payout(client, owed, staff_user):
    import time

    from ocop.core.security import AUTH_TIME_SESSION_KEY

    producer, balance = owed
    client.force_login(staff_user)
    session = client.session
    session[AUTH_TIME_SESSION_KEY] = int(time.time()) - 3600
    session.save()
    response = client.post(f"/staff/payouts/{producer.pk}/", {"amount": "1000", "reference": "R",
                                                             "paid_on": TODAY.isoformat()})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/confirm-password/")
    assert ledger.balance(producer) == balance
