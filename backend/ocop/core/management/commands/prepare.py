"""Everything the run command needs before serving, in one process: migrate, the cache table,
static files (only when they changed since the last collect) and the sample data on first run."""

import hashlib
import os

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command
from django.core.management.base import BaseCommand


def static_fingerprint() -> str:
    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in finder.list([]):
            full = storage.path(path)
            stat = os.stat(full)
            digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


class Command(BaseCommand):
    help = "Migrate, create the cache table, collect changed static files and seed an empty database."

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        marker = settings.STATIC_ROOT / ".fingerprint"
        fingerprint = static_fingerprint()
        if not marker.exists() or marker.read_text() != fingerprint:
            call_command("collectstatic", interactive=False, verbosity=0)
            marker.write_text(fingerprint)
        call_command("seed_if_empty")
