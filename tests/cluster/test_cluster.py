"""The portal on several machines, as production runs it: two gunicorn instances on different
ports and background workers, all sharing one throwaway PostgreSQL server and one throwaway
Redis, on 127.0.0.1. Whatever a visitor does on one instance, the other knows.

`make test-cluster` runs these tests (they start their own servers, so `make test` and
`make test-postgres` leave them out); everything started here is stopped and removed
afterwards, also when a test fails.
"""

import time
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.duty_network import EXPECTED_RECIPIENTS, NETWORK, emails_sent, jobs_left
from tests.servers import (
    Visitor,
    follow_import,
    form_fields,
    gunicorn,
    manage,
    postgres_server,
    redis_server,
    server_environment,
    worker,
)
from tests.spreadsheet_files import organisations_csv

pytestmark = pytest.mark.cluster

PASSWORD = "a-long-coordinator-password"
# Enough rows that the check lasts about a second: several of the progress page's polls.
ROWS = 6_000


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cluster")
    # Redis in a stack of its own: a test stops it while the rest runs on.
    with postgres_server() as postgres, ExitStack() as redis:
        redis_url = redis.enter_context(redis_server())
        env = server_environment(
            DATABASE_URL=postgres.url,
            CACHE_URL=redis_url,
            SINGLE_PROCESS="false",
            MEDIA_ROOT=str(folder / "media"),
            PRIVATE_MEDIA_ROOT=str(folder / "private"),
            TASKS_BACKEND="django_tasks_db.DatabaseBackend",
            # django-environ drops the first slash of the path: four make it absolute.
            EMAIL_URL=f"filemail:///{folder / 'mail'}",
        )
        manage("migrate", "--noinput", env=env)
        manage(
            "shell",
            "-c",
            "from django.contrib.auth.models import Group, User\n"
            f"user = User.objects.create_user('coordinator', password='{PASSWORD}')\n"
            "user.groups.add(Group.objects.get(name='Coordinators'))\n",
            env=env,
        )
        with gunicorn(env) as first, gunicorn(env) as second, worker(env):
            yield {
                "first": first,
                "second": second,
                "env": env,
                "postgres": postgres,
                "stop_redis": redis.close,
                "mail": folder / "mail",
            }


def test_a_coordinator_logged_in_on_one_instance_carries_on_on_the_other(cluster):
    visitor = Visitor(cluster["first"])
    status, _page = visitor.log_in("coordinator", PASSWORD)
    assert status == 302

    visitor.base = cluster["second"]
    status, page = visitor.get("/bg/manage/")

    assert status == 200
    assert 'aria-label="Работно място"' in page


def test_a_change_through_one_instance_shows_at_once_on_the_others_cached_public_page(cluster):
    reader = Visitor(cluster["second"])
    reader.get("/bg/partners/")
    status, before = reader.get("/bg/partners/")
    assert status == 200 and "Сдружение „Клъстер“" not in before

    coordinator = Visitor(cluster["first"])
    coordinator.log_in("coordinator", PASSWORD)
    _status, page = coordinator.get("/bg/manage/organisations/new/")
    fields = dict(form_fields(page))
    fields.update(
        name_bg="Сдружение „Клъстер“", sector="ngo", partnership_status="member",
        is_published="on",
    )  # fmt: skip
    status, _page = coordinator.post("/bg/manage/organisations/new/", fields)
    assert status == 302

    status, after = reader.get("/bg/partners/")
    assert status == 200
    assert "Сдружение „Клъстер“" in after


def test_the_join_forms_limit_counts_requests_to_both_instances(cluster):
    statuses = []
    for number in range(6):
        visitor = Visitor(cluster["first"] if number % 2 else cluster["second"])
        visitor.get("/bg/join/")
        statuses.append(visitor.post("/bg/join/", {"name_bg": ""})[0])

    assert statuses[:5] == [200] * 5
    assert statuses[5] == 429


def test_the_password_reset_limit_counts_requests_to_both_instances(cluster):
    statuses = []
    for number in range(6):
        visitor = Visitor(cluster["first"] if number % 2 else cluster["second"])
        visitor.get("/bg/accounts/password_reset/")
        statuses.append(
            visitor.post("/bg/accounts/password_reset/", {"email": "nobody@example.org"})[0]
        )

    assert statuses[:5] == [302] * 5
    assert statuses[5] == 429


def test_failed_logins_on_both_instances_lock_the_account_once(cluster):
    manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import User\n"
        f"User.objects.create_user('locked-out', password='{PASSWORD}')\n",
        env=cluster["env"],
    )
    for number in range(5):
        visitor = Visitor(cluster["first"] if number % 2 else cluster["second"])
        visitor.log_in("locked-out", f"wrong-{number}")

    status, page = Visitor(cluster["first"]).log_in("locked-out", PASSWORD)

    assert status != 302
    assert "заключен" in page.lower() or status in (403, 429)


def test_an_import_started_on_one_instance_shows_its_progress_on_the_other(cluster):
    uploader = Visitor(cluster["first"])
    uploader.log_in("coordinator", PASSWORD)
    # The colleague is in the workspace before the upload, so that the polling starts as the
    # check does: logging in afterwards, a quiet machine had finished the check before the first
    # poll, with no progress left to see.
    colleague = Visitor(cluster["second"])
    colleague.log_in("coordinator", PASSWORD)
    uploader.get("/bg/manage/organisations/import/")
    status, _body = uploader.post_file(
        "/bg/manage/organisations/import/",
        {},
        field="file",
        file_name="partners.csv",
        content=organisations_csv(ROWS),
    )
    assert status == 302
    run_url = uploader.last_location

    seen = follow_import(colleague, f"{run_url}progress/", "previewed")

    assert any(answer.get("total") == ROWS for answer in seen)
    status, page = colleague.get(run_url)
    assert status == 200 and "Приложи внасянето" in page


def test_two_workers_running_the_daily_duties_at_once_send_each_reminder_once(cluster):
    env = cluster["env"]
    manage("shell", "-c", NETWORK, env=env)

    with worker(env):
        manage("run_duties", env=env)
        manage("run_duties", env=env)
        deadline = time.monotonic() + 300
        while jobs_left(env) and time.monotonic() < deadline:
            time.sleep(0.5)

    assert emails_sent(Path(cluster["mail"])) == EXPECTED_RECIPIENTS


def test_without_redis_pages_are_made_afresh_and_still_answer(cluster):
    # The last tests of the module: Redis stays stopped.
    cluster["stop_redis"]()

    statuses = [
        Visitor(base).get(path)[0]
        for base in (cluster["first"], cluster["second"])
        for path in ("/bg/", "/bg/partners/", "/en/meetings/", "/healthz")
    ]
    coordinator = Visitor(cluster["first"])
    logged_in, _page = coordinator.log_in("coordinator", PASSWORD)

    assert statuses == [200] * 8
    assert logged_in == 302
    assert coordinator.get("/bg/manage/")[0] == 200


def test_without_postgresql_healthz_answers_503_and_recovers_without_a_restart(cluster):
    postgres = cluster["postgres"]
    postgres.stop()
    try:
        down = Visitor(cluster["first"]).get("/healthz")[0]
    finally:
        postgres.start()

    assert down == 503
    deadline = time.monotonic() + 30
    while Visitor(cluster["first"]).get("/healthz")[0] != 200:
        assert time.monotonic() < deadline, "/healthz did not recover"
        time.sleep(0.5)
    assert Visitor(cluster["second"]).get("/bg/")[0] == 200
