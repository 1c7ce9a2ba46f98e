"""Private pages are never kept by browsers or proxies: every response of the workspace, the
admin and the account pages, and every page a logged-in user sees, says private, no-store."""

import pytest

from tests.portal.test_workspace_access import (  # noqa: F401  (other_records is a fixture)
    WORKSPACE_URLS,
    other_records,
    url_for,
)

pytestmark = pytest.mark.django_db


def _not_stored(response):
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


@pytest.mark.parametrize("name", WORKSPACE_URLS)
def test_workspace_response_is_never_stored(coordinator_client, other_records, name):  # noqa: F811
    response = coordinator_client.get(url_for(name, other_records))

    assert _not_stored(response), (name, response.status_code, response.get("Cache-Control"))


@pytest.mark.parametrize(
    "url",
    [
        "/bg/accounts/login/",
        "/en/accounts/password_reset/",
        "/en/accounts/password_change/",
        "/admin/",
        "/admin/partners/organisation/",
    ],
)
def test_account_and_admin_pages_are_never_stored(admin_client, client, url):
    for response in (client.get(url), admin_client.get(url)):
        assert _not_stored(response), (url, response.status_code)


def test_workspace_address_refused_to_a_visitor_is_never_stored(client):
    assert _not_stored(client.get("/bg/manage/"))


def test_public_page_seen_by_a_logged_in_user_is_never_stored(coordinator_client):
    assert _not_stored(coordinator_client.get("/bg/partners/"))


def test_public_page_seen_by_a_visitor_may_be_cached(client):
    assert not _not_stored(client.get("/bg/partners/"))
