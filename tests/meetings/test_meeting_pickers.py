"""The meeting edit page's organisation and meeting pickers: the page carries only the chosen
ones, whatever the size of the network, and the rows are still checked against every one."""

import re

import pytest
from django.utils import timezone

from meetings.models import Attendance
from tests.factories import (
    ActionItemFactory,
    AttendanceFactory,
    MeetingFactory,
    OrganisationFactory,
)
from tests.meetings.test_workspace_meetings import form_data, rows

pytestmark = pytest.mark.django_db


def options(html):
    """The labels of the pickers' options, but the empty ones."""
    pickers = "".join(re.findall(r"<select[^>]*data-search-url[^>]*>(.*?)</select>", html, re.S))
    return [
        label
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', pickers)
        if value
    ]


@pytest.fixture
def meeting(organisation):
    meeting = MeetingFactory(title_en="Partner meeting")
    AttendanceFactory(meeting=meeting, organisation=organisation)
    return meeting


def test_edit_page_offers_only_the_organisations_and_meeting_its_rows_name(
    coordinator_client, meeting, other_organisation
):
    OrganisationFactory.create_batch(30)
    later = MeetingFactory(title_en="Follow-up", starts_at=timezone.now())
    MeetingFactory.create_batch(5)
    ActionItemFactory(meeting=meeting, responsible=other_organisation, taken_over_by=later)

    response = coordinator_client.get(f"/en/meetings/manage/{meeting.pk}/edit/")

    html = response.content.decode()
    assert sorted(options(html)) == sorted(
        [
            "Own organisation",
            "Other organisation",
            f"{timezone.localtime(later.starts_at):%d.%m.%Y} · Follow-up",
        ]
    )
    assert 'data-search-url="/en/manage/organisations/search/"' in html
    assert 'data-search-url="/en/meetings/manage/search/"' in html
    assert "js/search-picker.js" in html


@pytest.mark.parametrize("count", [1, 30])
def test_edit_page_neither_queries_nor_grows_with_the_organisations(
    coordinator_client, django_assert_num_queries, meeting, count
):
    OrganisationFactory.create_batch(count)
    MeetingFactory.create_batch(count)

    with django_assert_num_queries(13):
        response = coordinator_client.get(f"/en/meetings/manage/{meeting.pk}/edit/")

    # The chosen organisation, and nothing that grows with the network.
    assert options(response.content.decode()) == ["Own organisation"]


def test_rows_are_saved_with_an_organisation_chosen_by_its_id(
    coordinator_client, meeting, organisation, other_organisation
):
    data = form_data(meeting, **rows(meeting, "attendances"))
    data.update(
        {
            "attendances-TOTAL_FORMS": "2",
            "attendances-1-organisation": other_organisation.pk,
            "attendances-1-role": "participant",
            "attendances-1-people": "2",
        }
    )

    response = coordinator_client.post(f"/en/meetings/manage/{meeting.pk}/edit/", data)

    assert response.status_code == 302
    assert sorted(meeting.attendances.values_list("organisation__name_en", "people")) == [
        ("Other organisation", 2),
        ("Own organisation", meeting.attendances.get(organisation=organisation).people),
    ]


@pytest.mark.parametrize("archived", [True, False], ids=["archived", "non-existent"])
def test_rows_refuse_an_archived_or_unknown_organisation(coordinator_client, meeting, archived):
    organisation_id = OrganisationFactory(archived_at=timezone.now()).pk if archived else 987654321
    data = form_data(
        meeting,
        **rows(meeting, "attendances"),
        **{
            "actions-TOTAL_FORMS": "1",
            "actions-0-text_bg": "Задача",
            "actions-0-responsible": organisation_id,
            "actions-0-status": "open",
        },
    )
    data.update(
        {
            "attendances-TOTAL_FORMS": "2",
            "attendances-1-organisation": organisation_id,
            "attendances-1-people": "1",
        }
    )

    response = coordinator_client.post(f"/en/meetings/manage/{meeting.pk}/edit/", data)

    assert response.status_code == 200
    error = "Select a valid choice. That choice is not one of the available choices."
    assert response.context["attendances"].forms[1].errors["organisation"] == [error]
    assert response.context["action_items"].forms[0].errors["responsible"] == [error]
    assert Attendance.objects.filter(meeting=meeting).count() == 1


def test_refused_rows_keep_the_valid_organisations_they_were_sent(
    coordinator_client, meeting, other_organisation
):
    data = form_data(meeting, title_bg="", **rows(meeting, "attendances"))
    data.update(
        {
            "attendances-TOTAL_FORMS": "2",
            "attendances-1-organisation": other_organisation.pk,
            "attendances-1-people": "1",
        }
    )

    response = coordinator_client.post(f"/en/meetings/manage/{meeting.pk}/edit/", data)

    assert response.status_code == 200
    assert options(response.content.decode()) == ["Own organisation", "Other organisation"]


def test_action_item_refuses_an_unknown_meeting_as_taken_over_by(coordinator_client, meeting):
    data = form_data(
        meeting,
        **{
            "actions-TOTAL_FORMS": "1",
            "actions-0-text_bg": "Задача",
            "actions-0-status": "not_done",
            "actions-0-not_done_reason": "not_undertaken",
            "actions-0-taken_over_by": "987654321",
        },
    )

    response = coordinator_client.post(f"/en/meetings/manage/{meeting.pk}/edit/", data)

    assert (
        "Select a valid choice"
        in (response.context["action_items"].forms[0].errors["taken_over_by"][0])
    )


@pytest.mark.parametrize("value", ["²", "١", "9" * 30, "1 OR 1=1"])
def test_rows_refuse_a_forged_organisation_value_with_the_field_error(
    coordinator_client, meeting, value
):
    data = form_data(
        meeting,
        **{
            "attendances-TOTAL_FORMS": "1",
            "attendances-0-organisation": value,
            "attendances-0-people": "1",
        },
    )

    response = coordinator_client.post(f"/en/meetings/manage/{meeting.pk}/edit/", data)

    assert response.status_code == 200
    assert (
        "Select a valid choice"
        in (response.context["attendances"].forms[0].errors["organisation"][0])
    )


def test_edit_page_pickers_name_their_clear_button_in_bulgarian(coordinator_client, meeting):
    html = coordinator_client.get(f"/bg/meetings/manage/{meeting.pk}/edit/").content.decode()

    clear_texts = set(re.findall(r'<select[^>]*data-clear="([^"]*)"', html))
    assert clear_texts == {"Изчисти"}
