"""Action items due soon: the definition that "What needs me" and the reminders share."""

import datetime

import pytest

from meetings.models import ActionItem
from tests.factories import ActionItemFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


def days(number):
    return TODAY + datetime.timedelta(days=number)


def test_action_items_due_within_include_today_and_the_last_day_of_the_window():
    today = ActionItemFactory(due_on=TODAY)
    last_day = ActionItemFactory(due_on=days(3))
    ActionItemFactory(due_on=days(4))
    ActionItemFactory(due_on=days(-1))
    ActionItemFactory(due_on=None)

    assert set(ActionItem.objects.due_within(3, today=TODAY)) == {today, last_day}


def test_action_items_due_within_leave_out_done_and_not_done_ones():
    ActionItemFactory(due_on=days(1), status=ActionItem.Status.DONE, done_on=days(-1))
    ActionItemFactory(
        due_on=days(2),
        status=ActionItem.Status.NOT_DONE,
        not_done_reason=ActionItem.NotDoneReason.NOT_UNDERTAKEN,
    )

    assert list(ActionItem.objects.due_within(3, today=TODAY)) == []
