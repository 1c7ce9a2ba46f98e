"""Public pages kept whole in the shared cache (`core.public_cache`): what is kept, for whom,
and that a change made through each way of writing shows on the next public request."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core import public_cache
from core.concurrency import version_of
from core.release import fingerprint, release
from partners.models import JoinRequest, Organisation
from partners.services import organisation_archive
from protocol_portal.models import SiteSettings
from tests.factories import ContactPersonFactory, OrganisationFactory, support_area
from tests.partners.test_import_organisations import GOOD_ROWS, HEADERS, apply, checked_run
from tests.partners.test_workspace_organisations import form_data
from tests.spreadsheet_files import csv_file

pytestmark = pytest.mark.django_db

DIRECTORY = "/bg/partners/"


@pytest.fixture
def visitor():
    """A second browser, anonymous, beside the role fixtures' `client`."""
    return Client()


def served_from_cache(response):
    return response.get("X-Public-Cache") == "hit"


def test_public_page_is_served_whole_from_the_cache_to_the_next_visitor(
    visitor, django_assert_num_queries
):
    OrganisationFactory(name_bg="Център Динамика")
    Client().get(DIRECTORY)

    with django_assert_num_queries(0):
        response = visitor.get(DIRECTORY)

    assert served_from_cache(response)
    assert "Център Динамика" in response.content.decode()


def test_cached_page_keeps_the_safety_bar(visitor):
    Client().get(DIRECTORY)

    page = visitor.get(DIRECTORY).content.decode()

    assert "data-quick-exit" in page
    assert SiteSettings.load().hotline_number in page


def test_site_settings_change_shows_on_the_next_cached_page(visitor, admin_client):
    visitor.get(DIRECTORY)

    admin_client.post(
        "/admin/protocol_portal/sitesettings/1/change/",
        {
            "hotline_name_bg": "Линия на кризисния център",
            "hotline_name_en": "Crisis centre line",
            "hotline_number": "0800 11 222",
            "hotline_hours_bg": "9–17 ч.",
            "hotline_hours_en": "9:00–17:00",
            "quick_exit_url": "https://weather.example/",
        },
    )
    response = visitor.get(DIRECTORY)

    assert not served_from_cache(response)
    assert "0800 11 222" in response.content.decode()


def test_logged_in_user_never_receives_the_cached_page(visitor, coordinator_client):
    visitor.get(DIRECTORY)

    response = coordinator_client.get(DIRECTORY)

    assert not served_from_cache(response)
    assert reverse("dashboard") in response.content.decode()


def test_page_shown_to_a_logged_in_user_is_not_kept_for_visitors(visitor, coordinator_client):
    coordinator_client.get(DIRECTORY)

    response = visitor.get(DIRECTORY)

    assert not served_from_cache(response)
    assert reverse("dashboard") not in response.content.decode()


@pytest.mark.parametrize("path", ["/bg/join/", "/bg/accounts/login/"])
def test_page_with_a_csrf_token_is_never_shared(visitor, path):
    Client().get(path)

    response = visitor.get(path)

    assert not served_from_cache(response)
    assert "csrftoken" in response.cookies


def test_visitor_with_messages_waiting_gets_the_page_rendered(visitor):
    Client().get(DIRECTORY)
    visitor.cookies["messages"] = "waiting"

    assert not served_from_cache(visitor.get(DIRECTORY))


def test_htmx_results_and_the_whole_page_are_kept_apart(visitor):
    visitor.get(DIRECTORY)

    results = visitor.get(DIRECTORY, headers={"HX-Request": "true"}).content.decode()

    assert "<html" not in results
    assert "<html" in visitor.get(DIRECTORY).content.decode()


def test_languages_and_query_strings_are_kept_apart(visitor):
    OrganisationFactory(name_bg="Център Динамика", name_en="Dynamics Centre")
    OrganisationFactory(name_bg="Фондация Джендър", name_en="Gender Foundation")
    visitor.get(DIRECTORY)
    visitor.get("/en/partners/")

    english = visitor.get("/en/partners/").content.decode()
    searched = visitor.get(DIRECTORY + "?q=dinamika").content.decode()

    assert "Dynamics Centre" in english and "Център Динамика" not in english
    assert "Център Динамика" in searched and "Фондация Джендър" not in searched


def test_browser_holding_the_page_gets_304_until_the_content_changes(visitor):
    organisation = OrganisationFactory(name_bg="Център Динамика")
    etag = visitor.get(DIRECTORY)["ETag"]

    unchanged = visitor.get(DIRECTORY, headers={"If-None-Match": etag})
    organisation.name_bg = "Център Динамика – Русе"
    organisation.save()
    changed = visitor.get(DIRECTORY, headers={"If-None-Match": etag})

    assert (unchanged.status_code, changed.status_code) == (304, 200)
    assert "Център Динамика – Русе" in changed.content.decode()
    assert changed["ETag"] != etag


def test_etag_of_one_page_does_not_answer_304_for_another(visitor):
    etag = visitor.get(DIRECTORY)["ETag"]

    assert visitor.get("/bg/measures/", headers={"If-None-Match": etag}).status_code == 200


def test_workspace_edit_shows_on_the_next_public_request(visitor, coordinator_client):
    organisation = OrganisationFactory(name_bg="Старо име")
    visitor.get(DIRECTORY)

    coordinator_client.post(
        reverse("partners:manage_organisation_edit", args=[organisation.pk]),
        form_data(organisation, name_bg="Ново име"),
    )

    assert "Ново име" in visitor.get(DIRECTORY).content.decode()


def test_contact_made_public_shows_on_the_partner_page(visitor):
    contact = ContactPersonFactory(name="Мария Петрова", is_public=False)
    path = f"/bg/partners/{contact.organisation.slug}/"
    visitor.get(path)

    contact.is_public = True
    contact.consent_on = timezone.localdate()
    contact.save()

    assert "Мария Петрова" in visitor.get(path).content.decode()


def test_support_area_linked_shows_in_the_directory(visitor):
    organisation = OrganisationFactory()
    path = DIRECTORY + "?support=employment"
    visitor.get(path)

    organisation.services.add(support_area("employment"))

    assert organisation.name_bg in visitor.get(path).content.decode()


def test_import_shows_on_the_next_public_request(visitor, coordinator_client):
    visitor.get(DIRECTORY)
    run = checked_run(coordinator_client, csv_file([HEADERS, *GOOD_ROWS]))

    apply(coordinator_client, run)

    assert "Сдружение „НАЯ“" in visitor.get(DIRECTORY).content.decode()


def test_restore_shows_on_the_next_public_request(visitor, coordinator_client):
    organisation = OrganisationFactory(name_bg="Център Динамика")
    first_version = version_of(organisation)
    organisation.name_bg = "Грешно име"
    organisation.save()
    visitor.get(DIRECTORY)

    coordinator_client.post(
        reverse("partners:manage_organisation_restore", args=[organisation.pk, first_version])
    )

    assert "Център Динамика" in visitor.get(DIRECTORY).content.decode()


def test_write_outside_any_request_shows_on_the_next_public_request(visitor):
    # What a scheduled job or a management command does: a service call, no request.
    organisation = OrganisationFactory(name_bg="Център Динамика")
    visitor.get(DIRECTORY)

    organisation_archive(organisation=organisation)

    assert "Център Динамика" not in visitor.get(DIRECTORY).content.decode()


def test_bulk_generated_data_shows_on_the_next_public_request(visitor):
    visitor.get(DIRECTORY)

    call_command("generate_data", "--organisations", "3", "--meetings", "0", stdout=io.StringIO())
    response = visitor.get(DIRECTORY)

    assert not served_from_cache(response)
    assert response.context["page_obj"].paginator.count == Organisation.objects.published().count()


def test_version_moves_again_when_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        OrganisationFactory()
        during = public_cache.current_version()

    assert public_cache.current_version() != during


def test_private_record_write_leaves_the_cached_pages(visitor):
    join_request = JoinRequest.objects.create(
        organisation=OrganisationFactory(is_published=False),
        email="ivan@example.org",
        language="bg",
    )
    visitor.get(DIRECTORY)

    join_request.handled_at = timezone.now()
    join_request.save()

    assert served_from_cache(visitor.get(DIRECTORY))


def test_a_request_reads_the_versions_from_the_shared_cache_once(visitor, monkeypatch):
    reads = []
    get_many = public_cache.cache.get_many
    monkeypatch.setattr(
        public_cache.cache, "get_many", lambda keys: reads.append(keys) or get_many(keys)
    )

    visitor.get(DIRECTORY + "?region=ruse")

    assert reads.count([public_cache.VERSION_KEY, public_cache.REFERENCE_KEY]) == 1


def test_a_write_during_a_request_moves_the_version_that_request_reads(
    django_capture_on_commit_callbacks,
):
    # What a request's start and end do to the versions (the signals themselves would also
    # close the test's database connection).
    public_cache._remember()
    try:
        before = public_cache.current_version()
        with django_capture_on_commit_callbacks(execute=True):
            OrganisationFactory()
        after = public_cache.current_version()
    finally:
        public_cache._forget()

    assert after != before
    assert after == public_cache.cache.get(public_cache.VERSION_KEY) + release()


def test_outside_a_request_each_read_sees_another_process_move_the_version():
    before = public_cache.current_version()

    public_cache.cache.set(public_cache.VERSION_KEY, "moved-by-another-process")

    assert before != "moved-by-another-process" + release()
    assert public_cache.current_version() == "moved-by-another-process" + release()


def test_kept_directory_filters_show_each_request_its_own_choice(visitor):
    visitor.get(DIRECTORY, {"region": "ruse", "n": "1"})

    page = visitor.get(DIRECTORY, {"region": "sofia-city", "n": "2"}).content.decode()

    assert re.search(r'<option value="sofia-city" selected>', page)
    assert not re.search(r'<option value="ruse" selected>', page)


def test_kept_directory_filters_show_an_error_only_to_the_request_that_made_it(visitor):
    with_error = visitor.get(DIRECTORY, {"region": "atlantis"}).content.decode()
    without = visitor.get(DIRECTORY, {"region": "ruse"}).content.decode()

    assert 'id="id_region-error"' in with_error
    assert 'id="id_region-error"' not in without


def test_page_kept_by_another_release_of_the_code_is_not_served(visitor, monkeypatch):
    visitor.get(DIRECTORY)

    monkeypatch.setattr(public_cache, "release", lambda: "next-release")

    assert not served_from_cache(visitor.get(DIRECTORY))


def test_release_changes_with_a_template_and_not_with_other_files(tmp_path):
    template = tmp_path / "page.html"
    template.write_text("<p>Hotline</p>")
    before = fingerprint([tmp_path])

    (tmp_path / "notes.md").write_text("not rendered")
    unchanged = fingerprint([tmp_path])
    template.write_text("<p>Hotline, 24/7</p>")

    assert unchanged == before
    assert fingerprint([tmp_path]) != before


def test_release_is_the_same_wherever_the_code_is_installed(tmp_path):
    for host in ("srv", "opt"):
        (tmp_path / host / "templates").mkdir(parents=True)
        (tmp_path / host / "templates" / "page.html").write_text("<p>Hotline</p>")

    assert fingerprint([tmp_path / "srv" / "templates"]) == fingerprint(
        [tmp_path / "opt" / "templates"]
    )
