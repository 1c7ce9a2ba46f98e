"""`make bench`, reminders: the daily duty over the scale data set (10,000 organisations with a
representative for each that joined, 50,000 meetings and their action items), timed: writing
the day's reminders, then sending them (to Django's in-memory mail box: what is measured is the
portal's work, not a mail server's). Run twice, as the timer might: the second run writes and
sends nothing. Prints the time and the queries of each step.

Runs against DATABASE_URL (`make bench` starts a throwaway PostgreSQL server for it); without
one, against a throwaway SQLite file:

    .venv/bin/python bench/reminders_run.py
"""

import os
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
ORGANISATIONS = int(os.environ.get("BENCH_ORGANISATIONS", "10000"))
MEETINGS = int(os.environ.get("BENCH_MEETINGS", "50000"))
# The duty's goal (issue 13): the whole run under a minute.
GOAL_SECONDS = 60


def _environment(folder):
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    os.environ.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_HTTPS="false",
        SINGLE_PROCESS="true",
        PRIVATE_MEDIA_ROOT=str(folder / "private"),
        MEDIA_ROOT=str(folder / "media"),
        JOB_PROGRESS_DIR=str(folder / "progress"),
        EMAIL_URL="memorymail://",
        DJANGO_SETTINGS_MODULE="protocol_portal.settings",
    )
    sys.path.insert(0, str(BASE_DIR))


def _timed(label, function, rows):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        value = function()
        seconds = time.perf_counter() - started
    rows.append((label, seconds, len(queries.captured_queries), value))
    return value


def main():
    folder = Path(tempfile.mkdtemp(prefix="portal-bench-reminders-"))
    try:
        _environment(folder)
        import django

        django.setup()
        from django.core import mail
        from django.core.management import call_command
        from django.db import connection
        from django.utils import timezone

        from meetings.models import ActionItem
        from partners.models import Representative
        from reminders.delivery import deliver_pending
        from reminders.models import Reminder
        from reminders.writing import write_reminders

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command(
            "generate_data",
            organisations=ORGANISATIONS,
            meetings=MEETINGS,
            coordinators=3,
            stdout=open(os.devnull, "w"),  # noqa: SIM115
        )
        print(f"\nData set ready in {time.perf_counter() - started:.0f} s")
        mail.outbox = []
        today = timezone.localdate()
        rows = []
        for round_ in ("first run", "second run"):
            _timed(f"{round_}: write", lambda: write_reminders(today), rows)
            _timed(f"{round_}: send", lambda: deliver_pending()[0], rows)
        emails = len(mail.outbox)
        reminders = Reminder.objects.count()
        representatives = Representative.objects.count()
        items = ActionItem.objects.count()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    total = sum(seconds for label, seconds, _q, _v in rows if label.startswith("first"))
    print(
        f"Reminders on {connection.vendor}: {ORGANISATIONS} organisations, {MEETINGS} meetings, "
        f"{items} action items, {representatives} representatives"
    )
    print(f"{reminders} reminders written, {emails} emails sent (digests for coordinators)\n")
    print(f"| {'step':<20} | {'seconds':>8} | {'queries':>8} | {'rows / sent':>12} |")
    print(f"|{'-' * 22}|{'-' * 10}|{'-' * 10}|{'-' * 14}|")
    for label, seconds, queries, value in rows:
        print(f"| {label:<20} | {seconds:>8.1f} | {queries:>8} | {value:>12} |")
    verdict = "within" if total < GOAL_SECONDS else "OVER"
    print(f"\nFirst run {total:.1f} s: {verdict} the goal of {GOAL_SECONDS} s.")


if __name__ == "__main__":
    main()
