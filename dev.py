#!/usr/bin/env python3
"""OCOP Market from a fresh clone, with nothing but Python 3.11+:

    python3 dev.py run     install into .venv, start the embedded services, serve http://127.0.0.1:8000
    python3 dev.py test    install the dev tools and a browser, then run the whole test suite
    python3 dev.py stop    stop embedded services left running by a manage.py session
    python3 dev.py audit   known vulnerabilities with a fix (pip-audit) and risky code (bandit); CI runs it

Only the standard library is used here: this file builds the environment everything else runs in.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PY = VENV / "bin" / "python"


def say(message: str) -> None:
    print(f"[ocop] {message}", flush=True)


def ensure_venv(lock: str) -> None:
    if sys.version_info < (3, 11):
        sys.exit("error: OCOP Market needs Python 3.11 or newer; run it with python3.11 or later")
    lock_path = ROOT / lock
    digest = hashlib.sha256(lock_path.read_bytes()).hexdigest()
    marker = VENV / f".installed-{lock}"
    if marker.exists() and marker.read_text() == digest and PY.exists():
        return
    if not PY.exists():
        say("creating the virtual environment in .venv")
        venv.EnvBuilder(with_pip=True, clear=False).create(VENV)
    say(f"installing dependencies from {lock} (first run only)")
    pip = [str(PY), "-m", "pip", "--disable-pip-version-check", "-q"]
    # uv installs the lock many times faster; plain pip is the fallback.
    if subprocess.run(pip + ["install", "uv==0.13.9"], check=False).returncode == 0:
        cmd = [str(PY), "-m", "uv", "pip", "sync", "--python", str(PY), str(lock_path)]
        if lock == "requirements.lock":
            cmd = [str(PY), "-m", "uv", "pip", "install", "--python", str(PY), "-r", str(lock_path)]
        ok = subprocess.run(cmd, check=False).returncode == 0
    else:
        ok = False
    if not ok:
        subprocess.run(pip + ["install", "-r", str(lock_path)], check=True)
    marker.write_text(digest)


def browser_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def ensure_browser() -> dict:
    """Debian's chromium where apt is there; Playwright's own download elsewhere."""
    env = {}
    path = browser_path()
    if path is None and shutil.which("apt-get"):
        sudo = [] if os.geteuid() == 0 else (["sudo", "-n"] if shutil.which("sudo") else None)
        if sudo is not None:
            say("installing Debian's chromium for the browser tests")
            quiet = {"stdout": subprocess.DEVNULL}
            subprocess.run(sudo + ["apt-get", "update", "-qq"], check=False, **quiet)
            subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "chromium", "fonts-noto-core"],
                           check=False, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}, **quiet)
            path = browser_path()
    if path is None:
        say("installing Playwright's Chromium")
        subprocess.run([str(PY), "-m", "playwright", "install", "chromium"], check=True)
    else:
        env["OCOP_CHROMIUM"] = path
    return env


def test_workers(args: list[str]) -> list[str]:
    """pytest-xdist's options: one worker per CPU (at most 4; OCOP_TEST_WORKERS overrides, 0 runs in
    this process), each test file on one worker with a test database of its own, unless the
    arguments choose (-n, -p no:xdist) or name a single test."""
    if any(a == "-n" or a.startswith(("-n", "--numprocesses", "--dist")) or a == "no:xdist" for a in args):
        return []
    if any("::" in a for a in args):
        return []
    workers = int(os.environ.get("OCOP_TEST_WORKERS") or min(os.cpu_count() or 1, 4))
    return ["-n", str(workers), "--dist", "loadfile"] if workers > 1 else []


def run_tests(args: list[str]) -> int:
    ensure_venv("requirements-dev.lock")
    env = {**os.environ, **ensure_browser()}
    command = [str(PY), "-m", "pytest", *test_workers(args), *args]
    already_up = running_services()  # e.g. a `dev.py run` in another terminal: left running
    code = subprocess.run(command, cwd=ROOT, env=env, check=False).returncode
    stop_services(keep=already_up)
    return code


def running_services() -> list[str]:
    out = subprocess.run([str(PY), "-c", "from ocop.core import embedded; print(*embedded.running())"],
                         cwd=ROOT / "backend", capture_output=True, text=True, check=False)
    return out.stdout.split()


def stop_services(keep=()) -> None:
    subprocess.run([str(PY), "-c", f"from ocop.core import embedded; embedded.stop_all(keep={list(keep)!r})"],
                   cwd=ROOT / "backend", check=False)


def audit() -> int:
    """Fail on a dependency vulnerability that has a fixed release, or on a medium+ bandit finding.
    An unreachable vulnerability service is a warning, not a failure: CI may run offline."""
    ensure_venv("requirements-dev.lock")
    bin_dir = VENV / "bin"
    result = subprocess.run([str(bin_dir / "pip-audit"), "-r", "requirements.lock", "--progress-spinner", "off",
                             "--no-deps", "--disable-pip", "-f", "json"], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    failed = False
    try:
        deps = json.loads(result.stdout)["dependencies"]
    except (ValueError, KeyError):
        detail = (result.stderr.strip().splitlines() or ["no output"])[-1]
        say(f"warning: pip-audit could not check the dependencies ({detail})")
        deps = []
    audited = [d for d in deps if "skip_reason" not in d]
    if deps and not audited:
        say("warning: pip-audit could not reach its vulnerability service; dependencies not checked")
    fixable = [(d["name"], d["version"], v["id"], v["fix_versions"]) for d in audited for v in d.get("vulns", [])
               if v.get("fix_versions")]
    for name, version, vuln, fixes in fixable:
        say(f"vulnerable: {name} {version} ({vuln}); fixed in {', '.join(fixes)}")
    if fixable:
        failed = True
    elif audited:
        say(f"pip-audit: {len(audited)} dependencies checked, no vulnerability with a fix")
    bandit = subprocess.run([str(bin_dir / "bandit"), "-q", "-r", "backend", "storefront", "seeds", "-ll"],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    print(bandit.stdout, end="")
    # bandit warns about the words after "# nosec Bxxx"; those reasons are meant for people.
    print("".join(line + "\n" for line in bandit.stderr.splitlines() if "Test in comment" not in line
                  and "nosec encountered" not in line), end="", file=sys.stderr)
    if bandit.returncode != 0:
        say("bandit found medium or high severity issues (see above)")
        failed = True
    else:
        say("bandit: no medium or high severity issues")
    return 1 if failed else 0


def main(argv: list[str]) -> int:
    action = argv[0] if argv else "run"
    if action == "run":
        ensure_venv("requirements.lock")
        os.chdir(ROOT)
        # Replace this process: Ctrl-C then reaches the runner, which stops what it started.
        os.execv(str(PY), [str(PY), str(ROOT / "backend" / "ocop" / "core" / "runner.py"), "serve"])
    if action == "test":
        return run_tests(argv[1:])
    if action == "stop":
        stop_services()
        return 0
    if action == "audit":
        return audit()
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
