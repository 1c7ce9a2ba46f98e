"""Meetings in calendar apps: the public feed of published meetings, each workspace user's
private feed, one meeting as an `.ics` download, and the workspace page that gives a user
their feed's address and resets it.

A private feed is opened by the secret in its address, without a login (calendar apps cannot
log in); it shows what its user would see in the workspace, never internal notes. The language
prefix of a feed's address sets the language of its titles and labels."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.access import get_for_user, has_workspace, workspace_required

from ..calendar import (
    PRIVATE_FEED_PAST,
    PUBLIC_FEED_PAST,
    for_calendar,
    meetings_calendar,
    recent_and_upcoming,
)
from ..models import CalendarFeed, Meeting

# Calendar apps and proxies may keep public calendars this long (seconds).
PUBLIC_MAX_AGE = 15 * 60


def ics_response(calendar, *, private, filename=None):
    """`calendar` as a `text/calendar` response; `filename` makes it a download. Private ones are
    never stored by a browser or proxy; none is indexed by search engines."""
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["X-Robots-Tag"] = "noindex"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if private:
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


def calendar_response(request, meetings, *, name, uid, public, filename=None):
    """`meetings` as a calendar whose events link to their public pages (`public`) or to their
    workspace pages, which only a private calendar may do."""

    def url_of(meeting):
        if public:
            return request.build_absolute_uri(reverse("meetings:detail", args=[meeting.slug]))
        return request.build_absolute_uri(reverse("meetings:manage_meeting", args=[meeting.pk]))

    calendar = meetings_calendar(meetings, name=name, uid=uid, url_of=url_of, public=public)
    return ics_response(calendar, private=not public, filename=filename)


def one_meeting_download(request, meeting, *, public):
    return calendar_response(
        request,
        [meeting],
        name=meeting.title,
        uid=f"meeting-{meeting.pk}-download",
        public=public,
        filename=f"{meeting.slug}.ics",
    )


def _get_meeting_for_user(request, pk, *, write=False):
    """The meeting `pk`, ready for a calendar, if the user may see it (coordinators any, a
    representative those its organisation attends), else 404; with `write`, 403 for a
    representative."""
    return get_for_user(for_calendar(Meeting.objects.all()), request.user, pk, write=write)


def _get_feed_for_user(request):
    """The user's own private feed, made on their first visit, and whether it was just made."""
    return CalendarFeed.objects.visible_to(request.user).get_or_create(user=request.user)


@login_not_required
@require_safe
def public_feed(request):
    """Published meetings, upcoming and of the last months, with their public summary."""
    meetings = recent_and_upcoming(for_calendar(Meeting.objects.published()), past=PUBLIC_FEED_PAST)
    return calendar_response(
        request,
        meetings,
        name=_("Protocol meetings"),
        uid=f"meetings-public-{translation.get_language()}",
        public=True,
    )


@login_not_required
@require_safe
def private_feed(request, token):
    """The meetings the feed's user sees in the workspace, upcoming and of the last weeks:
    a coordinator's feed has every meeting of the network, published or not; a representative's
    those its organisation attends. An unknown secret, or one of an inactive user or of a user
    without a workspace, answers 404."""
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("user__representative"),
        token=token,
        user__is_active=True,
    )
    if not has_workspace(feed.user):
        raise Http404
    meetings = recent_and_upcoming(
        for_calendar(Meeting.objects.visible_to(feed.user)), past=PRIVATE_FEED_PAST
    )
    return calendar_response(
        request,
        meetings,
        name=_("Protocol meetings (workspace)"),
        uid=f"meetings-feed-{feed.pk}-{translation.get_language()}",
        public=False,
    )


@login_not_required
@require_safe
def meeting_ics(request, slug):
    """A published meeting to add to one's calendar; any other answers 404."""
    meeting = get_object_or_404(for_calendar(Meeting.objects.published()), slug=slug)
    return one_meeting_download(request, meeting, public=True)


@require_safe
@workspace_required
def manage_meeting_ics(request, pk):
    """A meeting of the workspace to add to one's calendar, for those who may open its page."""
    return one_meeting_download(request, _get_meeting_for_user(request, pk), public=False)


@require_safe
@workspace_required
def calendar_page(request):
    """The user's private feed address (made on the first visit), in each language, how to
    subscribe to it, the reset form, and the public feed."""
    feed, _created = _get_feed_for_user(request)
    feeds = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            feeds.append(
                {
                    "code": code,
                    "language": name,
                    "url": request.build_absolute_uri(feed.get_absolute_url()),
                    "public_url": request.build_absolute_uri(reverse("meetings:public_feed")),
                }
            )
    return render(request, "meetings/manage/calendar.html", {"feed": feed, "feeds": feeds})


@require_POST
@workspace_required
def calendar_reset(request):
    """A new secret for the user's feed: the old address answers 404 at once."""
    feed, created = _get_feed_for_user(request)
    if not created:
        feed.reset()
    messages.success(
        request,
        _(
            "The calendar link is new. The old link no longer works: subscribe again with the "
            "new one."
        ),
    )
    return redirect("meetings:manage_calendar")
