"""The daily duties, one after the other, each safe to run twice or in two workers at once:
- accessions past their end of validity become expired (history: by the system, with the
  reason);
- stale imports are cancelled and interrupted ones marked failed;
- personal data past its retention is blanked;
- finished job records older than a month are removed;
- list downloads asked for more than a day ago are deleted with their files;
- the reminders due today are written, then sent (a job of their own, retried on failure).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from core.spreadsheets.download_jobs import prune_downloads
from core.spreadsheets.jobs import clear_stale_imports
from partners.personal_data import personal_data_scrub
from partners.services import accessions_expire

from .writing import write_reminders

logger = logging.getLogger(__name__)

FINISHED_JOBS_KEPT = timedelta(days=30)


def prune_finished_jobs(now):
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return 0
    from django_tasks_db.models import DBTaskResult

    finished = DBTaskResult.objects.finished().filter(finished_at__lt=now - FINISHED_JOBS_KEPT)
    return finished.delete()[0]


def run_daily_duties(today=None):
    """Run every duty but sending; returns what each did, for the log and the command."""
    now = timezone.now()
    today = today or timezone.localdate()
    history, requests = personal_data_scrub()
    done = {
        "accessions expired": accessions_expire(today),
        "imports cleared": sum(clear_stale_imports(now)),
        "personal data rows scrubbed": history + requests,
        "finished jobs removed": prune_finished_jobs(now),
        "downloads deleted": prune_downloads(now),
        "reminders written": write_reminders(today),
    }
    logger.info("Daily duties: %s", done)
    return done
