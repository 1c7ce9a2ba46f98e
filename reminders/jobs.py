"""The daily duties and the sending of reminders as background jobs (core.jobs)."""

import datetime

from core.jobs import job

from .delivery import deliver_pending
from .duties import run_daily_duties


@job()
def daily_duties(today=None):
    """The daily duties (reminders.duties), then sending the reminders as a job of its own."""
    done = run_daily_duties(datetime.date.fromisoformat(today) if today else None)
    deliver_reminders.enqueue()
    return done


# A mail server that is down for a while: attempts after 5, 10, 20, 40 and 80 minutes; what is
# still not sent then waits for the next day's run.
@job(retries=5, backoff_seconds=300)
def deliver_reminders():
    sent, _failed = deliver_pending()
    return sent
