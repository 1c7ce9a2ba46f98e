"""Cancel spreadsheet imports that were checked but never applied nor cancelled, and mark
failed the imports whose background job was lost mid-way (a worker killed or restarted).

Their files wait in the private storage for the coordinator to come back; an uploaded partner
list holds contact details, so it should not wait forever. It is one of the daily duties
(`manage.py run_duties`); cancelling is what the coordinator's own Cancel button does, and the
import's record and report stay.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand

from core.spreadsheets.jobs import STALE_AFTER, clear_stale_imports


class Command(BaseCommand):
    help = (
        "Cancel spreadsheet imports checked more than --days days ago and neither applied nor "
        "cancelled, deleting their stored files; mark interrupted imports failed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=STALE_AFTER.days, help="age in days (default 7)"
        )

    def handle(self, *args, days, **options):
        cancelled, failed = clear_stale_imports(stale_after=timedelta(days=days))
        self.stdout.write(
            f"Cancelled {cancelled} stale import(s); marked {failed} interrupted import(s) failed."
        )
