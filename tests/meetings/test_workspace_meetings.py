import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.concurrency import version_of
from meetings.models import ActionItem, Attendance, Meeting
from tests.factories import (
    PDF_BYTES,
    ActionItemFactory,
    AttachmentFactory,
    AttendanceFactory,
    MeetingFactory,
    OrganisationFactory,
    VoteFactory,
)
from tests.html_tables import table_texts

pytestmark = pytest.mark.django_db


def empty_formsets():
    return {
        f"{prefix}-{count}_FORMS": "0"
        for prefix in ("attendances", "actions", "attachments")
        for count in ("TOTAL", "INITIAL")
    }


def form_data(meeting=None, **changes):
    """What the edit page posts: the meeting's values, its version, empty formsets."""
    meeting = meeting or Meeting(kind="partner_meeting")
    starts_at = meeting.starts_at or timezone.now()
    data = {
        "kind": meeting.kind,
        "title_bg": meeting.title_bg or "",
        "title_en": meeting.title_en or "",
        "starts_at": timezone.localtime(starts_at).strftime("%Y-%m-%dT%H:%M"),
        "private_notes": meeting.private_notes,
        "version": version_of(meeting) or "",
        **empty_formsets(),
    }
    if meeting.is_published:
        data["is_published"] = "on"
    data.update(changes)
    return data


def rows(meeting, prefix):
    """The existing rows of one of `meeting`'s formsets, as the edit page posts them back."""
    items = {
        "attendances": meeting.attendances.order_by("pk"),
        "actions": meeting.action_items.order_by("due_on", "pk"),
    }[prefix]
    data = {f"{prefix}-TOTAL_FORMS": str(len(items)), f"{prefix}-INITIAL_FORMS": str(len(items))}
    for index, item in enumerate(items):
        data[f"{prefix}-{index}-id"] = item.pk
        if prefix == "attendances":
            data.update(
                {
                    f"{prefix}-{index}-organisation": item.organisation_id,
                    f"{prefix}-{index}-role": item.role,
                    f"{prefix}-{index}-people": item.people,
                }
            )
        else:
            data.update(
                {
                    f"{prefix}-{index}-text_bg": item.text_bg,
                    f"{prefix}-{index}-responsible": item.responsible_id or "",
                    f"{prefix}-{index}-status": item.status,
                }
            )
    return data


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


@pytest.fixture
def meeting(organisation):
    """A meeting the own partner's organisation attended, with an internal note."""
    meeting = MeetingFactory(
        title_en="Partner meeting",
        private_notes="Вътрешна бележка",
        # Whole minutes, as the page's date and time inputs give them.
        starts_at=timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(days=7),
    )
    AttendanceFactory(meeting=meeting, organisation=organisation)
    return meeting


@pytest.mark.parametrize(
    "name", ["manage_meeting", "manage_meeting_edit", "manage_meeting_history"]
)
def test_meeting_pages_send_anonymous_visitors_to_login(client, meeting, name):
    response = client.get(url(name, meeting.pk))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "name", ["manage_meeting", "manage_meeting_edit", "manage_meeting_history"]
)
def test_meeting_pages_of_a_meeting_not_attended_answer_404_to_a_partner(
    other_partner_client, meeting, name
):
    assert other_partner_client.get(url(name, meeting.pk)).status_code == 404


@pytest.mark.parametrize("name", ["manage_meeting_edit", "manage_meeting_history"])
def test_changing_an_attended_meeting_answers_403_to_a_partner(own_partner_client, meeting, name):
    assert own_partner_client.get(url(name, meeting.pk)).status_code == 403


def test_partner_may_not_create_edit_or_restore_meetings(own_partner_client, meeting):
    history_id = version_of(meeting)

    new = own_partner_client.post(url("manage_meeting_new"), form_data(title_bg="Моя среща"))
    edit = own_partner_client.post(
        url("manage_meeting_edit", meeting.pk), form_data(meeting, title_bg="Сменена")
    )
    restore = own_partner_client.post(url("manage_meeting_restore", meeting.pk, history_id))

    assert (new.status_code, edit.status_code, restore.status_code) == (403, 403, 403)
    assert Meeting.objects.filter(title_bg="Моя среща").exists() is False
    meeting.refresh_from_db()
    assert meeting.title_bg != "Сменена"


def test_partner_lists_only_the_meetings_its_organisation_attended(own_partner_client, meeting):
    MeetingFactory(title_en="Not attended")

    response = own_partner_client.get("/en/meetings/manage/")

    assert [m.title_en for m in response.context["page_obj"].object_list] == ["Partner meeting"]
    assert "Add a meeting" not in response.content.decode()


def test_partner_sees_its_own_action_items_but_never_private_notes_or_files(
    own_partner_client, meeting, organisation, other_organisation
):
    ActionItemFactory(meeting=meeting, responsible=organisation, text_bg="Наша задача")
    ActionItemFactory(meeting=meeting, responsible=other_organisation, text_bg="Чужда задача")
    public = AttachmentFactory(meeting=meeting, is_public=True, caption_bg="Снимка")
    private = AttachmentFactory(meeting=meeting, is_public=False, caption_bg="Личен протокол")

    html = own_partner_client.get(url("manage_meeting", meeting.pk)).content.decode()

    assert "Наша задача" in html
    assert "Чужда задача" not in html
    assert "Вътрешна бележка" not in html
    assert url("attachment_file", public.pk) in html
    assert "Личен протокол" not in html
    assert url("attachment_file", private.pk) not in html


def test_coordinator_sees_private_notes_and_every_file(coordinator_client, meeting):
    private = AttachmentFactory(meeting=meeting, is_public=False, caption_bg="Личен протокол")

    html = coordinator_client.get(url("manage_meeting", meeting.pk)).content.decode()

    assert "Вътрешна бележка" in html
    assert url("attachment_file", private.pk) in html


def test_meeting_list_filters_by_kind_and_searches_titles(coordinator_client):
    MeetingFactory(title_bg="Обучение на работодатели", kind="corporate_training")
    MeetingFactory(title_bg="Фокус група", kind="focus_group")
    MeetingFactory(title_bg="Обучение на медии", kind="information_session")

    response = coordinator_client.get(
        url("manage_meetings"), {"kind": "corporate_training", "q": "Обучение"}
    )

    assert [m.title_bg for m in response.context["page_obj"].object_list] == [
        "Обучение на работодатели"
    ]


def test_meeting_list_sorts_oldest_first_on_request(coordinator_client):
    now = timezone.now()
    MeetingFactory(
        title_bg="Стара", starts_at=now - datetime.timedelta(days=90), is_published=False
    )
    MeetingFactory(title_bg="Нова", starts_at=now - datetime.timedelta(days=3))

    newest = coordinator_client.get(url("manage_meetings"))
    oldest = coordinator_client.get(url("manage_meetings"), {"sort": "date"})
    unpublished = coordinator_client.get(url("manage_meetings"), {"published": "no"})

    assert [m.title_bg for m in newest.context["page_obj"].object_list] == ["Нова", "Стара"]
    assert [m.title_bg for m in oldest.context["page_obj"].object_list] == ["Стара", "Нова"]
    assert [m.title_bg for m in unpublished.context["page_obj"].object_list] == ["Стара"]


def test_coordinator_creates_a_meeting_with_attendance_and_an_action_in_one_post(
    coordinator_client, organisation, other_organisation
):
    data = form_data(
        title_bg="Среща на партньорите",
        venue_bg="Русе",
        **{
            "attendances-TOTAL_FORMS": "2",
            "attendances-0-organisation": organisation.pk,
            "attendances-0-role": "host",
            "attendances-0-people": "3",
            "attendances-1-organisation": other_organisation.pk,
            "attendances-1-role": "participant",
            "attendances-1-people": "1",
            "actions-TOTAL_FORMS": "1",
            "actions-0-text_bg": "Да подготви обучение",
            "actions-0-responsible": other_organisation.pk,
            "actions-0-due_on": "2030-05-01",
            "actions-0-status": "open",
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-file": SimpleUploadedFile("minutes.pdf", PDF_BYTES),
            "attachments-0-caption_bg": "Протокол",
        },
    )

    response = coordinator_client.post(url("manage_meeting_new"), data)

    meeting = Meeting.objects.get(title_bg="Среща на партньорите")
    assert response["Location"] == url("manage_meeting", meeting.pk)
    assert list(meeting.attendances.values_list("organisation", "role", "people")) == [
        (organisation.pk, "host", 3),
        (other_organisation.pk, "participant", 1),
    ]
    assert list(meeting.action_items.values_list("text_bg", "responsible", "due_on")) == [
        ("Да подготви обучение", other_organisation.pk, datetime.date(2030, 5, 1))
    ]
    assert list(meeting.attachments.values_list("caption_bg", "is_public")) == [("Протокол", False)]


def test_bad_input_gets_field_errors_and_stores_nothing(coordinator_client, organisation):
    archived = OrganisationFactory(archived_at=timezone.now())
    data = form_data(
        title_bg="",
        starts_at="2025-03-10T10:00",
        ends_at="2025-03-09T10:00",
        **{
            "attendances-TOTAL_FORMS": "2",
            "attendances-0-organisation": archived.pk,
            "attendances-0-people": "1",
            "attendances-1-organisation": organisation.pk,
            "attendances-1-role": "host",
            "attendances-1-people": "0",
            "actions-TOTAL_FORMS": "1",
            "actions-0-text_bg": "Задача",
            "actions-0-status": "done",
        },
    )

    response = coordinator_client.post("/en/meetings/manage/new/", data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["title_bg"] == ["This field is required."]
    assert errors["ends_at"] == ["The end cannot be before the start."]
    attendances = response.context["attendances"].forms
    assert "Select a valid choice" in attendances[0].errors["organisation"][0]
    assert attendances[1].errors == {"people": ["At least one person attends."]}
    assert response.context["action_items"].forms[0].errors["done_on"] == [
        "Say when the action was done."
    ]
    assert "Nothing was saved" in response.content.decode()
    assert Meeting.objects.count() == 0
    assert (Attendance.objects.count(), ActionItem.objects.count()) == (0, 0)


def test_edit_keeps_the_rows_of_an_archived_organisation(coordinator_client, meeting):
    archived = OrganisationFactory(archived_at=timezone.now())
    AttendanceFactory(meeting=meeting, organisation=archived)
    data = form_data(meeting, title_en="Renamed", **rows(meeting, "attendances"))

    response = coordinator_client.post(url("manage_meeting_edit", meeting.pk), data)

    assert response.status_code == 302
    assert meeting.attendances.filter(organisation=archived).exists()


def test_stale_edit_is_refused_and_shows_the_other_values(coordinator_client, meeting):
    opened = form_data(meeting)
    meeting.title_en = "Changed by a colleague"
    meeting.save()

    response = coordinator_client.post(
        f"/en/meetings/manage/{meeting.pk}/edit/", {**opened, "title_en": "My change"}
    )

    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    assert [
        (str(label), theirs, mine) for label, theirs, mine in response.context["conflicts"]
    ] == [("Title [en]", "Changed by a colleague", "My change")]
    meeting.refresh_from_db()
    assert meeting.title_en == "Changed by a colleague"


def test_saving_again_after_a_stale_edit_keeps_the_users_values(coordinator_client, meeting):
    opened = form_data(meeting)
    meeting.title_en = "Changed by a colleague"
    meeting.save()
    first = coordinator_client.post(
        url("manage_meeting_edit", meeting.pk), {**opened, "title_en": "My change"}
    )

    second = coordinator_client.post(
        url("manage_meeting_edit", meeting.pk), first.context["form"].data
    )

    assert second.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title_en == "My change"


def test_marking_an_action_done_refuses_an_edit_opened_before_it(
    coordinator_client, meeting, organisation
):
    item = ActionItemFactory(meeting=meeting, responsible=organisation, text_bg="Да обучи")
    opened = form_data(meeting, **rows(meeting, "attendances"), **rows(meeting, "actions"))
    coordinator_client.post(url("manage_action_item_done", item.pk))

    response = coordinator_client.post(
        url("manage_meeting_edit", meeting.pk), {**opened, "actions-0-text_bg": "Reworded"}
    )

    assert response.status_code == 200
    item.refresh_from_db()
    assert (item.status, item.text_bg) == ("done", "Да обучи")


def test_action_item_marked_done_meanwhile_is_listed_in_the_conflicts(
    coordinator_client, meeting, organisation
):
    item = ActionItemFactory(meeting=meeting, responsible=organisation, text_bg="Да обучи")
    opened = form_data(meeting, **rows(meeting, "attendances"), **rows(meeting, "actions"))
    coordinator_client.post(url("manage_action_item_done", item.pk))

    response = coordinator_client.post(f"/en/meetings/manage/{meeting.pk}/edit/", opened)

    assert [
        (str(label), theirs, mine) for label, theirs, mine in response.context["conflicts"]
    ] == [
        ("Action item 1: Status", "Done", "Open"),
        ("Action item 1: Done on", timezone.localdate().isoformat(), "–"),
    ]


def test_action_item_added_meanwhile_is_listed_in_the_conflicts_and_kept(
    coordinator_client, meeting, organisation
):
    opened = form_data(meeting, **rows(meeting, "attendances"))
    ActionItemFactory(meeting=meeting, responsible=organisation, text_bg="Да обучи")

    response = coordinator_client.post(f"/en/meetings/manage/{meeting.pk}/edit/", opened)

    assert [
        (str(label), theirs, mine) for label, theirs, mine in response.context["conflicts"]
    ] == [("Action item “Да обучи”", "added", "–")]
    assert meeting.action_items.count() == 1


def test_saving_again_after_an_action_item_was_marked_done_keeps_it_done(
    coordinator_client, meeting, organisation
):
    item = ActionItemFactory(meeting=meeting, responsible=organisation, text_bg="Да обучи")
    opened = form_data(meeting, **rows(meeting, "attendances"), **rows(meeting, "actions"))
    coordinator_client.post(url("manage_action_item_done", item.pk))
    first = coordinator_client.post(
        url("manage_meeting_edit", meeting.pk), {**opened, "actions-0-text_bg": "Reworded"}
    )

    second = coordinator_client.post(
        url("manage_meeting_edit", meeting.pk), first.context["form"].data
    )

    assert second.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.done_on, item.text_bg) == ("done", timezone.localdate(), "Reworded")


def test_saving_again_keeps_the_status_the_user_chose_for_an_action_item(
    coordinator_client, meeting, organisation
):
    item = ActionItemFactory(meeting=meeting, responsible=organisation, text_bg="Да обучи")
    opened = form_data(meeting, **rows(meeting, "attendances"), **rows(meeting, "actions"))
    coordinator_client.post(url("manage_action_item_done", item.pk))
    first = coordinator_client.post(
        url("manage_meeting_edit", meeting.pk),
        {
            **opened,
            "actions-0-status": "not_done",
            "actions-0-not_done_reason": "circumstances_changed",
        },
    )
    # The other person's date of completion came in with their change; the user clears it.
    again = first.context["form"].data.copy()
    again["actions-0-done_on"] = ""

    second = coordinator_client.post(url("manage_meeting_edit", meeting.pk), again)

    assert second.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.done_on) == ("not_done", None)


def test_saving_an_unchanged_meeting_with_no_agenda_writes_no_history(coordinator_client):
    meeting = MeetingFactory(
        agenda_bg=None,
        agenda_en=None,
        public_summary_bg=None,
        # Whole minutes, as the page's date and time inputs give them.
        starts_at=timezone.now().replace(second=0, microsecond=0),
    )
    versions = meeting.history.count()

    response = coordinator_client.post(
        f"/en/meetings/manage/{meeting.pk}/edit/", form_data(meeting, agenda_bg="", agenda_en="")
    )

    assert response.status_code == 302
    assert meeting.history.count() == versions


def test_meeting_history_shows_an_action_item_marked_done(coordinator_client, meeting):
    item = ActionItemFactory(meeting=meeting, text_bg="Да обучи")
    coordinator_client.post(url("manage_action_item_done", item.pk))

    html = coordinator_client.get(f"/en/meetings/manage/{meeting.pk}/history/").content.decode()

    assert "Action item “Да обучи”: status" in html


def test_own_partner_marks_its_own_action_done(own_partner_client, meeting, organisation):
    item = ActionItemFactory(meeting=meeting, responsible=organisation)

    response = own_partner_client.post(url("manage_action_item_done", item.pk))

    assert response["Location"] == url("manage_meeting", meeting.pk) + f"#action-item-{item.pk}"
    item.refresh_from_db()
    assert (item.status, item.done_on) == ("done", timezone.localdate())


def test_meeting_page_rows_of_action_items_can_take_focus_after_a_quick_action(
    coordinator_client, meeting
):
    item = ActionItemFactory(meeting=meeting)

    html = coordinator_client.get(url("manage_meeting", meeting.pk)).content.decode()

    assert f'<tr id="action-item-{item.pk}" class="focus-target" tabindex="-1">' in html


def test_refused_meeting_form_puts_focus_on_its_error_summary(coordinator_client):
    response = coordinator_client.post("/en/meetings/manage/new/", form_data(title_bg=""))

    html = response.content.decode()
    assert 'id="form-errors" autofocus>' in html


def test_partner_may_not_mark_another_organisations_action_done(
    own_partner_client, meeting, other_organisation
):
    item = ActionItemFactory(meeting=meeting, responsible=other_organisation)

    response = own_partner_client.post(url("manage_action_item_done", item.pk))

    assert response.status_code == 404
    item.refresh_from_db()
    assert (item.status, item.done_on) == ("open", None)


def test_marking_a_closed_action_done_again_says_so_and_changes_nothing(
    coordinator_client, meeting
):
    done_on = timezone.localdate() - datetime.timedelta(days=5)
    item = ActionItemFactory(meeting=meeting, status="done", done_on=done_on)

    response = coordinator_client.post(f"/en/meetings/manage/actions/{item.pk}/done/", follow=True)

    assert "This action item is no longer open." in response.content.decode()
    item.refresh_from_db()
    assert item.done_on == done_on


def test_mark_done_address_shows_a_form_and_changes_nothing_on_get(coordinator_client, meeting):
    item = ActionItemFactory(meeting=meeting)

    response = coordinator_client.get(url("manage_action_item_done", item.pk))

    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == "open"


def test_meeting_with_a_vote_links_to_its_tally(coordinator_client, meeting):
    VoteFactory(meeting=meeting)

    html = coordinator_client.get(url("manage_meeting", meeting.pk)).content.decode()

    assert reverse("measures:manage_vote_for_meeting", args=[meeting.pk]) in html


def test_history_shows_who_changed_what_and_restore_brings_back_a_version(
    coordinator_client, coordinator, meeting
):
    first_version = version_of(meeting)
    versions = meeting.history.count()
    coordinator_client.post(
        url("manage_meeting_edit", meeting.pk),
        form_data(meeting, title_en="Renamed", **rows(meeting, "attendances")),
    )

    history = coordinator_client.get(url("manage_meeting_history", meeting.pk))
    coordinator_client.post(url("manage_meeting_restore", meeting.pk, first_version))

    html = history.content.decode()
    assert coordinator.username in html
    assert "Renamed" in html
    meeting.refresh_from_db()
    assert meeting.title_en == "Partner meeting"
    assert meeting.history.count() == versions + 2


def test_meeting_list_counts_organisations_present_and_open_action_items(coordinator_client):
    busy = MeetingFactory(title_bg="Среща с много участници")
    AttendanceFactory.create_batch(3, meeting=busy)
    ActionItemFactory.create_batch(2, meeting=busy)
    ActionItemFactory(
        meeting=busy, status=ActionItem.Status.DONE, done_on=datetime.date(2026, 1, 5)
    )
    MeetingFactory(title_bg="Среща без участници")

    rows = table_texts(coordinator_client.get(url("manage_meetings")))[None]["tbody"]

    assert sorted((row[1], row[5], row[6]) for row in rows) == [
        ("Среща без участници", "0", "0"),
        ("Среща с много участници", "3", "2"),
    ]


@pytest.mark.parametrize("count", [1, 25])
def test_meeting_list_query_count_does_not_grow_with_rows(
    coordinator_client, django_assert_num_queries, count
):
    for meeting in MeetingFactory.create_batch(count):
        AttendanceFactory(meeting=meeting)
        ActionItemFactory(meeting=meeting)

    with django_assert_num_queries(9):
        response = coordinator_client.get(url("manage_meetings"), {"q": "Среща"})

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 6])
def test_partner_meeting_list_query_count_does_not_grow_with_rows(
    own_partner_client, django_assert_num_queries, organisation, count
):
    for meeting in MeetingFactory.create_batch(count):
        AttendanceFactory(meeting=meeting, organisation=organisation)

    with django_assert_num_queries(10):
        response = own_partner_client.get(url("manage_meetings"))

    assert len(response.context["page_obj"].object_list) == count


@pytest.mark.parametrize("count", [1, 6])
def test_meeting_edit_page_query_count_does_not_grow_with_rows(
    coordinator_client, django_assert_num_queries, meeting, count
):
    for _ in range(count):
        AttendanceFactory(meeting=meeting)
        ActionItemFactory(meeting=meeting, taken_over_by=MeetingFactory())
        AttachmentFactory(meeting=meeting)

    with django_assert_num_queries(14):
        response = coordinator_client.get(url("manage_meeting_edit", meeting.pk))

    # One blank row: more come with "Add a row".
    assert len(response.context["attendances"].forms) == count + 1 + 1


@pytest.mark.parametrize("count", [1, 6])
def test_meeting_detail_query_count_does_not_grow_with_rows(
    coordinator_client, django_assert_num_queries, meeting, count
):
    for _ in range(count):
        AttendanceFactory(meeting=meeting)
        ActionItemFactory(meeting=meeting, taken_over_by=MeetingFactory())
        AttachmentFactory(meeting=meeting)

    # The ninth reads the chains of the items taken over, all at once.
    with django_assert_num_queries(9):
        assert coordinator_client.get(url("manage_meeting", meeting.pk)).status_code == 200


@pytest.mark.parametrize("count", [1, 6])
def test_meeting_history_query_count_does_not_grow_with_row_changes(
    coordinator_client, django_assert_num_queries, meeting, count
):
    for _ in range(count):
        AttendanceFactory(meeting=meeting)
        ActionItemFactory(meeting=meeting, taken_over_by=MeetingFactory())

    with django_assert_num_queries(13):
        response = coordinator_client.get(url("manage_meeting_history", meeting.pk))

    assert len(response.context["entries"]) == 2 + 2 * count
