"""Background jobs: work that must not run inside a web request (imports, reminders, the daily
duties), on django-tasks (the API Django 6 adopts as `django.tasks`) with its database backend.

- A job is queued in the database in the same transaction as the change that asks for it, so
  a job never runs for a change that was rolled back.
- `manage.py db_worker` runs them: one next to `make run`, as many as needed in production on
  any machine that reaches the database (a worker claims a job with SELECT … FOR UPDATE SKIP
  LOCKED, so no two workers run the same one, and a finished job is never run again).
- A job declared with `retries` is queued again, later, when it fails (the backend itself does
  not retry); the failed attempt stays in the record with its traceback.
- How far a job has come goes to the "jobs" cache (`report_progress` / `read_progress`), which
  every process of the portal shares, so any page load, in any browser, can show it.
"""

import logging
from datetime import timedelta
from functools import wraps

from django.core.cache import caches
from django.utils import timezone
from django_tasks import task, task_backends

logger = logging.getLogger(__name__)

PROGRESS_SECONDS = 24 * 60 * 60


def job(*, retries=0, backoff_seconds=60, priority=0, queue_name="default"):
    """Declare a background job. With `retries`, a failed run is queued again after
    `backoff_seconds`, doubling each time, at most `retries` times.

    The function is called with its own arguments (JSON values: ids, not model instances)."""

    def declare(function):
        @wraps(function)
        def run(*args, attempt=1, **kwargs):
            try:
                return function(*args, **kwargs)
            except Exception:
                if attempt <= retries:
                    _queue_again(declared, args, kwargs, attempt, backoff_seconds)
                raise

        declared = task(priority=priority, queue_name=queue_name)(run)
        return declared

    return declare


def _queue_again(declared, args, kwargs, attempt, backoff_seconds):
    delay = timedelta(seconds=backoff_seconds * 2 ** (attempt - 1))
    if task_backends[declared.backend].supports_defer:
        declared = declared.using(run_after=timezone.now() + delay)
    logger.warning("Job %s failed (attempt %s); queued again", declared.module_path, attempt)
    declared.enqueue(*args, attempt=attempt + 1, **kwargs)


def _progress_key(key):
    return f"job-progress:{key}"


def report_progress(key, **values):
    """Record how far the job known as `key` has come ({"done": …, "total": …, …})."""
    caches["jobs"].set(_progress_key(key), values, PROGRESS_SECONDS)


def read_progress(key):
    """What `report_progress` last recorded for `key`, or None."""
    return caches["jobs"].get(_progress_key(key))


def clear_progress(key):
    caches["jobs"].delete(_progress_key(key))
