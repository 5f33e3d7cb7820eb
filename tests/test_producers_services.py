"""The verification status machine, through the services every face uses."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from ocop.producers import selectors, services
from ocop.producers.models import Producer, ProducerEvent

from . import factories as f


@pytest.fixture
def areas(db):
    return f.area_tree()


@pytest.fixture
def owner(db):
    return f.user(email="owner@example.vn")


def codes(exc: ValidationError) -> dict:
    return {field: [e.code for e in errors] for field, errors in exc.error_dict.items()}


def submitted(areas, owner):
    prod = f.producer(areas["quang_son"], owner=owner)
    f.add_registration_document(prod, owner)
    return services.submit_producer(user=owner, producer_id=prod.pk)


# --------------------------------------------------------------------------- registration

def test_a_user_registers_a_producer_as_a_draft_and_becomes_its_owner(areas, owner):
    prod = services.register_producer(user=owner, data=f.producer_data(areas["quang_son"]))
    assert prod.status == "draft"
    assert prod.phone == "+84912345678" and prod.phone_display == "0912 345 678"
    assert prod.members.get().user == owner and prod.members.get().role == "owner"
    assert list(prod.events.values_list("action", "to_status")) == [("registered", "draft")]
    assert prod.warehouse.area == areas["quang_son"]


@pytest.mark.parametrize("field,value,code", [
    ("registration_number", "ABC-12", "invalid"),
    ("phone", "0123", "invalid"),
    ("phone", "01234567890", "invalid"),
    ("area", "999999", "invalid"),
    ("registration_date", "2099-01-01", "invalid"),
    ("registration_date", "04/05/2020", "invalid"),
    ("legal_form", "corporation", "invalid"),
    ("email", "not-an-email", "invalid"),
    ("name", "", "required"),
])
def test_bad_registration_input_names_the_field_and_saves_nothing(areas, owner, field, value, code):
    with pytest.raises(ValidationError) as caught:
        services.register_producer(user=owner, data=f.producer_data(areas["quang_son"], **{field: value}))
    assert codes(caught.value).get(field) == [code]
    assert Producer.objects.count() == 0 and ProducerEvent.objects.count() == 0


def test_a_province_is_too_coarse_for_a_producer_area(areas, owner):
    with pytest.raises(ValidationError) as caught:
        services.register_producer(user=owner, data=f.producer_data(areas["province"]))
    assert "area" in codes(caught.value)


def test_the_same_registration_number_cannot_register_twice(areas, owner):
    services.register_producer(user=owner, data=f.producer_data(areas["quang_son"], registration_number="2500999999"))
    with pytest.raises(ValidationError) as caught:
        services.register_producer(user=f.user(), data=f.producer_data(areas["quang_son"], registration_number="2500999999"))
    assert codes(caught.value) == {"registration_number": ["unique"]}
    assert Producer.objects.count() == 1


def test_anonymous_cannot_register(areas):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionError):
        services.register_producer(user=AnonymousUser(), data=f.producer_data(areas["quang_son"]))


# --------------------------------------------------------------------------- submission

def test_submitting_needs_the_registration_document(areas, owner):
    prod = f.producer(areas["quang_son"], owner=owner)
    with pytest.raises(ValidationError) as caught:
        services.submit_producer(user=owner, producer_id=prod.pk)
    assert codes(caught.value) == {"documents": ["document_required"]}
    prod.refresh_from_db()
    assert prod.status == "draft"


def test_submission_moves_to_submitted_and_double_submission_is_harmless(areas, owner):
    prod = submitted(areas, owner)
    assert prod.status == "submitted" and prod.submitted_at
    again = services.submit_producer(user=owner, producer_id=prod.pk)
    assert again.status == "submitted"
    assert prod.events.filter(action="submitted").count() == 1


def test_someone_who_is_not_a_member_cannot_submit_or_edit(areas, owner):
    prod = f.producer(areas["quang_son"], owner=owner)
    f.add_registration_document(prod)
    stranger = f.user()
    other_owner = f.user()
    f.producer(areas["quang_son"], owner=other_owner)
    for person in (stranger, other_owner):
        with pytest.raises(ValidationError) as caught:
            services.submit_producer(user=person, producer_id=prod.pk)
        assert codes(caught.value) == {"id": ["not_found"]}
        with pytest.raises(ValidationError):
            services.update_producer(user=person, producer_id=prod.pk, data={"name": "Chiếm quyền"})
    prod.refresh_from_db()
    assert prod.status == "draft" and prod.name != "Chiếm quyền"


def test_a_submitted_producer_cannot_be_edited_until_decided(areas, owner):
    prod = submitted(areas, owner)
    with pytest.raises(ValidationError) as caught:
        services.update_producer(user=owner, producer_id=prod.pk, data={"address": "Khác"})
    assert codes(caught.value) == {"status": ["invalid_status"]}


# --------------------------------------------------------------------------- decisions

def test_officer_of_the_area_approves_and_the_audit_trail_records_who_when_and_what(areas, owner):
    prod = submitted(areas, owner)
    officer = f.officer(areas["lap_thach"])
    services.approve_producer(officer=officer, producer_id=prod.pk)
    prod.refresh_from_db()
    assert prod.status == "approved"
    event = prod.events.get(action="approved")
    assert (event.actor, event.from_status, event.to_status) == (officer, "submitted", "approved")


def test_rejection_needs_a_reason_and_the_producer_can_fix_and_resubmit(areas, owner):
    prod = submitted(areas, owner)
    officer = f.officer(areas["lap_thach"])
    with pytest.raises(ValidationError) as caught:
        services.reject_producer(officer=officer, producer_id=prod.pk, reason="   ")
    assert codes(caught.value) == {"reason": ["required"]}
    prod.refresh_from_db()
    assert prod.status == "submitted"

    services.reject_producer(officer=officer, producer_id=prod.pk, reason="Ảnh giấy phép bị mờ")
    prod.refresh_from_db()
    assert prod.status == "rejected" and prod.status_reason == "Ảnh giấy phép bị mờ"
    services.update_producer(user=owner, producer_id=prod.pk, data={"address": "Thôn Đồng, xóm 2"})
    services.submit_producer(user=owner, producer_id=prod.pk)
    services.approve_producer(officer=officer, producer_id=prod.pk)
    actions = list(prod.events.order_by("created_at", "id").values_list("action", flat=True))
    assert actions == ["submitted", "rejected", "submitted", "approved"]


def test_suspend_needs_a_reason_and_reinstate_brings_the_producer_back(areas, owner):
    prod = submitted(areas, owner)
    officer = f.officer(areas["lap_thach"])
    services.approve_producer(officer=officer, producer_id=prod.pk)
    with pytest.raises(ValidationError):
        services.suspend_producer(officer=officer, producer_id=prod.pk, reason="")
    services.suspend_producer(officer=officer, producer_id=prod.pk, reason="Khiếu nại về chất lượng")
    prod.refresh_from_db()
    assert prod.status == "suspended"
    services.reinstate_producer(officer=officer, producer_id=prod.pk)
    prod.refresh_from_db()
    assert prod.status == "approved" and prod.status_reason == ""


@pytest.mark.parametrize("status,decision", [
    ("draft", "approve"), ("approved", "reject"), ("rejected", "approve"), ("draft", "suspend"),
    ("submitted", "reinstate"), ("suspended", "suspend"), ("approved", "approve"),
])
def test_decisions_that_do_not_fit_the_current_status_are_refused(areas, status, decision):
    prod = f.producer(areas["quang_son"], status=status)
    officer = f.officer(areas["lap_thach"])
    call = {
        "approve": lambda: services.approve_producer(officer=officer, producer_id=prod.pk),
        "reject": lambda: services.reject_producer(officer=officer, producer_id=prod.pk, reason="x"),
        "suspend": lambda: services.suspend_producer(officer=officer, producer_id=prod.pk, reason="x"),
        "reinstate": lambda: services.reinstate_producer(officer=officer, producer_id=prod.pk),
    }[decision]
    with pytest.raises(ValidationError) as caught:
        call()
    assert codes(caught.value)["status"][0] in {"invalid_status", "already_decided"}
    prod.refresh_from_db()
    assert prod.status == status
    assert not prod.events.exists()


def test_an_officer_of_another_area_gets_not_found_and_the_attempt_is_logged(areas, owner, caplog):
    prod = submitted(areas, owner)
    tam_dao_officer = f.officer(areas["tam_dao"])
    with pytest.raises(ValidationError) as caught:
        services.approve_producer(officer=tam_dao_officer, producer_id=prod.pk)
    assert codes(caught.value) == {"id": ["not_found"]}
    assert "outside their areas" in caplog.text
    assert not selectors.producers_for_officer(tam_dao_officer).filter(pk=prod.pk).exists()
    prod.refresh_from_db()
    assert prod.status == "submitted"


@pytest.mark.parametrize("who", ["shopper", "member", "anonymous"])
def test_people_who_are_not_officers_cannot_decide(areas, owner, who):
    from django.contrib.auth.models import AnonymousUser

    prod = submitted(areas, owner)
    person = {"shopper": f.user, "member": lambda: owner, "anonymous": AnonymousUser}[who]()
    with pytest.raises(ValidationError) as caught:
        services.approve_producer(officer=person, producer_id=prod.pk)
    assert codes(caught.value) == {"id": ["not_found"]}


def test_staff_see_and_decide_everywhere(areas, owner):
    prod = submitted(areas, owner)
    staff = f.user(is_staff=True)
    services.approve_producer(officer=staff, producer_id=prod.pk)
    prod.refresh_from_db()
    assert prod.status == "approved"


def test_an_officer_of_a_province_sees_producers_of_every_commune_below(areas, owner):
    prod = submitted(areas, owner)
    assert selectors.producers_for_officer(f.officer(areas["province"])).filter(pk=prod.pk).exists()
    assert selectors.producers_for_officer(f.officer(areas["quang_son"])).filter(pk=prod.pk).exists()
    assert not selectors.producers_for_officer(f.officer(areas["dai_dinh"])).filter(pk=prod.pk).exists()


def test_the_audit_trail_cannot_be_edited_or_deleted_even_directly(areas, owner):
    from django.db import DatabaseError, transaction

    prod = submitted(areas, owner)
    event = prod.events.first()
    with pytest.raises(DatabaseError), transaction.atomic():
        ProducerEvent.objects.filter(pk=event.pk).update(reason="sửa lịch sử")
    with pytest.raises(DatabaseError), transaction.atomic():
        ProducerEvent.objects.filter(pk=event.pk).delete()
    assert ProducerEvent.objects.get(pk=event.pk).reason == event.reason


@pytest.mark.django_db(transaction=True)
def test_two_officers_deciding_at_once_record_exactly_one_decision():
    areas = f.area_tree()
    owner = f.user()
    prod = submitted(areas, owner)
    first, second = f.officer(areas["lap_thach"]), f.officer(areas["province"])
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(officer, approve):
        try:
            barrier.wait()
            if approve:
                services.approve_producer(officer=officer, producer_id=prod.pk)
            else:
                services.reject_producer(officer=officer, producer_id=prod.pk, reason="Thiếu giấy tờ")
            outcomes.append("decided")
        except ValidationError as exc:
            outcomes.append(codes(exc)["status"][0])
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(first, True)), threading.Thread(target=decide, args=(second, False))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["decided", "invalid_status"] or sorted(outcomes) == ["already_decided", "decided"]
    assert ProducerEvent.objects.filter(producer=prod, action__in=["approved", "rejected"]).count() == 1


# --------------------------------------------------------------------------- certificates and visibility

def certificate(prod, **overrides):
    from datetime import date

    from ocop.producers.models import OcopCertificate

    data = {"product_name": "Chè xanh", "decision_number": f"{prod.pk}/QĐ-UBND", "decision_date": date(2025, 3, 1),
            "issuing_authority": "UBND tỉnh Vĩnh Phúc", "authority_level": "province", "product_group": "food",
            "stars": 4}
    data.update(overrides)
    return OcopCertificate.objects.create(producer=prod, **data)


def test_certificate_is_valid_36_months_from_the_decision(areas):
    from datetime import date

    cert = certificate(f.producer(areas["quang_son"]))
    assert cert.valid_until == date(2028, 3, 1)


def test_officer_verifies_then_revokes_a_certificate_in_their_area_only(areas):
    prod = f.producer(areas["quang_son"], status="approved")
    cert = certificate(prod)
    with pytest.raises(ValidationError) as caught:
        services.verify_certificate(officer=f.officer(areas["tam_dao"]), certificate_id=cert.pk)
    assert codes(caught.value) == {"id": ["not_found"]}
    officer = f.officer(areas["lap_thach"])
    services.verify_certificate(officer=officer, certificate_id=cert.pk)
    cert.refresh_from_db()
    assert cert.verified_by == officer and cert.shows_stars
    with pytest.raises(ValidationError) as caught:
        services.revoke_certificate(officer=officer, certificate_id=cert.pk, reason="")
    assert codes(caught.value) == {"reason": ["required"]}
    services.revoke_certificate(officer=officer, certificate_id=cert.pk, reason="Không tái đánh giá")
    cert.refresh_from_db()
    assert cert.status == "revoked" and not cert.shows_stars


def test_daily_job_expires_old_certificates_and_warns_30_days_ahead(areas, mailoutbox):
    from datetime import date

    prod = f.producer(areas["quang_son"], status="approved", email="htx@example.vn")
    old = certificate(prod, decision_number="1/QĐ", decision_date=date(2022, 1, 1))
    soon = certificate(prod, decision_number="2/QĐ", decision_date=date(2023, 12, 20))
    later = certificate(prod, decision_number="3/QĐ", decision_date=date(2025, 1, 1))
    result = services.expire_certificates(today=date(2026, 11, 26))
    assert result == {"expired": 1, "warned": 1}
    for c in (old, soon, later):
        c.refresh_from_db()
    assert (old.status, soon.status, later.status) == ("expired", "valid", "valid")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["htx@example.vn"]
    assert "20/12/2026" in mailoutbox[0].subject
    assert services.expire_certificates(today=date(2026, 11, 26)) == {"expired": 0, "warned": 0}


def test_products_are_public_only_while_the_producer_is_approved_and_stars_only_while_certified(seeded):
    from django.utils import timezone

    from ocop.catalog.models import Product
    from ocop.catalog.selectors import product_stars, public_products

    assert not public_products().exclude(producer__status="approved").exists()
    assert Product.objects.exclude(producer__status="approved").filter(is_published=True).exists()
    for product in Product.objects.select_related("ocop_certificate").filter(ocop_certificate__isnull=False):
        cert = product.ocop_certificate
        expected = cert.stars if (cert.status == "valid" and cert.verified_at
                                  and cert.valid_until >= timezone.localdate()) else None
        assert product_stars(product) == expected
    assert any(product_stars(p) is None for p in Product.objects.filter(ocop_certificate__status="revoked"))
    assert any(product_stars(p) for p in Product.objects.filter(ocop_certificate__status="valid"))
