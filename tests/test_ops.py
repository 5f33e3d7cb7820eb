"""Operations: request ids in JSON logs, readiness, metrics and who may read them, backups."""

import io
import json
import logging
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ocop.core import backups, health, logs
from ocop.core.embedded import postgres_bin

# --------------------------------------------------------------------------- request ids and logs


@pytest.fixture
def json_log():
    """Every record of the app's loggers, formatted exactly as production formats them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(logs.RequestIdFilter())
    handler.setFormatter(logs.JsonFormatter())
    watched = [logging.getLogger(name) for name in ("ocop", "django.request")]
    for logger in watched:
        logger.addHandler(handler)
    previous = logging.getLogger("ocop").level
    logging.getLogger("ocop").setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logging.getLogger("ocop").setLevel(previous)
    for logger in watched:
        logger.removeHandler(handler)


def test_a_request_id_is_made_when_none_is_given(db, client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_the_proxys_request_id_is_kept_and_a_malformed_one_replaced(db, client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a.42")["X-Request-ID"] == "lb-7f3a.42"
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith injected: line")["X-Request-ID"]
    assert replaced != "bad id\nwith injected: line" and len(replaced) == 32


def test_every_log_line_of_a_request_is_json_with_its_id(db, client, json_log):
    client.get("/accounts/login/", HTTP_X_REQUEST_ID="req-login-1")
    client.get("/khong-co/", HTTP_X_REQUEST_ID="req-missing-2")
    lines = json_log()
    assert lines, "the request produced no log line"
    by_id = {line["request_id"] for line in lines}
    assert by_id == {"req-login-1", "req-missing-2"}
    access = [line for line in lines if line["logger"] == "ocop.request"]
    assert {(a["path"], a["status"]) for a in access} == {("/accounts/login/", 200), ("/khong-co/", 404)}
    assert all({"time", "level", "logger", "message"} <= set(line) for line in lines)
    not_found = [line for line in lines if line["logger"] == "django.request"]
    assert not_found and not_found[0]["request_id"] == "req-missing-2"


def test_json_lines_carry_extra_fields_and_exceptions():
    formatter = logs.JsonFormatter()
    try:
        raise ValueError("bad value")
    except ValueError:
        import sys

        record = logging.LogRecord("ocop.test", logging.ERROR, __file__, 1, "failed %s", ("here",), sys.exc_info())
    record.order_id = 17
    token = logs.request_id_var.set("abc123")
    try:
        line = json.loads(formatter.format(record))
    finally:
        logs.request_id_var.reset(token)
    assert line["message"] == "failed here" and line["order_id"] == 17 and line["request_id"] == "abc123"
    assert "ValueError: bad value" in line["exception"]


def test_the_request_id_travels_to_background_tasks():
    from celery.signals import before_task_publish, task_postrun, task_prerun

    headers = {}
    token = logs.request_id_var.set("req-for-task")
    try:
        before_task_publish.send(sender="ocop.some_task", headers=headers, body=None)
    finally:
        logs.request_id_var.reset(token)
    assert headers[logs.CELERY_HEADER] == "req-for-task"

    class Request:  # what a worker's task.request carries: the message headers
        ocop_request_id = "req-for-task"

    class Task:
        request = Request()

    task_prerun.send(sender=Task, task_id="t1", task=Task())
    assert logs.current_request_id() == "req-for-task"
    task_postrun.send(sender=Task, task_id="t1", task=Task())
    assert logs.current_request_id() is None


def test_a_task_run_by_a_worker_gets_the_request_id_through_the_broker():
    """A real worker thread and an in-memory broker: the id goes in a message header and comes out
    in the task's context."""
    from celery import Celery
    from celery.contrib.testing.worker import start_worker

    from ocop.celery import app as project_app

    app = Celery("ocop-test-broker", broker="memory://", backend="cache+memory://")
    app.conf.update(task_always_eager=False, worker_hijack_root_logger=False)

    @app.task(name="tests.worker_request_id_probe")
    def probe():
        return logs.current_request_id()

    root_handlers = list(logging.getLogger().handlers)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            token = logs.request_id_var.set("req-through-broker")
            try:
                result = probe.delay()
            finally:
                logs.request_id_var.reset(token)
            assert result.get(timeout=10) == "req-through-broker"
    finally:
        project_app.set_current()
        project_app.set_default()
        logging.getLogger().handlers[:] = root_handlers


def test_an_inline_task_logs_with_the_callers_request_id():
    from ocop.celery import app

    @app.task(name="tests.request_id_probe")
    def probe():
        return logs.current_request_id()

    token = logs.request_id_var.set("req-inline")
    try:
        assert probe.delay().get() == "req-inline"
    finally:
        logs.request_id_var.reset(token)


# --------------------------------------------------------------------------- health and readiness

def test_readyz_is_ready_when_the_database_answers_and_is_migrated(db, client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["checks"]["database"]["ok"] and body["checks"]["migrations"]["pending"] == 0


def test_readyz_is_not_ready_with_pending_migrations(db, client, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(health, "_migrations_applied", False)
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("catalog", "0099_future")])
    response = client.get("/readyz")
    assert response.status_code == 503
    migrations = response.json()["checks"]["migrations"]
    assert migrations["ok"] is False and migrations["pending"] == 1


def test_readyz_is_not_ready_without_the_database(db, client, monkeypatch):
    def down():
        raise psycopg.OperationalError("connection refused")

    monkeypatch.setattr(health, "check_database", down)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["ok"] is False
    assert "connection refused" not in response.content.decode()


def test_healthz_still_reports_its_checks(db, client):
    body = client.get("/healthz").json()
    assert set(body["checks"]) == {"database", "search", "payments"}


# --------------------------------------------------------------------------- metrics

def test_metrics_from_loopback_show_latency_queries_business_counters_and_search(seeded, client):
    client.get("/")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert 'ocop_http_request_duration_seconds_bucket{le="0.005",method="GET",view="storefront:home"}' in text
    home_queries = [line for line in text.splitlines()
                    if line.startswith('ocop_db_queries_per_request_sum{view="storefront:home"}')]
    assert home_queries and float(home_queries[0].split()[-1]) >= 1
    assert "# TYPE ocop_orders_total counter" in text
    assert "# TYPE ocop_payments_total counter" in text
    assert 'ocop_search_backend{backend="postgres"} 1.0' in text


def test_business_counters_count(db, client):
    from ocop.core import metrics

    metrics.ORDERS.inc()
    metrics.PAYMENTS.labels(gateway="localstripe", outcome="succeeded").inc()
    text = client.get("/metrics").content.decode()
    assert 'ocop_payments_total{gateway="localstripe",outcome="succeeded"}' in text


@pytest.mark.parametrize("remote,headers", [
    ("203.0.113.5", {}),
    ("203.0.113.5", {"HTTP_AUTHORIZATION": "Bearer wrong-token"}),
    ("203.0.113.5", {"HTTP_AUTHORIZATION": "Bearer "}),
    ("127.0.0.1", {"HTTP_X_FORWARDED_FOR": "203.0.113.5"}),  # a local proxy relaying a visitor
])
def test_metrics_are_not_public(db, client, settings, remote, headers):
    settings.METRICS_TOKEN = "s3cret-metrics-token"
    response = client.get("/metrics", REMOTE_ADDR=remote, **headers)
    assert response.status_code == 403
    assert "ocop_" not in response.content.decode()


def test_metrics_answer_a_remote_scraper_with_the_token(db, client, settings):
    settings.METRICS_TOKEN = "s3cret-metrics-token"
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.5", HTTP_AUTHORIZATION="Bearer s3cret-metrics-token")
    assert response.status_code == 200 and "ocop_http_request_duration_seconds" in response.content.decode()


def test_without_a_configured_token_no_bearer_is_accepted(db, client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.5", HTTP_AUTHORIZATION="Bearer ").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="::1").status_code == 200


# --------------------------------------------------------------------------- backups

RESTORE_DB = "ocop_restore_test"


def _url_for(db: dict, name: str) -> str:
    auth = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = quote(db["HOST"] or "", safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{name}"


def _pg(tool: str, *args: str, db: dict):
    return subprocess.run([postgres_bin(tool), *args], env=backups.connection_env(db), capture_output=True,
                          text=True, check=False)


def test_backup_then_restore_into_a_fresh_database_brings_back_the_rows_and_media(transactional_db, settings, tmp_path):
    """A user and an area are enough today; extend this to orders and payments once they exist."""
    from ocop.accounts.models import User
    from ocop.areas.models import Area

    User.objects.create_user("backup.check@test.example", "mat-khau-sao-luu-1", full_name="Nguyễn Văn Sao Lưu")
    Area.objects.create(code="98", name="Tỉnh Sao Lưu", level="province")
    media = Path(settings.MEDIA_ROOT)
    (media / "private" / "producers").mkdir(parents=True)
    (media / "private" / "producers" / "giay-phep.pdf").write_bytes(b"%PDF-1.4 test %%EOF")
    (media / "products").mkdir()
    (media / "products" / "mat-ong.webp").write_bytes(b"RIFF....WEBP")

    call_command("backup", "--output-dir", str(tmp_path / "backups"), verbosity=0)
    [folder] = list((tmp_path / "backups").iterdir())
    assert folder.name.startswith("ocop-") and len(folder.name) == len("ocop-20260101-120000")
    manifest = json.loads((folder / "manifest.json").read_text())
    for part, name in (("database", "database.dump"), ("media", "media.tar.gz")):
        assert manifest[part]["file"] == name
        assert manifest[part]["bytes"] == (folder / name).stat().st_size
        assert manifest[part]["sha256"] == backups.sha256_of(folder / name)
    assert manifest["media"]["files"] == 2

    shutil.rmtree(media)
    db = settings.DATABASES["default"]
    _pg("dropdb", "--if-exists", "--force", RESTORE_DB, db=db)
    created = _pg("createdb", RESTORE_DB, db=db)
    assert created.returncode == 0, created.stderr
    try:
        call_command("restore", str(folder), "--database-url", _url_for(db, RESTORE_DB), "--noinput", verbosity=0)
        with psycopg.connect(host=db["HOST"], port=db["PORT"] or None, user=db["USER"], password=db["PASSWORD"] or None,
                             dbname=RESTORE_DB) as conn:
            user = conn.execute("SELECT full_name FROM accounts_user WHERE email = %s",
                                ["backup.check@test.example"]).fetchone()
            area = conn.execute("SELECT name FROM areas_area WHERE code = '98'").fetchone()
            applied = conn.execute("SELECT count(*) FROM django_migrations").fetchone()[0]
        assert user == ("Nguyễn Văn Sao Lưu",)
        assert area == ("Tỉnh Sao Lưu",)
        assert applied > 0
        assert (media / "private" / "producers" / "giay-phep.pdf").read_bytes() == b"%PDF-1.4 test %%EOF"
        assert (media / "products" / "mat-ong.webp").exists()

        # Restoring again over the same database replaces, it does not duplicate.
        call_command("restore", str(folder), "--database-url", _url_for(db, RESTORE_DB), "--noinput", verbosity=0)
        with psycopg.connect(host=db["HOST"], port=db["PORT"] or None, user=db["USER"], password=db["PASSWORD"] or None,
                             dbname=RESTORE_DB) as conn:
            assert conn.execute("SELECT count(*) FROM accounts_user WHERE email = %s",
                                ["backup.check@test.example"]).fetchone()[0] == 1
    finally:
        _pg("dropdb", "--if-exists", "--force", RESTORE_DB, db=db)


def test_a_damaged_backup_is_refused_before_anything_is_touched(db, settings, tmp_path):
    folder = tmp_path / "ocop-20260101-000000"
    folder.mkdir()
    (folder / "database.dump").write_bytes(b"not a dump")
    (folder / "media.tar.gz").write_bytes(b"")
    (folder / "manifest.json").write_text(json.dumps({
        "format": 1, "created_at": "2026-01-01T00:00:00+00:00",
        "database": {"file": "database.dump", "bytes": 10, "sha256": "0" * 64},
        "media": {"file": "media.tar.gz", "bytes": 0, "sha256": "0" * 64},
    }))
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(folder), "--noinput", verbosity=0)


def test_a_media_archive_cannot_write_outside_the_media_folder(tmp_path):
    import tarfile

    archive = tmp_path / "media.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        data = b"owned"
        info = tarfile.TarInfo("../../outside.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with pytest.raises(backups.BackupError):
        backups.restore_media(tmp_path, {"media": {"file": "media.tar.gz"}}, tmp_path / "media")
    assert not (tmp_path.parent / "outside.txt").exists()


def test_a_web_worker_freezes_what_it_loaded_before_its_first_request():
    """gunicorn imports ocop.wsgi in each worker: Django, the URLconf and the views are loaded and
    frozen there (ocop.core.warm), so no full garbage collection walks them inside a request."""
    import os
    import sys

    backend = Path(__file__).resolve().parent.parent / "backend"
    probe = ("import gc, sys, ocop.wsgi; "
             "print(gc.get_freeze_count(), 'storefront.views' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], cwd=backend, capture_output=True, text=True,  # nosec B603
                          timeout=120, env={**os.environ, "LOG_LEVEL": "WARNING"})
    assert done.returncode == 0, done.stderr[-2000:]
    frozen, views_loaded = done.stdout.split()[-2:]
    assert int(frozen) > 50_000 and views_loaded == "True"
