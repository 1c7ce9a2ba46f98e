"""Jobs that only the tests queue: one that fails a given number of times, counting its runs."""

from django.core.cache import caches

from core.jobs import job


@job(retries=2, backoff_seconds=0)
def flaky(key, failures):
    runs = caches["jobs"].get_or_set(key, 0) + 1
    caches["jobs"].set(key, runs)
    if runs <= failures:
        raise RuntimeError(f"failure {runs}")
    return runs
