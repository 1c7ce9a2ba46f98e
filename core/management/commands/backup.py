"""`manage.py backup`: the database, public and private uploads and a manifest in one archive
(core/backup.py). Run daily by deploy/protocol-portal-backup.timer."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write one tar archive with a consistent copy of the database (pg_dump custom format "
        "on PostgreSQL, SQLite's backup API on SQLite), the public and private uploads and a "
        "manifest with checksums and the migration state."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="The archive to write (default: protocol-portal-<date-time>.tar in --directory).",
        )
        parser.add_argument(
            "--directory", default=".", help="Where the default-named archive goes (default: .)."
        )

    def handle(self, *args, output=None, directory=".", **options):
        if output is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            output = Path(directory) / f"protocol-portal-{stamp}.tar"
        try:
            manifest = create_backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {output} ({manifest['engine']} database, "
                f"{len(manifest['files']) - 1} uploaded file(s))."
            )
        )
