"""Accounts through GraphQL in Saleor's names: tokens, sign-up, passwords, profile, deletion request."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.tokens import default_token_generator

from ocop.accounts.models import User
from ocop.accounts.tokens import create_refresh_token

from . import factories as f
from .graphql_client import gql

PASSWORD = "mat-khau-dai-2026"
REGISTER = """mutation($input: AccountRegisterInput!) { accountRegister(input: $input) {
  requiresConfirmation user { email firstName lastName languageCode isActive isConfirmed } errors { field code message } } }"""
RESET = """mutation($email: String!, $url: String!) { requestPasswordReset(email: $email, redirectUrl: $url) {
  errors { field code message } } }"""
SET_PASSWORD = """mutation($email: String!, $token: String!, $password: String!) {
  setPassword(email: $email, token: $token, password: $password) { token refreshToken user { email }
  errors { field code message } } }"""
CHANGE = """mutation($old: String, $new: String!) { passwordChange(oldPassword: $old, newPassword: $new) {
  errors { field code message } } }"""
UPDATE = """mutation($input: AccountInput!) { accountUpdate(input: $input) {
  user { firstName lastName languageCode defaultShippingAddress { city countryArea phone } }
  errors { field code message } } }"""
ME = """{ me { id email firstName lastName isActive isConfirmed dateJoined avatar { url } metadata { key }
  addresses { id } defaultShippingAddress { id } defaultBillingAddress { id }
  orders(first: 10) { totalCount edges { node { id } } pageInfo { hasNextPage } } } }"""


@pytest.fixture
def client():
    """Messages are compared in English; the shop's default language is Vietnamese."""
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def limits_on(settings):
    settings.RATELIMIT_ENABLED = True
    settings.RATE_LIMITS = {}


@pytest.fixture
def areas(db):
    return f.area_tree()


def register_input(**overrides):
    data = {"email": "lan@example.vn", "password": PASSWORD, "firstName": "Lan", "lastName": "Nguyễn Thị",
            "languageCode": "EN", "redirectUrl": "http://localhost/confirm/"}
    data.update(overrides)
    return data


# ----------------------------------------------------------------------------- tokens

def test_token_create_answers_with_saleors_create_token_payload(client, db):
    f.user(email="an@example.vn", password=PASSWORD)
    body = gql(client, """mutation { tokenCreate(email: "an@example.vn", password: "mat-khau-dai-2026") {
      __typename token refreshToken user { email } errors { code } } }""")
    payload = body["data"]["tokenCreate"]
    assert payload["__typename"] == "CreateToken" and payload["token"] and payload["refreshToken"]
    assert payload["user"] == {"email": "an@example.vn"} and payload["errors"] == []


def test_token_refresh_renews_the_access_token_and_names_a_missing_or_bad_refresh_token(client, db):
    person = f.user()
    query = "mutation($t: String) { tokenRefresh(refreshToken: $t) { __typename token user { email } errors { field code } } }"
    payload = gql(client, query, {"t": create_refresh_token(person)})["data"]["tokenRefresh"]
    assert payload["__typename"] == "RefreshToken" and payload["token"] and payload["user"]["email"] == person.email
    assert gql(client, query)["data"]["tokenRefresh"]["errors"] == [{"field": "refreshToken", "code": "JWT_MISSING_TOKEN"}]
    assert gql(client, query, {"t": "rubbish"})["data"]["tokenRefresh"]["errors"] == [
        {"field": "refreshToken", "code": "JWT_INVALID_TOKEN"}]


# ----------------------------------------------------------------------------- sign-up

def test_account_register_creates_a_usable_account_with_the_vietnamese_name_order(client, db):
    payload = gql(client, REGISTER, {"input": register_input()})["data"]["accountRegister"]
    assert payload == {"requiresConfirmation": False, "errors": [], "user": {
        "email": "lan@example.vn", "firstName": "Lan", "lastName": "Nguyễn Thị", "languageCode": "en",
        "isActive": True, "isConfirmed": True}}
    assert User.objects.get(email="lan@example.vn").full_name == "Nguyễn Thị Lan"


def test_account_register_reports_a_taken_address_a_weak_password_and_a_foreign_redirect(client, db):
    f.user(email="lan@example.vn")
    payload = gql(client, REGISTER, {"input": register_input(password="1234567890")})["data"]["accountRegister"]
    codes = {e["field"]: e["code"] for e in payload["errors"]}
    assert payload["user"] is None
    assert codes == {"email": "UNIQUE", "password": "PASSWORD_TOO_COMMON"}
    short = gql(client, REGISTER, {"input": register_input(email="moi@example.vn", password="ab1")})
    assert short["data"]["accountRegister"]["errors"][0]["code"] == "PASSWORD_TOO_SHORT"
    foreign = gql(client, REGISTER, {"input": register_input(email="moi@example.vn", redirectUrl="https://evil.example/")})
    assert foreign["data"]["accountRegister"]["errors"] == [
        {"field": "redirectUrl", "code": "INVALID", "message": "This link does not lead to this shop's website."}]
    assert not User.objects.filter(email="moi@example.vn").exists()


def test_sign_ups_through_the_api_are_rate_limited_per_address(client, db, limits_on):
    for n in range(5):
        gql(client, REGISTER, {"input": register_input(email=f"a{n}@example.vn")})
    payload = gql(client, REGISTER, {"input": register_input(email="a9@example.vn")})["data"]["accountRegister"]
    assert payload["user"] is None and payload["errors"][0]["code"] == "RATE_LIMITED"
    assert not User.objects.filter(email="a9@example.vn").exists()


def test_confirm_account_accepts_a_token_from_djangos_generator_only(client, db):
    person = f.user(email="an@example.vn", is_confirmed=False)
    query = """mutation($e: String!, $t: String!) { confirmAccount(email: $e, token: $t) {
      user { isConfirmed } errors { field code } } }"""
    bad = gql(client, query, {"e": "an@example.vn", "t": "1-abc"})["data"]["confirmAccount"]
    assert bad == {"user": None, "errors": [{"field": "token", "code": "INVALID"}]}
    unknown = gql(client, query, {"e": "ai@example.vn", "t": "1-abc"})["data"]["confirmAccount"]
    assert unknown["errors"] == [{"field": "email", "code": "NOT_FOUND"}]
    good = gql(client, query, {"e": "an@example.vn", "t": default_token_generator.make_token(person)})
    assert good["data"]["confirmAccount"] == {"user": {"isConfirmed": True}, "errors": []}


# ----------------------------------------------------------------------------- passwords

def test_password_reset_e_mails_a_link_that_set_password_accepts_once(client, db, mailoutbox):
    f.user(email="an@example.vn", password=PASSWORD, language_code="en")
    payload = gql(client, RESET, {"email": "An@Example.vn", "url": "http://localhost/reset/?x=1"})
    assert payload["data"]["requestPasswordReset"] == {"errors": []}
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["an@example.vn"]
    link = re.search(r"http://localhost/reset/\S+", mailoutbox[0].body).group(0)
    params = parse_qs(urlsplit(link).query)
    assert params["x"] == ["1"] and params["email"] == ["an@example.vn"]
    token = params["token"][0]

    weak = gql(client, SET_PASSWORD, {"email": "an@example.vn", "token": token, "password": "123"})
    assert weak["data"]["setPassword"]["errors"][0]["field"] == "password"
    done = gql(client, SET_PASSWORD, {"email": "an@example.vn", "token": token, "password": "mat-khau-moi-2026"})
    payload = done["data"]["setPassword"]
    assert payload["errors"] == [] and payload["token"] and payload["refreshToken"]
    assert User.objects.get(email="an@example.vn").check_password("mat-khau-moi-2026")
    again = gql(client, SET_PASSWORD, {"email": "an@example.vn", "token": token, "password": "lai-mat-khau-2027"})
    assert again["data"]["setPassword"]["errors"] == [
        {"field": "token", "code": "INVALID", "message": "This link is invalid or has expired."}]


def test_password_reset_does_not_reveal_unknown_addresses_and_refuses_foreign_links(client, db, mailoutbox):
    unknown = gql(client, RESET, {"email": "ai@example.vn", "url": "http://localhost/reset/"})
    assert unknown["data"]["requestPasswordReset"] == {"errors": []} and mailoutbox == []
    f.user(email="an@example.vn")
    foreign = gql(client, RESET, {"email": "an@example.vn", "url": "https://evil.example/reset/"})
    assert foreign["data"]["requestPasswordReset"]["errors"][0] == {
        "field": "redirectUrl", "code": "INVALID", "message": "This link does not lead to this shop's website."}
    assert mailoutbox == []


def test_password_reset_requests_through_the_api_are_rate_limited(client, db, limits_on, mailoutbox):
    f.user(email="an@example.vn")
    codes = [gql(client, RESET, {"email": "an@example.vn", "url": "http://localhost/r/"})["data"][
        "requestPasswordReset"]["errors"] for _ in range(4)]
    assert codes[:3] == [[], [], []] and codes[3][0]["code"] == "RATE_LIMITED"
    assert len(mailoutbox) == 3


def test_password_change_needs_the_old_password_and_a_strong_new_one(client, db):
    person = f.user(password=PASSWORD)
    wrong = gql(client, CHANGE, {"old": "sai", "new": "mat-khau-moi-2026"}, person)["data"]["passwordChange"]
    assert wrong["errors"] == [{"field": "oldPassword", "code": "INVALID_CREDENTIALS", "message": "Old password isn't valid."}]
    weak = gql(client, CHANGE, {"old": PASSWORD, "new": "1234567890"}, person)["data"]["passwordChange"]
    assert weak["errors"][0]["field"] == "newPassword" and weak["errors"][0]["code"] == "PASSWORD_TOO_COMMON"
    ok = gql(client, CHANGE, {"old": PASSWORD, "new": "mat-khau-moi-2026"}, person)["data"]["passwordChange"]
    assert ok == {"errors": []}
    person.refresh_from_db()
    assert person.check_password("mat-khau-moi-2026")


@pytest.mark.parametrize("mutation", [
    'passwordChange(newPassword: "mat-khau-moi-2026") { errors { code } }',
    'accountUpdate(input: {firstName: "An"}) { errors { code } }',
    'accountRequestDeletion(redirectUrl: "http://localhost/") { errors { code } }',
    'accountAddressDelete(id: "QWRkcmVzczox") { errors { code } }',
    'accountSetDefaultAddress(id: "QWRkcmVzczox", type: SHIPPING) { errors { code } }',
])
def test_signed_out_callers_get_a_top_level_permission_error(client, db, mutation):
    body = gql(client, f"mutation {{ {mutation} }}")
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


# ----------------------------------------------------------------------------- profile

def test_me_answers_saleors_user_fields_with_an_empty_order_history(client, db):
    person = f.user(full_name="Trần Văn An")
    me = gql(client, ME, user=person)["data"]["me"]
    assert me["firstName"] == "An" and me["lastName"] == "Trần Văn" and me["isActive"] and me["isConfirmed"]
    assert me["avatar"] is None and me["metadata"] == [] and me["addresses"] == []
    assert me["defaultShippingAddress"] is None and me["defaultBillingAddress"] is None
    assert me["orders"] == {"totalCount": 0, "edges": [], "pageInfo": {"hasNextPage": False}}
    assert gql(client, "{ me { email } }") == {"data": {"me": None}}


def test_account_update_changes_names_language_and_saves_a_default_address(client, areas):
    person = f.user(full_name="Trần Văn An")
    address = {"firstName": "An", "lastName": "Trần Văn", "streetAddress1": "12 Đường Hùng Vương",
               "city": "Xã Quang Sơn", "countryArea": "Tỉnh Vĩnh Phúc", "phone": "0912 345 678", "country": "VN"}
    payload = gql(client, UPDATE, {"input": {"firstName": "Bình", "languageCode": "EN",
                                             "defaultShippingAddress": address}}, person)["data"]["accountUpdate"]
    assert payload == {"errors": [], "user": {"firstName": "Bình", "lastName": "Trần Văn", "languageCode": "en",
                                              "defaultShippingAddress": {"city": "Xã Quang Sơn",
                                                                         "countryArea": "Tỉnh Vĩnh Phúc",
                                                                         "phone": "+84912345678"}}}


def test_account_update_reports_a_bad_address_and_an_unknown_language(client, areas):
    person = f.user()
    bad = gql(client, UPDATE, {"input": {"defaultBillingAddress": {"streetAddress1": "1 Phố Huế", "phone": "123"}}},
              person)["data"]["accountUpdate"]
    fields = {e["field"]: e["code"] for e in bad["errors"]}
    assert fields == {"firstName": "REQUIRED", "city": "REQUIRED", "countryArea": "REQUIRED", "phone": "INVALID"}
    language = gql(client, UPDATE, {"input": {"languageCode": "FR"}}, person)["data"]["accountUpdate"]
    assert language["errors"][0]["field"] == "languageCode" and language["errors"][0]["code"] == "INVALID"


def test_account_deletion_request_is_recorded_and_confirmed_by_e_mail(client, db, mailoutbox):
    person = f.user(language_code="en")
    payload = gql(client, 'mutation { accountRequestDeletion(redirectUrl: "http://localhost/bye/") { errors { code } } }',
                  user=person)
    assert payload["data"]["accountRequestDeletion"] == {"errors": []}
    person.refresh_from_db()
    assert person.deletion_requested_at is not None
    assert [m.to for m in mailoutbox if m.to == [person.email]] == [[person.email]]


def test_external_login_says_it_is_not_configured(client, db):
    for mutation in ("externalAuthenticationUrl", "externalObtainAccessTokens"):
        body = gql(client, f'mutation {{ {mutation}(pluginId: "mirumee.authentication.openidconnect", input: "{{}}") '
                           "{ errors { field code message } } }")
        assert body["data"][mutation]["errors"] == [{
            "field": "pluginId", "code": "DISABLED_AUTHENTICATION_METHOD",
            "message": "Signing in with another provider is not configured on this shop; use your e-mail and password."}]


def test_account_update_changes_nothing_when_an_address_is_refused(client, areas):
    person = f.user(full_name="Trần Văn An")
    payload = gql(client, UPDATE, {"input": {"firstName": "Bình", "defaultShippingAddress": {"phone": "123"}}},
                  person)["data"]["accountUpdate"]
    assert payload["user"] is None and payload["errors"]
    person.refresh_from_db()
    assert person.full_name == "Trần Văn An" and not person.addresses.exists()


def test_an_unoffered_language_at_sign_up_falls_back_to_the_request_language(client, db):
    payload = gql(client, REGISTER, {"input": register_input(languageCode="FR")})["data"]["accountRegister"]
    assert payload["user"]["languageCode"] == "en"
