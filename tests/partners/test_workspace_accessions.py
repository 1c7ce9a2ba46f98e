import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, translate_url
from django.utils import timezone

from core.concurrency import version_of
from partners.models import Accession, Commitment, CommitmentUpdate
from tests.factories import (
    PDF_BYTES,
    AccessionFactory,
    CommitmentFactory,
    CommitmentUpdateFactory,
    ProtocolFactory,
    support_area,
)
from tests.html_tables import table_texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def accession(organisation):
    """An accession of the organisation the `own_partner` user represents."""
    return AccessionFactory(organisation=organisation)


@pytest.fixture
def commitment(accession):
    return CommitmentFactory(accession=accession, target=20, target_unit_bg="жени")


@pytest.fixture
def other_accession(other_organisation):
    return AccessionFactory(organisation=other_organisation)


def form_data(accession=None, **changes):
    """What the edit page posts: the accession's values, its version, an empty commitments
    formset."""
    accession = accession or Accession()
    data = {
        "organisation": accession.organisation_id or "",
        "protocol": accession.protocol_id or "",
        "status": accession.status,
        "signed_on": accession.signed_on or "",
        "valid_until": accession.valid_until or "",
        "signatories": accession.signatories,
        "version": version_of(accession) or "",
        "commitments-TOTAL_FORMS": "0",
        "commitments-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def update_data(commitment, **changes):
    """What the "add a progress update" form of one commitment posts."""
    prefix = f"update-{commitment.pk}"
    data = {
        f"{prefix}-reported_on": "2025-02-01",
        f"{prefix}-amount": "3",
        f"{prefix}-note": "Три жени започнаха курс.",
    }
    data.update({f"{prefix}-{name}": value for name, value in changes.items()})
    return data


def url(name, *args):
    return reverse(f"partners:{name}", args=[getattr(arg, "pk", arg) for arg in args])


def in_english(path):
    """The English address of a page."""
    return translate_url(path, "en")


def update_url(commitment):
    return url("manage_commitment_update_add", commitment.accession, commitment)


# --- Who may see what ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["manage_accession", "manage_accession_edit", "manage_accession_history"]
)
def test_accession_pages_send_anonymous_visitors_to_login(client, accession, name):
    response = client.get(url(name, accession))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", ["manage_accession", "manage_accession_history"])
def test_accession_pages_of_another_organisation_answer_404_to_a_partner(
    other_partner_client, accession, name
):
    assert other_partner_client.get(url(name, accession)).status_code == 404


def test_accession_document_of_another_organisation_answers_404_to_a_partner(
    other_partner_client, accession
):
    accession.document.save("signed.pdf", ContentFile(PDF_BYTES))

    response = other_partner_client.get(url("accession_document", accession))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["manage_accession_new"])
def test_creating_an_accession_answers_403_to_a_partner(own_partner_client, name):
    assert own_partner_client.get(url(name)).status_code == 403


def test_editing_and_restoring_its_own_accession_answer_403_to_a_partner(
    own_partner_client, accession
):
    history_id = version_of(accession)

    edit = own_partner_client.post(
        url("manage_accession_edit", accession), form_data(accession, status="withdrawn")
    )
    restore = own_partner_client.post(url("manage_accession_restore", accession, history_id))

    assert (edit.status_code, restore.status_code) == (403, 403)
    accession.refresh_from_db()
    assert accession.status == "signed"


def test_accession_list_shows_a_partner_its_own_accessions_only(
    own_partner_client, accession, other_accession
):
    response = own_partner_client.get(url("manage_accessions"))

    assert response.status_code == 200
    assert list(response.context["page_obj"].object_list) == [accession]
    assert "Add an accession" not in response.content.decode()


def test_accession_detail_shows_the_own_partner_its_commitments_and_document_link(
    own_partner_client, accession, commitment
):
    accession.document.save("signed.pdf", ContentFile(PDF_BYTES))
    CommitmentUpdateFactory(commitment=commitment, amount=5)
    CommitmentUpdateFactory(commitment=commitment, amount=3)

    response = own_partner_client.get(in_english(url("manage_accession", accession)))

    html = response.content.decode()
    assert response.status_code == 200
    assert commitment.text_en in html
    assert "Progress: 8 of 20" in html
    assert in_english(url("accession_document", accession)) in html
    assert "open-ended" in html
    assert in_english(url("manage_accession_edit", accession)) not in html


# --- List: filters, search, sort -----------------------------------------------------------------


def test_accession_list_filters_by_protocol_status_year_and_organisation(
    coordinator_client, accession, other_accession
):
    AccessionFactory(organisation=accession.organisation, status="draft", signed_on=None)
    other_accession.signed_on = datetime.date(2023, 3, 1)
    other_accession.save()

    by_protocol = coordinator_client.get(
        url("manage_accessions"), {"protocol": accession.protocol.slug}
    )
    by_status = coordinator_client.get(url("manage_accessions"), {"status": "signed"})
    by_year = coordinator_client.get(url("manage_accessions"), {"year": "2023"})
    by_name = coordinator_client.get(url("manage_accessions"), {"q": "chuzhda"})

    assert list(by_protocol.context["page_obj"].object_list) == [accession]
    assert set(by_status.context["page_obj"].object_list) == {accession, other_accession}
    assert list(by_year.context["page_obj"].object_list) == [other_accession]
    assert list(by_name.context["page_obj"].object_list) == [other_accession]


def test_accession_list_sorts_by_organisation_name_in_the_pages_language(
    coordinator_client, accession, other_accession
):
    # "Own organisation" comes after "Other organisation"; "Собствена" before "Чужда".
    english = coordinator_client.get("/en/manage/accessions/", {"sort": "organisation"})
    bulgarian = coordinator_client.get("/bg/manage/accessions/", {"sort": "organisation"})

    assert list(english.context["page_obj"].object_list) == [other_accession, accession]
    assert list(bulgarian.context["page_obj"].object_list) == [accession, other_accession]


def test_accession_list_counts_its_rows_without_reading_the_organisations(
    coordinator_client, accession, other_accession
):
    with CaptureQueriesContext(connection) as queries:
        response = coordinator_client.get("/bg/manage/accessions/")

    counts = [q["sql"] for q in queries.captured_queries if 'COUNT(*) AS "__count"' in q["sql"]]
    assert response.context["page_obj"].paginator.count == 2
    assert len(counts) == 1
    assert '"partners_organisation"' not in counts[0]


def test_accession_list_counts_each_accessions_commitments(coordinator_client):
    with_three = AccessionFactory()
    CommitmentFactory.create_batch(3, accession=with_three)
    without = AccessionFactory()

    response = coordinator_client.get(url("manage_accessions"))

    counts = {row.pk: row.commitment_count for row in response.context["page_obj"].object_list}
    assert (counts[with_three.pk], counts[without.pk]) == (3, 0)


def test_accession_list_refuses_a_year_that_is_not_a_whole_number(coordinator_client, accession):
    response = coordinator_client.get("/en/manage/accessions/", {"year": "20.5"})

    assert response.status_code == 200
    assert response.context["filter"].form.errors["year"] == ["Enter a whole number."]


# --- Create and edit -----------------------------------------------------------------------------


def test_coordinator_adds_an_accession_with_two_commitments_in_one_post(
    coordinator_client, organisation
):
    protocol = ProtocolFactory()
    data = form_data(
        organisation=organisation.pk,
        protocol=protocol.pk,
        status="signed",
        signed_on="2024-09-05",
        signatories="Председател",
        document=SimpleUploadedFile("signed.pdf", PDF_BYTES, "application/pdf"),
        **{
            "commitments-TOTAL_FORMS": "2",
            "commitments-0-support_area": support_area("employment").pk,
            "commitments-0-text_bg": "Стабилна работа",
            "commitments-0-status": "active",
            "commitments-0-target": "10",
            "commitments-0-is_public": "on",
            "commitments-1-support_area": support_area("legal-advice").pk,
            "commitments-1-text_bg": "Правни консултации",
            "commitments-1-status": "active",
        },
    )

    response = coordinator_client.post(url("manage_accession_new"), data)

    accession = Accession.objects.get(organisation=organisation, protocol=protocol)
    assert response["Location"] == url("manage_accession", accession)
    assert (accession.status, accession.signed_on) == ("signed", datetime.date(2024, 9, 5))
    assert accession.document.read() == PDF_BYTES
    assert list(
        accession.commitments.values_list("support_area__code", "text_bg", "target", "is_public")
    ) == [
        ("employment", "Стабилна работа", 10, True),
        ("legal-advice", "Правни консултации", None, False),
    ]


def test_add_an_accession_starts_with_the_organisation_of_the_page_it_came_from(
    coordinator_client, organisation, accession
):
    detail = coordinator_client.get(url("manage_organisation", organisation))
    new = coordinator_client.get(url("manage_accession_new"), {"organisation": organisation.pk})

    html = detail.content.decode()
    assert f"{url('manage_accession_new')}?organisation={organisation.pk}" in html
    assert url("manage_accession", accession) in html
    assert new.context["form"]["organisation"].value() == organisation.pk


def test_organisation_page_links_the_own_partner_to_its_accession_without_add_button(
    own_partner_client, organisation, accession
):
    html = own_partner_client.get(url("manage_organisation", organisation)).content.decode()

    assert url("manage_accession", accession) in html
    assert url("manage_accession_new") not in html


def test_bad_accession_input_gets_field_errors_and_stores_nothing(coordinator_client, organisation):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = form_data(
        organisation=organisation.pk,
        protocol=ProtocolFactory().pk,
        status="signed",
        signed_on=tomorrow.isoformat(),
        document=SimpleUploadedFile("signed.exe", b"MZ", "application/octet-stream"),
        **{
            "commitments-TOTAL_FORMS": "1",
            "commitments-0-support_area": support_area().pk,
            "commitments-0-text_bg": "",
            "commitments-0-target": "10",
        },
    )

    response = coordinator_client.post("/en/manage/accessions/new/", data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["signed_on"] == ["The signing date cannot be in the future."]
    assert "are not accepted" in errors["document"][0]
    assert "text_bg" in response.context["commitments"].forms[0].errors
    assert "Nothing was saved" in response.content.decode()
    assert (Accession.objects.count(), Commitment.objects.count()) == (0, 0)


def test_second_open_accession_to_the_same_protocol_is_refused(coordinator_client, accession):
    data = form_data(
        organisation=accession.organisation_id, protocol=accession.protocol_id, status="draft"
    )

    response = coordinator_client.post("/en/manage/accessions/new/", data)

    assert response.status_code == 200
    assert "already has an accession to this protocol" in str(
        response.context["form"].non_field_errors()
    )
    assert Accession.objects.count() == 1


def test_coordinator_edits_an_accession_and_its_commitment(
    coordinator_client, accession, commitment
):
    data = form_data(
        accession,
        status="active",
        valid_until="2027-09-05",
        **{
            "commitments-TOTAL_FORMS": "1",
            "commitments-INITIAL_FORMS": "1",
            "commitments-0-id": commitment.pk,
            "commitments-0-accession": accession.pk,
            "commitments-0-support_area": commitment.support_area_id,
            "commitments-0-text_bg": commitment.text_bg,
            "commitments-0-status": "fulfilled",
            "commitments-0-target": "20",
        },
    )

    response = coordinator_client.post(url("manage_accession_edit", accession), data)

    assert response.status_code == 302
    accession.refresh_from_db()
    commitment.refresh_from_db()
    assert (accession.status, accession.valid_until) == ("active", datetime.date(2027, 9, 5))
    assert commitment.status == "fulfilled"


def test_edit_page_of_an_accession_with_a_document_links_it_through_the_checked_view(
    coordinator_client, accession
):
    accession.document.save("signed.pdf", ContentFile(PDF_BYTES))

    response = coordinator_client.get(url("manage_accession_edit", accession))

    assert response.status_code == 200
    assert url("accession_document", accession) in response.content.decode()


def test_editing_an_accession_without_a_new_file_keeps_its_document(coordinator_client, accession):
    accession.document.save("signed.pdf", ContentFile(PDF_BYTES))
    stored = accession.document.name

    response = coordinator_client.post(
        url("manage_accession_edit", accession), form_data(accession, signatories="Кмет")
    )

    assert response.status_code == 302
    accession.refresh_from_db()
    assert (accession.signatories, accession.document.name) == ("Кмет", stored)


def test_a_renamed_file_is_refused_as_the_signed_document(coordinator_client, accession):
    fake = SimpleUploadedFile("signed.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")

    response = coordinator_client.post(
        in_english(url("manage_accession_edit", accession)),
        form_data(accession, document=fake),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["document"] == ["This file is not a real PDF document."]
    accession.refresh_from_db()
    assert not accession.document


def test_stale_accession_edit_is_refused_and_shows_the_other_values(coordinator_client, accession):
    opened = form_data(accession)
    accession.signatories = "Changed by a colleague"
    accession.save()

    response = coordinator_client.post(
        f"/en/manage/accessions/{accession.pk}/edit/", {**opened, "signatories": "My change"}
    )

    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    assert [
        (str(label), theirs, mine) for label, theirs, mine in response.context["conflicts"]
    ] == [("Signatories", "Changed by a colleague", "My change")]
    accession.refresh_from_db()
    assert accession.signatories == "Changed by a colleague"


def test_saving_again_after_a_stale_accession_edit_keeps_the_users_values(
    coordinator_client, accession
):
    opened = form_data(accession)
    accession.signatories = "Changed by a colleague"
    accession.save()
    first = coordinator_client.post(
        url("manage_accession_edit", accession), {**opened, "signatories": "My change"}
    )

    second = coordinator_client.post(
        url("manage_accession_edit", accession), first.context["form"].data
    )

    assert second.status_code == 302
    accession.refresh_from_db()
    assert accession.signatories == "My change"


# --- History and restore -------------------------------------------------------------------------


def test_accession_history_shows_who_changed_what_and_restore_brings_back_a_version(
    coordinator_client, coordinator, accession
):
    first_version = version_of(accession)
    coordinator_client.post(
        url("manage_accession_edit", accession), form_data(accession, signatories="Кмет")
    )

    history = coordinator_client.get(url("manage_accession_history", accession))
    coordinator_client.post(url("manage_accession_restore", accession, first_version))

    html = history.content.decode()
    assert coordinator.username in html
    assert "Кмет" in html
    accession.refresh_from_db()
    assert accession.signatories == ""
    assert accession.history.count() == 3


def test_restoring_a_version_that_clashes_with_another_accession_is_refused(
    coordinator_client, accession
):
    draft_version = version_of(accession)
    accession.status = "withdrawn"
    accession.save()
    AccessionFactory(organisation=accession.organisation, protocol=accession.protocol)

    response = coordinator_client.post(
        in_english(url("manage_accession_restore", accession, draft_version)), follow=True
    )

    assert "clashes with another record" in response.content.decode()
    accession.refresh_from_db()
    assert accession.status == "withdrawn"


# --- Quick action: a progress update -------------------------------------------------------------


def test_own_partner_adds_a_progress_update_signed_with_its_name(
    own_partner_client, own_partner, commitment
):
    response = own_partner_client.post(update_url(commitment), update_data(commitment))

    assert response.status_code == 302
    assert response["Location"] == (
        url("manage_accession", commitment.accession) + f"#commitment-{commitment.pk}"
    )
    assert list(commitment.updates.values_list("reported_on", "amount", "note", "reported_by")) == [
        (datetime.date(2025, 2, 1), 3, "Три жени започнаха курс.", own_partner.pk)
    ]


def test_coordinator_adds_a_progress_update(coordinator_client, coordinator, commitment):
    coordinator_client.post(update_url(commitment), update_data(commitment, amount="0"))

    assert list(commitment.updates.values_list("amount", "reported_by")) == [(0, coordinator.pk)]


def test_progress_update_on_another_organisations_commitment_answers_404(
    other_partner_client, commitment
):
    response = other_partner_client.post(update_url(commitment), update_data(commitment))

    assert response.status_code == 404
    assert CommitmentUpdate.objects.count() == 0


def test_progress_update_through_another_accessions_address_answers_404(
    own_partner_client, accession, other_accession
):
    foreign = CommitmentFactory(accession=other_accession)

    response = own_partner_client.post(
        url("manage_commitment_update_add", accession, foreign), update_data(foreign)
    )

    assert response.status_code == 404
    assert CommitmentUpdate.objects.count() == 0


def test_progress_update_answers_405_to_a_get(own_partner_client, commitment):
    assert own_partner_client.get(update_url(commitment)).status_code == 405


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount": "-2"}, "amount", "Ensure this value is greater than or equal to 0."),
        (
            {"reported_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()},
            "reported_on",
            "Progress cannot be reported in advance.",
        ),
    ],
)
def test_bad_progress_update_shows_the_error_next_to_the_field_and_stores_nothing(
    own_partner_client, commitment, changes, field, message
):
    response = own_partner_client.post(
        in_english(update_url(commitment)), update_data(commitment, **changes)
    )

    assert response.status_code == 200
    [shown] = [c for c in response.context["commitments"] if c.pk == commitment.pk]
    assert shown.update_form.errors == {field: [message]}
    html = response.content.decode()
    assert f'id="error_1_id_update-{commitment.pk}-{field}"' in html
    assert message in html
    assert CommitmentUpdate.objects.count() == 0


def test_progress_update_lands_on_its_commitment_which_takes_focus(own_partner_client, commitment):
    response = own_partner_client.post(update_url(commitment), update_data(commitment))

    html = own_partner_client.get(response["Location"]).content.decode()
    assert re.search(rf'<section [^>]*tabindex="-1" id="commitment-{commitment.pk}"', html)


def test_refused_progress_update_puts_focus_on_what_went_wrong(own_partner_client, commitment):
    response = own_partner_client.post(
        in_english(update_url(commitment)), update_data(commitment, amount="-2")
    )

    html = response.content.decode()
    assert re.search(r'role="alert" tabindex="-1" autofocus>Nothing was saved', html)


def test_progress_update_on_a_withdrawn_commitment_is_refused(own_partner_client, commitment):
    commitment.status = "withdrawn"
    commitment.save()

    response = own_partner_client.post(in_english(update_url(commitment)), update_data(commitment))

    assert response.status_code == 200
    assert "only on an active or fulfilled commitment" in response.content.decode()
    assert CommitmentUpdate.objects.count() == 0


# --- Query budgets -------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 25])
def test_accession_list_query_count_does_not_grow_with_rows(
    coordinator_client, django_assert_num_queries, count
):
    for accession in AccessionFactory.create_batch(count):
        CommitmentFactory.create_batch(2, accession=accession)

    with django_assert_num_queries(8):
        response = coordinator_client.get(
            url("manage_accessions"), {"q": "organ", "sort": "organisation"}
        )

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 6])
def test_accession_detail_query_count_does_not_grow_with_commitments_and_updates(
    coordinator_client, django_assert_num_queries, accession, count
):
    for commitment in CommitmentFactory.create_batch(count, accession=accession, target=10):
        CommitmentUpdateFactory.create_batch(count, commitment=commitment)

    with django_assert_num_queries(7):
        response = coordinator_client.get(url("manage_accession", accession))

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 6])
def test_accession_edit_page_query_count_does_not_grow_with_commitments(
    coordinator_client, django_assert_num_queries, accession, count
):
    CommitmentFactory.create_batch(count, accession=accession)

    with django_assert_num_queries(13):
        response = coordinator_client.get(url("manage_accession_edit", accession))

    assert response.status_code == 200


# --- Validity by date ----------------------------------------------------------------------------


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def valid_until_cells(response):
    """The "Valid until" column of the accession list, row by row."""
    return [row[4] for row in table_texts(response)[None]["tbody"]]


def test_accession_list_shows_an_accession_past_its_validity_as_expired(
    coordinator_client, accession
):
    accession.valid_until = days_from_today(-3)
    accession.save()

    response = coordinator_client.get(url("manage_accessions"))

    assert valid_until_cells(response) == [f"Изтекло на {accession.valid_until:%d.%m.%Y}"]


def test_accession_list_shows_an_accession_ending_within_60_days_as_expiring(
    coordinator_client, accession
):
    accession.valid_until = days_from_today(34)
    accession.save()

    response = coordinator_client.get(url("manage_accessions"))

    assert valid_until_cells(response) == [
        f"Изтича на {accession.valid_until:%d.%m.%Y} (след 34 дни)"
    ]


def test_accession_list_shows_an_accession_ending_today_as_expiring_today(
    coordinator_client, accession
):
    accession.valid_until = days_from_today(0)
    accession.save()

    response = coordinator_client.get(url("manage_accessions"))

    assert valid_until_cells(response) == [f"Изтича днес, {accession.valid_until:%d.%m.%Y}"]


def test_accession_detail_shows_an_accession_past_its_validity_as_expired_in_english(
    coordinator_client, accession
):
    accession.valid_until = days_from_today(-1)
    accession.save()

    html = coordinator_client.get(in_english(url("manage_accession", accession))).content.decode()

    assert f"Expired on {accession.valid_until:%d.%m.%Y}" in html


def test_accession_detail_shows_an_accession_ending_tomorrow_as_expiring_in_one_day(
    coordinator_client, accession
):
    accession.valid_until = days_from_today(1)
    accession.save()

    html = coordinator_client.get(in_english(url("manage_accession", accession))).content.decode()

    assert f"Expires on {accession.valid_until:%d.%m.%Y} (in 1 day)" in html
