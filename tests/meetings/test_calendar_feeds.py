"""The meetings as iCalendar: the public feed, the private feeds and the `.ics` of one meeting.
Every calendar is parsed back with the icalendar library."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from meetings.models import CalendarFeed
from tests.factories import AttendanceFactory, MeetingFactory, UserFactory, municipality

pytestmark = pytest.mark.django_db

SOFIA = zoneinfo.ZoneInfo("Europe/Sofia")
CALENDAR_PROPERTIES = {"VERSION", "PRODID"}
EVENT_PROPERTIES = {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "URL"}


def in_days(days):
    return timezone.now() + datetime.timedelta(days=days)


def parse(response):
    """The response's calendar, checked for the properties RFC 5545 requires and for a clean
    round trip through the library."""
    calendar = Calendar.from_ical(response.content)
    assert set(calendar) >= CALENDAR_PROPERTIES
    for event in calendar.events:
        assert set(event) >= EVENT_PROPERTIES, set(event)
    assert Calendar.from_ical(calendar.to_ical()) == calendar
    return calendar


def unfolded(response):
    """The calendar's text with long lines joined again (RFC 5545 folds them at 75 octets)."""
    return response.content.decode().replace("\r\n ", "")


def summaries(response):
    return sorted(str(event["SUMMARY"]) for event in parse(response).events)


def feed_of(user):
    return CalendarFeed.objects.create(user=user)


def test_public_feed_lists_published_meetings_only(client):
    MeetingFactory(title_bg="Предстояща", starts_at=in_days(5))
    MeetingFactory(title_bg="Неотдавнашна", starts_at=in_days(-60))
    MeetingFactory(title_bg="Стара", starts_at=in_days(-120))
    MeetingFactory(title_bg="Непубликувана", starts_at=in_days(5), is_published=False)

    response = client.get("/bg/meetings/calendar.ics")

    assert response.status_code == 200
    assert summaries(response) == ["Неотдавнашна", "Предстояща"]


def test_public_feed_never_carries_agenda_or_internal_notes(client):
    MeetingFactory(
        starts_at=in_days(5),
        agenda_bg="ДНЕВЕН-РЕД-МАРКЕР",
        public_summary_bg="ПУБЛИЧНО-РЕЗЮМЕ",
        private_notes="ВЪТРЕШНА-БЕЛЕЖКА",
    )

    text = unfolded(client.get("/bg/meetings/calendar.ics"))

    assert "ПУБЛИЧНО-РЕЗЮМЕ" in text
    assert "ВЪТРЕШНА-БЕЛЕЖКА" not in text
    assert "ДНЕВЕН-РЕД-МАРКЕР" not in text


def test_public_feed_events_link_to_public_meeting_pages(client):
    meeting = MeetingFactory(starts_at=in_days(5))

    (event,) = parse(client.get("/bg/meetings/calendar.ics")).events

    assert str(event["URL"]) == f"http://testserver/bg/meetings/{meeting.slug}/"


def test_public_feed_is_publicly_cacheable_text_calendar(client):
    response = client.get("/bg/meetings/calendar.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=900"
    assert response["X-Robots-Tag"] == "noindex"


def test_public_feed_is_named_and_asks_to_be_refreshed(client):
    calendar = parse(client.get("/en/meetings/calendar.ics"))

    assert str(calendar["X-WR-CALNAME"]) == "Protocol meetings"
    assert calendar["REFRESH-INTERVAL"].dt == datetime.timedelta(hours=1)
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert calendar["X-PUBLISHED-TTL"].to_ical() == b"PT1H"


def test_feed_language_prefix_sets_titles_and_labels(client):
    MeetingFactory(
        title_bg="Среща на партньорите", title_en="Partners' meeting", starts_at=in_days(5)
    )

    (bulgarian,) = parse(client.get("/bg/meetings/calendar.ics")).events
    (english,) = parse(client.get("/en/meetings/calendar.ics")).events

    assert str(bulgarian["SUMMARY"]) == "Среща на партньорите"
    assert str(english["SUMMARY"]) == "Partners' meeting"
    assert str(english["DESCRIPTION"]).startswith("Partner meeting")
    assert not str(bulgarian["DESCRIPTION"]).startswith("Partner meeting")


def test_event_has_stable_uid_whatever_the_host(client):
    meeting = MeetingFactory(starts_at=in_days(5))

    (here,) = parse(client.get("/bg/meetings/calendar.ics")).events
    (there,) = parse(client.get("/en/meetings/calendar.ics", HTTP_HOST="localhost")).events

    assert str(here["UID"]) == str(there["UID"]) == f"meeting-{meeting.pk}@protocol-portal"


def test_event_carries_location_kind_and_revision_dates(client):
    meeting = MeetingFactory(
        starts_at=in_days(5),
        kind="signing",
        venue_bg="Зала 1",
        municipality=municipality(),
    )
    meeting.title_bg = "Подписване"
    meeting.save()
    meeting.refresh_from_db()

    (event,) = parse(client.get("/en/meetings/calendar.ics")).events

    assert str(event["LOCATION"]) == f"Зала 1, {meeting.municipality}"
    assert event.categories == ["Signing"]
    revised = meeting.updated_at.replace(microsecond=0)
    assert event["LAST-MODIFIED"].dt == revised
    assert event["DTSTAMP"].dt == revised
    assert event["SEQUENCE"] == 1


def test_meeting_at_half_past_midnight_in_sofia_starts_on_that_date(client):
    starts = datetime.datetime(2031, 3, 10, 0, 30, tzinfo=SOFIA)
    MeetingFactory(starts_at=starts)

    (event,) = parse(client.get("/bg/meetings/calendar.ics")).events

    assert event.start == starts
    assert event.start.astimezone(SOFIA).date() == datetime.date(2031, 3, 10)
    assert b"DTSTART:20310309T223000Z" in client.get("/bg/meetings/calendar.ics").content


def test_multi_day_meeting_ends_on_its_last_day(client):
    starts = datetime.datetime(2031, 5, 12, 9, tzinfo=SOFIA)
    ends = datetime.datetime(2031, 5, 14, 17, tzinfo=SOFIA)
    MeetingFactory(starts_at=starts, ends_at=ends)

    (event,) = parse(client.get("/bg/meetings/calendar.ics")).events

    assert (event.start, event.end) == (starts, ends)


def test_meeting_without_end_lasts_two_hours(client):
    starts = datetime.datetime(2031, 5, 12, 9, tzinfo=SOFIA)
    MeetingFactory(starts_at=starts, ends_at=None)

    (event,) = parse(client.get("/bg/meetings/calendar.ics")).events

    assert event.end - event.start == datetime.timedelta(hours=2)


@pytest.mark.parametrize("count", [1, 15])
def test_public_feed_query_count_does_not_grow_with_meetings(
    client, django_assert_num_queries, count
):
    MeetingFactory.create_batch(count, starts_at=in_days(3))

    with django_assert_num_queries(1):
        response = client.get("/bg/meetings/calendar.ics")

    assert len(parse(response).events) == count


def test_coordinator_feed_lists_unpublished_meetings_without_internal_notes(client, coordinator):
    MeetingFactory(
        title_bg="Вътрешна среща",
        starts_at=in_days(2),
        is_published=False,
        agenda_bg="ДНЕВЕН-РЕД-МАРКЕР",
        private_notes="ВЪТРЕШНА-БЕЛЕЖКА",
    )
    MeetingFactory(title_bg="Публикувана", starts_at=in_days(-20))
    MeetingFactory(title_bg="Отдавнашна", starts_at=in_days(-40))

    response = client.get(feed_of(coordinator).get_absolute_url())

    assert summaries(response) == ["Вътрешна среща", "Публикувана"]
    assert "ДНЕВЕН-РЕД-МАРКЕР" in unfolded(response)
    assert "ВЪТРЕШНА-БЕЛЕЖКА" not in unfolded(response)


def test_private_feed_events_link_to_workspace_meeting_pages(client, coordinator):
    meeting = MeetingFactory(starts_at=in_days(2))

    (event,) = parse(client.get(feed_of(coordinator).get_absolute_url())).events

    assert str(event["URL"]) == f"http://testserver/bg/meetings/manage/{meeting.pk}/"


def test_private_feed_is_never_stored_by_browsers_or_proxies(client, coordinator):
    response = client.get(feed_of(coordinator).get_absolute_url())

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"


def test_partner_feed_lists_only_its_organisations_meetings(
    client, own_partner, organisation, other_organisation
):
    own = MeetingFactory(title_bg="Наша среща", starts_at=in_days(2), is_published=False)
    AttendanceFactory(meeting=own, organisation=organisation)
    other = MeetingFactory(title_bg="Чужда среща", starts_at=in_days(2))
    AttendanceFactory(meeting=other, organisation=other_organisation)

    response = client.get(feed_of(own_partner).get_absolute_url())

    assert summaries(response) == ["Наша среща"]


def test_private_feed_of_unknown_secret_answers_404(client):
    assert client.get("/bg/meetings/feed/no-such-secret.ics").status_code == 404


def test_private_feed_of_inactive_user_answers_404(client, coordinator):
    feed = feed_of(coordinator)
    coordinator.is_active = False
    coordinator.save()

    assert client.get(feed.get_absolute_url()).status_code == 404


def test_private_feed_of_user_without_workspace_answers_404(client):
    assert client.get(feed_of(UserFactory()).get_absolute_url()).status_code == 404


@pytest.mark.parametrize("count", [1, 15])
def test_private_feed_query_count_does_not_grow_with_meetings(
    client, django_assert_num_queries, coordinator, count
):
    MeetingFactory.create_batch(count, starts_at=in_days(3), is_published=False)
    url = feed_of(coordinator).get_absolute_url()

    with django_assert_num_queries(3):
        response = client.get(url)

    assert len(parse(response).events) == count


@pytest.mark.parametrize("count", [1, 15])
def test_partner_feed_query_count_does_not_grow_with_meetings(
    client, django_assert_num_queries, own_partner, organisation, count
):
    for meeting in MeetingFactory.create_batch(count, starts_at=in_days(3)):
        AttendanceFactory(meeting=meeting, organisation=organisation)
    url = feed_of(own_partner).get_absolute_url()

    with django_assert_num_queries(3):
        response = client.get(url)

    assert len(parse(response).events) == count


def test_meeting_ics_download_of_published_meeting(client):
    meeting = MeetingFactory(title_bg="Обучение", private_notes="ВЪТРЕШНА-БЕЛЕЖКА")

    response = client.get(f"/bg/meetings/{meeting.slug}/calendar.ics")

    assert response["Content-Disposition"] == f'attachment; filename="{meeting.slug}.ics"'
    assert summaries(response) == ["Обучение"]
    assert "ВЪТРЕШНА-БЕЛЕЖКА" not in unfolded(response)


def test_meeting_ics_of_unpublished_meeting_answers_404(client):
    meeting = MeetingFactory(is_published=False)

    assert client.get(f"/bg/meetings/{meeting.slug}/calendar.ics").status_code == 404


def test_workspace_meeting_ics_download_for_coordinator(coordinator_client):
    meeting = MeetingFactory(
        title_bg="Работна група", is_published=False, private_notes="ВЪТРЕШНА-БЕЛЕЖКА"
    )

    response = coordinator_client.get(f"/bg/meetings/manage/{meeting.pk}/calendar.ics")

    assert response["Content-Disposition"] == f'attachment; filename="{meeting.slug}.ics"'
    assert response["Cache-Control"] == "private, no-store"
    assert summaries(response) == ["Работна група"]
    assert "ВЪТРЕШНА-БЕЛЕЖКА" not in unfolded(response)


def test_workspace_meeting_ics_for_partner_that_attended(own_partner_client, organisation):
    meeting = MeetingFactory(title_bg="Наша среща", is_published=False)
    AttendanceFactory(meeting=meeting, organisation=organisation)

    response = own_partner_client.get(f"/bg/meetings/manage/{meeting.pk}/calendar.ics")

    assert summaries(response) == ["Наша среща"]


def test_workspace_meeting_ics_of_another_organisations_meeting_answers_404(
    own_partner_client, other_organisation
):
    meeting = MeetingFactory()
    AttendanceFactory(meeting=meeting, organisation=other_organisation)

    response = own_partner_client.get(f"/bg/meetings/manage/{meeting.pk}/calendar.ics")

    assert response.status_code == 404


def test_workspace_meeting_ics_sends_anonymous_visitors_to_login(client):
    meeting = MeetingFactory()

    response = client.get(f"/bg/meetings/manage/{meeting.pk}/calendar.ics")

    assert response.status_code == 302
    assert response["Location"].startswith("/bg/accounts/login/")
