"""Security baseline: deploy check, response headers, rate limits, sessions and re-authentication,
error pages. This module is also the URLconf of the tests marked `urls("tests.test_security")`."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import include, path

from ocop.core import ratelimit
from ocop.core.error_pages import server_error
from ocop.core.security import AUTH_TIME_SESSION_KEY, csp_allow_stripe, recent_authentication_required

REPO_ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "mat-khau-rat-dai-2026"


# --------------------------------------------------------------------------- test-only URLs

def _sensitive(request):
    return HttpResponse("sensitive action done")


def _pay(request):
    return HttpResponse("card form")


def _boom(request):
    raise RuntimeError("db password is hunter2 and SECRET_KEY leaked")


def _denied(request):
    raise PermissionDenied("internal reason: row 42 belongs to producer 7")


def _bad(request):
    raise SuspiciousOperation("internal reason: tampered header")


urlpatterns = [
    path("__test__/sensitive/", recent_authentication_required(60)(_sensitive)),
    path("__test__/pay/", csp_allow_stripe(_pay)),
    path("__test__/boom/", _boom),
    path("__test__/denied/", _denied),
    path("__test__/bad/", _bad),
    path("", include("ocop.urls")),
]
handler400 = "ocop.core.error_pages.bad_request"
handler403 = "ocop.core.error_pages.permission_denied"
handler404 = "ocop.core.error_pages.page_not_found"
handler500 = "ocop.core.error_pages.server_error"


def make_user(email="shopper@test.example", **extra):
    from ocop.accounts.models import User

    return User.objects.create_user(email, PASSWORD, **extra)


def csp_of(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


# --------------------------------------------------------------------------- deploy check

def test_deploy_check_is_clean():
    """Production is what runs without OCOP_LOCAL_HTTP, DEBUG or the test flag."""
    dropped = {"OCOP_LOCAL_HTTP", "DEBUG", "OCOP_TESTING", "DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS",
               "STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET", "SECURE_SSL_REDIRECT",
               "SECURE_HSTS_SECONDS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env["PYTHONPATH"] = f"{REPO_ROOT / 'backend'}:{REPO_ROOT}"
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "backend" / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


# --------------------------------------------------------------------------- headers

@pytest.mark.parametrize("page", ["home", "product", "login", "not_found", "admin_login", "healthz"])
def test_every_page_type_carries_the_content_security_policy(seeded, client, page):
    from ocop.catalog.selectors import public_products

    url = {
        "home": "/",
        "product": f"/products/{public_products().first().slug}/",
        "login": "/accounts/login/",
        "not_found": "/khong-co-trang-nay/",
        "admin_login": "/admin/login/",
        "healthz": "/healthz",
    }[page]
    response = client.get(url)
    assert response.status_code == (404 if page == "not_found" else 200)
    csp = csp_of(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"] and csp["base-uri"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.urls("tests.test_security")
def test_only_a_payment_view_lets_stripe_js_in(db, client):
    from ocop.payments.config import stripe_api_base, stripe_js_url

    paying = csp_of(client.get("/__test__/pay/"))
    js_origin = "/".join(stripe_js_url().split("/")[:3])
    api_origin = "/".join(stripe_api_base().split("/")[:3])
    for directive in ("script-src", "frame-src", "connect-src"):
        assert "'self'" in paying[directive]
        assert js_origin in paying[directive] and api_origin in paying[directive]
    assert "'unsafe-inline'" not in paying["script-src"]

    elsewhere = csp_of(client.get("/accounts/login/"))
    assert elsewhere["script-src"] == ["'self'"] and elsewhere["connect-src"] == ["'self'"]


# --------------------------------------------------------------------------- rate limits

@pytest.fixture
def limits_on(settings):
    settings.RATELIMIT_ENABLED = True
    settings.RATE_LIMITS = {}


def _attempt(client, n, **extra):
    return client.post("/accounts/login/", {"username": f"guess{n}@test.example", "password": "wrong"}, **extra)


def test_the_eleventh_login_attempt_in_a_minute_is_refused_in_vietnamese(db, client, limits_on):
    for n in range(10):
        assert _attempt(client, n).status_code == 200  # the form again, with its error
    refused = _attempt(client, 10)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    html = refused.content.decode()
    assert "Bạn đã thử quá nhiều lần" in html and "phút" in html
    assert "Content-Security-Policy" in refused


def test_the_refusal_is_in_english_for_english_browsers(db, client, limits_on):
    for n in range(10):
        _attempt(client, n, HTTP_ACCEPT_LANGUAGE="en")
    refused = _attempt(client, 10, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 429
    assert "Too many attempts in a short time" in refused.content.decode()


def test_another_address_is_not_affected(db, client, limits_on):
    for n in range(11):
        _attempt(client, n)
    assert _attempt(client, 11).status_code == 429
    assert _attempt(client, 12, REMOTE_ADDR="203.0.113.7").status_code == 200


def test_showing_the_login_form_is_not_counted(db, client, limits_on):
    for _ in range(15):
        assert client.get("/accounts/login/").status_code == 200
    assert _attempt(client, 0).status_code == 200


def test_one_account_is_limited_across_addresses(db, client, settings, limits_on):
    settings.RATE_LIMITS = {"login": {"ip": "100/60", "account": "3/900"}}
    for n in range(3):
        client.post("/accounts/login/", {"username": "Victim@Test.example", "password": "x"},
                    REMOTE_ADDR=f"198.51.100.{n}")
    refused = client.post("/accounts/login/", {"username": "victim@test.example", "password": "x"},
                          REMOTE_ADDR="198.51.100.99")
    assert refused.status_code == 429


def test_hit_allows_the_limit_then_refuses_and_keys_are_independent(db):
    assert [ratelimit.hit("t:a", 3, 60) for _ in range(4)] == [True, True, True, False]
    assert ratelimit.hit("t:b", 3, 60) is True


def test_other_code_gets_a_clear_error_it_can_return(db, settings, limits_on):
    from ocop.core.errors import error_list

    settings.RATE_LIMITS = {"token_create": {"ip": "1/60"}}
    ratelimit.check(ratelimit.TOKEN_CREATE, ip="192.0.2.1")
    with pytest.raises(ratelimit.RateLimitExceeded) as caught:
        ratelimit.check(ratelimit.TOKEN_CREATE, ip="192.0.2.1")
    assert caught.value.retry_after >= 1
    [item] = error_list(caught.value)
    assert item["code"] == "RATE_LIMITED" and item["message"]


def test_scope_constants_have_limits():
    for scope in (ratelimit.LOGIN, ratelimit.SIGNUP, ratelimit.PASSWORD_RESET, ratelimit.TOKEN_CREATE,
                  ratelimit.SEARCH):
        assert ratelimit.rate_for(scope, "ip") is not None


def test_behind_a_trusted_proxy_the_forwarded_address_counts(settings):
    rf = RequestFactory()
    request = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.TRUSTED_PROXY_COUNT = 0
    assert ratelimit.client_ip(request) == "10.0.0.5"  # the header is ignored unless proxies are declared
    settings.TRUSTED_PROXY_COUNT = 1
    assert ratelimit.client_ip(request) == "203.0.113.9"  # not the client-chosen first entry


# --------------------------------------------------------------------------- sessions, passwords

def test_passwords_are_hashed_with_argon2_in_production():
    # The tests prepend a fast hasher; production's first choice is Argon2.
    assert "django.contrib.auth.hashers.Argon2PasswordHasher" in settings.PASSWORD_HASHERS
    assert [h for h in settings.PASSWORD_HASHERS if "MD5" not in h][0].endswith("Argon2PasswordHasher")


def test_logging_in_gives_a_new_session_key(db, client):
    make_user()
    before = client.session.session_key
    assert before
    response = client.post("/accounts/login/", {"username": "shopper@test.example", "password": PASSWORD})
    assert response.status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=before).exists()
    assert isinstance(client.session[AUTH_TIME_SESSION_KEY], int)


def _log_in(client, email):
    assert client.post("/accounts/login/", {"username": email, "password": PASSWORD}).status_code == 302


def _age_authentication(client, seconds):
    session = client.session
    session[AUTH_TIME_SESSION_KEY] = int(time.time()) - seconds
    session.save()


@pytest.mark.urls("tests.test_security")
def test_staff_with_a_fresh_login_go_straight_through(db, client):
    make_user("staff@test.example", is_staff=True)
    _log_in(client, "staff@test.example")
    assert client.get("/__test__/sensitive/").content == b"sensitive action done"


@pytest.mark.urls("tests.test_security")
def test_staff_with_an_old_login_confirm_their_password_first(db, client):
    make_user("staff@test.example", is_staff=True)
    _log_in(client, "staff@test.example")
    _age_authentication(client, 120)

    response = client.get("/__test__/sensitive/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/confirm-password/?next=")
    form = client.get(response["Location"])
    assert form.status_code == 200 and "Xác nhận mật khẩu" in form.content.decode()

    wrong = client.post("/accounts/confirm-password/", {"password": "sai", "next": "/__test__/sensitive/"})
    assert wrong.status_code == 200 and "Mật khẩu chưa đúng" in wrong.content.decode()

    key_before = client.cookies[settings.SESSION_COOKIE_NAME].value
    right = client.post("/accounts/confirm-password/", {"password": PASSWORD, "next": "/__test__/sensitive/"})
    assert right.status_code == 302 and right["Location"] == "/__test__/sensitive/"
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != key_before
    assert client.get("/__test__/sensitive/").content == b"sensitive action done"


@pytest.mark.urls("tests.test_security")
def test_officers_are_asked_too_but_shoppers_are_not(db, client):
    from ocop.accounts.models import OfficerAssignment
    from ocop.areas.models import Area

    officer = make_user("officer@test.example")
    area = Area.objects.create(code="99", name="Tỉnh Thử", level="province")
    OfficerAssignment.objects.create(user=officer, area=area)
    _log_in(client, "officer@test.example")
    _age_authentication(client, 120)
    assert client.get("/__test__/sensitive/").status_code == 302

    client.logout()
    make_user("shopper2@test.example")
    _log_in(client, "shopper2@test.example")
    _age_authentication(client, 120)
    assert client.get("/__test__/sensitive/").status_code == 200


@pytest.mark.urls("tests.test_security")
def test_confirm_password_never_redirects_off_site(db, client):
    make_user("staff@test.example", is_staff=True)
    _log_in(client, "staff@test.example")
    response = client.post("/accounts/confirm-password/", {"password": PASSWORD, "next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.urls("tests.test_security")
def test_anonymous_visitors_are_sent_to_log_in(db, client):
    response = client.get("/__test__/sensitive/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# --------------------------------------------------------------------------- error pages

LEAKS = ("Traceback", "hunter2", "SECRET_KEY", "internal reason", settings.SECRET_KEY)


def _assert_no_leak(html):
    for leak in LEAKS:
        assert leak not in html


@pytest.mark.urls("tests.test_security")
@pytest.mark.parametrize("url,status,vi,en", [
    ("/__test__/bad/", 400, "Yêu cầu không hợp lệ", "Bad request"),
    ("/__test__/denied/", 403, "Không có quyền truy cập", "Access denied"),
    ("/khong-co/", 404, "Không tìm thấy trang", "Page not found"),
    ("/__test__/boom/", 500, "Đã có lỗi xảy ra ở phía chúng tôi", "Something went wrong on our side"),
])
def test_error_pages_are_friendly_in_both_languages_and_leak_nothing(db, client, url, status, vi, en):
    client.raise_request_exception = False
    for language, text in (("vi", vi), ("en", en)):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == status
        html = response.content.decode()
        assert text in html and f'lang="{language}"' in html
        assert "OCOP Market" in html  # the site's own layout
        _assert_no_leak(html)
        assert "Content-Security-Policy" in response


def test_the_500_page_needs_neither_the_database_nor_the_request():
    """No `db` fixture: any query here would fail the test."""
    from django.utils import translation

    with translation.override("vi"):  # the thread's language, as LocaleMiddleware would have set it
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in response.content.decode()
    assert server_error(None).status_code == 500


def test_the_500_page_still_answers_when_its_template_breaks(monkeypatch):
    from django.template import loader

    def broken(name, *args, **kwargs):
        raise RuntimeError("template storage down")

    monkeypatch.setattr(loader, "get_template", broken)
    response = server_error(None)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Đã có lỗi xảy ra" in html and "Something went wrong" in html and "template storage" not in html


def test_a_form_with_an_expired_token_explains_itself(db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"username": "a@b.c", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Biểu mẫu đã hết hạn" in html
    assert "CSRF" not in html and "Reason given" not in html


def test_the_429_page_is_a_template_in_both_languages(db, client, limits_on, settings):
    settings.RATE_LIMITS = {"login": {"ip": "1/60"}}
    _attempt(client, 0)
    vi = _attempt(client, 1).content.decode()
    assert "Quá nhiều lần thử" in vi
    en = _attempt(client, 2, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Too many attempts" in en
