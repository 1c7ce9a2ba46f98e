import datetime

import pytest
from django.utils import timezone

from tests.factories import (
    AccessionFactory,
    AttendanceFactory,
    CommitmentFactory,
    ContactPersonFactory,
    MeetingFactory,
    OrganisationFactory,
    support_area,
)

pytestmark = pytest.mark.django_db


def test_partner_page_shows_public_profile_and_member_since(client):
    organisation = OrganisationFactory(
        name_bg="Регионален съвет на КНСБ Русе", description_bg="Синдикат в Русе."
    )
    organisation.services.add(support_area("legal-advice"))
    AccessionFactory(organisation=organisation, signed_on=datetime.date(2024, 9, 5))

    html = client.get(f"/bg/partners/{organisation.slug}/").content.decode()

    assert "Регионален съвет на КНСБ Русе" in html
    assert "Синдикат в Русе." in html
    assert "Правни консултации" in html
    assert "05.09.2024" in html


def test_partner_page_shows_only_public_contacts(client):
    organisation = OrganisationFactory()
    ContactPersonFactory(
        organisation=organisation,
        name="Public Person Role",
        email="public@example.org",
        is_public=True,
        consent_on=datetime.date(2025, 1, 1),
    )
    ContactPersonFactory(organisation=organisation, name="Private Role", email="hidden@example.org")

    html = client.get(f"/en/partners/{organisation.slug}/").content.decode()

    assert "public@example.org" in html
    assert "Private Role" not in html
    assert "hidden@example.org" not in html


def test_partner_page_shows_public_commitments_of_accessions_in_force(client):
    organisation = OrganisationFactory()
    signed = AccessionFactory(organisation=organisation)
    CommitmentFactory(accession=signed, text_bg="Публичен ангажимент")
    CommitmentFactory(accession=signed, text_bg="Вътрешен ангажимент", is_public=False)
    draft = AccessionFactory(organisation=organisation, status="withdrawn")
    CommitmentFactory(accession=draft, text_bg="Оттеглен ангажимент")

    html = client.get(f"/bg/partners/{organisation.slug}/").content.decode()

    assert "Публичен ангажимент" in html
    assert "Вътрешен ангажимент" not in html
    assert "Оттеглен ангажимент" not in html


def test_partner_page_lists_only_published_meetings_it_attended(client):
    organisation = OrganisationFactory()
    AttendanceFactory(organisation=organisation, meeting=MeetingFactory(title_bg="Публична среща"))
    AttendanceFactory(
        organisation=organisation,
        meeting=MeetingFactory(title_bg="Вътрешна среща", is_published=False),
    )

    html = client.get(f"/bg/partners/{organisation.slug}/").content.decode()

    assert "Публична среща" in html
    assert "Вътрешна среща" not in html


@pytest.mark.parametrize(
    "hidden", [{"is_published": False}, {"archived_at": timezone.now()}], ids=["draft", "archived"]
)
def test_partner_page_of_unlisted_organisation_answers_404(client, hidden):
    organisation = OrganisationFactory(**hidden)

    assert client.get(f"/bg/partners/{organisation.slug}/").status_code == 404


@pytest.mark.parametrize("count", [1, 12])
def test_partner_page_query_count_does_not_grow_with_related_rows(
    client, django_assert_num_queries, count
):
    organisation = OrganisationFactory()
    organisation.services.add(support_area("employment"))
    accession = AccessionFactory(organisation=organisation)
    for _ in range(count):
        CommitmentFactory(accession=accession)
        ContactPersonFactory(
            organisation=organisation, is_public=True, consent_on=datetime.date(2025, 1, 1)
        )
        AttendanceFactory(organisation=organisation)

    with django_assert_num_queries(6):
        response = client.get(f"/bg/partners/{organisation.slug}/")

    assert response.status_code == 200


@pytest.mark.parametrize("status", ["withdrawn", "fulfilled", "lapsed"])
def test_partner_page_leaves_out_commitments_no_longer_active(client, status):
    organisation = OrganisationFactory()
    accession = AccessionFactory(organisation=organisation)
    CommitmentFactory(accession=accession, text_bg="Текущ ангажимент")
    CommitmentFactory(accession=accession, text_bg="Приключил ангажимент", status=status)

    html = client.get(f"/bg/partners/{organisation.slug}/").content.decode()

    assert "Текущ ангажимент" in html
    assert "Приключил ангажимент" not in html


def test_partner_page_leaves_out_commitments_of_an_accession_past_its_validity(client):
    organisation = OrganisationFactory()
    expired = AccessionFactory(
        organisation=organisation,
        valid_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    CommitmentFactory(accession=expired, text_bg="Изтекъл ангажимент")

    html = client.get(f"/bg/partners/{organisation.slug}/").content.decode()

    assert "Изтекъл ангажимент" not in html
