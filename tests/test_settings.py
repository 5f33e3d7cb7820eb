"""Settings come from the environment and fall back to the embedded defaults."""

import json
import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
db = s.DATABASES["default"]
print(json.dumps({"host": db["HOST"], "port": db["PORT"], "name": db["NAME"], "debug": s.DEBUG,
    "embedded": s.USING_EMBEDDED_POSTGRES, "localstripe": s.USING_LOCALSTRIPE, "stripe_key": s.STRIPE_SECRET_KEY,
    "webhook": s.STRIPE_WEBHOOK_SECRET, "eager": s.CELERY_TASK_ALWAYS_EAGER, "es": s.ELASTICSEARCH_URL,
    "media": str(s.MEDIA_ROOT), "hosts": s.ALLOWED_HOSTS, "secret": s.SECRET_KEY, "ssl": getattr(s, "SECURE_SSL_REDIRECT", False)}))
"""

CONFIG_VARS = ("DATABASE_URL", "STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET",
               "ELASTICSEARCH_URL", "CELERY_BROKER_URL", "MEDIA_ROOT", "ALLOWED_HOSTS", "SECRET_KEY", "DEBUG",
               "OCOP_LOCAL_HTTP")


def load_settings(**overrides) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    env.update({"DJANGO_SETTINGS_MODULE": "ocop.settings", "PYTHONPATH": f"{REPO_ROOT / 'backend'}:{REPO_ROOT}"})
    env.update(overrides)
    out = subprocess.run([sys.executable, "-c", PRINT_SETTINGS], env=env, capture_output=True, text=True,
                         cwd=REPO_ROOT, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_without_environment_the_embedded_services_and_safe_defaults_are_used():
    s = load_settings()
    assert s["embedded"] is True
    assert s["host"].startswith("/")  # the embedded server's Unix socket folder
    assert s["localstripe"] is True and s["stripe_key"] == "sk_test_localstripe"
    assert s["webhook"].startswith("whsec_")
    assert s["eager"] is True
    assert s["es"] == ""
    assert s["debug"] is False
    assert s["ssl"] is True  # production-safe unless the local run asks for plain HTTP
    assert s["hosts"] == ["127.0.0.1", "localhost"]


def test_secret_key_is_generated_once_and_then_reused():
    first, second = load_settings(), load_settings()
    assert len(first["secret"]) >= 50
    assert first["secret"] == second["secret"]


def test_environment_overrides_every_default(tmp_path):
    s = load_settings(
        DATABASE_URL="postgres://shop:pw@db.internal:6543/ocopdb",
        STRIPE_SECRET_KEY="sk_live_example", STRIPE_PUBLISHABLE_KEY="pk_live_example",
        STRIPE_WEBHOOK_SECRET="whsec_example", ELASTICSEARCH_URL="http://search:9200",
        CELERY_BROKER_URL="redis://cache:6379/0", MEDIA_ROOT=str(tmp_path), ALLOWED_HOSTS="ocop.vn,www.ocop.vn",
        SECRET_KEY="x" * 60, DEBUG="1",
    )
    assert (s["host"], s["port"], s["name"]) == ("db.internal", 6543, "ocopdb")
    assert s["embedded"] is False and s["localstripe"] is False
    assert s["stripe_key"] == "sk_live_example" and s["webhook"] == "whsec_example"
    assert s["es"] == "http://search:9200"
    assert s["eager"] is False
    assert s["media"] == str(tmp_path)
    assert s["hosts"] == ["ocop.vn", "www.ocop.vn"]
    assert s["secret"] == "x" * 60
    assert s["debug"] is True


def test_a_stripe_key_without_its_webhook_secret_is_refused_with_a_clear_message():
    env = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    env.update({"DJANGO_SETTINGS_MODULE": "ocop.settings", "PYTHONPATH": f"{REPO_ROOT / 'backend'}:{REPO_ROOT}",
                "STRIPE_SECRET_KEY": "sk_live_example"})
    out = subprocess.run([sys.executable, "-c", PRINT_SETTINGS], env=env, capture_output=True, text=True, cwd=REPO_ROOT)
    assert out.returncode != 0
    assert "STRIPE_WEBHOOK_SECRET must be set" in out.stderr
