"""The calendar page in Chromium: accessible, the copy button copies the private link, and a
reset shows a new link at once while the old one stops answering."""

import pytest

from meetings.models import CalendarFeed
from tests.factories import CoordinatorFactory

from .conftest import CSP_WATCH_JS, assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_calendar_page_copies_the_link_and_a_reset_replaces_it(
    page, live_server, axe, requests_seen
):
    coordinator = CoordinatorFactory()
    log_in(page, live_server, coordinator)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.add_init_script(CSP_WATCH_JS)

    page.goto("/bg/meetings/manage/calendar/")
    assert_accessible(axe, page)
    old_link = page.input_value("#feed-url-bg")
    page.get_by_role("button", name="Копирай български").click()
    page.get_by_role("status").filter(has_text="Връзката е копирана.").wait_for(state="attached")
    copied = page.evaluate("navigator.clipboard.readText()")

    page.get_by_role("button", name="Нулирай връзката").click()
    page.wait_for_load_state()
    new_link = page.input_value("#feed-url-bg")

    token = CalendarFeed.objects.get(user=coordinator).token
    assert copied == old_link
    assert new_link == f"{live_server.url}/bg/meetings/feed/{token}.ics"
    assert new_link != old_link
    assert page.request.get(old_link).status == 404
    assert page.request.get(new_link).status == 200
    assert page.evaluate("window.cspViolations") == []
    assert requests_seen.foreign == []
