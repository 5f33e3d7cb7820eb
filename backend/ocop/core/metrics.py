"""Prometheus metrics, served at /metrics to loopback callers or with `Authorization: Bearer
$METRICS_TOKEN`.

Business counters live here so every app increments the same objects:

    from ocop.core import metrics
    metrics.ORDERS.inc()
    metrics.PAYMENTS.labels(gateway="stripe", outcome="succeeded").inc()

With several gunicorn workers set PROMETHEUS_MULTIPROC_DIR to an empty folder shared by them
(prometheus_client then keeps values in files there and /metrics adds them up); without it each
process reports its own numbers (docs/operations.md).
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import time
from contextlib import ExitStack

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connections
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Gauge, Histogram,
                               disable_created_metrics, generate_latest)

disable_created_metrics()  # the *_created series double the output and nobody graphs them

REQUEST_LATENCY = Histogram(
    "ocop_http_request_duration_seconds",
    "Time from request received to response returned, by Django view name and method.",
    ["view", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
RESPONSES = Counter(
    "ocop_http_responses",
    "Responses sent, by Django view name and HTTP status code.",
    ["view", "status"],
)
QUERIES_PER_REQUEST = Histogram(
    "ocop_db_queries_per_request",
    "SQL statements executed while handling one request, by Django view name.",
    ["view"],
    buckets=(0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144),
)
ORDERS = Counter("ocop_orders", "Orders placed (incremented by the orders service when an order is created).")
PAYMENTS = Counter(
    "ocop_payments",
    "Payment events, by gateway (stripe, localstripe, …) and outcome (succeeded, failed, refunded).",
    ["gateway", "outcome"],
)
SEARCH_BACKEND = Gauge(
    "ocop_search_backend",
    "1 for the search backend in use (postgres or elasticsearch).",
    ["backend"],
    multiprocess_mode="livemax",
)

SEARCH_BACKENDS = ("postgres", "elasticsearch")
_search_backend_reported = False


def set_search_backend(name: str) -> None:
    """Called by the search code when it switches (e.g. falls back from Elasticsearch)."""
    global _search_backend_reported
    _search_backend_reported = True
    for backend in SEARCH_BACKENDS:
        SEARCH_BACKEND.labels(backend=backend).set(1 if backend == name else 0)


def configured_search_backend() -> str:
    return "elasticsearch" if getattr(settings, "ELASTICSEARCH_URL", "") else "postgres"


def view_label(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name or "unnamed"
    if request.path.startswith(settings.STATIC_URL):
        return "static"
    return "unresolved"  # 404s and responses from middleware: one label, not one per URL


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        counter = _QueryCounter()
        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(counter))
            response = self.get_response(request)
        view = view_label(request)
        REQUEST_LATENCY.labels(view=view, method=request.method).observe(time.perf_counter() - started)
        RESPONSES.labels(view=view, status=str(response.status_code)).inc()
        QUERIES_PER_REQUEST.labels(view=view).observe(counter.count)
        return response


# --------------------------------------------------------------------------- the endpoint

PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")


def metrics_allowed(request) -> bool:
    """Loopback callers, unless the request came through a proxy (a proxy on the same machine
    would make every visitor look local), or anyone with the bearer token."""
    token = getattr(settings, "METRICS_TOKEN", "")
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:].strip().encode(), token.encode()):
        return True
    if any(request.META.get(name) for name in PROXY_HEADERS):
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def _registry():
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


@never_cache
@require_GET
def metrics_view(request):
    if not metrics_allowed(request):
        raise PermissionDenied
    if not _search_backend_reported:
        set_search_backend(configured_search_backend())
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
