"""Limits applied where people can be abused: sign-up, password reset, tokens, search; officers
re-enter their password before decisions."""

import time

import pytest

from ocop.core.security import AUTH_TIME_SESSION_KEY

from . import factories as f
from .graphql_client import gql


@pytest.fixture
def limits_on(settings):
    settings.RATELIMIT_ENABLED = True
    settings.RATE_LIMITS = {}


def test_the_sixth_sign_up_in_an_hour_from_one_address_is_refused(db, client, limits_on):
    for n in range(5):
        client.post("/accounts/signup/", {"full_name": "A", "email": f"a{n}@example.vn", "password": "x"})
    response = client.post("/accounts/signup/", {"full_name": "A", "email": "a9@example.vn",
                                                 "password": "mua-dac-san-2026"})
    assert response.status_code == 429
    from ocop.accounts.models import User

    assert not User.objects.filter(email="a9@example.vn").exists()


def test_password_reset_requests_are_limited(db, client, limits_on, mailoutbox):
    f.user(email="an@example.vn")
    codes = [client.post("/accounts/password-reset/", {"email": "an@example.vn"}).status_code for _ in range(5)]
    assert codes[:3] == [302, 302, 302] and codes[-1] == 429
    assert len(mailoutbox) == 3


def test_token_creation_is_limited_per_account_with_a_clear_error(db, client, limits_on):
    f.user(email="chu@example.vn", password="mat-khau-that-dai")
    query = 'mutation { tokenCreate(email: "chu@example.vn", password: "sai") { token errors { code message } } }'
    results = [gql(client, query)["data"]["tokenCreate"]["errors"][0]["code"] for _ in range(11)]
    assert results[:10] == ["INVALID_CREDENTIALS"] * 10 and results[10] == "RATE_LIMITED"


def test_search_is_limited_per_address(db, client, limits_on, settings):
    settings.RATE_LIMITS = {"search": {"ip": "3/60"}}
    codes = [client.get("/search/", {"q": "mat ong"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_an_officer_whose_login_is_old_confirms_the_password_before_a_decision(db, client):
    areas = f.area_tree()
    producer = f.producer(areas["quang_son"], status="submitted")
    officer = f.officer(areas["lap_thach"], password="can-bo-mat-khau-dai")
    client.post("/accounts/login/", {"username": officer.email, "password": "can-bo-mat-khau-dai"})
    session = client.session
    session[AUTH_TIME_SESSION_KEY] = int(time.time()) - 3600
    session.save()
    response = client.post(f"/officer/producers/{producer.pk}/decide/", {"action": "approve"})
    assert response.status_code == 302 and "/accounts/confirm-password/" in response["Location"]
    producer.refresh_from_db()
    assert producer.status == "submitted"
    client.post("/accounts/confirm-password/", {"password": "can-bo-mat-khau-dai",
                                                "next": f"/officer/producers/{producer.pk}/"})
    client.post(f"/officer/producers/{producer.pk}/decide/", {"action": "approve"})
    producer.refresh_from_db()
    assert producer.status == "approved"
