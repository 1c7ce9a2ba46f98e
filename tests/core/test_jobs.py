"""The task engine as production runs it (the database backend), driven in this process by the
worker's own code: a failed job is queued again and run, a finished one never twice."""

import pytest
from django.core.cache import caches
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from tests.core.jobs_for_tests import flaky

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_queued_jobs():
    """What `manage.py db_worker --batch` does, in this process: claim and run each job that is
    ready, until none is."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    while (result := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)


def test_a_job_that_fails_is_queued_again_and_then_succeeds(database_backend):
    flaky.enqueue("flaky-twice", 2)

    run_queued_jobs()

    statuses = list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", flat=True))
    assert statuses == ["FAILED", "FAILED", "SUCCESSFUL"]
    assert caches["jobs"].get("flaky-twice") == 3


def test_a_job_failing_more_often_than_its_retries_stops_failed(database_backend):
    flaky.enqueue("flaky-always", 10)

    run_queued_jobs()

    assert DBTaskResult.objects.filter(status="FAILED").count() == 3
    assert caches["jobs"].get("flaky-always") == 3


def test_a_finished_job_is_not_run_again(database_backend):
    flaky.enqueue("once", 0)
    run_queued_jobs()

    run_queued_jobs()

    assert caches["jobs"].get("once") == 1
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
