"""The rules of meetings, attendance, action items and attachments."""

import datetime
import io
import struct
import zlib
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from PIL import Image

from meetings.models import ActionItem, Attachment, Attendance, Meeting
from tests.factories import (
    PDF_BYTES,
    ActionItemFactory,
    AttachmentFactory,
    AttendanceFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db

SOFIA = ZoneInfo("Europe/Sofia")


@pytest.fixture(autouse=True)
def _english_messages():
    """Messages are asserted in English, the source language."""
    with translation.override("en"):
        yield


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, "PNG")
    return buffer.getvalue()


def png_claiming_pixels(width, height):
    """A PNG whose header claims `width` × `height` pixels, with no picture behind it."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


# Meetings


def test_meeting_end_before_start_is_refused():
    start = days_ago(3)
    meeting = MeetingFactory.build(starts_at=start, ends_at=start - datetime.timedelta(minutes=1))

    with translation.override("en"), pytest.raises(ValidationError) as error:
        meeting.full_clean()

    assert error.value.message_dict["ends_at"] == ["The end cannot be before the start."]


def test_meeting_end_before_start_is_refused_by_the_database():
    start = days_ago(3)

    with transaction.atomic(), pytest.raises(IntegrityError):
        MeetingFactory(starts_at=start, ends_at=start - datetime.timedelta(minutes=1))


def test_meeting_over_several_days_is_stored():
    start = days_ago(3)
    meeting = MeetingFactory(starts_at=start, ends_at=start + datetime.timedelta(days=2))

    meeting.full_clean()

    assert Meeting.objects.get(pk=meeting.pk).ends_at == start + datetime.timedelta(days=2)


def test_meeting_slug_is_the_date_and_the_transliterated_title():
    meeting = MeetingFactory(
        title_bg="Среща на партньорите", starts_at=datetime.datetime(2025, 3, 12, 10, tzinfo=SOFIA)
    )

    assert meeting.slug == "2025-03-12-sreshta-na-partnyorite"


def test_meeting_slug_takes_the_date_in_local_time():
    # 22:30 UTC on 28 February is 00:30 on 1 March in Sofia.
    meeting = MeetingFactory(
        title_bg="Среща", starts_at=datetime.datetime(2025, 2, 28, 22, 30, tzinfo=datetime.UTC)
    )

    assert meeting.slug == "2025-03-01-sreshta"


def test_meeting_slug_is_unique_for_the_same_title_and_date():
    start = datetime.datetime(2025, 3, 12, 10, tzinfo=SOFIA)
    first = MeetingFactory(title_bg="Среща", starts_at=start)
    second = MeetingFactory(title_bg="Среща", starts_at=start + datetime.timedelta(hours=4))

    assert first.slug == "2025-03-12-sreshta"
    assert second.slug == "2025-03-12-sreshta-2"


def test_meeting_slug_stays_when_the_title_and_date_change():
    meeting = MeetingFactory(
        title_bg="Среща", starts_at=datetime.datetime(2025, 3, 12, 10, tzinfo=SOFIA)
    )

    meeting.title_bg = "Обучение"
    meeting.starts_at = datetime.datetime(2025, 4, 2, 10, tzinfo=SOFIA)
    meeting.save()

    meeting.refresh_from_db()
    assert meeting.slug == "2025-03-12-sreshta"


def test_meeting_published_excludes_unpublished_ones():
    published = MeetingFactory(is_published=True)
    MeetingFactory(is_published=False)

    assert list(Meeting.objects.published()) == [published]


def test_meeting_upcoming_is_future_meetings_soonest_first():
    later = MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=20))
    sooner = MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=2))
    MeetingFactory(starts_at=days_ago(1))

    assert list(Meeting.objects.upcoming()) == [sooner, later]


# Attendance


def test_attendance_is_once_per_organisation_per_meeting():
    first = AttendanceFactory()

    with transaction.atomic(), pytest.raises(IntegrityError):
        AttendanceFactory(meeting=first.meeting, organisation=first.organisation)


def test_attendance_same_organisation_may_attend_another_meeting():
    first = AttendanceFactory()

    AttendanceFactory(organisation=first.organisation)

    assert Attendance.objects.filter(organisation=first.organisation).count() == 2


def test_attendance_of_no_people_is_refused_by_the_database():
    with transaction.atomic(), pytest.raises(IntegrityError):
        AttendanceFactory(people=0)


def test_attendance_of_no_people_is_refused_by_full_clean():
    attendance = AttendanceFactory.build(
        meeting=MeetingFactory(), organisation=AttendanceFactory().organisation, people=0
    )

    with translation.override("en"), pytest.raises(ValidationError) as error:
        attendance.full_clean()

    assert error.value.messages == ["At least one person attends."]


# Action items


def test_action_item_done_without_date_is_refused():
    item = ActionItemFactory.build(meeting=MeetingFactory(), status="done", done_on=None)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        item.full_clean()

    assert error.value.message_dict["done_on"] == ["Say when the action was done."]


def test_action_item_done_without_date_is_refused_by_the_database():
    with transaction.atomic(), pytest.raises(IntegrityError):
        ActionItemFactory(status="done", done_on=None)


def test_action_item_open_with_a_date_done_is_refused():
    item = ActionItemFactory.build(
        meeting=MeetingFactory(), status="open", done_on=timezone.localdate()
    )

    with translation.override("en"), pytest.raises(ValidationError) as error:
        item.full_clean()

    assert error.value.message_dict["done_on"] == ["Only a done action has a date done."]


def test_action_item_open_with_a_date_done_is_refused_by_the_database():
    with transaction.atomic(), pytest.raises(IntegrityError):
        ActionItemFactory(status="open", done_on=timezone.localdate())


def test_action_item_done_in_the_future_is_refused():
    item = ActionItemFactory.build(
        meeting=MeetingFactory(),
        status="done",
        done_on=timezone.localdate() + datetime.timedelta(days=1),
    )

    with translation.override("en"), pytest.raises(ValidationError) as error:
        item.full_clean()

    assert error.value.message_dict["done_on"] == ["The date done cannot be in the future."]


def test_action_item_done_with_a_date_is_stored():
    item = ActionItemFactory(status="done", done_on=timezone.localdate())

    item.full_clean()

    assert ActionItem.objects.get(pk=item.pk).done_on == timezone.localdate()


def test_action_item_not_done_without_reason_is_refused():
    item = ActionItemFactory.build(meeting=MeetingFactory(), status="not_done")

    with translation.override("en"), pytest.raises(ValidationError) as error:
        item.full_clean()

    assert error.value.message_dict["not_done_reason"] == ["Say why the action was not done."]


def test_action_item_not_done_without_reason_is_refused_by_the_database():
    with transaction.atomic(), pytest.raises(IntegrityError):
        ActionItemFactory(status="not_done", not_done_reason="")


def test_action_item_not_done_reason_outside_the_choices_is_refused():
    item = ActionItemFactory.build(
        meeting=MeetingFactory(), status="not_done", not_done_reason="forgot"
    )

    with pytest.raises(ValidationError) as error:
        item.full_clean()

    assert list(error.value.message_dict) == ["not_done_reason"]


def test_action_item_not_done_reason_outside_the_choices_is_refused_by_the_database():
    with transaction.atomic(), pytest.raises(IntegrityError):
        ActionItemFactory(status="not_done", not_done_reason="forgot")


@pytest.mark.parametrize("reason", ["circumstances_changed", "not_undertaken"])
def test_action_item_not_done_with_a_reason_is_stored(reason):
    item = ActionItemFactory(status="not_done", not_done_reason=reason)

    item.full_clean()

    assert ActionItem.objects.get(pk=item.pk).not_done_reason == reason


@pytest.mark.parametrize("status", ["open", "done"])
def test_action_item_reason_without_not_done_is_refused(status):
    item = ActionItemFactory.build(
        meeting=MeetingFactory(),
        status=status,
        done_on=timezone.localdate() if status == "done" else None,
        not_done_reason="not_undertaken",
    )

    with translation.override("en"), pytest.raises(ValidationError) as error:
        item.full_clean()

    assert error.value.message_dict["not_done_reason"] == ["Only an action not done has a reason."]


def test_action_item_reason_without_not_done_is_refused_by_the_database():
    with transaction.atomic(), pytest.raises(IntegrityError):
        ActionItemFactory(status="open", not_done_reason="not_undertaken")


def test_action_item_taken_over_by_its_own_meeting_is_refused():
    meeting = MeetingFactory()
    item = ActionItemFactory.build(meeting=meeting, taken_over_by=meeting)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        item.full_clean()

    assert error.value.message_dict["taken_over_by"] == [
        "An action cannot be taken over by its own meeting."
    ]


def test_action_item_taken_over_by_an_earlier_meeting_is_refused():
    item = ActionItemFactory.build(
        meeting=MeetingFactory(starts_at=days_ago(10)),
        taken_over_by=MeetingFactory(starts_at=days_ago(20)),
    )

    with translation.override("en"), pytest.raises(ValidationError) as error:
        item.full_clean()

    assert error.value.message_dict["taken_over_by"] == [
        "Only a later meeting can take an action over."
    ]


def test_action_item_taken_over_by_a_later_meeting_is_stored():
    later = MeetingFactory(starts_at=days_ago(5))
    item = ActionItemFactory(
        meeting=MeetingFactory(starts_at=days_ago(10)),
        status="not_done",
        not_done_reason="circumstances_changed",
        taken_over_by=later,
    )

    item.full_clean()

    assert list(later.taken_over_items.all()) == [item]


def test_action_item_overdue_is_open_items_past_their_due_date():
    today = timezone.localdate()
    late = ActionItemFactory(due_on=today - datetime.timedelta(days=1))
    ActionItemFactory(due_on=today)
    ActionItemFactory(due_on=None)
    ActionItemFactory(due_on=today - datetime.timedelta(days=3), status="done", done_on=today)

    assert list(ActionItem.objects.overdue()) == [late]


def test_action_item_overdue_on_a_given_day():
    item = ActionItemFactory(due_on=datetime.date(2025, 5, 10))

    assert list(ActionItem.objects.overdue(today=datetime.date(2025, 5, 10))) == []
    assert list(ActionItem.objects.overdue(today=datetime.date(2025, 5, 11))) == [item]


def test_action_item_is_overdue_when_open_and_past_due():
    item = ActionItemFactory.build(due_on=timezone.localdate() - datetime.timedelta(days=1))

    assert item.is_overdue is True


@pytest.mark.parametrize(
    ("status", "days_late"), [("open", 0), ("open", None), ("done", 1), ("not_done", 1)]
)
def test_action_item_is_not_overdue_when_due_today_undated_or_closed(status, days_late):
    due_on = None if days_late is None else timezone.localdate() - datetime.timedelta(days_late)
    item = ActionItemFactory.build(due_on=due_on, status=status)

    assert item.is_overdue is False


# Attachments


def test_attachment_image_that_is_not_an_image_is_refused():
    attachment = AttachmentFactory.build(
        meeting=MeetingFactory(), file=SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 a program")
    )

    with translation.override("en"), pytest.raises(ValidationError) as error:
        attachment.full_clean()

    assert error.value.message_dict["file"] == ["This file is not a valid image."]


def test_attachment_image_claiming_billions_of_pixels_is_refused():
    attachment = AttachmentFactory.build(
        meeting=MeetingFactory(),
        file=SimpleUploadedFile("photo.png", png_claiming_pixels(100_000, 100_000)),
    )

    with pytest.raises(ValidationError) as error:
        attachment.full_clean()

    assert list(error.value.message_dict) == ["file"]


def test_attachment_real_image_is_stored():
    attachment = AttachmentFactory.build(
        meeting=MeetingFactory(), file=SimpleUploadedFile("photo.png", png_bytes())
    )

    attachment.full_clean()
    attachment.save()

    assert Attachment.objects.get(pk=attachment.pk).file.read() == png_bytes()


def test_attachment_of_a_disallowed_extension_is_refused():
    attachment = AttachmentFactory.build(
        meeting=MeetingFactory(), file=SimpleUploadedFile("setup.exe", b"MZ\x90\x00")
    )

    with pytest.raises(ValidationError) as error:
        attachment.full_clean()

    assert list(error.value.message_dict) == ["file"]


def test_attachment_over_ten_megabytes_is_refused():
    upload = SimpleUploadedFile("minutes.pdf", PDF_BYTES)
    upload.size = 10 * 1024 * 1024 + 1
    attachment = AttachmentFactory.build(meeting=MeetingFactory(), file=upload)

    with pytest.raises(ValidationError) as error:
        attachment.full_clean()

    assert list(error.value.message_dict) == ["file"]
    assert error.value.error_dict["file"][0].code == "file_size"


def test_attachment_pdf_that_does_not_start_like_a_pdf_is_refused():
    attachment = AttachmentFactory.build(
        meeting=MeetingFactory(), file=SimpleUploadedFile("minutes.pdf", b"<html>not a pdf")
    )

    with translation.override("en"), pytest.raises(ValidationError) as error:
        attachment.full_clean()

    assert error.value.message_dict["file"] == ["This file is not a real PDF document."]


def test_attachment_stored_image_is_not_read_again_on_clean():
    attachment = AttachmentFactory(
        file=SimpleUploadedFile("photo.png", png_bytes()), caption_bg="Снимка"
    )
    attachment.refresh_from_db()

    attachment.full_clean()

    assert attachment.file._file is None


def test_attachment_visible_to_a_coordinator_is_every_attachment(coordinator):
    attachments = [
        AttachmentFactory(is_public=False),
        AttachmentFactory(is_public=True, meeting=MeetingFactory(is_published=False)),
    ]

    assert list(Attachment.objects.visible_to(coordinator).order_by("pk")) == attachments


@pytest.mark.parametrize("user_fixture", ["own_partner", "other_partner", None])
def test_attachment_visible_to_others_is_public_ones_of_published_meetings(request, user_fixture):
    user = request.getfixturevalue(user_fixture) if user_fixture else AnonymousUser()
    public = AttachmentFactory(is_public=True)
    AttachmentFactory(is_public=False)
    AttachmentFactory(is_public=True, meeting=MeetingFactory(is_published=False))

    assert list(Attachment.objects.visible_to(user)) == [public]
