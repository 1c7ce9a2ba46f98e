"""What each role sees of the meetings' records through `visible_to`: coordinators every
record, a partner's representative the meetings its organisation attends and the action items
it is responsible for, everyone the public files of published meetings, and each workspace user
only their own calendar feed."""

import pytest

from meetings.models import ActionItem, Attachment, CalendarFeed, Meeting
from tests.factories import (
    ActionItemFactory,
    AttachmentFactory,
    AttendanceFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db

EVERYONE = ["coordinator", "own_partner", "other_partner", "no_role_user", "anonymous"]


def visible(model, user, records):
    """The names of `records` that `model.objects.visible_to(user)` holds."""
    seen = set(model.objects.visible_to(user))
    return {name for name, record in records.items() if record in seen}


def attended_by(*organisations, **fields):
    meeting = MeetingFactory(**fields)
    for organisation in organisations:
        AttendanceFactory(meeting=meeting, organisation=organisation)
    return meeting


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("coordinator", {"own", "other", "shared", "nobody"}),
        ("own_partner", {"own", "shared"}),
        ("other_partner", {"other", "shared"}),
        ("no_role_user", set()),
        ("anonymous", set()),
    ],
)
def test_meeting_visible_to_is_what_its_organisation_attends_for_a_representative(
    user_of, organisation, other_organisation, role, expected
):
    records = {
        "own": attended_by(organisation, is_published=False),
        "other": attended_by(other_organisation),
        "shared": attended_by(organisation, other_organisation),
        "nobody": attended_by(),
    }

    assert visible(Meeting, user_of(role), records) == expected
    # Each meeting once, however many organisations attend it.
    assert Meeting.objects.visible_to(user_of(role)).count() == len(expected)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("coordinator", {"own", "other", "nobody"}),
        ("own_partner", {"own"}),
        ("other_partner", {"other"}),
        ("no_role_user", set()),
        ("anonymous", set()),
    ],
)
def test_action_item_visible_to_is_what_its_organisation_is_responsible_for(
    user_of, organisation, other_organisation, role, expected
):
    records = {
        # Of a meeting the own organisation did not attend: responsibility decides.
        "own": ActionItemFactory(responsible=organisation, meeting=attended_by(other_organisation)),
        "other": ActionItemFactory(responsible=other_organisation),
        "nobody": ActionItemFactory(responsible=None),
    }

    assert visible(ActionItem, user_of(role), records) == expected


@pytest.mark.parametrize("role", EVERYONE)
def test_attachment_visible_to_is_every_file_for_coordinators_and_public_ones_of_published_meetings(
    user_of, organisation, role
):
    published = attended_by(organisation, is_published=True)
    records = {
        "public": AttachmentFactory(meeting=published, is_public=True),
        "private": AttachmentFactory(meeting=published, is_public=False),
        # Even its attendees wait for the meeting to be published.
        "unpublished": AttachmentFactory(
            meeting=attended_by(organisation, is_published=False), is_public=True
        ),
    }
    expected = {"public", "private", "unpublished"} if role == "coordinator" else {"public"}

    assert visible(Attachment, user_of(role), records) == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("coordinator", {"coordinator"}),
        ("own_partner", {"own_partner"}),
        ("other_partner", {"other_partner"}),
        # A feed made while the user still had a role stays out of reach.
        ("no_role_user", set()),
        ("anonymous", set()),
    ],
)
def test_calendar_feed_visible_to_is_the_users_own_feed_with_a_workspace(user_of, role, expected):
    records = {
        name: CalendarFeed.objects.create(user=user_of(name))
        for name in ("coordinator", "own_partner", "other_partner", "no_role_user")
    }

    assert visible(CalendarFeed, user_of(role), records) == expected
