"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser) against the
live test server. A missing browser fails the run; it is never skipped."""

import importlib
import os
import shutil
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in the test thread; the database calls the tests
# make around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _chromium_path():
    path = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.fail(
            "Debian's chromium is needed for the browser tests: run scripts/ensure-chromium.sh "
            "(or apt-get install chromium), or point CHROMIUM at the browser."
        )
    return path


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium_path(), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class RequestLog:
    """Every request a page makes, to prove that nothing leaves the site."""

    def __init__(self, allowed_origin):
        self.allowed_origin = allowed_origin
        self.foreign = []

    def record(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in {"data", "blob", "about"}:
            return
        if f"{parts.scheme}://{parts.netloc}" != self.allowed_origin:
            self.foreign.append(request.url)


@pytest.fixture
def requests_seen(live_server):
    return RequestLog(live_server.url)


@pytest.fixture
def page(browser, live_server, requests_seen):
    context = browser.new_context(locale="bg-BG", base_url=live_server.url)
    page = context.new_page()
    page.on("request", requests_seen.record)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """Browser tests are transactional: the database is emptied after each, reference data
    included. Load it again the way migration partners/0002 does."""
    from django.apps import apps

    migration = importlib.import_module("partners.migrations.0002_reference_data")
    migration.load_reference_data(apps, schema_editor=None)


@pytest.fixture(scope="session")
def axe():
    return Axe()


def assert_accessible(axe, page):
    """axe-core (bundled with axe-playwright-python, no download) finds no violation.

    Colour transitions still running (a button just clicked fades into its hover colour) are
    finished first: axe would otherwise measure the contrast of a colour halfway, which on a
    loaded machine it sometimes does."""
    page.evaluate(
        "document.getAnimations().forEach((animation) => {"
        "  try { animation.finish(); } catch (endless) { /* an endless spinner */ }"
        "})"
    )
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def picker(page, name):
    """The Tom Select wrapper that stands for the select `name`: combobox and dropdown."""
    return page.locator(f"select[name='{name}'] + .ts-wrapper")


def pick(page, name, typed, option):
    """Choose `option` in the picker of the select `name` the way a keyboard user does: focus
    its combobox, type `typed`, move down to the option and press Enter."""
    wrapper = picker(page, name)
    combobox = wrapper.locator("[role=combobox]")
    combobox.focus()
    combobox.press_sequentially(typed, delay=20)
    wrapper.locator(".ts-dropdown .option", has_text=option).first.wait_for()
    for _ in range(20):
        if option in (wrapper.locator(".ts-dropdown .option.active").all_inner_texts() or [""])[0]:
            break
        combobox.press("ArrowDown")
    combobox.press("Enter")


# Collects the page's Content-Security-Policy violations in window.cspViolations.
CSP_WATCH_JS = """window.cspViolations = [];
document.addEventListener("securitypolicyviolation", event => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});"""


def log_in(page, live_server, user):
    """A session made on the server side, handed to the browser as its cookie."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def record(console, message):
    """Every console message; the site's own icon is served, so even a failed /favicon.ico
    request counts."""
    console.append(f"{message.type}: {message.text}")
