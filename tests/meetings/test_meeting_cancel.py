"""Cancelling a meeting: kept, marked cancelled in the workspace, publicly and in calendars."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings.models import Meeting
from tests.factories import ActionItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def cancel(client, meeting):
    return client.post(reverse("meetings:manage_meeting_cancel", args=[meeting.pk]))


def test_cancelled_meeting_is_kept_with_its_action_items(coordinator_client):
    meeting = MeetingFactory()
    ActionItemFactory(meeting=meeting)

    response = cancel(coordinator_client, meeting)

    assert response["Location"] == reverse("meetings:manage_meeting", args=[meeting.pk])
    meeting.refresh_from_db()
    assert (meeting.is_cancelled, meeting.action_items.count()) == (True, 1)


def test_cancel_page_asks_before_cancelling(coordinator_client):
    meeting = MeetingFactory()

    response = coordinator_client.get(reverse("meetings:manage_meeting_cancel", args=[meeting.pk]))

    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.cancelled_at is None


def test_cancelling_is_kept_in_history_with_who(coordinator_client, coordinator):
    meeting = MeetingFactory()

    cancel(coordinator_client, meeting)

    latest = Meeting.history.filter(id=meeting.pk).latest("history_date")
    assert (latest.cancelled_at is not None, latest.history_user) == (True, coordinator)


def test_published_cancelled_meeting_is_shown_as_cancelled_publicly(coordinator_client, client):
    meeting = MeetingFactory(is_published=True)
    cancel(coordinator_client, meeting)
    client.logout()

    html = client.get(meeting.get_absolute_url()).content.decode()

    assert "data-cancelled>Отменена среща<" in html


def test_cancelled_meeting_is_sent_to_calendars_as_cancelled_with_a_new_sequence(
    coordinator_client, client
):
    meeting = MeetingFactory(is_published=True, starts_at=timezone.now() + datetime.timedelta(5))
    before = Calendar.from_ical(client.get("/bg/meetings/calendar.ics").content).events[0]
    cancel(coordinator_client, meeting)

    after = Calendar.from_ical(client.get("/bg/meetings/calendar.ics").content).events[0]

    assert (str(after["UID"]), str(after["STATUS"])) == (str(before["UID"]), "CANCELLED")
    assert after["SEQUENCE"] > before["SEQUENCE"]


def test_partner_may_not_cancel_a_meeting_it_attends(own_partner_client, organisation):
    meeting = MeetingFactory()
    meeting.attendances.create(organisation=organisation)

    response = cancel(own_partner_client, meeting)

    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.cancelled_at is None


def test_cancelled_meeting_cannot_take_over_an_action_item(coordinator_client):
    item = ActionItemFactory()
    later = MeetingFactory(starts_at=item.meeting.starts_at + datetime.timedelta(days=7))
    cancel(coordinator_client, later)

    response = coordinator_client.post(
        reverse("meetings:manage_action_item_carry_over", args=[item.pk]), {"meeting": later.pk}
    )

    assert "meeting" in response.context["form"].errors


def test_workspace_meeting_list_marks_a_cancelled_meeting(coordinator_client):
    meeting = MeetingFactory(title_bg="Отменената")
    cancel(coordinator_client, meeting)

    html = coordinator_client.get(reverse("meetings:manage_meetings"), follow=True).content
    row = html.decode().split("Отменената")[1].split("</tr>")[0]

    assert "data-cancelled>Отменена среща<" in row
