"""The organisation pickers of the accession and project forms: the page carries only the chosen
organisations, whatever the size of the network, and every id sent is still checked."""

import re

import pytest
from django.utils import timezone

from partners.models import Accession, Project
from tests.factories import AccessionFactory, OrganisationFactory, ProjectFactory, ProtocolFactory
from tests.partners.test_workspace_accessions import form_data as accession_data
from tests.partners.test_workspace_projects import form_data as project_data

pytestmark = pytest.mark.django_db

INVALID = "Select a valid choice. That choice is not one of the available choices."


def options(html):
    """The labels of the pickers' options, but the empty ones."""
    pickers = "".join(re.findall(r"<select[^>]*data-search-url[^>]*>(.*?)</select>", html, re.S))
    return [
        label
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', pickers)
        if value
    ]


@pytest.fixture
def project(organisation, other_organisation):
    project = ProjectFactory(promoter=organisation)
    project.partners.add(other_organisation)
    return project


@pytest.mark.parametrize("count", [1, 30])
def test_accession_edit_page_offers_only_its_organisation(
    coordinator_client, django_assert_num_queries, organisation, count
):
    accession = AccessionFactory(organisation=organisation)
    OrganisationFactory.create_batch(count)

    with django_assert_num_queries(13):
        response = coordinator_client.get(f"/en/manage/accessions/{accession.pk}/edit/")

    assert options(response.content.decode()) == ["Own organisation"]


@pytest.mark.parametrize("count", [1, 30])
def test_project_edit_page_offers_only_its_promoter_and_partners(
    coordinator_client, django_assert_num_queries, project, count
):
    OrganisationFactory.create_batch(count)

    with django_assert_num_queries(10):
        response = coordinator_client.get(f"/en/manage/projects/{project.pk}/edit/")

    assert options(response.content.decode()) == ["Own organisation", "Other organisation"]


def test_accession_is_saved_with_an_organisation_chosen_by_its_id(coordinator_client):
    chosen = OrganisationFactory(name_en="Chosen")
    data = accession_data(
        Accession(protocol=ProtocolFactory(), status="draft"), organisation=chosen.pk
    )

    response = coordinator_client.post("/en/manage/accessions/new/", data)

    assert response.status_code == 302
    assert Accession.objects.get().organisation == chosen


def test_project_is_saved_with_a_promoter_and_partners_chosen_by_id(coordinator_client, project):
    promoter, partner = OrganisationFactory.create_batch(2)
    data = project_data(project, promoter=promoter.pk, partners=[partner.pk])

    response = coordinator_client.post(f"/en/manage/projects/{project.pk}/edit/", data)

    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.promoter, list(project.partners.all())) == (promoter, [partner])


@pytest.mark.parametrize("archived", [True, False], ids=["archived", "non-existent"])
def test_accession_refuses_an_archived_or_unknown_organisation(coordinator_client, archived):
    organisation_id = OrganisationFactory(archived_at=timezone.now()).pk if archived else 98765
    data = accession_data(
        Accession(protocol=ProtocolFactory(), status="draft"), organisation=organisation_id
    )

    response = coordinator_client.post("/en/manage/accessions/new/", data)

    assert response.context["form"].errors["organisation"] == [INVALID]
    assert Accession.objects.count() == 0


@pytest.mark.parametrize("archived", [True, False], ids=["archived", "non-existent"])
def test_project_refuses_an_archived_or_unknown_promoter_or_partner(
    coordinator_client, project, archived
):
    organisation_id = OrganisationFactory(archived_at=timezone.now()).pk if archived else 98765
    data = project_data(project, promoter=organisation_id, partners=[organisation_id])

    response = coordinator_client.post(f"/en/manage/projects/{project.pk}/edit/", data)

    errors = response.context["form"].errors
    assert errors["promoter"] == [INVALID]
    assert errors["partners"] == [
        f"Select a valid choice. {organisation_id} is not one of the available choices."
    ]
    assert Project.objects.get().promoter.name_en == "Own organisation"


def test_records_naming_an_organisation_archived_since_can_still_be_saved(
    coordinator_client, project, organisation
):
    organisation.archived_at = timezone.now()
    organisation.save()
    data = project_data(project, promoter=organisation.pk, title_en="Renamed")

    response = coordinator_client.post(f"/en/manage/projects/{project.pk}/edit/", data)

    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title_en, project.promoter) == ("Renamed", organisation)
