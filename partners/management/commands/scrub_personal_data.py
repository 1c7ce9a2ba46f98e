"""Blank the personal fields kept past the retention period (PERSONAL_DATA_RETENTION_MONTHS):
earlier versions of contact persons' names, emails and phones in the history, and the emails
and messages of old join requests. Run it daily (cron or a systemd timer); running it twice, or
on two machines at once, scrubs nothing twice."""

from django.conf import settings
from django.core.management.base import BaseCommand

from partners.personal_data import personal_data_scrub, retention_cutoff


class Command(BaseCommand):
    help = (
        "Blank contact persons' names, emails and phones in history rows, and join requests' "
        "emails and messages, older than PERSONAL_DATA_RETENTION_MONTHS."
    )

    def handle(self, *args, **options):
        history, requests = personal_data_scrub()
        self.stdout.write(
            f"Scrubbed {history} history row(s) and {requests} join request(s) older than "
            f"{retention_cutoff():%Y-%m-%d} ({settings.PERSONAL_DATA_RETENTION_MONTHS} months)."
        )
