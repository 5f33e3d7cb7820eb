"""The run command explains problems a person can fix in one line, not a traceback."""

import os
import socket
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
RUNNER = REPO_ROOT / "backend" / "ocop" / "core" / "runner.py"


def run(action, **env):
    full_env = {**os.environ, "STRIPE_SECRET_KEY": "sk_test_x", "STRIPE_WEBHOOK_SECRET": "whsec_x", **env}
    return subprocess.run([sys.executable, str(RUNNER), action], env=full_env, capture_output=True, text=True,
                          timeout=60)


def assert_one_line_error(result, *phrases):
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.stderr
    for phrase in phrases:
        assert phrase in lines[0]


def test_unreachable_database_url_says_what_to_fix():
    result = run("check", DATABASE_URL="postgres://nobody:pw@127.0.0.1:1/nothing")
    assert_one_line_error(result, "Cannot connect to the database in DATABASE_URL", "unset DATABASE_URL")


def test_database_url_that_is_not_postgres_is_refused():
    result = run("check", DATABASE_URL="mysql://user:pw@localhost/shop")
    assert_one_line_error(result, "must be a PostgreSQL URL")


def test_garbage_database_url_is_refused():
    result = run("check", DATABASE_URL="not a url at all")
    assert_one_line_error(result, "DATABASE_URL")


def test_port_already_taken_says_so_and_how_to_choose_another():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = run("serve", OCOP_PORT=str(port))
    assert_one_line_error(result, f"Port {port}", "OCOP_PORT")


def test_prepare_collects_static_files_only_when_they_changed(db, settings, tmp_path):
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    call_command("prepare")
    marker = settings.STATIC_ROOT / ".fingerprint"
    css = next(settings.STATIC_ROOT.rglob("site.css"))
    assert marker.exists() and css.exists()
    css.unlink()
    call_command("prepare")  # nothing changed in the sources: no second collect
    assert not css.exists()
    marker.write_text("stale")
    call_command("prepare")
    assert css.exists()
