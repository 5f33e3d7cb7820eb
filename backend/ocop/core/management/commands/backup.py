import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ocop.core import backups
from ocop.core.embedded import var_dir


class Command(BaseCommand):
    help = ("Back up the database (pg_dump, custom format, one consistent snapshot) and the media folder "
            "into <dir>/ocop-YYYYmmdd-HHMMSS/ with a manifest of sizes and SHA-256 sums.")

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", "-o", type=Path, default=None,
                            help="where to create the backup folder (default: $OCOP_BACKUP_DIR or var/backups)")

    def handle(self, *args, **options):
        output_dir = options["output_dir"] or Path(os.environ.get("OCOP_BACKUP_DIR") or var_dir() / "backups")
        verbose = options["verbosity"] > 0
        bar = None

        def progress(done, total):
            nonlocal bar
            if not verbose:
                return
            if bar is None:
                from tqdm import tqdm

                bar = tqdm(total=total, unit="file", desc="media", file=sys.stderr)
            bar.update(1)

        if verbose:
            self.stdout.write(f"Dumping database {settings.DATABASES['default']['NAME']}…")
        try:
            folder = backups.create_backup(db=settings.DATABASES["default"], media_root=Path(settings.MEDIA_ROOT),
                                           output_dir=output_dir.resolve(), progress=progress)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            if bar is not None:
                bar.close()
        if verbose:
            manifest = backups.read_manifest(folder)
            self.stdout.write(self.style.SUCCESS(
                f"Backup written to {folder} (database {manifest['database']['bytes']:,} bytes, "
                f"{manifest['media']['files']} media files)"))
        else:
            self.stdout.write(str(folder))
