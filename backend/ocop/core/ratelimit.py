"""Rate limits kept in the Django cache (the database by default, Redis when configured), so every
web process and worker shares the same counters.

Fixed windows: `hit("login:ip:1.2.3.4", 10, 60)` allows ten calls per whole minute. A burst at a
window's edge can reach twice the limit; for throttling guessing and scraping that is good enough.
With Redis a call costs one add and one increment; without it the counters are rows of
`core_ratelimitcounter`, bumped by one atomic upsert (the database cache would need five or six
queries per call: cull count, select, insert or update, in a transaction).

Three ways in:
    hit(key, limit, window_seconds) -> bool          the primitive
    check(scope, request=None, ip=..., account=...)  raises RateLimitExceeded (GraphQL, services)
    @rate_limit(scope, account_field="username")    a view decorator answering 429

Limits per scope and per kind ("ip", "account") are in DEFAULT_RATES and can be overridden with
settings.RATE_LIMITS (e.g. {"login": {"ip": "20/60"}}), or OCOP_RATE_LIMITS in the environment.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

logger = logging.getLogger(__name__)

# Scopes other code applies: the storefront's log-in, sign-up and password reset, the API's token
# creation, and search.
LOGIN = "login"
SIGNUP = "signup"
PASSWORD_RESET = "password_reset"
TOKEN_CREATE = "token_create"
SEARCH = "search"
CONFIRM_PASSWORD = "confirm_password"

DEFAULT_RATES: dict[str, dict[str, str]] = {
    LOGIN: {"ip": "10/60", "account": "20/900"},
    SIGNUP: {"ip": "5/3600"},
    PASSWORD_RESET: {"ip": "5/3600", "account": "3/3600"},
    TOKEN_CREATE: {"ip": "20/300", "account": "10/300"},
    SEARCH: {"ip": "120/60"},
    CONFIRM_PASSWORD: {"account": "5/300"},
}


@dataclass(frozen=True)
class Rate:
    limit: int
    window: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """"10/60" is ten per sixty seconds."""
        count, _sep, seconds = str(text).partition("/")
        rate = cls(int(count), int(seconds or 60))
        if rate.limit < 1 or rate.window < 1:
            raise ValueError(f"rate {text!r}: both numbers must be positive")
        return rate


class RateLimitExceeded(ValidationError):
    """Too many calls. A ValidationError with code "rate_limited", so ocop.core.errors turns it
    into the GraphQL `errors` list like any other business error; views answer 429."""

    def __init__(self, scope: str, retry_after: int):
        self.scope = scope
        self.retry_after = max(1, int(retry_after))
        super().__init__(too_many_message(self.retry_after), code="rate_limited")


def too_many_message(retry_after: int) -> str:
    minutes = max(1, math.ceil(retry_after / 60))
    return ngettext(
        "Too many attempts in a short time. Please wait %(minutes)s minute and try again.",
        "Too many attempts in a short time. Please wait %(minutes)s minutes and try again.",
        minutes,
    ) % {"minutes": minutes}


def enabled() -> bool:
    return getattr(settings, "RATELIMIT_ENABLED", True)


def rate_for(scope: str, kind: str) -> Rate | None:
    configured = getattr(settings, "RATE_LIMITS", {}) or {}
    text = (configured.get(scope) or {}).get(kind) or DEFAULT_RATES.get(scope, {}).get(kind)
    return Rate.parse(text) if text else None


def _cache_key(key: str, window: int, now: float) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]  # bounded length, no e-mail in the cache
    return f"rl:{digest}:{window}:{int(now // window)}"


def hit(key: str, limit: int, window_seconds: int) -> bool:
    """Count one call against `key`; True while it is within `limit` calls in this window."""
    return _hit(key, limit, window_seconds)[0]


# The window that has ended restarts at 1; otherwise one more call in the current window.
UPSERT_SQL = """
INSERT INTO core_ratelimitcounter AS c (key, window_ends, count) VALUES (%(key)s, %(ends)s, 1)
ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN c.window_ends <= %(now)s THEN 1 ELSE c.count + 1 END,
    window_ends = CASE WHEN c.window_ends <= %(now)s THEN EXCLUDED.window_ends ELSE c.window_ends END
RETURNING count
"""
# About one call in PURGE_EVERY also deletes counters whose window ended an hour ago.
PURGE_EVERY = 1000
PURGE_SQL = "DELETE FROM core_ratelimitcounter WHERE window_ends < %s"


def _counters_in_database() -> bool:
    return settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")


def _hit_database(key: str, window_seconds: int, now: float) -> int:
    import random
    from datetime import UTC, datetime

    from django.db import connection

    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    ends = datetime.fromtimestamp((now // window_seconds + 1) * window_seconds, tz=UTC)
    moment = datetime.fromtimestamp(now, tz=UTC)
    with connection.cursor() as cursor:
        cursor.execute(UPSERT_SQL, {"key": f"{digest}:{window_seconds}", "ends": ends, "now": moment})
        count = cursor.fetchone()[0]
        if random.randrange(PURGE_EVERY) == 0:  # nosec B311 - housekeeping, not security
            cursor.execute(PURGE_SQL, (datetime.fromtimestamp(now - 3600, tz=UTC),))
    return count


def _hit(key: str, limit: int, window_seconds: int) -> tuple[bool, int]:
    now = time.time()
    retry_after = int(window_seconds - (now % window_seconds)) + 1
    if _counters_in_database():
        try:
            return _hit_database(key, window_seconds, now) <= limit, retry_after
        except Exception:  # a database hiccup here must not lock everyone out
            logger.warning("rate limit counters unavailable; allowing %s", key.split(":", 1)[0], exc_info=True)
            return True, 0
    cache_key = _cache_key(key, window_seconds, now)
    try:
        # add() is a no-op when the window already exists; incr() is atomic on Redis and close
        # enough on the database cache (a lost update under a race only lets one extra call in).
        cache.add(cache_key, 0, timeout=window_seconds + 1)
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.set(cache_key, 1, timeout=window_seconds + 1)
        count = 1
    except Exception:  # a cache outage must not lock everyone out
        logger.warning("rate limit cache unavailable; allowing %s", key.split(":", 1)[0], exc_info=True)
        return True, 0
    return count <= limit, retry_after


def client_ip(request) -> str:
    """The caller's address. Behind N trusted proxies (settings.TRUSTED_PROXY_COUNT) it is the
    address the outermost of them saw, read from X-Forwarded-For; never a value the client picks."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(chain) >= proxies:
            candidate = chain[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return remote


def _account_ident(request, account_field: str | None) -> str | None:
    if account_field and request is not None:
        value = (request.POST.get(account_field) or "").strip().lower()
        if value:
            return value
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return None


def check(scope: str, request=None, *, ip: str | None = None, account: str | None = None,
          account_field: str | None = None) -> None:
    """Count one call in `scope` per IP and per account; raise RateLimitExceeded past the limit.
    Pass a request (the IP and the signed-in account are read from it) or `ip`/`account`."""
    if not enabled():
        return
    if request is not None:
        ip = ip or client_ip(request)
        account = account or _account_ident(request, account_field)
    for kind, ident in (("ip", ip), ("account", account)):
        rate = rate_for(scope, kind)
        if rate is None or not ident:
            continue
        allowed, retry_after = _hit(f"{scope}:{kind}:{ident}", rate.limit, rate.window)
        if not allowed:
            logger.warning("rate limit reached", extra={"scope": scope, "kind": kind})
            raise RateLimitExceeded(scope, retry_after)


def rate_limit(scope: str, *, methods: tuple[str, ...] = ("POST",), account_field: str | None = None):
    """View decorator: past the scope's limits the view is not called and the 429 page answers.
    Only `methods` count (by default POST: showing a form is free, submitting it is not)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                try:
                    check(scope, request, account_field=account_field)
                except RateLimitExceeded as exc:
                    return too_many_requests(request, exc)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def too_many_requests(request, exc: RateLimitExceeded):
    from ocop.core.error_pages import too_many_requests as page

    return page(request, retry_after=exc.retry_after, message=str(exc.messages[0]))

