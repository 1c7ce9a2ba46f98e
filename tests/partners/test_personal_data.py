"""A contact person, or someone who asked to join, may ask for what the portal holds on them and
to be forgotten; and earlier versions of their data are not kept forever."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from partners.models import ContactPerson, Invitation, JoinRequest, Organisation
from partners.personal_data import personal_data_scrub, retention_cutoff
from tests.factories import ContactPersonFactory, InvitationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def maria(coordinator):
    contact = ContactPersonFactory(name="Мария Иванова", email="maria@example.org", phone="0888")
    contact.email = "maria.ivanova@example.org"
    contact._history_user = coordinator
    contact.save()
    return contact


@pytest.fixture
def join_request(maria):
    return JoinRequest.objects.create(
        organisation=maria.organisation,
        contact=maria,
        email="maria@example.org",
        message="Искаме да се присъединим.",
        language="bg",
    )


def _page(pk):
    return reverse("partners:manage_contact_personal_data", args=[pk])


def _history_values(pk):
    return list(
        ContactPerson.history.filter(id=pk)
        .order_by("history_id")
        .values_list("name", "email", "phone")
    )


def test_contact_download_holds_the_record_every_version_and_the_join_requests(
    coordinator_client, coordinator, maria, join_request
):
    response = coordinator_client.get(_page(maria.pk) + "download/")

    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith('attachment; filename="contact-')
    assert data["record"]["email"] == "maria.ivanova@example.org"
    assert [version["email"] for version in data["history"]] == [
        "maria@example.org",
        "maria.ivanova@example.org",
    ]
    assert data["history"][1]["changed_by"] == coordinator.username
    assert [request["message"] for request in data["join_requests"]] == [
        "Искаме да се присъединим."
    ]


def test_contact_page_shows_what_is_held_and_links_the_download(coordinator_client, maria):
    html = coordinator_client.get(_page(maria.pk)).content.decode()

    assert "maria.ivanova@example.org" in html
    assert f'href="{_page(maria.pk)}download/"' in html


def test_organisation_page_links_each_contacts_personal_data(coordinator_client, maria):
    url = reverse("partners:manage_organisation", args=[maria.organisation_id])

    assert f'href="{_page(maria.pk)}"' in coordinator_client.get(url).content.decode()


def test_erasing_a_contact_deletes_it_and_scrubs_every_version_and_join_request(
    coordinator_client, maria, join_request
):
    response = coordinator_client.post(_page(maria.pk), {"confirm": "on"})

    assert response.status_code == 302
    assert not ContactPerson.objects.filter(pk=maria.pk).exists()
    assert set(_history_values(maria.pk)) == {("", "", "")}
    join_request.refresh_from_db()
    assert (join_request.email, join_request.message) == ("", "")
    assert Organisation.objects.filter(pk=maria.organisation_id).exists()


def test_erasing_needs_the_confirmation_and_changes_nothing_without_it(coordinator_client, maria):
    response = coordinator_client.post(_page(maria.pk), {})

    assert response.status_code == 200
    assert 'id="error_1_id_confirm"' in response.content.decode()
    assert ContactPerson.objects.filter(pk=maria.pk).exists()
    assert ("Мария Иванова", "maria.ivanova@example.org", "0888") in _history_values(maria.pk)


def test_erasing_a_join_request_also_erases_the_contact_it_created(
    coordinator_client, maria, join_request
):
    url = reverse("partners:manage_join_request_personal_data", args=[join_request.pk])

    coordinator_client.post(url, {"confirm": "on"})

    join_request.refresh_from_db()
    assert (join_request.email, join_request.message, join_request.contact) == ("", "", None)
    assert set(_history_values(maria.pk)) == {("", "", "")}


def test_erasing_a_join_request_also_erases_the_invitations_sent_from_it(
    coordinator_client, join_request
):
    InvitationFactory(
        organisation=join_request.organisation,
        join_request=join_request,
        email="maria@example.org",
    )
    url = reverse("partners:manage_join_request_personal_data", args=[join_request.pk])

    coordinator_client.post(url, {"confirm": "on"})

    assert Invitation.objects.filter(email="maria@example.org").exists() is False


def test_join_request_download_holds_the_request_and_its_contact(coordinator_client, join_request):
    url = reverse("partners:manage_join_request_personal_data_download", args=[join_request.pk])

    data = json.loads(coordinator_client.get(url).content)

    assert data["join_request"]["email"] == "maria@example.org"
    assert data["contact"]["record"]["name"] == "Мария Иванова"


@pytest.mark.parametrize("user", ["own_partner_client", "no_role_client"])
def test_personal_data_pages_are_for_coordinators_only(request, maria, join_request, user):
    client = request.getfixturevalue(user)
    urls = [
        _page(maria.pk),
        _page(maria.pk) + "download/",
        reverse("partners:manage_join_request_personal_data", args=[join_request.pk]),
    ]

    assert [client.get(url).status_code for url in urls] == [403, 403, 403]
    assert client.post(_page(maria.pk), {"confirm": "on"}).status_code == 403
    assert ContactPerson.objects.filter(pk=maria.pk).exists()


# --- Retention ----------------------------------------------------------------------------------


@pytest.fixture
def old_and_new(settings):
    settings.PERSONAL_DATA_RETENTION_MONTHS = 24
    long_ago = timezone.now() - datetime.timedelta(days=800)
    contact = ContactPersonFactory(name="Стара версия", email="old@example.org", phone="1")
    contact.name, contact.email = "Нова версия", "new@example.org"
    contact.save()
    first, newest = ContactPerson.history.filter(id=contact.pk).order_by("history_id")
    ContactPerson.history.filter(history_id__in=[first.history_id, newest.history_id]).update(
        history_date=long_ago
    )
    old_request = JoinRequest.objects.create(
        organisation=contact.organisation, email="old@example.org", message="стар", language="bg"
    )
    JoinRequest.objects.filter(pk=old_request.pk).update(received_at=long_ago)
    new_request = JoinRequest.objects.create(
        organisation=contact.organisation, email="new@example.org", message="нов", language="bg"
    )
    return contact, old_request, new_request


def test_retention_scrubs_earlier_versions_and_old_requests_but_keeps_current_data(old_and_new):
    contact, old_request, new_request = old_and_new

    call_command("scrub_personal_data", stdout=None)

    assert _history_values(contact.pk) == [("", "", ""), ("Нова версия", "new@example.org", "1")]
    old_request.refresh_from_db()
    new_request.refresh_from_db()
    assert (old_request.email, old_request.message) == ("", "")
    assert (new_request.email, new_request.message) == ("new@example.org", "нов")
    contact.refresh_from_db()
    assert contact.email == "new@example.org"


def test_retention_scrub_run_twice_scrubs_nothing_the_second_time(old_and_new):
    assert personal_data_scrub() == (1, 1)
    assert personal_data_scrub() == (0, 0)


def test_retention_period_comes_from_the_settings(settings):
    settings.PERSONAL_DATA_RETENTION_MONTHS = 24
    now = datetime.datetime(2026, 3, 31, 12, tzinfo=datetime.UTC)

    assert retention_cutoff(now) == datetime.datetime(2024, 3, 31, 12, tzinfo=datetime.UTC)
    settings.PERSONAL_DATA_RETENTION_MONTHS = 1
    assert retention_cutoff(now) == datetime.datetime(2026, 2, 28, 12, tzinfo=datetime.UTC)
    early = datetime.datetime(2026, 12, 2, 9, tzinfo=datetime.UTC)
    assert retention_cutoff(early) == datetime.datetime(2026, 11, 2, 9, tzinfo=datetime.UTC)


def test_organisation_of_an_erased_contact_keeps_its_own_history(coordinator_client, maria):
    versions = Organisation.history.filter(id=maria.organisation_id)
    before = set(versions.values_list("history_id", flat=True))

    coordinator_client.post(_page(maria.pk), {"confirm": "on"})

    after = set(versions.values_list("history_id", flat=True))
    # Every earlier version stays; the removal of a contact is a version of its own.
    assert before < after
    assert len(after - before) == 1


def test_a_contact_of_another_organisation_is_not_touched_by_an_erasure(coordinator_client, maria):
    other = ContactPersonFactory(organisation=OrganisationFactory(), name="Друг човек")

    coordinator_client.post(_page(maria.pk), {"confirm": "on"})

    other.refresh_from_db()
    assert other.name == "Друг човек"
