"""The site settings' page in the workspace: the hotline, the quick exit, the notices."""

import pytest
from django.core import mail
from django.urls import reverse

from core.concurrency import version_of
from core.notifications import coordinator_recipients
from protocol_portal.models import SiteSettings
from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db

URL = reverse("manage_site_settings", args=[1])


def form_data(**changes):
    current = SiteSettings.load()
    data = {
        "hotline_name_bg": current.hotline_name_bg,
        "hotline_name_en": current.hotline_name_en,
        "hotline_number": current.hotline_number,
        "hotline_hours_bg": current.hotline_hours_bg,
        "hotline_hours_en": current.hotline_hours_en,
        "quick_exit_url": current.quick_exit_url,
        "notification_email": current.notification_email,
        "version": version_of(current) or "",
    }
    data.update(changes)
    return data


def test_coordinator_changes_the_hotline_and_every_page_shows_it_at_once(
    coordinator_client, client
):
    coordinator_client.post(URL, form_data(hotline_number="0888 123 456"))

    html = client.get("/bg/").content.decode()

    assert "0888 123 456" in html


def test_coordinator_changes_the_hotline_hours_in_both_languages(coordinator_client):
    coordinator_client.post(
        URL, form_data(hotline_hours_bg="от 9 до 17 ч.", hotline_hours_en="9 am to 5 pm")
    )

    settings_row = SiteSettings.load()
    assert (settings_row.hotline_hours_bg, settings_row.hotline_hours_en) == (
        "от 9 до 17 ч.",
        "9 am to 5 pm",
    )


def test_quick_exit_leads_to_the_new_site_once_saved(coordinator_client, client):
    coordinator_client.post(URL, form_data(quick_exit_url="https://www.meteo.bg/"))

    response = client.get(reverse("quick_exit"))

    assert response["Location"] == "https://www.meteo.bg/"


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("http://www.meteo.bg/", "Използвайте адрес, който започва с https://."),
        (
            "https://192.168.1.10/",
            "Използвайте името на сайта, например www.sinoptik.bg, а не числов адрес.",
        ),
        (
            "https://user:secret@www.meteo.bg/",
            "Използвайте простия адрес на сайта, без потребителско име и порт.",
        ),
    ],
    ids=["http", "numeric", "user-name"],
)
def test_quick_exit_to_an_unusual_address_is_refused_next_to_the_field(
    coordinator_client, address, message
):
    before = SiteSettings.load().quick_exit_url

    response = coordinator_client.post(URL, form_data(quick_exit_url=address))

    assert response.context["form"].errors["quick_exit_url"] == [message]
    assert SiteSettings.load().quick_exit_url == before


def test_quick_exit_to_the_portal_itself_is_held_with_a_warning(coordinator_client, settings):
    settings.PORTAL_URL = "https://portal.example.bg"

    response = coordinator_client.post(
        URL, form_data(quick_exit_url="https://portal.example.bg/partners/")
    )

    html = response.content.decode()
    assert "Този адрес е самият портал" in html
    assert 'name="confirm_own_site"' in html
    assert SiteSettings.load().quick_exit_url == "https://www.sinoptik.bg/"


def test_quick_exit_to_the_portal_itself_is_saved_once_confirmed(coordinator_client, settings):
    settings.PORTAL_URL = "https://portal.example.bg"

    coordinator_client.post(
        URL, form_data(quick_exit_url="https://portal.example.bg/", confirm_own_site="on")
    )

    assert SiteSettings.load().quick_exit_url == "https://portal.example.bg/"


def test_site_settings_change_is_kept_in_history_with_who(coordinator_client, coordinator):
    coordinator_client.post(URL, form_data(hotline_number="0888 123 456"))

    latest = SiteSettings.history.latest("history_date")
    assert (latest.hotline_number, latest.history_user) == ("0888 123 456", coordinator)


def test_site_settings_history_page_shows_the_change(coordinator_client):
    coordinator_client.post(URL, form_data(hotline_number="0888 123 456"))

    html = coordinator_client.get(reverse("manage_site_settings_history", args=[1])).content

    assert "0888 123 456" in html.decode()


def test_stale_site_settings_edit_changes_nothing(coordinator_client):
    opened = form_data()
    settings_row = SiteSettings.load()
    settings_row.hotline_number = "0700 1 1 1"
    settings_row.save()

    response = coordinator_client.post(URL, {**opened, "hotline_number": "0888 123 456"})

    assert response.context["conflicts"]
    assert SiteSettings.load().hotline_number == "0700 1 1 1"


def test_site_settings_page_is_for_coordinators_only(own_partner_client):
    assert own_partner_client.get(URL).status_code == 403


def test_join_notices_go_to_the_notification_address_instead_of_each_coordinator(
    coordinator_client,
):
    CoordinatorFactory(email="anna@example.org")
    coordinator_client.post(URL, form_data(notification_email="ekip@dinamika.example"))

    assert coordinator_recipients() == ["ekip@dinamika.example"]


def test_join_notices_go_to_every_coordinator_without_a_notification_address():
    CoordinatorFactory(email="anna@example.org")
    CoordinatorFactory(email="boris@example.org")

    assert coordinator_recipients() == ["anna@example.org", "boris@example.org"]


def test_join_request_is_announced_at_the_notification_address(
    client, django_capture_on_commit_callbacks
):
    settings_row = SiteSettings.load()
    settings_row.notification_email = "ekip@dinamika.example"
    settings_row.save()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/bg/join/",
            {
                "organisation_name": "Фирма „Пример“ ЕООД",
                "sector": "business",
                "contact_name": "Управител",
                "email": "office@example.org",
                "consent": "on",
            },
        )

    assert [message.to for message in mail.outbox] == [["ekip@dinamika.example"]]
