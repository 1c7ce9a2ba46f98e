import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.concurrency import version_of
from partners.models import ContactPerson, Organisation, Region
from tests.factories import (
    AccessionFactory,
    ContactPersonFactory,
    InvitationFactory,
    OrganisationFactory,
    RepresentativeFactory,
    support_area,
)
from tests.html_tables import table_texts

pytestmark = pytest.mark.django_db


def form_data(organisation=None, **changes):
    """What the edit page posts: the record's values, its version, an empty contacts formset."""
    organisation = organisation or Organisation(sector="ngo")
    data = {
        "name_bg": organisation.name_bg or "",
        "name_en": organisation.name_en or "",
        "sector": organisation.sector,
        "partnership_status": organisation.partnership_status,
        "region": organisation.region_id or "",
        "version": version_of(organisation) or "",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
    }
    if organisation.is_published:
        data["is_published"] = "on"
    data.update(changes)
    return data


def url(name, organisation=None, **kwargs):
    args = [organisation.pk, *kwargs.values()] if organisation else []
    return reverse(f"partners:{name}", args=args)


@pytest.mark.parametrize(
    "name", ["manage_organisation", "manage_organisation_edit", "manage_organisation_history"]
)
def test_organisation_pages_send_anonymous_visitors_to_login(client, organisation, name):
    response = client.get(url(name, organisation))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "name", ["manage_organisation", "manage_organisation_edit", "manage_organisation_history"]
)
def test_organisation_pages_of_another_organisation_answer_404_to_a_partner(
    other_partner_client, organisation, name
):
    assert other_partner_client.get(url(name, organisation)).status_code == 404


@pytest.mark.parametrize("name", ["manage_organisations", "manage_organisation_new"])
def test_coordinator_pages_answer_403_to_a_partner(own_partner_client, name):
    assert own_partner_client.get(url(name)).status_code == 403


def test_archive_and_restore_answer_403_to_the_own_partner(own_partner_client, organisation):
    history_id = version_of(organisation)

    archive = own_partner_client.post(url("manage_organisation_archive", organisation))
    restore = own_partner_client.post(
        url("manage_organisation_restore", organisation, history_id=history_id)
    )

    assert (archive.status_code, restore.status_code) == (403, 403)
    organisation.refresh_from_db()
    assert organisation.archived_at is None


def test_partner_edits_its_own_profile_but_not_its_status(own_partner_client, organisation):
    data = form_data(organisation, description_bg="Ново описание", partnership_status="suspended")

    response = own_partner_client.post(url("manage_organisation_edit", organisation), data)

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.description_bg == "Ново описание"
    assert organisation.partnership_status == "member"


def test_coordinator_adds_an_organisation_with_a_contact(coordinator_client):
    data = form_data(
        name_bg="Фирма „Нова“",
        sector="business",
        partnership_status="in_talks",
        **{
            "contacts-TOTAL_FORMS": "1",
            "contacts-0-name": "Управител",
            "contacts-0-email": "office@example.org",
        },
    )

    response = coordinator_client.post(url("manage_organisation_new"), data)

    organisation = Organisation.objects.get(name_bg="Фирма „Нова“")
    assert response["Location"] == url("manage_organisation", organisation)
    assert list(organisation.contacts.values_list("name", "email", "is_public")) == [
        ("Управител", "office@example.org", False)
    ]


def test_bad_input_gets_field_errors_and_stores_nothing(coordinator_client):
    data = form_data(
        name_bg="",
        sector="business",
        registration_id="123456789",
        **{"contacts-TOTAL_FORMS": "1", "contacts-0-name": "Някой", "contacts-0-is_public": "on"},
    )

    response = coordinator_client.post("/en/manage/organisations/new/", data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["name_bg"] == ["This field is required."]
    assert "wrong check digit" in errors["registration_id"][0]
    assert "consent_on" in response.context["contacts"].forms[0].errors
    assert Organisation.objects.filter(name_bg="").count() == 0
    assert ContactPerson.objects.count() == 0


def test_stale_edit_is_refused_and_shows_the_other_values(coordinator_client, organisation):
    opened = form_data(organisation)
    organisation.name_en = "Changed by a colleague"
    organisation.save()

    response = coordinator_client.post(
        f"/en/manage/organisations/{organisation.pk}/edit/",
        {**opened, "name_en": "My change"},
    )

    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    assert [
        (str(label), theirs, mine) for label, theirs, mine in response.context["conflicts"]
    ] == [("Name [en]", "Changed by a colleague", "My change")]
    organisation.refresh_from_db()
    assert organisation.name_en == "Changed by a colleague"


def test_saving_again_after_a_stale_edit_keeps_the_users_values(coordinator_client, organisation):
    opened = form_data(organisation)
    organisation.name_en = "Changed by a colleague"
    organisation.save()
    first = coordinator_client.post(
        url("manage_organisation_edit", organisation), {**opened, "name_en": "My change"}
    )

    second = coordinator_client.post(
        url("manage_organisation_edit", organisation), first.context["form"].data
    )

    assert second.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name_en == "My change"


def test_coordinator_archives_instead_of_deleting(coordinator_client, organisation):
    confirm = coordinator_client.get(url("manage_organisation_archive", organisation))

    response = coordinator_client.post(url("manage_organisation_archive", organisation))

    assert confirm.status_code == 200
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.archived_at is not None
    assert (organisation.is_published, organisation.partnership_status) == (False, "withdrawn")
    assert Organisation.objects.published().filter(pk=organisation.pk).exists() is False


def test_history_shows_who_changed_what_and_restore_brings_back_a_version(
    coordinator_client, coordinator, organisation
):
    first_version = version_of(organisation)
    coordinator_client.post(
        url("manage_organisation_edit", organisation), form_data(organisation, name_en="Renamed")
    )

    history = coordinator_client.get(url("manage_organisation_history", organisation))
    coordinator_client.post(
        url("manage_organisation_restore", organisation, history_id=first_version)
    )

    html = history.content.decode()
    assert coordinator.username in html
    assert "Renamed" in html
    organisation.refresh_from_db()
    assert organisation.name_en == "Own organisation"
    assert organisation.history.count() == 3


def test_history_shows_related_records_by_name_and_choices_by_label(
    coordinator_client, organisation
):
    ruse, plovdiv = Region.objects.get(code="BG-18"), Region.objects.get(code="BG-16")
    organisation.region, organisation.sector, organisation.is_published = ruse, "ngo", False
    organisation.save()
    organisation.region, organisation.sector, organisation.is_published = plovdiv, "business", True
    organisation.save()

    response = coordinator_client.get(url("manage_organisation_history", organisation))

    # Every version's table of changes has no id of its own: they come together under None.
    changes = table_texts(response)[None]["tbody"]
    assert ["област", "Русе", "Пловдив"] in changes
    assert ["сектор", "Неправителствена организация", "Бизнес"] in changes
    assert ["включена в публичния указател", "Не", "Да"] in changes


@pytest.mark.parametrize("count", [1, 25])
def test_organisation_list_query_count_does_not_grow_with_rows(
    coordinator_client, django_assert_num_queries, count
):
    OrganisationFactory.create_batch(count)

    with django_assert_num_queries(8):
        response = coordinator_client.get(url("manage_organisations"), {"q": "organ"})

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 6])
def test_organisation_detail_query_count_does_not_grow_with_related_rows(
    coordinator_client, django_assert_num_queries, organisation, count
):
    ContactPersonFactory.create_batch(count, organisation=organisation)
    RepresentativeFactory.create_batch(count, organisation=organisation)
    InvitationFactory.create_batch(count, organisation=organisation)

    # Two more than a representative's page: the organisation's requests to join and its
    # invitations.
    with django_assert_num_queries(14):
        assert coordinator_client.get(url("manage_organisation", organisation)).status_code == 200


def test_restoring_a_version_that_clashes_changes_nothing_and_says_so(
    coordinator_client, organisation
):
    organisation.registration_id = "176000331"
    organisation.save()
    old_version = version_of(organisation)
    organisation.registration_id = ""
    organisation.save()
    OrganisationFactory(registration_id="176000331")

    response = coordinator_client.post(
        f"/en/manage/organisations/{organisation.pk}/history/{old_version}/restore/", follow=True
    )

    assert response.status_code == 200
    assert "clashes with another record" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.registration_id == ""


def test_organisation_list_counts_only_accessions_in_force_by_their_dates(coordinator_client):
    organisation = OrganisationFactory(name_bg="Партньор")
    AccessionFactory(organisation=organisation)
    AccessionFactory(
        organisation=organisation, valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )

    response = coordinator_client.get(url("manage_organisations"))

    [row] = [row for row in response.context["page_obj"].object_list if row.pk == organisation.pk]
    assert row.open_accessions == 1


def with_services(data, *codes):
    return {**data, "services": [support_area(code).pk for code in codes]}


def test_service_added_meanwhile_is_listed_in_the_conflicts(coordinator_client, organisation):
    organisation.services.set([support_area("legal-advice")])
    opened = with_services(form_data(organisation), "legal-advice")
    organisation.services.add(support_area("housing"))

    response = coordinator_client.post(
        f"/en/manage/organisations/{organisation.pk}/edit/", {**opened, "name_en": "My change"}
    )

    assert [
        (str(label), theirs, mine) for label, theirs, mine in response.context["conflicts"]
    ] == [("Support offered", "Housing, Legal advice", "Legal advice")]
    assert set(organisation.services.values_list("code", flat=True)) == {"legal-advice", "housing"}


def test_saving_again_after_a_service_was_added_meanwhile_keeps_it(
    coordinator_client, organisation
):
    organisation.services.set([support_area("legal-advice")])
    opened = with_services(form_data(organisation), "legal-advice", "childcare")
    organisation.services.add(support_area("housing"))
    first = coordinator_client.post(url("manage_organisation_edit", organisation), opened)

    # The page as the browser posts it again, every chosen service included.
    second = coordinator_client.post(
        url("manage_organisation_edit", organisation), dict(first.context["form"].data.lists())
    )

    assert second.status_code == 302
    assert set(organisation.services.values_list("code", flat=True)) == {
        "legal-advice",
        "housing",
        "childcare",
    }


def test_saving_an_unchanged_organisation_from_the_english_page_writes_no_history(
    coordinator_client, organisation
):
    versions = organisation.history.count()

    response = coordinator_client.post(
        f"/en/manage/organisations/{organisation.pk}/edit/", form_data(organisation)
    )

    assert response.status_code == 302
    assert organisation.history.count() == versions


def test_history_shows_services_removed_as_a_change_of_the_list(coordinator_client, organisation):
    organisation.services.set([support_area("legal-advice"), support_area("housing")])
    coordinator_client.post(
        url("manage_organisation_edit", organisation),
        with_services(form_data(organisation), "legal-advice"),
    )

    response = coordinator_client.get(f"/en/manage/organisations/{organisation.pk}/history/")

    changes = table_texts(response)[None]["tbody"]
    assert changes[0] == ["support offered", "Housing, Legal advice", "Legal advice"]


def test_restore_brings_back_the_services_of_a_version(coordinator_client, organisation):
    organisation.services.set([support_area("legal-advice"), support_area("housing")])
    old_version = version_of(organisation)
    organisation.services.remove(support_area("housing"))

    coordinator_client.post(
        url("manage_organisation_restore", organisation, history_id=old_version)
    )

    assert set(organisation.services.values_list("code", flat=True)) == {"legal-advice", "housing"}
