"""The layout's parts kept rendered (`base.html`: the safety bar, the visitor's navigation and the
footer, in the kept cache under the public-content version): each page still shows its own
language, its own section and the current site settings."""

import re

import pytest
from django.test import Client

from protocol_portal.models import SiteSettings
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _current_links(html):
    navigation = html.split('class="site-nav__bar"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="([^"]+)" aria-current="page"', navigation)


def test_kept_safety_bar_and_footer_show_a_hotline_changed_after_they_were_kept(client):
    client.get("/bg/measures/")
    settings_row = SiteSettings.load()
    settings_row.hotline_number = "0800 11 222"
    settings_row.save()

    html = client.get("/bg/projects/").content.decode()

    assert html.count("0800 11 222") >= 3  # the bar, its pinned strip on phones, the footer


def test_kept_safety_bar_is_in_the_language_of_each_page(client):
    client.get("/bg/measures/")

    html = client.get("/en/measures/").content.decode()

    assert "Exit this page" in html
    assert "Напусни страницата" not in html


def test_kept_navigation_marks_the_section_of_each_page(client):
    client.get("/bg/partners/")

    html = client.get("/bg/measures/").content.decode()

    assert _current_links(html) == ["/bg/measures/"]


def test_kept_navigation_marks_no_section_on_a_partner_page(client):
    partner = OrganisationFactory(is_published=True)
    client.get("/bg/partners/")

    html = client.get(f"/bg/partners/{partner.slug}/").content.decode()

    assert _current_links(html) == []


def test_signed_in_user_never_gets_the_visitors_kept_navigation(client, coordinator):
    Client().get("/bg/measures/")
    client.force_login(coordinator)

    html = client.get("/bg/measures/").content.decode()

    assert 'action="/bg/accounts/logout/"' in html
    assert "csrfmiddlewaretoken" in html
