"""The README's run command: start what the site needs, serve it, and stop all of it on Ctrl-C.

    python -m ocop.core.runner            serve at http://127.0.0.1:8000 (OCOP_PORT to change)
    python -m ocop.core.runner prepare    start services, migrate and seed, then stop (no server)

Every failure a person can fix (a bad DATABASE_URL, a port in use) ends with one line saying what
to do, never a traceback.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess  # nosec B404 - we start gunicorn and manage.py, our own programs
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
BACKEND = REPO_ROOT / "backend"


class StartupError(Exception):
    pass


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def check_database_url(url: str) -> None:
    import dj_database_url
    import psycopg

    try:
        config = dj_database_url.parse(url)
    except Exception as exc:
        raise StartupError(f"DATABASE_URL is not a valid URL ({exc}); expected postgres://user:password@host:5432/name") from exc
    if config.get("ENGINE") != "django.db.backends.postgresql":
        raise StartupError("DATABASE_URL must be a PostgreSQL URL (postgres://...); unset it to use the embedded database")
    try:
        psycopg.connect(url.replace("postgis://", "postgres://"), connect_timeout=5).close()
    except psycopg.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        raise StartupError(
            f"Cannot connect to the database in DATABASE_URL ({first}); check host, port, user and password, "
            "or unset DATABASE_URL to use the embedded PostgreSQL"
        ) from exc


def start_services() -> dict:
    """Start the embedded defaults the environment asks for; return what we started."""
    from ocop.core import embedded

    started = {"postgres": False, "localstripe": False}
    if os.environ.get("DATABASE_URL"):
        check_database_url(os.environ["DATABASE_URL"])
    else:
        try:
            embedded.postgres_url(start=True)
        except embedded.EmbeddedServiceError as exc:
            raise StartupError(str(exc)) from exc
        started["postgres"] = True
    if not os.environ.get("STRIPE_SECRET_KEY"):
        try:
            embedded.localstripe_url(start=True)
        except embedded.EmbeddedServiceError as exc:
            raise StartupError(str(exc)) from exc
        started["localstripe"] = True
    return started


def stop_services(started: dict) -> None:
    from ocop.core import embedded

    if started.get("localstripe"):
        embedded.stop_localstripe()
    if started.get("postgres"):
        embedded.stop_postgres()


def manage(*args: str, quiet: bool = False) -> None:
    result = subprocess.run([sys.executable, str(BACKEND / "manage.py"), *args], cwd=str(REPO_ROOT),  # nosec B603
                            env=os.environ.copy(), stdout=subprocess.DEVNULL if quiet else None)
    if result.returncode != 0:
        raise StartupError(f"`manage.py {' '.join(args)}` failed (exit {result.returncode}); see the messages above")


def prepare() -> None:
    manage("prepare")


def print_accounts(url: str) -> None:
    accounts = json.loads((REPO_ROOT / "seeds" / "accounts.json").read_text(encoding="utf-8"))
    print(f"\n  OCOP Market is running at {url}\n")
    print("  Demo accounts (sample data only):")
    for a in accounts:
        acts = a.get("acts_for") or {}
        detail = acts.get("producer") or ", ".join(acts.get("areas", [])) or ""
        print(f"    {a['role']:<15} {a['email']:<32} {a['password']:<18} {detail}")
    print("\n  Press Ctrl-C to stop the site and every service it started.\n", flush=True)


def serve() -> int:
    host = "127.0.0.1"
    port = int(os.environ.get("OCOP_PORT", "8000"))
    if not _port_free(host, port):
        raise StartupError(f"Port {port} on {host} is already in use; stop what is using it or set OCOP_PORT to another port")
    os.environ.setdefault("OCOP_LOCAL_HTTP", "1")
    started = {}
    gunicorn = None
    stopping = {"flag": False}

    def _stop(signum, frame):
        stopping["flag"] = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        started = start_services()
        prepare()
        workers = os.environ.get("WEB_CONCURRENCY", "2")
        gunicorn = subprocess.Popen(  # nosec B603
            [sys.executable, "-m", "gunicorn", "ocop.wsgi:application", "--bind", f"{host}:{port}",
             "--workers", workers, "--threads", "2", "--access-logfile", "-", "--log-level", "warning",
             "--graceful-timeout", "5", "--chdir", str(BACKEND)],
            cwd=str(REPO_ROOT), env=os.environ.copy(), start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while _port_free(host, port) and time.monotonic() < deadline and gunicorn.poll() is None:
            time.sleep(0.1)
        if gunicorn.poll() is not None:
            raise StartupError("The web server stopped on start; see the messages above")
        print_accounts(f"http://{host}:{port}")
        while not stopping["flag"] and gunicorn.poll() is None:
            time.sleep(0.2)
        return 0 if stopping["flag"] else 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if gunicorn is not None and gunicorn.poll() is None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            try:
                gunicorn.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(gunicorn.pid, signal.SIGKILL)
        stop_services(started)
        print("  Stopped.", flush=True)


def main(argv: list[str]) -> int:
    sys.path[:0] = [str(BACKEND), str(REPO_ROOT)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    action = argv[0] if argv else "serve"
    try:
        if action == "serve":
            return serve()
        if action == "prepare":
            started = start_services()
            try:
                prepare()
            finally:
                stop_services(started)
            return 0
        if action == "check":
            started = start_services()
            stop_services(started)
            return 0
        print(f"unknown action {action!r}; use serve, prepare or check", file=sys.stderr)
        return 2
    except StartupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
