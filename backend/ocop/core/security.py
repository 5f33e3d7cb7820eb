"""Response headers every page gets (Content-Security-Policy, Permissions-Policy,
Cross-Origin-Opener-Policy), the per-view widening Stripe needs, re-authentication before
sensitive staff and officer actions, and the safe public-media view.

The policy allows our own origin only: no inline scripts or styles, no plugins, no framing of our
pages. A payment page adds Stripe.js with `@csp_allow_stripe`; nothing else loads third-party code.
"""

from __future__ import annotations

import functools
import posixpath
import time
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import user_logged_in
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.static import serve

from ocop.core import ratelimit

BASE_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'", "data:"),
    "font-src": ("'self'",),
    "connect-src": ("'self'",),
    "frame-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
    "frame-ancestors": ("'none'",),
}

PERMISSIONS_POLICY: dict[str, tuple[str, ...]] = {
    "accelerometer": (),
    "camera": (),
    "geolocation": (),
    "gyroscope": (),
    "magnetometer": (),
    "microphone": (),
    "payment": ("self",),
    "usb": (),
}

CSP_ATTRIBUTE = "ocop_csp_extra"


def _parse_extra(text: str) -> dict[str, list[str]]:
    """settings.CSP_EXTRA in CSP syntax: "img-src https://cdn.example; connect-src https://x"."""
    extra: dict[str, list[str]] = {}
    for part in (text or "").split(";"):
        words = part.split()
        if len(words) >= 2:
            extra.setdefault(words[0].lower(), []).extend(words[1:])
    return extra


def build_policy(*extras: dict[str, list[str] | tuple[str, ...]]) -> str:
    directives = {name: list(sources) for name, sources in BASE_POLICY.items()}
    for extra in (_parse_extra(getattr(settings, "CSP_EXTRA", "")), *extras):
        for name, sources in (extra or {}).items():
            current = directives.setdefault(name, list(BASE_POLICY["default-src"]))
            if current == ["'none'"]:
                current.clear()
            current.extend(source for source in sources if source not in current)
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def build_permissions_policy(extra: dict[str, tuple[str, ...]] | None = None) -> str:
    features = {name: list(allow) for name, allow in PERMISSIONS_POLICY.items()}
    for name, allow in (extra or {}).items():
        features.setdefault(name, []).extend(a for a in allow if a not in features[name])

    def allowlist(allow: list[str]) -> str:
        return " ".join(a if a == "self" else f'"{a}"' for a in allow)

    return ", ".join(f"{name}=({allowlist(allow)})" for name, allow in features.items())


class SecurityHeadersMiddleware:
    """Sets the three headers on every response that does not carry its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        extra = getattr(response, CSP_ATTRIBUTE, None) or {}
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = build_policy(extra.get("csp", {}))
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = build_permissions_policy(extra.get("permissions", {}))
        if "Cross-Origin-Opener-Policy" not in response:
            response["Cross-Origin-Opener-Policy"] = getattr(settings, "SECURE_CROSS_ORIGIN_OPENER_POLICY",
                                                             None) or "same-origin"
        return response


def csp_update(view=None, *, csp: dict | None = None, permissions: dict | None = None, sources=None):
    """Widen the policy for one view. `sources` is a callable returning (csp, permissions) per
    request, for origins known only at run time (localstripe's port)."""

    def decorator(func):
        @functools.wraps(func)
        def wrapped(request, *args, **kwargs):
            response = func(request, *args, **kwargs)
            found_csp, found_permissions = sources() if sources else ({}, {})
            current = getattr(response, CSP_ATTRIBUTE, None) or {"csp": {}, "permissions": {}}
            for key, added in (("csp", csp), ("csp", found_csp), ("permissions", permissions),
                               ("permissions", found_permissions)):
                for name, values in (added or {}).items():
                    current[key].setdefault(name, [])
                    current[key][name].extend(v for v in values if v not in current[key][name])
            setattr(response, CSP_ATTRIBUTE, current)
            return response

        return wrapped

    return decorator(view) if view is not None else decorator


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def stripe_sources() -> tuple[dict, dict]:
    """Stripe.js and the API it calls: Stripe itself, or localstripe on its loopback port."""
    from ocop.payments.config import stripe_api_base, stripe_js_url

    origins = [_origin(stripe_js_url())]
    api = _origin(stripe_api_base())
    if api not in origins:
        origins.append(api)
    frames = list(origins)
    if not settings.USING_LOCALSTRIPE:
        frames.append("https://hooks.stripe.com")  # 3-D Secure challenges
    return (
        {"script-src": origins, "frame-src": frames, "connect-src": origins},
        {"payment": tuple(origins)},
    )


def csp_allow_stripe(view):
    """For the pages where a card is entered: lets Stripe.js load, frame and call its API."""
    return csp_update(view, sources=stripe_sources)


# --------------------------------------------------------------------------- re-authentication

AUTH_TIME_SESSION_KEY = "ocop_authenticated_at"


@receiver(user_logged_in, dispatch_uid="ocop.core.security.remember_authentication_time")
def remember_authentication_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[AUTH_TIME_SESSION_KEY] = int(time.time())


def authenticated_within(request, max_age_seconds: int) -> bool:
    at = request.session.get(AUTH_TIME_SESSION_KEY)
    return isinstance(at, int) and 0 <= time.time() - at <= max_age_seconds


def _needs_recent_authentication(user) -> bool:
    return bool(user.is_staff or user.is_superuser or getattr(user, "is_officer", False))


def recent_authentication_required(max_age_seconds: int = 15 * 60):
    """Staff and officers must have entered their password within `max_age_seconds` before the
    decorated view runs; otherwise they confirm it first and come back. Anonymous visitors are
    sent to log in; other users pass (the view's own permission checks still apply)."""
    if callable(max_age_seconds):  # used bare: @recent_authentication_required
        return recent_authentication_required()(max_age_seconds)

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if _needs_recent_authentication(user) and not authenticated_within(request, max_age_seconds):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('confirm_password')}?{query}")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@never_cache
@sensitive_post_parameters("password")
@login_required
@ratelimit.rate_limit(ratelimit.CONFIRM_PASSWORD)
def confirm_password(request):
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = reverse("storefront:home")
    error = None
    if request.method == "POST":
        if request.user.check_password(request.POST.get("password", "")):
            request.session.cycle_key()
            request.session[AUTH_TIME_SESSION_KEY] = int(time.time())
            return redirect(next_url)
        error = _("That password is not right. Check it and try again.")
    return render(request, "storefront/confirm_password.html", {"next": next_url, "error": error})


# --------------------------------------------------------------------------- public media

INLINE_MEDIA_TYPES = {"image/jpeg", "image/png", "image/webp"}
DOWNLOAD_MEDIA_TYPES = {"application/pdf"}  # any other type goes out as application/octet-stream


def is_private_media(path: str) -> bool:
    normalised = posixpath.normpath("/" + path.replace("\\", "/")).lstrip("/")
    return normalised == "private" or normalised.startswith("private/")


def serve_public_media(request, path):
    """Product photos and thumbnails. Anything under private/ (after normalising the path, so
    `a/../private` and `//private` are caught) is 404; every file is served with nosniff, and any
    file that is not a JPEG, PNG or WebP image is a download, never rendered by the browser."""
    if is_private_media(path):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)  # read per request, not at import
    response["X-Content-Type-Options"] = "nosniff"
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type not in INLINE_MEDIA_TYPES:
        response["Content-Disposition"] = content_disposition_header(True, posixpath.basename(path)) or "attachment"
        if content_type not in DOWNLOAD_MEDIA_TYPES:
            response["Content-Type"] = "application/octet-stream"
    return response
