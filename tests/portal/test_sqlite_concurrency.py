"""The embedded default (SQLite) holds a small office writing at once: eight people logging in
or saving organisations at the same moment get answers, never "database is locked" (500).

A real gunicorn (two processes, four threads each) serves a SQLite file of its own, whatever
database the rest of the suite runs on.
"""

import sqlite3
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.servers import Visitor, form_fields, gunicorn, manage, server_environment

WRITERS = 8
COORDINATOR_PASSWORD = "a-long-coordinator-password"


@pytest.fixture(scope="module")
def sqlite_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sqlite-office")
    database = folder / "portal.sqlite3"
    env = server_environment(
        DATABASE_URL=f"sqlite:///{database}",
        MEDIA_ROOT=str(folder / "media"),
        PRIVATE_MEDIA_ROOT=str(folder / "private"),
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
    with gunicorn(env) as base:
        yield base, database


def _in_parallel(task, count=WRITERS):
    with ThreadPoolExecutor(max_workers=count) as pool:
        return [status for statuses in pool.map(task, range(count)) for status in statuses]


def test_sqlite_eight_people_failing_their_logins_at_once_get_no_server_error(sqlite_server):
    base, _database = sqlite_server

    def fail_logins(person):
        visitor = Visitor(base)
        return [visitor.log_in(f"person-{person}", f"wrong-{attempt}")[0] for attempt in range(4)]

    statuses = _in_parallel(fail_logins)

    assert len(statuses) == WRITERS * 4
    assert [status for status in statuses if status >= 500] == []


def test_sqlite_eight_coordinators_saving_organisations_at_once_save_every_one(sqlite_server):
    base, database = sqlite_server

    def save_organisations(person):
        visitor = Visitor(base)
        status, _page = visitor.log_in("coordinator", COORDINATOR_PASSWORD)
        statuses = [status]
        for number in range(3):
            status, page = visitor.get("/bg/manage/organisations/new/")
            fields = dict(form_fields(page))
            fields.update(
                {"name_bg": f"Едновременна {person}-{number}", "sector": "ngo", "region": ""}
            )
            statuses += [status, visitor.post("/bg/manage/organisations/new/", fields)[0]]
        return statuses

    statuses = _in_parallel(save_organisations)

    assert [status for status in statuses if status >= 500] == []
    with sqlite3.connect(database) as connection:
        (saved,) = connection.execute(
            "SELECT count(*) FROM partners_organisation WHERE name_bg LIKE 'Едновременна %'"
        ).fetchone()
    assert saved == WRITERS * 3
