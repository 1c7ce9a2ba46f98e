"""Deleting or archiving an accession, project, measure or pilot entered by mistake."""

import pytest
from django.urls import reverse
from django.utils import timezone

from measures.models import Measure, Pilot
from partners.models import Accession, Commitment, Project
from tests.factories import (
    AccessionFactory,
    CommitmentFactory,
    DeliverableFactory,
    MeasureFactory,
    MeetingFactory,
    PilotFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def delete_url(name, record):
    return reverse(f"{name}_delete", args=[record.pk])


def test_delete_page_lists_what_would_go_and_deletes_nothing(coordinator_client):
    accession = AccessionFactory()
    CommitmentFactory(accession=accession, text_bg="Да обучи служителите")

    response = coordinator_client.get(delete_url("partners:manage_accession", accession))

    html = response.content.decode()
    goes = html.split('id="removal-goes">')[1].split("</ul>")[0]
    assert "Да обучи служителите" in goes
    assert Accession.objects.filter(pk=accession.pk).exists()


def test_accession_nothing_refers_to_is_deleted_with_its_commitments(coordinator_client):
    accession = AccessionFactory()
    CommitmentFactory(accession=accession)

    response = coordinator_client.post(delete_url("partners:manage_accession", accession))

    assert response["Location"] == reverse("partners:manage_accessions")
    assert (Accession.objects.count(), Commitment.objects.count()) == (0, 0)


def test_deleted_record_is_kept_in_history_with_who_deleted_it(coordinator_client, coordinator):
    project = ProjectFactory(name="Грешка")
    DeliverableFactory(project=project)

    coordinator_client.post(delete_url("partners:manage_project", project))

    last = Project.history.filter(id=project.pk).latest("history_date")
    assert (last.history_type, last.name, last.history_user) == ("-", "Грешка", coordinator)


def test_project_a_meeting_refers_to_is_archived_not_deleted(coordinator_client):
    project = ProjectFactory()
    MeetingFactory(project=project, title_bg="Среща по проекта")

    page = coordinator_client.get(delete_url("partners:manage_project", project)).content.decode()
    coordinator_client.post(delete_url("partners:manage_project", project))

    holds = page.split('id="removal-holds">')[1].split("</ul>")[0]
    assert "Среща по проекта" in holds
    project.refresh_from_db()
    assert project.archived_at is not None


def test_archived_project_leaves_the_lists_and_the_public_site(coordinator_client, client):
    project = ProjectFactory(name="АРХИВ1")
    MeetingFactory(project=project)
    coordinator_client.post(delete_url("partners:manage_project", project), follow=True)

    workspace = coordinator_client.get(reverse("partners:manage_projects")).content.decode()
    client.logout()
    public = client.get(reverse("partners:project", args=[project.slug]))

    assert ("АРХИВ1" in workspace, public.status_code) == (False, 404)


def test_measure_with_a_pilot_is_archived_and_leaves_the_public_catalogue(
    coordinator_client, client
):
    measure = MeasureFactory(title_bg="Архивирана мярка")
    PilotFactory(measure=measure)

    coordinator_client.post(delete_url("measures:manage_measure", measure))
    client.logout()

    measure.refresh_from_db()
    assert measure.archived_at is not None
    assert "Архивирана мярка" not in client.get(reverse("measures:list")).content.decode()


def test_pilot_nothing_refers_to_is_deleted(coordinator_client):
    pilot = PilotFactory()

    response = coordinator_client.post(delete_url("measures:manage_pilot", pilot))

    assert response.status_code == 302
    assert Pilot.objects.filter(pk=pilot.pk).exists() is False
    assert Measure.objects.filter(pk=pilot.measure_id).exists()


def test_archived_accession_is_not_in_force():
    accession = AccessionFactory()
    CommitmentFactory(accession=accession)
    accession.archived_at = timezone.now()
    accession.save()

    assert Accession.objects.in_force().filter(pk=accession.pk).exists() is False


def test_partner_may_not_delete_its_own_accession(own_partner_client, organisation):
    accession = AccessionFactory(organisation=organisation)

    response = own_partner_client.post(delete_url("partners:manage_accession", accession))

    assert response.status_code == 403
    assert Accession.objects.filter(pk=accession.pk).exists()
