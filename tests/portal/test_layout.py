import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import path

from protocol_portal.models import SiteSettings
from protocol_portal.urls import development_media
from protocol_portal.urls import urlpatterns as portal_urlpatterns

PUBLIC_PAGES = ["/bg/", "/en/", "/bg/safety/", "/en/safety/", "/bg/accounts/login/"]


class _Links(HTMLParser):
    """Collects every address a page would make the browser load or follow."""

    def __init__(self):
        super().__init__()
        self.loaded = []
        self.h1_count = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h1":
            self.h1_count += 1
        if tag in {"script", "img", "iframe", "source", "video", "audio"} and attrs.get("src"):
            self.loaded.append(attrs["src"])
        if tag == "link" and attrs.get("rel") not in {"alternate", "canonical"}:
            self.loaded.append(attrs["href"])


def parse(response):
    parser = _Links()
    parser.feed(response.content.decode())
    return parser


@pytest.mark.django_db
def test_root_opens_the_bulgarian_home_whatever_the_browser_language(client):
    response = client.get("/", headers={"accept-language": "en"})

    assert response.status_code == 302
    assert response["Location"] == "/bg/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "lang", "heading"),
    [
        ("/bg/", "bg", "Териториален протокол за взаимодействие"),
        ("/en/", "en", "Territorial protocol for cooperation against domestic violence"),
    ],
)
def test_home_renders_in_each_language(client, url, lang, heading):
    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert heading in html


@pytest.mark.django_db
def test_language_switcher_keeps_the_current_page_and_query(client):
    html = client.get("/bg/safety/?from=switcher").content.decode()

    assert 'href="/en/safety/?from=switcher" lang="en"' in html
    assert 'href="/bg/safety/?from=switcher" lang="bg" hreflang="bg" aria-current="true"' in html


@pytest.mark.django_db
def test_pages_announce_their_other_language_versions(client):
    html = client.get("/en/safety/").content.decode()

    assert '<link rel="alternate" hreflang="bg" href="http://testserver/bg/safety/">' in html
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/safety/">' in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", [*PUBLIC_PAGES, "/bg/no-such-page/"])
def test_every_public_page_has_quick_exit_emergency_number_and_hotline(client, url):
    html = client.get(url).content.decode()

    assert 'href="/exit/"' in html
    assert "data-quick-exit-button" in html
    assert 'href="tel:112"' in html
    assert 'href="tel:080018676"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", [*PUBLIC_PAGES, "/bg/no-such-page/"])
def test_every_public_page_has_skip_link_landmarks_and_one_heading(client, url):
    response = client.get(url)
    html = response.content.decode()

    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main" tabindex="-1"' in html
    assert '<nav aria-label="' in html
    assert parse(response).h1_count == 1


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_pages_load_nothing_from_another_host(client, url):
    loaded = parse(client.get(url)).loaded

    assert loaded, "the page should load its own stylesheet and script"
    assert all(address.startswith("/static/") for address in loaded), loaded


@pytest.mark.django_db
def test_hotline_follows_the_site_settings(client):
    settings_row = SiteSettings.load()
    settings_row.hotline_number = "0800 11 222"
    settings_row.hotline_hours_en = "Mon–Fri 9:00–17:00"
    settings_row.save()

    html = client.get("/en/").content.decode()

    assert 'href="tel:080011222"' in html
    assert "Mon–Fri 9:00–17:00" in html


@pytest.mark.django_db
def test_quick_exit_route_clears_site_data_and_leaves_for_the_neutral_site(client):
    settings_row = SiteSettings.load()
    settings_row.quick_exit_url = "https://weather.example/"
    settings_row.save()

    response = client.get("/exit/")

    assert response.status_code == 302
    assert response["Location"] == "https://weather.example/"
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_pages_send_a_content_security_policy_of_the_site_only(client):
    response = client.get("/bg/")

    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_templates_have_no_inline_script_or_style():
    from protocol_portal.settings import BASE_DIR

    offenders = []
    for template in (BASE_DIR / "templates").rglob("*.html"):
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=\"|\son[a-z]+=\"", text):
            offenders.append(template.name)
    assert offenders == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "text"),
    [("/bg/no-such-page/", "Страницата не е намерена"), ("/en/no-such-page/", "Page not found")],
)
def test_missing_page_answers_404_with_the_portal_layout_in_its_language(client, url, text):
    response = client.get(url)

    assert response.status_code == 404
    html = response.content.decode()
    assert text in html
    assert "data-quick-exit-button" in html


@login_not_required
def _forbidden(request):
    raise PermissionDenied


@login_not_required
def _broken(request):
    raise RuntimeError("deliberate failure for the test")


urlpatterns = [
    path("forbidden/", _forbidden),
    path("broken/", _broken),
    *portal_urlpatterns,
    # What `make run` (DEBUG) adds.
    *development_media(),
]
# The portal's own error page, as protocol_portal/urls.py names it.
handler500 = "protocol_portal.views.server_error"


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_forbidden_page_answers_403_with_the_portal_layout(client):
    response = client.get("/forbidden/", headers={"accept-language": "bg"})

    assert response.status_code == 403
    html = response.content.decode()
    assert "Достъпът е отказан" in html
    assert "data-quick-exit-button" in html


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG_PROPAGATE_EXCEPTIONS=False)
def test_server_error_page_keeps_the_help_banner(client):
    client.raise_request_exception = False

    response = client.get("/broken/", headers={"accept-language": "en"})

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert 'href="tel:112"' in html
    assert 'href="/exit/"' in html


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG_PROPAGATE_EXCEPTIONS=False)
def test_server_error_page_shows_a_hotline_changed_since_the_last_error(client):
    # The error page is made without the context processors: its safety bar is never one kept
    # for another error page (base.html keeps the layout under the public-content version).
    client.raise_request_exception = False
    client.get("/broken/")
    settings_row = SiteSettings.load()
    settings_row.hotline_number = "0800 11 222"
    settings_row.save()

    html = client.get("/broken/").content.decode()

    assert 'href="tel:080011222"' in html


@pytest.mark.django_db
def test_pages_not_marked_public_send_anonymous_visitors_to_login(client):
    response = client.get("/bg/accounts/password_change/")

    assert response.status_code == 302
    assert response["Location"] == "/bg/accounts/login/?next=/bg/accounts/password_change/"


@pytest.mark.parametrize("path", ["//evil.example/page", "/\\evil.example/page", "///evil.example"])
@pytest.mark.django_db
def test_language_links_never_lead_to_another_host_whatever_the_path(client, path):
    response = client.get("/", PATH_INFO=path, QUERY_STRING="q=1")

    html = response.content.decode()
    links = re.findall(r'href="([^"]*)"', html)
    assert response.status_code == 404
    # Browsers read a backslash in a link as a slash.
    hosts = {urlsplit(link.replace("\\", "/")).netloc for link in links}
    assert hosts <= {"", "testserver"}
    assert 'hreflang="en"' in html


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_uploaded_logo_is_shown_to_visitors_in_development(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "logos").mkdir()
    (tmp_path / "logos" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")

    response = client.get("/media/logos/logo.png")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG\r\n\x1a\n"
