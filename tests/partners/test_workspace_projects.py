import datetime
from decimal import Decimal

import pytest
from django.urls import reverse, translate_url

from core.concurrency import version_of
from partners.models import Deliverable, Project
from tests.factories import DeliverableFactory, OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(organisation):
    project = ProjectFactory(name="WEGO3", title_bg="УЕГО 3", title_en="WEGO 3")
    project.partners.add(organisation)
    return project


def form_data(project=None, **changes):
    """What the edit page posts: the project's values, its version, an empty deliverables
    formset."""
    project = project or Project()
    data = {
        "name": project.name,
        "slug": project.slug,
        "title_bg": project.title_bg or "",
        "title_en": project.title_en or "",
        "starts_on": project.starts_on or "",
        "ends_on": project.ends_on or "",
        "currency": project.currency,
        "partners": [partner.pk for partner in project.partners.all()] if project.pk else [],
        "version": version_of(project) or "",
        "deliverables-TOTAL_FORMS": "0",
        "deliverables-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def url(name, *args):
    return reverse(f"partners:{name}", args=[getattr(arg, "pk", arg) for arg in args])


def in_english(path):
    """The English address of a page."""
    return translate_url(path, "en")


# --- Who may see what ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["manage_project", "manage_project_edit", "manage_project_history"]
)
def test_project_pages_send_anonymous_visitors_to_login(client, project, name):
    response = client.get(url(name, project))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "name", ["manage_project", "manage_project_edit", "manage_project_history"]
)
def test_project_pages_answer_403_to_a_partner_of_the_project(own_partner_client, project, name):
    assert own_partner_client.get(url(name, project)).status_code == 403


@pytest.mark.parametrize("name", ["manage_projects", "manage_project_new"])
def test_project_list_and_new_answer_403_to_a_partner(own_partner_client, name):
    assert own_partner_client.get(url(name)).status_code == 403


def test_editing_and_restoring_a_project_answer_403_to_a_partner(own_partner_client, project):
    history_id = version_of(project)

    edit = own_partner_client.post(
        url("manage_project_edit", project), form_data(project, title_bg="Друго")
    )
    restore = own_partner_client.post(url("manage_project_restore", project, history_id))

    assert (edit.status_code, restore.status_code) == (403, 403)
    project.refresh_from_db()
    assert project.title_bg == "УЕГО 3"


# --- List and detail -----------------------------------------------------------------------------


def test_project_list_searches_titles_and_sorts_by_name(coordinator_client, project):
    other = ProjectFactory(name="ALPHA", title_en="Partnership with a cause")

    found = coordinator_client.get(url("manage_projects"), {"q": "cause"})
    sorted_by_name = coordinator_client.get(url("manage_projects"), {"sort": "name"})

    assert list(found.context["page_obj"].object_list) == [other]
    assert list(sorted_by_name.context["page_obj"].object_list) == [other, project]


def test_project_detail_shows_deliverables_and_partners(coordinator_client, project, organisation):
    DeliverableFactory(project=project, text_bg="Наръчник", target=1, achieved=1)

    response = coordinator_client.get(url("manage_project", project))

    html = response.content.decode()
    assert "Наръчник" in html
    assert url("manage_organisation", organisation) in html


# --- Create and edit -----------------------------------------------------------------------------


def test_coordinator_adds_a_project_with_two_deliverables(coordinator_client, organisation):
    data = form_data(
        name="Партньорство с кауза",
        slug="",
        title_bg="Партньорство с кауза",
        starts_on="2022-10-03",
        ends_on="2024-04-03",
        grant_amount="116332.32",
        currency="EUR",
        promoter=organisation.pk,
        **{
            "deliverables-TOTAL_FORMS": "2",
            "deliverables-0-text_bg": "Изнесени приемни",
            "deliverables-0-target": "34",
            "deliverables-0-achieved": "12",
            "deliverables-1-text_bg": "Наръчник",
            "deliverables-1-target": "1",
            "deliverables-1-achieved": "0",
        },
    )

    response = coordinator_client.post(url("manage_project_new"), data)

    project = Project.objects.get(name="Партньорство с кауза")
    assert response["Location"] == url("manage_project", project)
    assert project.slug == "partnyorstvo-s-kauza"
    assert (project.grant_amount, project.promoter) == (Decimal("116332.32"), organisation)
    assert list(project.deliverables.values_list("text_bg", "target", "achieved")) == [
        ("Изнесени приемни", 34, 12),
        ("Наръчник", 1, 0),
    ]


def test_bad_project_input_gets_field_errors_and_stores_nothing(coordinator_client, project):
    data = form_data(
        name=project.name,
        slug="",
        title_bg="",
        starts_on="2025-01-01",
        ends_on="2024-01-01",
        grant_amount="-5",
        **{
            "deliverables-TOTAL_FORMS": "1",
            "deliverables-0-text_bg": "",
            "deliverables-0-target": "3",
            "deliverables-0-achieved": "-1",
        },
    )

    response = coordinator_client.post("/en/manage/projects/new/", data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["name"] == ["Project with this Short name already exists."]
    assert errors["title_bg"] == ["This field is required."]
    assert errors["ends_on"] == ["The end cannot be before the start."]
    assert errors["grant_amount"] == ["Ensure this value is greater than or equal to 0."]
    assert set(response.context["deliverables"].forms[0].errors) == {"text_bg", "achieved"}
    assert "Nothing was saved" in response.content.decode()
    assert (Project.objects.count(), Deliverable.objects.count()) == (1, 0)


def test_coordinator_edits_a_project_and_removes_a_deliverable(coordinator_client, project):
    kept = DeliverableFactory(project=project, text_bg="Анализ", target=1)
    dropped = DeliverableFactory(project=project, text_bg="Грешка")
    partner = OrganisationFactory()
    data = form_data(
        project,
        ends_on="2026-06-30",
        partners=[partner.pk],
        **{
            "deliverables-TOTAL_FORMS": "2",
            "deliverables-INITIAL_FORMS": "2",
            "deliverables-0-id": kept.pk,
            "deliverables-0-text_bg": "Анализ",
            "deliverables-0-target": "1",
            "deliverables-0-achieved": "1",
            "deliverables-1-id": dropped.pk,
            "deliverables-1-text_bg": "Грешка",
            "deliverables-1-achieved": "0",
            "deliverables-1-DELETE": "on",
        },
    )

    response = coordinator_client.post(url("manage_project_edit", project), data)

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.ends_on == datetime.date(2026, 6, 30)
    assert list(project.partners.all()) == [partner]
    assert list(project.deliverables.values_list("text_bg", "achieved")) == [("Анализ", 1)]


def test_stale_project_edit_is_refused_and_shows_the_other_values(coordinator_client, project):
    opened = form_data(project)
    project.title_en = "Changed by a colleague"
    project.save()

    response = coordinator_client.post(
        f"/en/manage/projects/{project.pk}/edit/", {**opened, "title_en": "My change"}
    )

    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    assert [
        (str(label), theirs, mine) for label, theirs, mine in response.context["conflicts"]
    ] == [("Title [en]", "Changed by a colleague", "My change")]
    project.refresh_from_db()
    assert project.title_en == "Changed by a colleague"


def test_saving_again_after_a_stale_project_edit_keeps_the_users_values(
    coordinator_client, project
):
    opened = form_data(project)
    project.title_en = "Changed by a colleague"
    project.save()
    first = coordinator_client.post(
        url("manage_project_edit", project), {**opened, "title_en": "My change"}
    )

    second = coordinator_client.post(
        url("manage_project_edit", project), first.context["form"].data
    )

    assert second.status_code == 302
    project.refresh_from_db()
    assert project.title_en == "My change"


# --- History and restore -------------------------------------------------------------------------


def test_project_history_shows_who_changed_what_and_restore_brings_back_a_version(
    coordinator_client, coordinator, project
):
    first_version = version_of(project)
    versions = project.history.count()
    coordinator_client.post(
        url("manage_project_edit", project), form_data(project, title_en="Renamed")
    )

    history = coordinator_client.get(url("manage_project_history", project))
    coordinator_client.post(url("manage_project_restore", project, first_version))

    html = history.content.decode()
    assert coordinator.username in html
    assert "Renamed" in html
    project.refresh_from_db()
    assert project.title_en == "WEGO 3"
    assert project.history.count() == versions + 2


def test_restoring_a_version_whose_name_is_taken_meanwhile_is_refused(coordinator_client, project):
    first_version = version_of(project)
    project.name = "WEGO3-old"
    project.save()
    ProjectFactory(name="WEGO3")

    response = coordinator_client.post(
        in_english(url("manage_project_restore", project, first_version)), follow=True
    )

    assert "clashes with another record" in response.content.decode()
    project.refresh_from_db()
    assert project.name == "WEGO3-old"


def test_restore_of_a_version_of_another_project_answers_404(coordinator_client, project):
    other = ProjectFactory()

    response = coordinator_client.post(url("manage_project_restore", project, version_of(other)))

    assert response.status_code == 404


# --- Query budgets -------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 25])
def test_project_list_query_count_does_not_grow_with_rows(
    coordinator_client, django_assert_num_queries, organisation, count
):
    for project in ProjectFactory.create_batch(count, promoter=organisation):
        project.partners.add(organisation)
        DeliverableFactory.create_batch(2, project=project)

    with django_assert_num_queries(6):
        response = coordinator_client.get(url("manage_projects"), {"sort": "-start"})

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 6])
def test_project_detail_query_count_does_not_grow_with_deliverables_and_partners(
    coordinator_client, django_assert_num_queries, project, count
):
    DeliverableFactory.create_batch(count, project=project)
    project.partners.add(*OrganisationFactory.create_batch(count))

    with django_assert_num_queries(7):
        assert coordinator_client.get(url("manage_project", project)).status_code == 200


def test_saving_again_after_a_partner_was_added_meanwhile_keeps_both_partners(
    coordinator_client, project, organisation, other_organisation
):
    opened = form_data(project)
    project.partners.add(other_organisation)
    first = coordinator_client.post(
        f"/en/manage/projects/{project.pk}/edit/", {**opened, "title_en": "My change"}
    )

    second = coordinator_client.post(
        url("manage_project_edit", project), dict(first.context["form"].data.lists())
    )

    assert [str(label) for label, _theirs, _mine in first.context["conflicts"]] == ["Partners"]
    assert second.status_code == 302
    project.refresh_from_db()
    assert project.title_en == "My change"
    assert set(project.partners.all()) == {organisation, other_organisation}
