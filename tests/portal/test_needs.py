""" "What needs me": what waits on each workspace user today, linking to what settles it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from partners.models import Accession, Commitment, JoinRequest
from tests.factories import (
    AccessionFactory,
    ActionItemFactory,
    AttendanceFactory,
    CommitmentFactory,
    CommitmentUpdateFactory,
    ContactPersonFactory,
    MeetingFactory,
    OrganisationFactory,
    PilotFactory,
)

pytestmark = pytest.mark.django_db

URL = "/bg/manage/needs/"


def days(number):
    return timezone.localdate() + datetime.timedelta(days=number)


def made_long_ago(commitment):
    """The commitment as if added a year ago: its first version is dated then."""
    Commitment.history.filter(id=commitment.pk).update(
        history_date=timezone.now() - datetime.timedelta(days=365)
    )
    return commitment


def waiting_on(organisation, label):
    """One record of each kind waiting on `organisation` today, their texts starting `label`."""
    meeting = MeetingFactory(title_bg=f"{label} среща")
    AttendanceFactory(meeting=meeting, organisation=organisation)
    accession = AccessionFactory(
        organisation=organisation, signed_on=datetime.date(2024, 9, 5), valid_until=days(30)
    )
    return {
        "overdue": ActionItemFactory(
            meeting=meeting, responsible=organisation, due_on=days(-2), text_bg=f"{label} закъсняла"
        ),
        "due": ActionItemFactory(
            meeting=meeting, responsible=organisation, due_on=days(3), text_bg=f"{label} предстояща"
        ),
        "accession": accession,
        "commitment": made_long_ago(
            CommitmentFactory(accession=accession, text_bg=f"{label} ангажимент")
        ),
    }


def join_request(organisation):
    contact = ContactPersonFactory(organisation=organisation)
    return JoinRequest.objects.create(
        organisation=organisation, contact=contact, email="new@example.org", language="bg"
    )


def listed(response, key):
    """The rows of a section of the page, as the user reads them."""
    for section in response.context["needs"]["sections"]:
        if section["key"] == key:
            return section["rows"]
    return None


def test_needs_page_lists_overdue_and_soon_due_action_items_but_not_later_or_done_ones(
    coordinator_client,
):
    overdue = ActionItemFactory(due_on=days(-1))
    today = ActionItemFactory(due_on=days(0))
    in_three_days = ActionItemFactory(due_on=days(3))
    ActionItemFactory(due_on=days(4))
    ActionItemFactory(due_on=days(-5), status="done", done_on=days(-6))

    response = coordinator_client.get(URL)

    assert listed(response, "overdue_items") == [overdue]
    assert listed(response, "due_items") == [today, in_three_days]


def test_needs_page_lists_accessions_ending_within_sixty_days(coordinator_client):
    ending = AccessionFactory(valid_until=days(60))
    AccessionFactory(valid_until=days(61))
    AccessionFactory(valid_until=None)
    AccessionFactory(valid_until=days(10), status=Accession.Status.WITHDRAWN)

    response = coordinator_client.get(URL)

    assert listed(response, "ending_accessions") == [ending]


def test_needs_page_lists_commitments_without_a_progress_report_for_six_months(
    coordinator_client,
):
    due = made_long_ago(CommitmentFactory())
    reported = made_long_ago(CommitmentFactory())
    CommitmentUpdateFactory(commitment=reported, reported_on=days(-30))

    response = coordinator_client.get(URL)

    assert listed(response, "progress_due") == [due]
    assert "няма доклад досега" in response.content.decode()


def test_needs_page_lists_pilots_to_evaluate_and_join_requests_to_answer_for_coordinators(
    coordinator_client,
):
    to_evaluate = PilotFactory(starts_on=days(-300), ends_on=days(-1))
    PilotFactory(starts_on=days(-300), ends_on=days(0))
    unanswered = join_request(OrganisationFactory())
    answered = join_request(OrganisationFactory())
    JoinRequest.objects.filter(pk=answered.pk).update(status="accepted", handled_at=timezone.now())

    response = coordinator_client.get(URL)

    assert listed(response, "pilots_to_evaluate") == [to_evaluate]
    assert listed(response, "join_requests") == [unanswered]


def test_needs_page_links_each_row_to_the_page_that_settles_it(coordinator_client, organisation):
    records = waiting_on(organisation, "Собствена")
    pilot = PilotFactory(starts_on=days(-300), ends_on=days(-1))
    request = join_request(organisation)

    html = coordinator_client.get(URL).content.decode()

    meeting_url = reverse("meetings:manage_meeting", args=[records["overdue"].meeting_id])
    accession_url = reverse("partners:manage_accession", args=[records["accession"].pk])
    assert f'href="{meeting_url}#action-item-{records["overdue"].pk}"' in html
    assert f'href="{meeting_url}#action-item-{records["due"].pk}"' in html
    edit_url = reverse("partners:manage_accession_edit", args=[records["accession"].pk])
    assert f'href="{edit_url}"' in html
    assert f'href="{accession_url}#commitment-{records["commitment"].pk}"' in html
    assert f'href="{reverse("measures:manage_pilot_edit", args=[pilot.pk])}"' in html
    assert f'href="{reverse("partners:manage_join_request", args=[request.pk])}"' in html


def test_needs_page_shows_a_representative_only_its_own_organisations_records(
    own_partner_client, organisation, other_organisation
):
    own = waiting_on(organisation, "Собствена")
    waiting_on(other_organisation, "Чужда")
    PilotFactory(starts_on=days(-300), ends_on=days(-1))
    join_request(other_organisation)

    response = own_partner_client.get(URL)

    html = response.content.decode()
    assert "Чужда" not in html
    assert [section["key"] for section in response.context["needs"]["sections"]] == [
        "overdue_items",
        "due_items",
        "ending_accessions",
        "progress_due",
    ]
    assert listed(response, "overdue_items") == [own["overdue"]]
    assert listed(response, "due_items") == [own["due"]]
    assert listed(response, "ending_accessions") == [own["accession"]]
    assert listed(response, "progress_due") == [own["commitment"]]


def test_needs_page_links_a_representative_to_the_accession_it_may_read(
    own_partner_client, organisation
):
    records = waiting_on(organisation, "Собствена")

    html = own_partner_client.get(URL).content.decode()

    assert f'href="{reverse("partners:manage_accession", args=[records["accession"].pk])}"' in html
    assert reverse("partners:manage_accession_edit", args=[records["accession"].pk]) not in html


def test_needs_page_lists_without_a_link_an_action_item_of_a_meeting_the_partner_did_not_attend(
    own_partner_client, organisation
):
    item = ActionItemFactory(responsible=organisation, due_on=days(-1))

    response = own_partner_client.get(URL)

    assert listed(response, "overdue_items") == [item]
    assert reverse("meetings:manage_meeting", args=[item.meeting_id]) not in (
        response.content.decode()
    )


def test_needs_page_says_so_when_nothing_waits(coordinator_client):
    response = coordinator_client.get(URL)

    assert response.context["needs"]["total"] == 0
    assert "Днес нищо не се очаква от вас." in response.content.decode()


def test_needs_page_shows_the_first_rows_and_how_many_there_are_in_all(
    coordinator_client, monkeypatch
):
    monkeypatch.setattr("protocol_portal.needs.ROWS_SHOWN", 2)
    items = [ActionItemFactory(due_on=days(-number)) for number in (3, 2, 1)]

    response = coordinator_client.get(URL)

    section = response.context["needs"]["sections"][0]
    assert (section["count"], section["rows"]) == (3, [items[0], items[1]])


def test_needs_page_speaks_english(coordinator_client):
    ActionItemFactory(due_on=days(-1))

    with translation.override("en"):
        html = coordinator_client.get("/en/manage/needs/").content.decode()

    assert "<h1>What needs me</h1>" in html
    assert "Overdue action items" in html


def test_dashboard_shows_what_needs_the_user_at_the_top(own_partner_client, organisation):
    records = waiting_on(organisation, "Собствена")

    html = own_partner_client.get("/bg/manage/").content.decode()

    summary = html.index("data-needs-summary")
    assert summary < html.index('id="key-figures-heading"')
    assert "Собствена закъсняла" in html[summary:]
    assert f'href="{URL}"' in html[summary:]
    assert records["commitment"].text_bg in html


@pytest.mark.parametrize("count", [1, 6])
def test_needs_page_query_count_does_not_grow_with_rows(
    coordinator_client, django_assert_num_queries, count
):
    for number in range(count):
        organisation = OrganisationFactory()
        waiting_on(organisation, f"Организация {number}")
        PilotFactory(starts_on=days(-300), ends_on=days(-1))
        join_request(organisation)

    # Session, user, coordinator check and site settings; a count and the rows of six sections.
    with django_assert_num_queries(16):
        response = coordinator_client.get(URL)

    assert response.context["needs"]["total"] == 6 * count


@pytest.mark.parametrize("count", [1, 6])
def test_needs_page_of_a_representative_query_count_does_not_grow_with_rows(
    own_partner_client, organisation, django_assert_num_queries, count
):
    for number in range(count):
        waiting_on(organisation, f"Собствена {number}")

    # Session, user, coordinator check, representative and site settings; a count and the rows
    # of four sections.
    with django_assert_num_queries(13):
        response = own_partner_client.get(URL)

    assert response.context["needs"]["total"] == 4 * count
