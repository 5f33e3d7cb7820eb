from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ocop.core import backups


class Command(BaseCommand):
    help = ("Restore a folder made by `manage.py backup`: checks the checksums, replaces the database's "
            "contents (pg_restore --clean --if-exists --no-owner) and unpacks the media into MEDIA_ROOT.")

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="the backup folder (ocop-YYYYmmdd-HHMMSS)")
        parser.add_argument("--database-url", default=None,
                            help="database to restore into (default: the configured one)")
        parser.add_argument("--skip-media", action="store_true", help="restore the database only")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="do not ask for confirmation")

    def handle(self, *args, **options):
        folder = options["folder"].resolve()
        try:
            db = (backups.database_from_url(options["database_url"]) if options["database_url"]
                  else settings.DATABASES["default"])
            manifest = backups.read_manifest(folder)
            backups.verify(folder, manifest)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        if options["interactive"]:
            answer = input(f"This replaces everything in database {db['NAME']!r} with the backup of "
                           f"{manifest['created_at']}. Type 'yes' to continue: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        verbose = options["verbosity"] > 0
        try:
            if verbose:
                self.stdout.write(f"Restoring database {db['NAME']}…")
            backups.restore_database(folder, manifest, db)
            if not options["skip_media"]:
                if verbose:
                    self.stdout.write(f"Unpacking media into {settings.MEDIA_ROOT}…")
                count = backups.restore_media(folder, manifest, Path(settings.MEDIA_ROOT))
            else:
                count = 0
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        if verbose:
            self.stdout.write(self.style.SUCCESS(
                f"Restored {folder.name}: database {db['NAME']}, {count} media files. "
                "Run `manage.py migrate` if this code is newer than the backup."))
