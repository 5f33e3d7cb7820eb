"""Reachability of what the site depends on: database, search backend, payment gateway."""

import logging
import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _timed(check):
    started = time.perf_counter()
    try:
        detail = check()
        ok = True
    except Exception as exc:  # a health check reports failures, it never raises them
        logger.warning("health check failed: %s", exc)
        detail, ok = {"error": exc.__class__.__name__}, False
    return {"ok": ok, "ms": round((time.perf_counter() - started) * 1000, 1), **(detail or {})}


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"engine": "postgresql", "embedded": settings.USING_EMBEDDED_POSTGRES}


def check_search():
    if not settings.ELASTICSEARCH_URL:
        return {"backend": "postgres"}
    from ocop.search import elastic

    if not elastic.client().ping():
        elastic.mark_degraded(ConnectionError("ping"))
        # Searches are answered by PostgreSQL meanwhile: degraded, not down.
        return {"backend": "postgres", "degraded": True, "configured": "elasticsearch"}
    if elastic.degraded_since():
        return {"backend": "elasticsearch", "degraded": True, "since": elastic.degraded_since()}
    return {"backend": "elasticsearch"}


def check_payments():
    import urllib.request

    from ocop.payments.config import stripe_api_base

    base = stripe_api_base()
    request = urllib.request.Request(f"{base}/v1/balance", headers={"Authorization": f"Bearer {settings.STRIPE_SECRET_KEY}"})
    with urllib.request.urlopen(request, timeout=3) as response:  # nosec B310 - our configured gateway URL
        response.read()
    return {"gateway": "localstripe" if settings.USING_LOCALSTRIPE else "stripe"}


@never_cache
@require_GET
def healthz(request):
    checks = {"database": _timed(check_database), "search": _timed(check_search), "payments": _timed(check_payments)}
    healthy = all(c["ok"] for c in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", "checks": checks}, status=200 if healthy else 503)


# --------------------------------------------------------------------------- readiness

_migrations_applied = False


def check_migrations():
    """Every migration this code ships is applied. Once true it stays true for this process."""
    global _migrations_applied
    if _migrations_applied:
        return {"pending": 0}
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    _migrations_applied = pending == 0
    return {"pending": pending}


@never_cache
@require_GET
def readyz(request):
    """Readiness: may this process take traffic? The database answers and its schema is current.
    (/healthz also checks search and payments, which degrade the site but do not stop it.)"""
    checks = {"database": _timed(check_database)}
    if checks["database"]["ok"]:
        checks["migrations"] = _timed(check_migrations)
        checks["migrations"]["ok"] = checks["migrations"]["ok"] and checks["migrations"].get("pending") == 0
    else:
        checks["migrations"] = {"ok": False, "skipped": True}
    ready = all(c["ok"] for c in checks.values())
    return JsonResponse({"status": "ready" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)
