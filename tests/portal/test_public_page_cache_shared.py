"""The public-page cache shared by several processes through a real Redis: a change written by
one process shows on the next public request served by another, which had the page cached."""

import urllib.request

import pytest

from tests.servers import gunicorn, manage, redis_server, server_environment

DIRECTORY = "/bg/partners/"


def _get(base, path):
    # Both servers stand behind one address, as the workers behind the proxy do.
    request = urllib.request.Request(base + path, headers={"Host": "localhost"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.headers.get("X-Public-Cache"), response.read().decode()


def _rename(env, old, new):
    # A process of its own, as a scheduled job or a management command writes.
    manage(
        "shell",
        "-c",
        "from partners.models import Organisation\n"
        f"organisation = Organisation.objects.get(name_bg='{old}')\n"
        f"organisation.name_bg = '{new}'\n"
        "organisation.save()\n",
        env=env,
    )


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    """Two gunicorns (one process each) over one SQLite file, sharing one throwaway Redis."""
    folder = tmp_path_factory.mktemp("shared-cache")
    with redis_server() as cache_url:
        env = server_environment(
            DATABASE_URL=f"sqlite:///{folder / 'portal.sqlite3'}",
            CACHE_URL=cache_url,
            SINGLE_PROCESS="false",
            MEDIA_ROOT=str(folder / "media"),
            PRIVATE_MEDIA_ROOT=str(folder / "private"),
        )
        manage("migrate", "--noinput", env=env)
        manage(
            "shell",
            "-c",
            "from partners.models import Organisation\n"
            "Organisation.objects.create(name_bg='Център Динамика', sector='ngo',"
            " is_published=True)\n",
            env=env,
        )
        with gunicorn(env, workers=1) as first, gunicorn(env, workers=1) as second:
            yield env, first, second


def test_shared_cache_serves_a_page_stored_by_another_process(two_servers):
    _env, first, second = two_servers
    _get(first, "/bg/measures/")

    state, page = _get(second, "/bg/measures/")

    assert state == "hit"
    assert "data-quick-exit" in page


def test_shared_cache_change_by_another_process_shows_on_the_next_request(two_servers):
    env, first, second = two_servers
    _get(first, DIRECTORY)
    assert _get(second, DIRECTORY)[0] == "hit"

    _rename(env, "Център Динамика", "Център Динамика – Русе")
    state, page = _get(second, DIRECTORY)

    assert state == "miss"
    assert "Център Динамика – Русе" in page
    assert "Център Динамика – Русе" in _get(first, DIRECTORY)[1]


def test_shared_cache_hotline_changed_by_another_process_shows_in_both_safety_bars(two_servers):
    # Each process keeps the site settings in its own memory too (core/kept_cache.py), under
    # the public-content version that the change moves.
    env, first, second = two_servers
    _get(first, "/bg/projects/")
    _get(second, "/bg/measures/")

    manage(
        "shell",
        "-c",
        "from protocol_portal.models import SiteSettings\n"
        "settings = SiteSettings.load()\n"
        "settings.hotline_number = '0800 11 222'\n"
        "settings.save()\n",
        env=env,
    )

    assert "0800 11 222" in _get(first, "/bg/measures/")[1]
    assert "0800 11 222" in _get(second, "/bg/projects/")[1]
