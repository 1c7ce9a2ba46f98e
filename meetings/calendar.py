"""Meetings as iCalendar (RFC 5545): the public feed, the private feeds of workspace users and
the download of one meeting, all built here with the icalendar library.

Times are written in UTC (`…Z`), which every calendar app reads and shows in its own time
zone, so no VTIMEZONE is needed. Internal notes never go into a calendar: a feed address or a
downloaded file can travel further than the workspace.

There is no METHOD property, so each event's DTSTAMP is the time it was last revised
(RFC 5545, 3.8.7.2): an unchanged calendar is the same bytes at every request, and the ETag of
ConditionalGetMiddleware lets calendar apps get a 304.
"""

from datetime import timedelta

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

from .models import Meeting

# The right-hand side of every event's UID: fixed, so that a meeting keeps its UID whatever host
# name the portal is reached by, and calendar apps update the event instead of adding a copy.
UID_DOMAIN = "protocol-portal"
PRODID = "-//Protocol Portal//Meetings//EN"
# A meeting recorded without an end is shown as lasting this long.
DEFAULT_DURATION = timedelta(hours=2)
# How often calendar apps are asked to fetch a feed again (most choose their own pace anyway).
REFRESH_INTERVAL = timedelta(hours=1)
# Feeds list upcoming meetings and those of this recent past, so that a meeting that has just
# taken place stays in the calendar for a while.
PRIVATE_FEED_PAST = timedelta(days=30)
PUBLIC_FEED_PAST = timedelta(days=90)


def for_calendar(meetings):
    """`meetings` with what an event needs, in one query: the municipality, and `revisions`, the
    number of saved versions in the meeting's history (it only grows, so it gives SEQUENCE)."""
    versions = (
        Meeting.history.model.objects.filter(id=OuterRef("pk"))
        .order_by()
        .values("id")
        .annotate(count=Count("history_id"))
        .values("count")
    )
    return meetings.select_related("municipality").annotate(
        revisions=Coalesce(Subquery(versions, output_field=IntegerField()), 0)
    )


def recent_and_upcoming(meetings, *, past):
    """`meetings` that have not ended longer than `past` ago, soonest first."""
    since = timezone.now() - past
    return meetings.filter(Q(starts_at__gte=since) | Q(ends_at__gte=since)).order_by(
        "starts_at", "pk"
    )


def meeting_uid(meeting):
    return f"meeting-{meeting.pk}@{UID_DOMAIN}"


def meeting_end(meeting):
    return meeting.ends_at or meeting.starts_at + DEFAULT_DURATION


def meeting_location(meeting):
    """Venue and municipality, as far as they are known."""
    return ", ".join(str(part) for part in (meeting.venue, meeting.municipality) if part)


def meeting_description(meeting, *, public):
    """The kind of meeting, then the agenda (not for the public: the public pages do not show it)
    and the public summary. Never the internal notes."""
    parts = [str(meeting.get_kind_display())]
    if meeting.agenda and not public:
        parts.append(f"{_('Agenda')}:\n{meeting.agenda}")
    if meeting.public_summary:
        parts.append(meeting.public_summary)
    return "\n\n".join(parts)


def meeting_event(meeting, *, url, public):
    """The VEVENT of `meeting` (prepared by `for_calendar`), linking to `url`."""
    event = Event.new(
        uid=meeting_uid(meeting),
        stamp=meeting.updated_at,
        created=meeting.created_at,
        last_modified=meeting.updated_at,
        sequence=max(getattr(meeting, "revisions", 1) - 1, 0),
        start=meeting.starts_at,
        end=meeting_end(meeting),
        summary=meeting.title,
        categories=[str(meeting.get_kind_display())],
        description=meeting_description(meeting, public=public),
        url=url,
    )
    location = meeting_location(meeting)
    if location:
        event.add("LOCATION", location)
    if meeting.cancelled_at is not None:
        # Calendar apps that already hold the event take it out (or strike it through): the
        # cancellation is a new version, so SEQUENCE has grown with it.
        event.add("STATUS", "CANCELLED")
    return event


def meetings_calendar(meetings, *, name, uid, url_of, public):
    """A VCALENDAR named `name` with an event for each of `meetings`; `url_of(meeting)` gives the
    absolute address each event links to. `uid` identifies the calendar itself and must stay the
    same from one request to the next."""
    calendar = Calendar.new(
        prodid=PRODID,
        calscale="GREGORIAN",
        name=name,
        uid=f"{uid}@{UID_DOMAIN}",
        subcomponents=[
            meeting_event(meeting, url=url_of(meeting), public=public) for meeting in meetings
        ],
    )
    calendar.add("REFRESH-INTERVAL", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH_INTERVAL))
    return calendar
