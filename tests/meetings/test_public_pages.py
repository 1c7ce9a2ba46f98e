import datetime

import pytest
from django.utils import timezone

from tests.factories import AttachmentFactory, AttendanceFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def titles(response):
    return [meeting.title_bg for meeting in response.context["page_obj"].object_list]


def test_meetings_list_shows_only_published_meetings_newest_first(client):
    now = timezone.now()
    MeetingFactory(title_bg="Стара", starts_at=now - datetime.timedelta(days=400))
    MeetingFactory(title_bg="Нова", starts_at=now - datetime.timedelta(days=3))
    MeetingFactory(title_bg="Вътрешна", is_published=False)

    assert titles(client.get("/bg/meetings/")) == ["Нова", "Стара"]


def test_meetings_list_filters_by_year_and_kind(client):
    MeetingFactory(
        title_bg="Пресконференция",
        kind="press_conference",
        starts_at=datetime.datetime(2023, 1, 27, 11, tzinfo=datetime.UTC),
    )
    MeetingFactory(title_bg="Обучение", kind="corporate_training")

    response = client.get("/bg/meetings/", {"year": "2023", "kind": "press_conference"})

    assert titles(response) == ["Пресконференция"]


def test_meetings_list_filters_disclosure_counts_the_active_filters(client):
    MeetingFactory(kind="press_conference")

    html = client.get("/en/meetings/", {"kind": "press_conference"}).content.decode()

    assert '<span id="filters-summary">Filters (1 active)</span>' in html


def test_meeting_page_never_shows_private_notes_or_private_files(client):
    meeting = MeetingFactory(
        public_summary_bg="Обсъдени бяха мерките.", private_notes="Вътрешна бележка"
    )
    public = AttachmentFactory(meeting=meeting, is_public=True, caption_bg="Публичен файл")
    private = AttachmentFactory(meeting=meeting, is_public=False, caption_bg="Личен файл")

    html = client.get(f"/bg/meetings/{meeting.slug}/").content.decode()

    assert "Обсъдени бяха мерките." in html
    assert "Вътрешна бележка" not in html
    assert f"/bg/meetings/attachments/{public.pk}/file/" in html
    assert f"/attachments/{private.pk}/file/" not in html
    assert "Личен файл" not in html


def test_unpublished_meeting_page_answers_404(client):
    meeting = MeetingFactory(is_published=False)

    assert client.get(f"/bg/meetings/{meeting.slug}/").status_code == 404


@pytest.mark.parametrize("count", [1, 15])
def test_meetings_list_query_count_does_not_grow_with_rows(
    client, django_assert_num_queries, count
):
    MeetingFactory.create_batch(count)

    with django_assert_num_queries(4):
        assert client.get("/bg/meetings/").status_code == 200


@pytest.mark.parametrize("count", [1, 10])
def test_meeting_page_query_count_does_not_grow_with_attendance(
    client, django_assert_num_queries, count
):
    meeting = MeetingFactory()
    AttendanceFactory.create_batch(count, meeting=meeting)
    AttachmentFactory.create_batch(count, meeting=meeting, is_public=True)

    with django_assert_num_queries(4):
        assert client.get(f"/bg/meetings/{meeting.slug}/").status_code == 200
