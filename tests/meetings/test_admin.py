import datetime

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from meetings.models import ActionItem, Attachment, Attendance, Meeting
from tests.factories import (
    ActionItemFactory,
    AttachmentFactory,
    AttendanceFactory,
    MeetingFactory,
    OrganisationFactory,
    ProjectFactory,
    ProtocolFactory,
    municipality,
)
from tests.partners.test_admin import change_form_data

pytestmark = pytest.mark.django_db


def meeting(children=1, *, taken_over_by=None):
    """A meeting with `children` organisations present, actions and files."""
    held = MeetingFactory(
        municipality=municipality(), project=ProjectFactory(), protocol=ProtocolFactory()
    )
    for _ in range(children):
        AttendanceFactory(meeting=held)
        ActionItemFactory(
            meeting=held,
            status=ActionItem.Status.NOT_DONE if taken_over_by else ActionItem.Status.OPEN,
            not_done_reason=ActionItem.NotDoneReason.CIRCUMSTANCES_CHANGED if taken_over_by else "",
            taken_over_by=taken_over_by,
        )
        AttachmentFactory(meeting=held)
    return held


def meeting_with_later_one(children=1):
    return meeting(children, taken_over_by=MeetingFactory())


def batch(make):
    return lambda rows: [make() for _ in range(rows)]


# (model, builder of `rows` records, queries of its changelist)
CHANGELISTS = [
    ("meeting", batch(meeting), 11),
    ("attendance", batch(AttendanceFactory), 8),
    ("actionitem", batch(lambda: ActionItemFactory(taken_over_by=None)), 8),
    ("attachment", batch(AttachmentFactory), 6),
]


@pytest.mark.parametrize("rows", [1, 15])
@pytest.mark.parametrize(
    ("model", "build", "queries"), [pytest.param(*case, id=case[0]) for case in CHANGELISTS]
)
def test_changelist_makes_as_many_queries_for_many_rows_as_for_one(
    admin_client, django_assert_num_queries, model, build, queries, rows
):
    build(rows)
    ContentType.objects.clear_cache()  # the same start whatever ran before

    with django_assert_num_queries(queries):
        response = admin_client.get(reverse(f"admin:meetings_{model}_changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == rows


# (model, builder of one record with `children` rows in each inline, queries of its change form,
# numbers of inline rows to try: only models with inlines try several)
CHANGE_FORMS = [
    ("meeting", meeting_with_later_one, 11, [1, 4]),
    ("attendance", lambda children: AttendanceFactory(), 7, [1]),
    ("actionitem", lambda children: ActionItemFactory(taken_over_by=MeetingFactory()), 8, [1]),
    ("attachment", lambda children: AttachmentFactory(), 6, [1]),
]


@pytest.mark.parametrize(
    ("model", "build", "queries", "children"),
    [
        pytest.param(model, build, queries, children, id=f"{model}-{children}")
        for model, build, queries, sizes in CHANGE_FORMS
        for children in sizes
    ],
)
def test_change_form_makes_fixed_queries_whatever_its_inline_rows(
    admin_client, django_assert_num_queries, model, build, queries, children
):
    record = build(children)
    ContentType.objects.clear_cache()

    with django_assert_num_queries(queries):
        response = admin_client.get(reverse(f"admin:meetings_{model}_change", args=[record.pk]))

    assert response.status_code == 200


def test_meeting_form_links_attachments_through_the_permission_check(admin_client):
    attachment = AttachmentFactory()

    response = admin_client.get(
        reverse("admin:meetings_meeting_change", args=[attachment.meeting_id])
    )

    content = response.content.decode()
    assert f'href="/bg/meetings/attachments/{attachment.pk}/file/"' in content
    assert "/media/meetings/" not in content


def test_meeting_form_records_attendance_added_inline(admin_client, admin_user):
    held = MeetingFactory()
    knsb = OrganisationFactory(name_bg="Регионален съвет на КНСБ Русе")
    url = reverse("admin:meetings_meeting_change", args=[held.pk])
    data = change_form_data(admin_client.get(url))
    data.update(
        {
            "attendances-0-organisation": knsb.pk,
            "attendances-0-role": Attendance.Role.HOST,
            "attendances-0-people": "3",
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302
    attendance = Attendance.objects.get(meeting=held)
    assert (attendance.organisation, attendance.role, attendance.people) == (knsb, "host", 3)
    assert attendance.history.get().history_user == admin_user


def test_meeting_form_refuses_an_action_taken_over_by_an_earlier_meeting(admin_client):
    held = MeetingFactory()
    earlier = MeetingFactory(starts_at=held.starts_at - datetime.timedelta(days=7))
    url = reverse("admin:meetings_meeting_change", args=[held.pk])
    data = change_form_data(admin_client.get(url))
    data.update(
        {
            "action_items-TOTAL_FORMS": "1",
            "action_items-0-text_bg": "Да се покани бюрото по труда",
            "action_items-0-status": ActionItem.Status.NOT_DONE,
            "action_items-0-not_done_reason": ActionItem.NotDoneReason.NOT_UNDERTAKEN,
            "action_items-0-taken_over_by": earlier.pk,
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert not ActionItem.objects.exists()
    assert "Задачата може да бъде поета само от по-късна среща." in response.content.decode()


def test_action_item_list_marks_overdue_open_items(admin_client):
    overdue = ActionItemFactory(due_on=datetime.date(2020, 1, 1))
    ActionItemFactory()

    response = admin_client.get(reverse("admin:meetings_actionitem_changelist"))

    rows = {item.pk: item.is_overdue for item in response.context["cl"].result_list}
    assert rows[overdue.pk] is True
    assert sorted(rows.values()) == [False, True]


def test_meeting_list_drills_down_by_date(admin_client):
    in_2023 = MeetingFactory(starts_at=datetime.datetime(2023, 1, 27, 10, tzinfo=datetime.UTC))
    MeetingFactory()

    response = admin_client.get(
        reverse("admin:meetings_meeting_changelist"), {"starts_at__year": "2023"}
    )

    assert list(response.context["cl"].result_list) == [in_2023]


def test_every_meetings_model_is_in_admin():
    models = [Meeting, Attendance, ActionItem, Attachment]

    assert [model for model in models if not admin.site.is_registered(model)] == []
