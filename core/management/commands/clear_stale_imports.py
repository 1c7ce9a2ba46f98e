"""Cancel spreadsheet imports that were checked but never applied nor cancelled, and mark
failed the imports whose background job was lost mid-way (a worker killed or restarted).

Their files wait in the private storage for the coordinator to come back; an uploaded partner
list holds contact details, so it should not wait forever. It is one of the daily duties
(`manage.py run_duties`); cancelling is what the coordinator's own Cancel button does, and the
import's record and report stay.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from core.models import ImportRun
from core.spreadsheets.jobs import fail_stuck_imports, import_cancel


class Command(BaseCommand):
    help = (
        "Cancel spreadsheet imports checked more than --days days ago and neither applied nor "
        "cancelled, deleting their stored files."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="age in days (default 7)")

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - timedelta(days=days)
        stale = ImportRun.objects.filter(status=ImportRun.Status.PREVIEWED, created_at__lt=cutoff)
        count = 0
        for run in stale.iterator():
            import_cancel(run=run)
            count += 1
        self.stdout.write(f"Cancelled {count} stale import(s) checked before {cutoff:%Y-%m-%d}.")
        failed = fail_stuck_imports()
        self.stdout.write(f"Marked {failed} interrupted import(s) failed.")
