import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from protocol_portal.models import SiteSettings
from tests.factories import MeasureFactory, MeetingFactory, OrganisationFactory

from .conftest import assert_accessible

NEUTRAL_PAGE = b"<!doctype html><html lang='en'><title>Weather</title><h1>Weather</h1></html>"


class _NeutralPage(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(NEUTRAL_PAGE)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def neutral_server():
    """Another site on another port of 127.0.0.1: nothing leaves the machine."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NeutralPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture
def neutral_site(neutral_server):
    settings_row = SiteSettings.load()
    settings_row.quick_exit_url = neutral_server
    settings_row.save()
    return neutral_server


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/bg/", "/en/", "/bg/safety/", "/en/safety/"])
def test_page_has_no_accessibility_violations(page, axe, path):
    page.goto(path)

    assert_accessible(axe, page)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/bg/", "/en/", "/bg/safety/"])
def test_page_makes_no_request_to_another_host(page, requests_seen, path):
    page.goto(path)
    page.wait_for_load_state("networkidle")

    assert requests_seen.foreign == []


@pytest.mark.django_db(transaction=True)
def test_quick_exit_button_leaves_and_back_does_not_return(page, neutral_site, live_server):
    page.goto(neutral_site + "before")
    page.goto("/bg/")

    page.get_by_role("link", name="Напусни страницата").click()
    page.wait_for_url(neutral_site)
    page.go_back()

    assert page.url == neutral_site + "before"


@pytest.mark.django_db(transaction=True)
def test_quick_exit_by_pressing_shift_three_times(page, neutral_site):
    page.goto(neutral_site + "before")
    page.goto("/en/safety/")

    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    status = page.locator("[data-quick-exit-status]")
    assert status.text_content() == (
        "Shift pressed twice. Press Shift 1 more time to leave this page."
    )
    page.keyboard.press("Shift")
    page.wait_for_url(neutral_site)
    page.go_back()

    assert page.url == neutral_site + "before"


@pytest.mark.django_db(transaction=True)
def test_quick_exit_works_without_javascript(browser, live_server, neutral_site):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto("/bg/")

    page.get_by_role("link", name="Напусни страницата").click()
    page.wait_for_url(neutral_site)

    assert page.title() == "Weather"
    context.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["bg", "en"])
def test_quick_exit_works_on_every_public_page(page, neutral_site, language):
    organisation = OrganisationFactory()
    meeting = MeetingFactory()
    measure = MeasureFactory()
    paths = [
        "",
        "partners/",
        f"partners/{organisation.slug}/",
        "measures/",
        f"measures/{measure.slug}/",
        "meetings/",
        f"meetings/{meeting.slug}/",
        "projects/",
        "join/",
        "safety/",
    ]
    for path in paths:
        page.goto(f"/{language}/{path}")
        page.locator("[data-quick-exit-button]").click()
        page.wait_for_url(neutral_site)
        assert page.title() == "Weather", path


@pytest.mark.django_db(transaction=True)
def test_shift_presses_spread_out_do_not_exit(page, neutral_site):
    page.goto("/en/")

    page.keyboard.press("Shift")
    page.keyboard.press("a")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")

    assert page.url.endswith("/en/")
