"""The pilot form's implementers picker: members of the network found by search, only the chosen
ones on the page."""

import re

import pytest
from django.utils import timezone

from measures.models import Pilot
from tests.factories import MeasureFactory, OrganisationFactory, PilotFactory, region
from tests.measures.test_workspace_measures import pilot_data

pytestmark = pytest.mark.django_db


def options(html):
    pickers = "".join(re.findall(r"<select[^>]*data-search-url[^>]*>(.*?)</select>", html, re.S))
    return re.findall(r'<option value="[^"]+"[^>]*>([^<]*)</option>', pickers)


@pytest.fixture
def pilot(organisation):
    pilot = PilotFactory(measure=MeasureFactory())
    pilot.implementers.add(organisation)
    return pilot


@pytest.mark.parametrize("count", [1, 30])
def test_pilot_edit_page_offers_only_its_implementers(
    coordinator_client, django_assert_num_queries, pilot, count
):
    OrganisationFactory.create_batch(count)

    with django_assert_num_queries(13):
        response = coordinator_client.get(f"/en/measures/manage/pilots/{pilot.pk}/edit/")

    html = response.content.decode()
    assert options(html) == ["Own organisation"]
    assert 'data-search-url="/en/manage/organisations/search/?scope=members"' in html


def test_pilot_is_saved_with_implementers_chosen_by_id(coordinator_client, pilot):
    member = OrganisationFactory(name_en="Member")
    data = pilot_data(pilot, implementers=[member.pk])

    response = coordinator_client.post(f"/en/measures/manage/pilots/{pilot.pk}/edit/", data)

    assert response.status_code == 302
    assert list(pilot.implementers.all()) == [member]


@pytest.mark.parametrize("archived", [True, False], ids=["archived", "non-existent"])
def test_pilot_refuses_an_archived_or_unknown_implementer(coordinator_client, archived):
    measure = MeasureFactory()
    organisation_id = OrganisationFactory(archived_at=timezone.now()).pk if archived else 98765
    data = pilot_data(
        Pilot(measure=measure, region=region(), status="planned"),
        starts_on="2025-05-01",
        implementers=[organisation_id],
    )

    response = coordinator_client.post(f"/en/measures/manage/{measure.pk}/pilots/new/", data)

    assert response.context["form"].errors["implementers"] == [
        f"Select a valid choice. {organisation_id} is not one of the available choices."
    ]
    assert Pilot.objects.count() == 0
