"""`manage.py restore ARCHIVE`: bring back a `manage.py backup` archive (core/backup.py)."""

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, pending_migrations, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup archive: check its manifest (checksums, database engine, migrations "
        "this code knows), then bring back the database and the public and private uploads. "
        "Refuses a database with tables or upload folders with files unless --replace."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar written by manage.py backup.")
        parser.add_argument(
            "--replace",
            "--force",
            action="store_true",
            help="Replace the database and uploads that are there now (they are lost).",
        )

    def handle(self, *args, archive, replace=False, **options):
        try:
            manifest = restore_backup(archive, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {archive} (made {manifest['created_at']} by portal "
                f"{manifest['portal']})."
            )
        )
        pending = pending_migrations()
        if pending:
            self.stdout.write(
                f"This code has {len(pending)} migration(s) the backup had not applied: "
                "run `manage.py migrate` now."
            )
