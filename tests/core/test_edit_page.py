"""The workspace's edit pages through core.views.edit_page: "Add a row" brings one more blank
row of a formset and saves nothing, and a stale edit shows the shared conflicts table."""

import pytest
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from core.concurrency import version_of
from core.views import edit_data
from partners.models import ContactPerson, Organisation
from tests.factories import AccessionFactory, CommitmentFactory
from tests.html_tables import table_texts

pytestmark = pytest.mark.django_db


def organisation_data(**changes):
    """A new organisation as its form posts it, with one contact row filled in."""
    return {
        "name_bg": "Сдружение „Ново“",
        "sector": "ngo",
        "partnership_status": "contact",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-0-name": "Мария Иванова",
        **changes,
    }


def blank_rows(formset):
    return [form for form in formset.forms if not form.instance.pk and not form.has_changed()]


def test_edit_data_adds_one_row_to_the_formset_named_by_add_row():
    request = RequestFactory().post(
        "/", {"contacts-TOTAL_FORMS": "2", "deliverables-TOTAL_FORMS": "1", "add_row": "contacts"}
    )

    data, _files = edit_data(request)

    assert (data["contacts-TOTAL_FORMS"], data["deliverables-TOTAL_FORMS"]) == ("3", "1")
    assert request.POST["contacts-TOTAL_FORMS"] == "2"


def test_edit_data_leaves_a_save_and_an_unknown_prefix_alone():
    factory = RequestFactory()
    saving = factory.post("/", {"contacts-TOTAL_FORMS": "2"})
    unknown = factory.post("/", {"contacts-TOTAL_FORMS": "2", "add_row": "nothing"})

    assert edit_data(saving)[0] is saving.POST
    assert edit_data(unknown)[0]["contacts-TOTAL_FORMS"] == "2"
    assert edit_data(factory.get("/")) == (None, None)


def test_edit_page_starts_each_formset_with_one_blank_row_and_an_add_a_row_button(
    coordinator_client,
):
    response = coordinator_client.get("/en/manage/accessions/new/")

    html = response.content.decode()
    assert len(response.context["commitments"].forms) == 1
    assert '<legend><h2 class="h4">Commitments</h2></legend>' in html
    assert '<h3 class="h6">Commitment 1</h3>' in html
    assert 'name="add_row" value="commitments"' in html


def test_add_row_shows_one_more_blank_row_and_saves_nothing(coordinator_client):
    response = coordinator_client.post(
        "/en/manage/organisations/new/", organisation_data(add_row="contacts")
    )

    assert response.status_code == 200
    contacts = response.context["contacts"]
    assert [form["name"].value() for form in contacts.forms] == ["Мария Иванова", None]
    assert len(blank_rows(contacts)) == 1
    assert (Organisation.objects.count(), ContactPerson.objects.count()) == (0, 0)
    html = response.content.decode()
    assert "Сдружение „Ново“" in html
    assert '<h3 class="h6">Contact person 2</h3>' in html


def test_add_row_shows_no_errors_for_a_form_not_yet_complete(coordinator_client):
    response = coordinator_client.post(
        "/en/manage/organisations/new/", organisation_data(name_bg="", add_row="contacts")
    )

    html = response.content.decode()
    assert "Nothing was saved" not in html
    assert "This field is required" not in html
    assert response.context["formset_errors"] == 0


def accession_data(accession, **changes):
    """What the accession's edit page posts: its values, its version, its commitment rows."""
    commitments = list(accession.commitments.all())
    data = {
        "organisation": accession.organisation_id,
        "protocol": accession.protocol_id,
        "status": accession.status,
        "signed_on": accession.signed_on or "",
        "valid_until": accession.valid_until or "",
        "signatories": accession.signatories,
        "version": version_of(accession),
        "commitments-TOTAL_FORMS": str(len(commitments)),
        "commitments-INITIAL_FORMS": str(len(commitments)),
    }
    for index, commitment in enumerate(commitments):
        data.update(
            {
                f"commitments-{index}-id": commitment.pk,
                f"commitments-{index}-support_area": commitment.support_area_id,
                f"commitments-{index}-text_bg": commitment.text_bg,
                f"commitments-{index}-status": commitment.status,
            }
        )
    data.update(changes)
    return data


def test_add_row_on_an_edit_page_changes_nothing_stored(coordinator_client, organisation):
    accession = AccessionFactory(organisation=organisation, signatories="Иван Петров")
    CommitmentFactory(accession=accession, text_bg="Две работни места")
    version = version_of(accession)

    response = coordinator_client.post(
        f"/en/manage/accessions/{accession.pk}/edit/",
        accession_data(accession, signatories="Someone else", add_row="commitments"),
    )

    assert response.status_code == 200
    commitments = response.context["commitments"]
    assert [form["text_bg"].value() for form in commitments.forms] == ["Две работни места", None]
    assert "Someone else" in response.content.decode()
    accession.refresh_from_db()
    assert (accession.signatories, accession.commitments.count()) == ("Иван Петров", 1)
    assert version_of(accession) == version


def test_conflicts_table_shows_their_value_next_to_yours():
    with translation.override("en"):
        html = render_to_string(
            "manage/_conflicts.html",
            {"conflicts": [("Name", "Theirs", "Mine"), ("Phone", "–", "1")]},
        )

    table = table_texts(HttpResponse(html))["conflicts"]
    assert table["thead"] == [["Field", "Their value (saved)", "Your value (not saved)"]]
    assert table["tbody"] == [["Name", "Theirs", "Mine"], ["Phone", "–", "1"]]


def test_conflicts_table_is_absent_without_conflicts():
    assert render_to_string("manage/_conflicts.html", {"conflicts": []}).strip() == ""


def test_stale_accession_edit_shows_the_shared_conflicts_table(coordinator_client, organisation):
    accession = AccessionFactory(organisation=organisation, signatories="Иван Петров")
    opened = accession_data(accession)
    accession.signatories = "Changed by a colleague"
    accession.save()

    response = coordinator_client.post(
        f"/en/manage/accessions/{accession.pk}/edit/", {**opened, "signatories": "My change"}
    )

    assert response.status_code == 200
    assert table_texts(response)["conflicts"]["tbody"] == [
        ["Signatories", "Changed by a colleague", "My change"]
    ]
    accession.refresh_from_db()
    assert accession.signatories == "Changed by a colleague"
