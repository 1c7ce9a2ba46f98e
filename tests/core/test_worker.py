"""Background jobs in a real worker process (`manage.py db_worker`) beside a real gunicorn,
on a database of their own on the engine the suite runs on: what a coordinator sees when an
import is too large for one web request."""

import csv
import io
import time
from pathlib import Path

import pytest

from tests.duty_network import EXPECTED_RECIPIENTS, NETWORK, emails_sent, jobs_left
from tests.servers import (
    Visitor,
    follow_import,
    gunicorn,
    manage,
    server_database,
    server_environment,
    worker,
)
from tests.spreadsheet_files import organisations_csv

COORDINATOR_PASSWORD = "a-long-coordinator-password"
ROWS = 10_000
# Far below production's 30 s: checking and applying the file below take longer than this
# together, so the import can only succeed if no web request does its work.
REQUEST_TIMEOUT = 2
IMPORT_URL = "/bg/manage/organisations/import/"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def portal(tmp_path_factory, django_db_blocker):
    folder = tmp_path_factory.mktemp("worker")
    with django_db_blocker.unblock(), server_database(folder) as database_url:
        env = server_environment(
            DATABASE_URL=database_url,
            MEDIA_ROOT=str(folder / "media"),
            PRIVATE_MEDIA_ROOT=str(folder / "private"),
            JOB_PROGRESS_DIR=str(folder / "progress"),
            TASKS_BACKEND="django_tasks_db.DatabaseBackend",
            # django-environ drops the first slash of the path: four make it absolute.
            EMAIL_URL=f"filemail:///{folder / 'mail'}",
        )
        manage("migrate", "--noinput", env=env)
        manage(
            "shell",
            "-c",
            "from django.contrib.auth.models import Group, User\n"
            "user = User.objects.create_user('coordinator', password="
            f"'{COORDINATOR_PASSWORD}')\n"
            "user.groups.add(Group.objects.get(name='Coordinators'))\n",
            env=env,
        )
        with gunicorn(env, request_timeout=REQUEST_TIMEOUT) as base, worker(env):
            yield base, env


def _coordinator(base):
    visitor = Visitor(base)
    visitor.log_in("coordinator", COORDINATOR_PASSWORD)
    return visitor


def test_an_import_of_ten_thousand_rows_outlives_the_request_timeout_seen_from_two_browsers(
    portal,
):
    base, env = portal
    uploader, colleague = _coordinator(base), _coordinator(base)
    uploader.get(IMPORT_URL)

    started = time.monotonic()
    status, _body = uploader.post_file(
        IMPORT_URL, {}, field="file", file_name="partners.csv", content=organisations_csv(ROWS)
    )
    assert status == 302
    run_url = uploader.last_location
    progress_url = f"{run_url}progress/"

    checked = follow_import(colleague, progress_url, "previewed")
    status, page = colleague.get(run_url)
    assert status == 200 and "Приложи внасянето" in page

    status, _body = uploader.post(f"{run_url}apply/", {})
    assert status == 302
    applied = follow_import(colleague, progress_url, "applied")
    took = time.monotonic() - started

    counted = [answer for answer in checked + applied if answer.get("total") == ROWS]
    assert counted, "the colleague never saw how far the import had come"
    assert took > REQUEST_TIMEOUT
    count = manage(
        "shell",
        "-c",
        "from partners.models import Organisation\nprint(Organisation.objects.count())",
        env=env,
    )
    assert int(count.strip().splitlines()[-1]) == ROWS


def test_two_workers_running_the_daily_duties_at_once_send_each_reminder_once(portal):
    _base, env = portal
    manage("shell", "-c", NETWORK, env=env)
    folder = Path(env["EMAIL_URL"].removeprefix("filemail:///"))

    with worker(env):
        manage("run_duties", env=env)
        manage("run_duties", env=env)
        deadline = time.monotonic() + 300
        while jobs_left(env) and time.monotonic() < deadline:
            time.sleep(0.5)

    assert emails_sent(folder) == EXPECTED_RECIPIENTS


DOWNLOADABLE = """
from django.contrib.auth.models import Group, User
from partners.models import Organisation, Region
colleague = User.objects.create_user("colleague", password="a-long-coordinator-password")
colleague.groups.add(Group.objects.get(name="Coordinators"))
for number in range(3):
    Organisation.objects.create(
        name_bg=f"Изтегляема организация {number}", sector="ngo", region=Region.objects.first()
    )
"""


def test_a_list_download_is_prepared_by_the_worker_and_seen_ready_from_a_second_browser(portal):
    base, env = portal
    manage("shell", "-c", DOWNLOADABLE, env=env)
    asker, second_browser = _coordinator(base), _coordinator(base)
    colleague = Visitor(base)
    colleague.log_in("colleague", COORDINATOR_PASSWORD)
    asker.get("/bg/manage/organisations/")

    status, _body = asker.post(
        "/bg/manage/downloads/",
        {"path": "/bg/manage/organisations/?q=Изтегляема", "file_format": "csv"},
    )
    assert status == 302
    page_url = asker.last_location

    follow_import(second_browser, f"{page_url}progress/", "ready")
    status, page = second_browser.get(page_url)
    assert status == 200 and "Изтегли organisations-" in page
    status, file = second_browser.get(f"{page_url}file/")
    assert status == 200
    rows = csv.DictReader(io.StringIO(file.removeprefix("\ufeff")))
    assert sorted(row["Наименование (BG) / Name (BG)"] for row in rows) == [
        f"Изтегляема организация {number}" for number in range(3)
    ]
    assert colleague.get(page_url)[0] == 404
    assert colleague.get(f"{page_url}file/")[0] == 404
