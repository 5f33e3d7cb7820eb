"""The seller portal and the officer desk, through the web, for every role."""

import pytest

from ocop.producers.models import Producer

from . import factories as f


@pytest.fixture
def areas(db):
    return f.area_tree()


def login(client, person):
    client.force_login(person)
    return client


def register_through_the_steps(client, area):
    steps = {
        "legal": {"legal_form": "cooperative", "name": "Hợp tác xã Chè Quang Sơn Mới", "registration_number": "2500 123 456",
                  "registration_date": "2021-03-02", "registration_issuer": "Phòng TC-KH huyện Lập Thạch"},
        "contact": {"representative": "Lê Thị Hoa", "phone": "0912 345 678", "email": "htx.moi@example.vn"},
        "area": {"area": area.pk, "address": "Thôn Đồng Bùa"},
        "about": {"description": "Chè xanh hữu cơ.", "bank_name": "Agribank", "bank_account_number": "123456789",
                  "bank_account_name": "HTX CHE QUANG SON"},
    }
    response = None
    for step, data in steps.items():
        response = client.post(f"/seller/register/{step}/", data)
        assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_a_new_user_signs_up_registers_uploads_and_submits(client, areas):
    response = client.post("/seller/signup/", {"full_name": "Lê Thị Hoa", "email": "hoa@example.vn",
                                               "password": "che-xanh-quang-son"})
    assert response.status_code == 302 and response["Location"] == "/seller/register/legal/"
    response = register_through_the_steps(client, areas["quang_son"])
    assert response["Location"] == "/seller/documents/"
    producer = Producer.objects.get(name="Hợp tác xã Chè Quang Sơn Mới")
    assert producer.status == "draft" and producer.registration_number == "2500123456"

    response = client.post("/seller/submit/")
    assert Producer.objects.get(pk=producer.pk).status == "draft"
    assert "giấy chứng nhận đăng ký" in client.get(response["Location"]).content.decode().lower()

    response = client.post("/seller/documents/", {"kind": "registration", "file": f.upload()})
    assert response.status_code == 302
    assert client.post("/seller/submit/").status_code == 302
    producer.refresh_from_db()
    assert producer.status == "submitted"
    page = client.get("/seller/").content.decode()
    assert "Đã gửi thẩm định" in page


def test_each_registration_step_shows_errors_beside_the_field_in_vietnamese(client, areas):
    login(client, f.user())
    response = client.post("/seller/register/legal/", {"legal_form": "cooperative", "name": "HTX",
                                                       "registration_number": "12-AB"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in html and "Mã số đăng ký" in html
    assert "6 đến 14 chữ số" in html
    client.post("/seller/register/legal/", {"legal_form": "cooperative", "name": "HTX", "registration_number": "2500123456"})
    response = client.post("/seller/register/contact/", {"representative": "A", "phone": "0123", "email": "a@b.vn"})
    assert "Nhập số điện thoại Việt Nam" in response.content.decode()
    assert Producer.objects.count() == 0


def test_the_same_errors_in_english(client, areas):
    login(client, f.user())
    client.post("/seller/register/legal/", {"legal_form": "cooperative", "name": "HTX", "registration_number": "2500123456"})
    response = client.post("/seller/register/contact/", {"representative": "A", "phone": "0123", "email": "a@b.vn"},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert "Enter a Vietnamese phone number such as 0912 345 678." in response.content.decode()


@pytest.mark.parametrize("name,content,content_type", [
    ("virus.pdf", b"MZ\x90\x00 this is a windows program", "application/pdf"),
    ("page.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"),
    ("empty.pdf", b"", "application/pdf"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n", "application/pdf"),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "image/png"),
])
def test_document_uploads_that_lie_about_their_type_are_refused(client, areas, name, content, content_type):
    owner = f.user()
    prod = f.producer(areas["quang_son"], owner=owner)
    login(client, owner)
    response = client.post("/seller/documents/", {"kind": "registration",
                                                  "file": f.upload(name, content, content_type)})
    assert response.status_code == 200
    assert "error-message" in response.content.decode()
    assert not prod.documents.exists()


def test_a_document_over_10_mb_is_refused(client, areas, settings):
    owner = f.user()
    prod = f.producer(areas["quang_son"], owner=owner)
    login(client, owner)
    big = f.pdf_bytes()[:-7] + b"0" * (10 * 1024 * 1024) + b"\n%%EOF\n"
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None
    response = client.post("/seller/documents/", {"kind": "registration", "file": f.upload("big.pdf", big)})
    assert "10 MB" in response.content.decode()
    assert not prod.documents.exists()


def test_rejected_producer_sees_the_reason_fixes_and_resubmits(client, areas):
    owner = f.user()
    prod = f.producer(areas["quang_son"], status="rejected", owner=owner)
    Producer.objects.filter(pk=prod.pk).update(status_reason="Thiếu trang 2 của giấy phép")
    f.add_registration_document(prod, owner)
    login(client, owner)
    assert "Thiếu trang 2 của giấy phép" in client.get("/seller/").content.decode()
    assert client.post("/seller/register/area/", {"area": areas["quang_son"].pk, "address": "Xóm mới"}).status_code == 302
    client.post("/seller/submit/")
    prod.refresh_from_db()
    assert prod.status == "submitted" and prod.address == "Xóm mới"


def test_seller_pages_need_a_login(client, areas):
    for url in ["/seller/", "/seller/documents/", "/seller/submit/", "/seller/register/legal/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_member_cannot_open_another_producers_document(client, areas):
    owner, other = f.user(), f.user()
    prod = f.producer(areas["quang_son"], owner=owner)
    f.producer(areas["quang_son"], owner=other)
    doc = f.add_registration_document(prod, owner)
    login(client, owner)
    response = client.get(f"/seller/documents/{doc.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    login(client, other)
    assert client.get(f"/seller/documents/{doc.pk}/").status_code == 404


# --------------------------------------------------------------------------- officer desk

def submitted_producer(areas):
    owner = f.user()
    prod = f.producer(areas["quang_son"], owner=owner, name="Hợp tác xã Chè Đợi Duyệt")
    f.add_registration_document(prod, owner)
    from ocop.producers import services

    services.submit_producer(user=owner, producer_id=prod.pk)
    return prod


def test_the_officer_queue_lists_submitted_producers_of_my_areas_only(client, areas):
    prod = submitted_producer(areas)
    login(client, f.officer(areas["lap_thach"]))
    assert prod.name in client.get("/officer/").content.decode()
    login(client, f.officer(areas["tam_dao"]))
    assert prod.name not in client.get("/officer/").content.decode()


def test_an_officer_of_another_area_gets_not_found_by_url(client, areas, caplog):
    prod = submitted_producer(areas)
    doc = prod.documents.first()
    login(client, f.officer(areas["tam_dao"]))
    assert client.get(f"/officer/producers/{prod.pk}/").status_code == 404
    assert client.post(f"/officer/producers/{prod.pk}/decide/", {"action": "approve"}).status_code == 404
    assert client.get(f"/officer/producers/{prod.pk}/documents/{doc.pk}/").status_code == 404
    assert "outside their areas" in caplog.text
    prod.refresh_from_db()
    assert prod.status == "submitted"


@pytest.mark.parametrize("who", ["shopper", "member"])
def test_people_who_are_not_officers_get_not_found_on_the_desk(client, areas, who):
    prod = submitted_producer(areas)
    person = prod.members.first().user if who == "member" else f.user()
    login(client, person)
    for url in ["/officer/", f"/officer/producers/{prod.pk}/", "/officer/certificates/"]:
        assert client.get(url).status_code == 404
    assert client.post(f"/officer/producers/{prod.pk}/decide/", {"action": "approve"}).status_code == 404


def test_anonymous_is_sent_to_log_in(client, areas):
    prod = submitted_producer(areas)
    response = client.get(f"/officer/producers/{prod.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_officer_rejects_with_a_reason_then_approves_after_resubmission(client, areas):
    prod = submitted_producer(areas)
    officer = f.officer(areas["lap_thach"])
    login(client, officer)
    page = client.get(f"/officer/producers/{prod.pk}/").content.decode()
    assert prod.registration_number in page and "Mở tệp PDF" in page
    response = client.post(f"/officer/producers/{prod.pk}/decide/", {"action": "reject", "reason": ""}, follow=True)
    assert "Nêu lý do" in response.content.decode()
    prod.refresh_from_db()
    assert prod.status == "submitted"
    client.post(f"/officer/producers/{prod.pk}/decide/", {"action": "reject", "reason": "Ảnh mờ"})
    prod.refresh_from_db()
    assert prod.status == "rejected"
    response = client.post(f"/officer/producers/{prod.pk}/decide/", {"action": "approve"}, follow=True)
    assert "Không thể" in response.content.decode()
    prod.refresh_from_db()
    assert prod.status == "rejected"


def test_officer_verifies_a_certificate_from_the_certificates_page(client, areas):
    from .test_producers_services import certificate

    prod = f.producer(areas["quang_son"], status="approved")
    cert = certificate(prod)
    login(client, f.officer(areas["lap_thach"]))
    assert cert.decision_number in client.get("/officer/certificates/").content.decode()
    client.post(f"/officer/certificates/{cert.pk}/decide/", {"action": "verify"})
    cert.refresh_from_db()
    assert cert.verified_at is not None
    login(client, f.officer(areas["tam_dao"]))
    assert client.post(f"/officer/certificates/{cert.pk}/decide/",
                       {"action": "revoke", "reason": "x"}).status_code == 404
    cert.refresh_from_db()
    assert cert.status == "valid"


def test_staff_approve_through_the_admin_action_with_the_same_rules(client, areas):
    prod = submitted_producer(areas)
    draft = f.producer(areas["quang_son"])
    staff = f.user(is_staff=True, is_superuser=True)
    login(client, staff)
    response = client.post("/admin/producers/producer/", {"action": "approve", "_selected_action": [prod.pk, draft.pk]},
                           follow=True)
    assert response.status_code == 200
    prod.refresh_from_db()
    draft.refresh_from_db()
    assert prod.status == "approved" and draft.status == "draft"
    assert prod.events.get(action="approved").actor == staff


def test_the_officer_reads_the_story_in_english_too(client, areas):
    from ocop.producers.models import ProducerTranslation

    prod = submitted_producer(areas)
    ProducerTranslation.objects.create(producer=prod, language_code="en", description="Tea grown on red hills.")
    login(client, f.officer(areas["lap_thach"]))
    page = client.get(f"/officer/producers/{prod.pk}/").content.decode()
    assert "Câu chuyện (Tiếng Anh)" in page and '<p lang="en">Tea grown on red hills.</p>' in page
    page = client.get(f"/officer/producers/{prod.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Story in English" in page
