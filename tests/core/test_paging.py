"""Per-row counts of a list page, read for the page's rows alone (`core.paging.with_counts`)."""

import pytest
from django.db.models import Count

from core.paging import with_counts
from meetings.models import Meeting
from tests.factories import AttendanceFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_with_counts_sets_each_rows_count_in_one_query(django_assert_num_queries):
    busy, quiet = MeetingFactory(), MeetingFactory()
    AttendanceFactory.create_batch(2, meeting=busy)
    rows = list(Meeting.objects.filter(pk__in=[busy.pk, quiet.pk]).order_by("pk"))

    with django_assert_num_queries(1):
        counted = with_counts(rows, Meeting, present=Count("attendances"))

    assert [row.present for row in counted] == [2, 0]


def test_with_counts_counts_nothing_for_a_row_deleted_meanwhile():
    meeting = MeetingFactory()
    AttendanceFactory(meeting=meeting)
    rows = [Meeting.objects.get(pk=meeting.pk)]
    Meeting.objects.filter(pk=meeting.pk).delete()

    [row] = with_counts(rows, Meeting, present=Count("attendances"))

    assert row.present == 0
