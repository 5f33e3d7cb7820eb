"""Structured logs: one JSON object per line, each carrying the id of the request (or background
task) it belongs to, so a proxy's access log, the web process and the worker can be joined.

(Named logs.py, not logging.py: runner.py is started as a script from this folder, and a
logging.py here would then shadow the standard library's module.)

    RequestIdMiddleware   takes X-Request-ID from the proxy or makes one, answers it back
    RequestIdFilter       adds `request_id` to every record (attached to the handlers in settings)
    JsonFormatter         time, level, logger, message, request_id, extra fields, exception
    Celery signals        the id travels to tasks in a message header
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import time
import traceback
import uuid

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("ocop_request_id", default=None)

REQUEST_ID_HEADER = "X-Request-ID"
CELERY_HEADER = "ocop_request_id"
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# Probes and scrapes arrive every few seconds; their lines would drown the rest.
QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})

access_logger = logging.getLogger("ocop.request")


def current_request_id() -> str | None:
    return request_id_var.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


def accept_request_id(value: str | None) -> str:
    """Keep a well-formed id from upstream (so the proxy's log matches); replace anything else."""
    value = (value or "").strip()
    return value if _VALID_ID.match(value) else new_request_id()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = accept_request_id(request.META.get("HTTP_X_REQUEST_ID"))
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            if request.path not in QUIET_PATHS:
                access_logger.info(
                    "%s %s %s", request.method, request.path, response.status_code,
                    extra={"method": request.method, "path": request.path, "status": response.status_code,
                           "duration_ms": round((time.perf_counter() - started) * 1000, 1)},
                )
            return response
        finally:
            request_id_var.reset(token)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            # django.request logs 4xx responses after the middleware has returned; its record
            # still carries the request, which carries the id.
            record.request_id = (request_id_var.get() or getattr(getattr(record, "request", None), "request_id", None)
                                 or "-")
        return True


_STANDARD_ATTRS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "request_id"}


class JsonFormatter(logging.Formatter):
    """{"time", "level", "logger", "message", "request_id", ...extra, "exception"} on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id_var.get() or "-",
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False, default=str)


# --------------------------------------------------------------------------- Celery

def _connect_celery_signals() -> None:
    try:
        from celery.signals import before_task_publish, task_postrun, task_prerun
    except ImportError:  # pragma: no cover - celery is a runtime dependency
        return

    tokens: dict[str, contextvars.Token] = {}

    @before_task_publish.connect(weak=False, dispatch_uid="ocop.logs.publish")
    def add_request_id_header(sender=None, headers=None, **kwargs):
        request_id = request_id_var.get()
        if request_id and headers is not None:
            headers.setdefault(CELERY_HEADER, request_id)

    @task_prerun.connect(weak=False, dispatch_uid="ocop.logs.prerun")
    def restore_request_id(task_id=None, task=None, **kwargs):
        # Eager tasks run in the caller's context and already have its id; worker tasks read the
        # header, or get an id of their own so their lines still group together.
        request_id = getattr(getattr(task, "request", None), CELERY_HEADER, None)
        if request_id or request_id_var.get() is None:
            tokens[task_id] = request_id_var.set(accept_request_id(request_id))

    @task_postrun.connect(weak=False, dispatch_uid="ocop.logs.postrun")
    def forget_request_id(task_id=None, **kwargs):
        token = tokens.pop(task_id, None)
        if token is not None:
            try:
                request_id_var.reset(token)
            except ValueError:  # set in another context (a thread pool); nothing to undo here
                pass


_connect_celery_signals()
