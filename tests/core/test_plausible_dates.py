"""A date no record can have (year 1 or 9999) gets a message next to the field, never a 500:
the portal computes with dates (nine months later, the day after, a period's end)."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import (
    AccessionFactory,
    MeasureFactory,
    MeetingFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

EXTREMES = ["9999-12-31", "0001-01-01"]
MESSAGE = "Enter a date between 1900 and 2199."


@pytest.fixture(autouse=True)
def _english():
    """The addresses are reversed in English, so the pages answer with MESSAGE."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize("day", EXTREMES)
@pytest.mark.parametrize("name", ["manage_project_report", "manage_project_report_xlsx"])
def test_funder_report_with_an_extreme_date_says_so_next_to_the_field(
    coordinator_client, day, name
):
    project = ProjectFactory()

    for query in ({"start": day, "end": "2024-12-31"}, {"start": "2024-01-01", "end": day}):
        response = coordinator_client.get(f"/en/manage/projects/{project.pk}/report/", query)
        if name.endswith("xlsx"):
            response = coordinator_client.get(reverse(name, args=[project.pk]), query)
        assert response.status_code == 200
        assert MESSAGE in response.content.decode()


@pytest.mark.parametrize("day", EXTREMES)
def test_pilot_starting_in_an_extreme_year_is_refused_not_a_server_error(coordinator_client, day):
    measure = MeasureFactory()
    url = reverse("measures:manage_pilot_new", args=[measure.pk])
    page = coordinator_client.get(url)
    assert page.status_code == 200

    response = coordinator_client.post(url, {"starts_on": day, "status": "planned"})

    assert response.status_code == 200
    assert MESSAGE in response.content.decode()


@pytest.mark.parametrize("day", EXTREMES)
def test_accession_valid_until_an_extreme_date_is_refused(coordinator_client, day):
    accession = AccessionFactory()
    url = reverse("partners:manage_accession_edit", args=[accession.pk])

    response = coordinator_client.post(
        url,
        {
            "organisation": accession.organisation_id,
            "protocol": accession.protocol_id,
            "status": "signed",
            "signed_on": "2024-01-01",
            "valid_until": day,
            "commitments-TOTAL_FORMS": "0",
            "commitments-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert MESSAGE in response.content.decode()


@pytest.mark.parametrize("day", ["9999-12-31T23:30", "0001-01-01T00:30"])
def test_meeting_at_an_extreme_moment_is_refused(coordinator_client, day):
    meeting = MeetingFactory()
    url = reverse("meetings:manage_meeting_edit", args=[meeting.pk])

    response = coordinator_client.post(url, {"title_bg": "Среща", "starts_at": day})

    assert response.status_code == 200
    assert MESSAGE in response.content.decode()


def test_extreme_date_message_is_in_bulgarian_on_a_bulgarian_page(coordinator_client):
    project = ProjectFactory()

    response = coordinator_client.get(
        f"/bg/manage/projects/{project.pk}/report/", {"start": "0001-01-01"}
    )

    assert "Въведете дата между 1900 и 2199 г." in response.content.decode()
