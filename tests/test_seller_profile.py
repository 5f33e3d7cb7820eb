"""An approved producer keeps its story (also in English), contact and payout details up to date at
/seller/profile/; what the officer verified stays as it is; the shop shows the story in the page's
language."""

import pytest
from django.core.exceptions import ValidationError

from ocop.producers import services
from ocop.producers.models import Producer, ProducerTranslation
from tests import factories as f
from tests.test_catalog_helpers import make_producer, make_user

pytestmark = pytest.mark.django_db

PROFILE = "/seller/profile/"
FORM = {"description": "Hợp tác xã nuôi ong ở chân núi Tam Đảo.", "description_en": "",
        "representative": "Nguyễn Văn A", "phone": "0912 345 678", "email": "htx@ocop.example",
        "bank_name": "Agribank", "bank_account_number": "1234567890", "bank_account_name": "HTX THU"}


@pytest.fixture
def member(client):
    user = make_user()
    producer = make_producer(owner=user, status="approved")
    client.force_login(user)
    return client, user, producer


def english(producer):
    return ProducerTranslation.objects.filter(producer=producer, language_code="en").first()


def test_the_story_in_both_languages_contact_and_bank_details_are_saved(member):
    client, _user, producer = member
    page = client.get(PROFILE).content.decode()
    assert 'value="0912 345 678"' in page and "Câu chuyện của bạn bằng tiếng Anh" in page
    response = client.post(PROFILE, {**FORM, "description_en": "A beekeeping cooperative below Tam Dao.",
                                      "phone": "0987 654 321"})
    assert response.status_code == 302 and response["Location"] == "/seller/"
    producer.refresh_from_db()
    assert (producer.description, producer.phone, producer.bank_name) == (FORM["description"], "+84987654321",
                                                                          "Agribank")
    assert english(producer).description == "A beekeeping cooperative below Tam Dao."
    assert 'href="/seller/profile/"' in client.get("/seller/").content.decode()


def test_the_shop_shows_the_story_in_the_page_s_language(member, client):
    _client, user, producer = member
    services.update_producer(user=user, producer_id=producer.pk,
                             data={"description": "Nuôi ong ở Tam Đảo.",
                                   "translations": {"en": {"description": "Beekeepers of Tam Dao."}}})
    anonymous = client.__class__()
    page = anonymous.get(f"/producers/{producer.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Beekeepers of Tam Dao." in page and "Nuôi ong ở Tam Đảo." not in page
    assert '<meta name="description" content="Beekeepers of Tam Dao.">' in page
    page = anonymous.get(f"/producers/{producer.slug}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Nuôi ong ở Tam Đảo." in page and "Beekeepers" not in page
    services.update_producer(user=user, producer_id=producer.pk, data={"translations": {"en": {"description": ""}}})
    assert english(producer) is None
    page = anonymous.get(f"/producers/{producer.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Nuôi ong ở Tam Đảo." in page  # no English story: the Vietnamese one


def test_a_bad_phone_and_e_mail_are_shown_beside_their_fields_and_nothing_is_saved(member):
    client, _user, producer = member
    response = client.post(PROFILE, {**FORM, "phone": "12", "email": "not-an-e-mail", "description": "Mới"})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_email_error"' in page
    response = client.post(PROFILE, {**FORM, "phone": "12", "description": "Mới"})
    assert response.status_code == 400 and 'id="id_phone_error"' in response.content.decode()
    producer.refresh_from_db()
    assert producer.description == "" and producer.phone == "+84912345678"


def test_a_too_long_english_story_is_refused_in_english_beside_its_field(member):
    client, _user, producer = member
    response = client.post(PROFILE, {**FORM, "description_en": "x" * 20001}, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 400 and 'id="id_description_en_error"' in page
    assert "Use at most 20000 characters" in page
    producer.refresh_from_db()
    assert producer.description == "" and english(producer) is None


def test_the_service_refuses_unknown_languages_and_verified_details_after_approval(member):
    _client, user, producer = member
    with pytest.raises(ValidationError) as refused:
        services.update_producer(user=user, producer_id=producer.pk,
                                 data={"translations": {"de": {"description": "Imker"}}, "phone": "1"})
    assert set(refused.value.error_dict) == {"translations.de", "phone"}
    with pytest.raises(ValidationError) as refused:
        services.update_producer(user=user, producer_id=producer.pk, data={"name": "Tên khác"})
    assert set(refused.value.error_dict) == {"name"}
    assert not ProducerTranslation.objects.exists()


@pytest.mark.parametrize("status", ["draft", "submitted", "rejected"])
def test_before_approval_the_page_sends_members_to_their_dashboard(client, status):
    user = make_user()
    make_producer(owner=user, status=status)
    client.force_login(user)
    response = client.post(PROFILE, FORM)
    assert response.status_code == 302 and response["Location"] == "/seller/"
    assert Producer.objects.get().description == ""


def test_a_suspended_producer_can_still_correct_its_details(client):
    user = make_user()
    producer = make_producer(owner=user, status="suspended")
    client.force_login(user)
    assert client.post(PROFILE, FORM).status_code == 302
    producer.refresh_from_db()
    assert producer.description == FORM["description"]


def test_people_who_are_not_members_cannot_reach_it(client):
    assert client.get(PROFILE)["Location"].startswith("/accounts/login/")
    client.force_login(make_user())  # a shopper
    assert client.get(PROFILE)["Location"] == "/seller/start/"
    producer = make_producer(owner=make_user(), status="approved")
    client.force_login(f.officer(producer.area))  # the area officer of that producer is not a member
    assert client.post(PROFILE, FORM)["Location"] == "/seller/start/"
    assert Producer.objects.get(pk=producer.pk).description == ""


def test_the_page_is_complete_in_english(member):
    client, _user, _producer = member
    page = client.get(PROFILE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your story in English" in page and "Save changes" in page
    for vietnamese in ("Câu chuyện", "Lưu thay đổi", "Ngân hàng", "Số tài khoản"):
        assert vietnamese not in page
