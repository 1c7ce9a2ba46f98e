"""The workspace page that gives each user the address of their private calendar feed, and
resets it."""

import pytest

from meetings.models import CalendarFeed
from tests.factories import MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/bg/meetings/manage/calendar/"
RESET = "/bg/meetings/manage/calendar/reset/"


def test_calendar_page_makes_the_users_feed_on_first_visit(coordinator_client, coordinator):
    response = coordinator_client.get(PAGE)

    feed = CalendarFeed.objects.get(user=coordinator)
    assert response.status_code == 200
    assert len(feed.token) == 43
    assert f"http://testserver/bg/meetings/feed/{feed.token}.ics" in response.content.decode()
    assert f"http://testserver/en/meetings/feed/{feed.token}.ics" in response.content.decode()


def test_calendar_page_keeps_the_address_from_one_visit_to_the_next(
    coordinator_client, coordinator
):
    coordinator_client.get(PAGE)
    token = CalendarFeed.objects.get(user=coordinator).token

    coordinator_client.get(PAGE)

    assert CalendarFeed.objects.get(user=coordinator).token == token


def test_calendar_page_never_shows_another_users_secret(own_partner_client, coordinator):
    other = CalendarFeed.objects.create(user=coordinator)

    html = own_partner_client.get(PAGE).content.decode()

    assert other.token not in html
    assert "/meetings/feed/" in html


def test_calendar_page_shows_the_public_feed(own_partner_client):
    html = own_partner_client.get(PAGE).content.decode()

    assert "http://testserver/bg/meetings/calendar.ics" in html


def test_calendar_page_sends_anonymous_visitors_to_login(client):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith("/bg/accounts/login/")


def test_calendar_page_refuses_users_without_a_workspace(client):
    client.force_login(UserFactory())

    assert client.get(PAGE).status_code == 403
    assert client.post(RESET).status_code == 403
    assert not CalendarFeed.objects.exists()


def test_reset_makes_the_old_address_404_and_the_new_one_work(client, coordinator):
    MeetingFactory()
    feed = CalendarFeed.objects.create(user=coordinator)
    old_url = feed.get_absolute_url()
    client.force_login(coordinator)

    response = client.post(RESET)

    feed.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == PAGE
    assert feed.reset_at is not None
    assert feed.get_absolute_url() != old_url
    client.logout()
    assert client.get(old_url).status_code == 404
    assert client.get(feed.get_absolute_url()).status_code == 200


def test_reset_by_get_is_refused(coordinator_client, coordinator):
    token = CalendarFeed.objects.create(user=coordinator).token

    response = coordinator_client.get(RESET)

    assert response.status_code == 405
    assert CalendarFeed.objects.get(user=coordinator).token == token


def test_reset_changes_only_the_users_own_feed(own_partner_client, own_partner, coordinator):
    others = CalendarFeed.objects.create(user=coordinator).token
    own = CalendarFeed.objects.create(user=own_partner).token

    own_partner_client.post(RESET)

    assert CalendarFeed.objects.get(user=coordinator).token == others
    assert CalendarFeed.objects.get(user=own_partner).token != own


def test_workspace_meetings_list_links_to_the_calendar_page(own_partner_client):
    html = own_partner_client.get("/bg/meetings/manage/").content.decode()

    assert f'href="{PAGE}"' in html


def test_meeting_pages_offer_the_ics_download(coordinator_client):
    meeting = MeetingFactory()

    public = coordinator_client.get(f"/bg/meetings/{meeting.slug}/").content.decode()
    workspace = coordinator_client.get(f"/bg/meetings/manage/{meeting.pk}/").content.decode()

    assert f'href="/bg/meetings/{meeting.slug}/calendar.ics"' in public
    assert f'href="/bg/meetings/manage/{meeting.pk}/calendar.ics"' in workspace


def test_public_meetings_list_links_to_the_public_feed(client):
    html = client.get("/bg/meetings/").content.decode()

    assert 'href="/bg/meetings/calendar.ics"' in html


def test_calendar_page_marks_only_the_calendar_as_the_current_section(coordinator_client):
    html = coordinator_client.get(PAGE).content.decode()

    assert 'class="nav-link active" href="/bg/meetings/manage/calendar/"' in html
    assert 'class="nav-link" href="/bg/meetings/manage/"' in html
