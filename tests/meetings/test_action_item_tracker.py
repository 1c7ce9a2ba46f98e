"""The action item tracker: one list across meetings, its filters, download and quick actions."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import ActionItem
from tests.factories import (
    ActionItemFactory,
    AttendanceFactory,
    MeetingFactory,
    OrganisationFactory,
)
from tests.spreadsheet_files import downloaded

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


def listed(response):
    return [item.text_bg for item in response.context["page_obj"].object_list]


def test_tracker_lists_action_items_of_every_meeting(coordinator_client):
    ActionItemFactory(text_bg="Първа", meeting=MeetingFactory())
    ActionItemFactory(text_bg="Втора", meeting=MeetingFactory())

    response = coordinator_client.get(url("manage_action_items"))

    assert sorted(listed(response)) == ["Втора", "Първа"]


def test_tracker_filters_by_status(coordinator_client):
    ActionItemFactory(text_bg="Отворена")
    ActionItemFactory(text_bg="Свършена", status="done", done_on=TODAY)

    response = coordinator_client.get(url("manage_action_items"), {"status": "done"})

    assert listed(response) == ["Свършена"]


def test_tracker_filters_by_responsible_organisation(coordinator_client):
    mine = OrganisationFactory()
    ActionItemFactory(text_bg="Нейна", responsible=mine)
    ActionItemFactory(text_bg="Чужда")

    response = coordinator_client.get(url("manage_action_items"), {"organisation": mine.pk})

    assert listed(response) == ["Нейна"]


def test_tracker_filters_items_without_a_responsible_organisation(coordinator_client):
    ActionItemFactory(text_bg="Ничия", responsible=None)
    ActionItemFactory(text_bg="Нечия")

    response = coordinator_client.get(url("manage_action_items"), {"responsible": "unassigned"})

    assert listed(response) == ["Ничия"]


def test_tracker_filters_by_due_dates(coordinator_client):
    ActionItemFactory(text_bg="Рано", due_on=datetime.date(2030, 1, 10))
    ActionItemFactory(text_bg="Навреме", due_on=datetime.date(2030, 2, 10))
    ActionItemFactory(text_bg="Късно", due_on=datetime.date(2030, 3, 10))

    response = coordinator_client.get(
        url("manage_action_items"), {"due_after": "2030-02-01", "due_before": "2030-02-28"}
    )

    assert listed(response) == ["Навреме"]


def test_tracker_filters_overdue_items(coordinator_client):
    ActionItemFactory(text_bg="Закъсняла", due_on=TODAY - datetime.timedelta(days=3))
    ActionItemFactory(text_bg="Предстояща", due_on=TODAY + datetime.timedelta(days=3))

    response = coordinator_client.get(url("manage_action_items"), {"overdue": "on"})

    assert listed(response) == ["Закъсняла"]


def test_tracker_filters_by_meeting_kind(coordinator_client):
    ActionItemFactory(text_bg="От обучение", meeting=MeetingFactory(kind="corporate_training"))
    ActionItemFactory(text_bg="От среща", meeting=MeetingFactory(kind="partner_meeting"))

    response = coordinator_client.get(url("manage_action_items"), {"kind": "corporate_training"})

    assert listed(response) == ["От обучение"]


def test_tracker_sorts_by_meeting_date_newest_first(coordinator_client):
    now = timezone.now()
    old = MeetingFactory(starts_at=now - datetime.timedelta(days=30))
    ActionItemFactory(text_bg="Стара", meeting=old)
    ActionItemFactory(text_bg="Нова", meeting=MeetingFactory(starts_at=now))

    response = coordinator_client.get(url("manage_action_items"), {"sort": "-meeting"})

    assert listed(response) == ["Нова", "Стара"]


def test_tracker_refuses_a_bad_date_next_to_the_field(coordinator_client):
    response = coordinator_client.get(url("manage_action_items"), {"due_after": "31.02.2030"})

    assert response.context["filter"].form.errors["due_after"] == ["Въведете валидна дата."]


def test_tracker_downloads_the_filtered_items_as_csv(coordinator_client):
    ActionItemFactory(text_bg="Отворена")
    ActionItemFactory(text_bg="Свършена", status="done", done_on=TODAY)

    response = downloaded(
        coordinator_client, "/en/meetings/manage/actions/", {"status": "done", "export": "csv"}
    )

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(row["Action (BG)"], row["Status"]) for row in rows] == [("Свършена", "Done")]


def _carried_over(count):
    """`count` items carried over to a later meeting, each with the item that continues it."""
    for _ in range(count):
        item = ActionItemFactory()
        later = MeetingFactory(starts_at=item.meeting.starts_at + datetime.timedelta(days=7))
        item.status, item.taken_over_by = "carried_over", later
        item.save()
        ActionItemFactory(meeting=later, carried_over_from=item, origin=item)


def _export_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = downloaded(client, "/en/meetings/manage/actions/", {"export": "csv"})
    return len(queries), list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_tracker_download_names_both_meetings_of_a_carry_over_in_queries_that_do_not_grow(
    coordinator_client,
):
    _carried_over(1)
    few, rows = _export_queries(coordinator_client)
    _carried_over(5)

    many, rows = _export_queries(coordinator_client)

    assert many == few
    assert len(rows) == 12
    assert all(row["Carried over to"] for row in rows if row["Status"] == "Carried over")
    assert all(row["Carried over from"] for row in rows if row["Status"] != "Carried over")


def test_tracker_downloads_xlsx(coordinator_client):
    ActionItemFactory()

    response = downloaded(coordinator_client, url("manage_action_items"), {"export": "xlsx"})

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_partner_tracker_shows_only_its_organisations_items(
    own_partner_client, organisation, other_organisation
):
    meeting = MeetingFactory()
    AttendanceFactory(meeting=meeting, organisation=organisation)
    ActionItemFactory(meeting=meeting, responsible=organisation, text_bg="Наша")
    ActionItemFactory(meeting=meeting, responsible=other_organisation, text_bg="Тяхна")

    response = own_partner_client.get(url("manage_action_items"))

    assert listed(response) == ["Наша"]


def test_partner_tracker_leaves_out_its_items_of_meetings_it_did_not_attend(
    own_partner_client, organisation
):
    attended = MeetingFactory()
    AttendanceFactory(meeting=attended, organisation=organisation)
    ActionItemFactory(meeting=attended, responsible=organisation, text_bg="От нашата среща")
    ActionItemFactory(responsible=organisation, text_bg="От чужда среща")

    response = own_partner_client.get(url("manage_action_items"))

    assert listed(response) == ["От нашата среща"]


def test_coordinator_tracker_lists_items_of_unpublished_meetings_too(coordinator_client):
    ActionItemFactory(meeting=MeetingFactory(is_published=False), text_bg="Вътрешна")

    response = coordinator_client.get(url("manage_action_items"))

    assert listed(response) == ["Вътрешна"]


def test_partner_may_not_download_the_tracker(own_partner_client):
    response = downloaded(own_partner_client, url("manage_action_items"), {"export": "csv"})

    assert response.status_code == 403


def test_partner_tracker_has_no_organisation_filter(own_partner_client):
    response = own_partner_client.get(url("manage_action_items"))

    assert "organisation" not in response.context["filter"].form.fields


@pytest.mark.parametrize("count", [1, 6])
def test_tracker_query_count_does_not_grow_with_rows(
    coordinator_client, django_assert_num_queries, count
):
    _carried_over(count)

    # With the meetings that took items over and the items carried over from, read apart.
    with django_assert_num_queries(9):
        response = coordinator_client.get(url("manage_action_items"))

    assert len(response.context["page_obj"].object_list) == 2 * count


@pytest.mark.parametrize("count", [1, 6])
def test_partner_tracker_query_count_does_not_grow_with_rows(
    own_partner_client, django_assert_num_queries, organisation, count
):
    for meeting in MeetingFactory.create_batch(count):
        AttendanceFactory(meeting=meeting, organisation=organisation)
        ActionItemFactory(meeting=meeting, responsible=organisation)

    with django_assert_num_queries(7):
        response = own_partner_client.get(url("manage_action_items"))

    assert len(response.context["page_obj"].object_list) == count


# --- Quick actions -------------------------------------------------------------------------


def test_partner_marks_its_item_done_with_a_note(own_partner_client, organisation):
    meeting = MeetingFactory()
    AttendanceFactory(meeting=meeting, organisation=organisation)
    item = ActionItemFactory(meeting=meeting, responsible=organisation)

    response = own_partner_client.post(
        url("manage_action_item_done", item.pk),
        {"note": "Обучени 12 души", "next": url("manage_action_items")},
    )

    assert response["Location"] == url("manage_action_items") + f"#action-item-{item.pk}"
    item.refresh_from_db()
    assert (item.status, item.done_on, item.note) == ("done", TODAY, "Обучени 12 души")


def test_mark_done_page_offers_a_note(own_partner_client, organisation):
    meeting = MeetingFactory()
    AttendanceFactory(meeting=meeting, organisation=organisation)
    item = ActionItemFactory(meeting=meeting, responsible=organisation)

    response = own_partner_client.get(url("manage_action_item_done", item.pk))

    assert list(response.context["form"].fields) == ["note"]


def test_quick_action_never_returns_to_another_site(coordinator_client):
    item = ActionItemFactory()

    response = coordinator_client.post(
        url("manage_action_item_done", item.pk), {"next": "https://evil.example/"}
    )

    assert response["Location"] == url("manage_meeting", item.meeting_id) + (
        f"#action-item-{item.pk}"
    )


def test_coordinator_closes_an_item_as_not_done_with_a_reason(coordinator_client):
    item = ActionItemFactory()

    coordinator_client.post(
        url("manage_action_item_not_done", item.pk),
        {"reason": "circumstances_changed", "note": "Общината отказа"},
    )

    item.refresh_from_db()
    assert (item.status, item.not_done_reason, item.note) == (
        "not_done",
        "circumstances_changed",
        "Общината отказа",
    )


def test_not_done_without_a_reason_says_so_next_to_the_field(coordinator_client):
    item = ActionItemFactory()

    response = coordinator_client.post(url("manage_action_item_not_done", item.pk), {"note": "x"})

    assert response.context["form"].errors["reason"] == ["Това поле е задължително."]
    item.refresh_from_db()
    assert item.status == "open"


def test_partner_may_not_close_its_item_as_not_done(own_partner_client, organisation):
    meeting = MeetingFactory()
    AttendanceFactory(meeting=meeting, organisation=organisation)
    item = ActionItemFactory(meeting=meeting, responsible=organisation)

    response = own_partner_client.post(
        url("manage_action_item_not_done", item.pk), {"reason": "not_undertaken"}
    )

    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == "open"


def carry_over(client, item, meeting, **data):
    return client.post(
        url("manage_action_item_carry_over", item.pk), {"meeting": meeting.pk, **data}
    )


def test_carrying_over_closes_the_item_and_opens_a_copy_at_the_later_meeting(
    coordinator_client,
):
    item = ActionItemFactory(text_bg="Да обучи")
    later = MeetingFactory(starts_at=item.meeting.starts_at + datetime.timedelta(days=30))

    carry_over(coordinator_client, item, later, due_on="2031-05-01")

    item.refresh_from_db()
    copy = later.action_items.get()
    assert (item.status, item.taken_over_by) == ("carried_over", later)
    assert (copy.text_bg, copy.status, copy.due_on, copy.carried_over_from) == (
        "Да обучи",
        "open",
        datetime.date(2031, 5, 1),
        item,
    )


def test_carried_over_item_shows_its_chain_on_both_meetings(coordinator_client):
    item = ActionItemFactory(meeting=MeetingFactory(title_bg="Първа среща"))
    later = MeetingFactory(
        title_bg="Втора среща", starts_at=item.meeting.starts_at + datetime.timedelta(days=30)
    )
    carry_over(coordinator_client, item, later)

    pages = [
        coordinator_client.get(url("manage_meeting", meeting.pk)).content.decode()
        for meeting in (item.meeting, later)
    ]

    chains = [html.split("data-chain>")[1].split("</ol>")[0] for html in pages]
    assert [("Първа среща" in chain, "Втора среща" in chain) for chain in chains] == [
        (True, True),
        (True, True),
    ]


def test_carrying_over_to_an_earlier_meeting_is_refused_next_to_the_field(coordinator_client):
    item = ActionItemFactory()
    earlier = MeetingFactory(starts_at=item.meeting.starts_at - datetime.timedelta(days=30))

    response = carry_over(coordinator_client, item, earlier)

    assert "meeting" in response.context["form"].errors
    item.refresh_from_db()
    assert item.status == "open"


def test_carrying_over_a_closed_item_says_so_and_changes_nothing(coordinator_client):
    item = ActionItemFactory(status="done", done_on=TODAY)
    later = MeetingFactory(starts_at=item.meeting.starts_at + datetime.timedelta(days=30))

    response = carry_over(coordinator_client, item, later)

    assert response.status_code == 302
    assert later.action_items.count() == 0


def test_carry_over_is_kept_in_history_with_who(coordinator_client, coordinator):
    item = ActionItemFactory()
    later = MeetingFactory(starts_at=item.meeting.starts_at + datetime.timedelta(days=30))

    carry_over(coordinator_client, item, later)

    latest = ActionItem.history.filter(id=item.pk).latest("history_date")
    assert (latest.status, latest.history_user) == ("carried_over", coordinator)


def test_meeting_page_links_to_the_tracker(coordinator_client):
    meeting = MeetingFactory()

    html = coordinator_client.get(url("manage_meeting", meeting.pk)).content.decode()

    assert f'href="{url("manage_action_items")}"' in html


def test_dashboard_links_to_the_overdue_items_in_the_tracker(coordinator_client):
    html = coordinator_client.get(reverse("dashboard")).content.decode()

    assert f'href="{url("manage_action_items")}?overdue=on&amp;status=open"' in html


def test_carried_over_item_without_the_later_meeting_is_refused():
    item = ActionItemFactory.build(status="carried_over", meeting=MeetingFactory())

    with pytest.raises(ValidationError) as error:
        item.clean()

    assert list(error.value.message_dict) == ["taken_over_by"]
