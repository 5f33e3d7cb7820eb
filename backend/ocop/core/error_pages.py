"""The site's error pages (400, 403, 404, 429, 500), in the visitor's language, saying what to do
and nothing about the server: no traceback, no exception text, no settings.

400 and 500 render without the request's context processors: a 500 may come from a broken
database or session, so that page must need neither (and if even the template fails, a fixed page
in both languages answers).
"""

from __future__ import annotations

import logging

from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader

logger = logging.getLogger(__name__)

FALLBACK_500 = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Lỗi máy chủ – Server error</title></head>
<body><h1>Đã có lỗi xảy ra ở phía chúng tôi</h1><p>Vui lòng thử lại sau ít phút.</p>
<h1 lang="en">Something went wrong on our side</h1><p lang="en">Please try again in a few minutes.</p>
</body></html>"""

FALLBACK_400 = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Yêu cầu không hợp lệ – Bad request</title></head>
<body><h1>Yêu cầu không hợp lệ</h1><p>Vui lòng quay lại trang trước và thử lại.</p>
<h1 lang="en">Bad request</h1><p lang="en">Please go back to the previous page and try again.</p>
</body></html>"""


def _render_plain(template_name: str, status: int, fallback: str | None = None) -> HttpResponse:
    try:
        body = loader.get_template(template_name).render({})
    except Exception:
        if fallback is None:
            raise
        logger.exception("the %s page could not be rendered; answering the fixed page", status)
        body = fallback
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def bad_request(request, exception=None):
    return _render_plain("400.html", 400, fallback=FALLBACK_400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """A form sent without (or with an old) security token: usually a page left open too long."""
    return render(request, "403.html", {"csrf_failed": True}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request=None):
    return _render_plain("500.html", 500, fallback=FALLBACK_500)


def too_many_requests(request, retry_after: int, message: str) -> HttpResponse:
    response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(int(retry_after))
    return response
