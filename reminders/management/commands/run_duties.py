"""The daily duties in one command, for cron or a systemd timer (deploy/): by default queued
as a job for the worker (which retries the sending of reminders); with --now, run here and now,
reminders sent before the command ends."""

import datetime

from django.core.management.base import BaseCommand

from reminders.delivery import deliver_pending
from reminders.duties import run_daily_duties
from reminders.jobs import daily_duties


class Command(BaseCommand):
    help = (
        "Run the daily duties: expire accessions past their end, clear stale imports, scrub old "
        "personal data, remove old job records, write and send the reminders due today."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", action="store_true", help="run in this process instead of queueing a job"
        )
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="the day to run for (YYYY-MM-DD), default today",
        )

    def handle(self, *args, now, date, **options):
        if not now:
            result = daily_duties.enqueue(date.isoformat() if date else None)
            self.stdout.write(f"Daily duties queued as job {result.id}.")
            return
        for what, count in run_daily_duties(date).items():
            self.stdout.write(f"{what}: {count}")
        sent, _failed = deliver_pending()
        self.stdout.write(f"reminders sent: {sent}")
