"""The public site on a phone: Chromium at 390 × 844 px with touch, as most people looking for
help open it. What stays covered once the page scrolls, the quick exit by tap, the menu, the
directory's first result on the first screen, tap targets, and no request that fails."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from protocol_portal.models import SiteSettings
from tests.factories import (
    MeasureFactory,
    MeetingFactory,
    OrganisationFactory,
    ProjectFactory,
    support_area,
)

from .conftest import assert_accessible
from .test_layout import neutral_server  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def phone_context(browser, live_server, **options):
    return browser.new_context(
        viewport=PHONE,
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
        locale="bg-BG",
        base_url=live_server.url,
        **options,
    )


@pytest.fixture
def phone(browser, live_server):
    context = phone_context(browser, live_server)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def public_paths(db):
    """One page of every public kind, with enough partners for a long directory."""
    organisations = OrganisationFactory.create_batch(8)
    for organisation in organisations:
        organisation.services.add(support_area("psychological-support"))
    meeting = MeetingFactory()
    measure = MeasureFactory()
    project = ProjectFactory()
    return [
        "",
        "partners/",
        f"partners/{organisations[0].slug}/",
        "partners/open-data/",
        "measures/",
        f"measures/{measure.slug}/",
        "meetings/",
        f"meetings/{meeting.slug}/",
        "projects/",
        f"projects/{project.slug}/",
        "join/",
        "safety/",
    ]


# The height of the band at the top of the window that fixed or sticky elements cover, probed
# down three columns: what the visitor cannot see of the page, whatever draws it.
COVERED_HEIGHT_JS = """() => {
  const pinned = (element) => {
    for (let node = element; node && node !== document.body; node = node.parentElement) {
      const position = getComputedStyle(node).position;
      if (position === "fixed" || position === "sticky") return true;
    }
    return false;
  };
  let covered = 0;
  for (const x of [5, window.innerWidth / 2, window.innerWidth - 5]) {
    for (let y = 0; y < window.innerHeight; y += 2) {
      if (pinned(document.elementFromPoint(x, y))) covered = Math.max(covered, y + 2);
    }
  }
  return covered;
}"""

# Every control outside running text that is on screen: links and buttons, form fields,
# disclosures. A link inside a sentence (its paragraph or item says more than the link) is
# exempt, as WCAG 2.5.8 allows.
SMALL_TARGETS_JS = """(minimum) => {
  const controls = document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary");
  const small = [];
  for (const control of controls) {
    const box = control.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(control).visibility === "hidden") continue;
    if (control.closest(".visually-hidden, .skip-link")) continue;
    const block = control.parentElement.closest("p, li, dd, td, h1, h2, h3, h4, h5, h6");
    if (control.tagName === "A" && block &&
        block.textContent.trim() !== control.textContent.trim()) continue;
    if (box.width < minimum || box.height < minimum) {
      small.push(`${control.tagName} "${control.textContent.trim().slice(0, 30)}" `
                 + `${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}"""


def scroll_down(page):
    page.mouse.wheel(0, 600)
    page.wait_for_function("window.scrollY > 0")


@pytest.mark.parametrize("language", ["bg", "en"])
def test_public_pages_on_a_phone_have_no_accessibility_violations(
    phone, axe, public_paths, language
):
    for path in public_paths:
        phone.goto(f"/{language}/{path}")
        assert_accessible(axe, phone)


@pytest.mark.parametrize("language", ["bg", "en"])
def test_public_pages_on_a_phone_cover_at_most_64px_once_scrolled(phone, public_paths, language):
    covered = {}
    for path in public_paths:
        phone.goto(f"/{language}/{path}")
        phone.evaluate("window.scrollTo(0, 400)")
        covered[path] = phone.evaluate(COVERED_HEIGHT_JS)

    assert {path: height for path, height in covered.items() if height > 64} == {}


def test_quick_exit_on_a_phone_is_44px_and_on_screen_once_scrolled(phone, public_paths):
    for path in public_paths:
        phone.goto(f"/bg/{path}")
        phone.evaluate("window.scrollTo(0, 400)")
        box = phone.locator("[data-quick-exit-button]").bounding_box()

        assert box["width"] >= 44 and box["height"] >= 44, (path, box)
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (path, box)


def test_safety_strip_on_a_phone_offers_tap_to_call_112_and_the_hotline_once_scrolled(phone):
    phone.goto("/bg/safety/")
    phone.evaluate("window.scrollTo(0, 400)")

    visible_calls = [
        link.get_attribute("href")
        for link in phone.locator("a[href^='tel:']").all()
        if link.is_visible() and 0 <= link.bounding_box()["y"] < 64
    ]

    assert visible_calls == ["tel:112", "tel:080018676"]


def test_safety_bar_on_a_phone_shows_the_hotline_hours_at_the_top(phone):
    phone.goto("/en/")

    hours = phone.locator(".safety-bar__hours")

    assert hours.is_visible()
    assert hours.inner_text() == f"({SiteSettings.load().hotline_hours_en})"


def test_quick_exit_by_tap_leaves_and_back_does_not_return(phone, neutral_server):  # noqa: F811
    settings_row = SiteSettings.load()
    settings_row.quick_exit_url = neutral_server
    settings_row.save()
    phone.goto(neutral_server + "before")
    phone.goto("/bg/partners/")
    scroll_down(phone)

    phone.get_by_role("link", name="Напусни страницата").tap()
    phone.wait_for_url(neutral_server)
    phone.go_back()

    assert phone.url == neutral_server + "before"


def test_shift_hint_is_not_shown_on_a_touch_screen(phone):
    phone.goto("/en/")

    assert phone.get_by_text("or press Shift 3 times").is_hidden()


def test_shift_hint_is_shown_where_a_keyboard_is_likely(page):
    page.goto("/en/")

    assert page.get_by_text("or press Shift 3 times").is_visible()


def test_menu_button_on_a_phone_opens_the_navigation(phone):
    phone.goto("/en/")
    navigation = phone.get_by_role("navigation", name="Main")
    menu = navigation.get_by_role("button", name="Menu")
    assert navigation.get_by_role("link", name="Meetings").is_hidden()

    menu.tap()

    navigation.get_by_role("link", name="Meetings").wait_for()
    assert menu.get_attribute("aria-expanded") == "true"


def test_menu_button_on_a_phone_is_44px(phone):
    phone.goto("/en/")

    box = phone.get_by_role("button", name="Menu").bounding_box()

    assert box["width"] >= 44 and box["height"] >= 44


def test_navigation_on_a_phone_without_javascript_shows_every_link(browser, live_server):
    context = phone_context(browser, live_server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/")

    navigation = page.get_by_role("navigation", name="Main")

    assert navigation.get_by_role("link").filter(visible=True).all_inner_texts() == [
        "Home",
        "Partners",
        "Measures",
        "Meetings",
        "Projects",
        "Join",
        "Log in",
    ]
    assert page.get_by_role("button", name="Menu").is_hidden()
    context.close()


@pytest.mark.parametrize("language", ["bg", "en"])
def test_directory_on_a_phone_shows_the_first_partner_on_the_first_screen(
    phone, public_paths, language
):
    phone.goto(f"/{language}/partners/")

    card = phone.locator(".partner-card").first.bounding_box()

    assert card["y"] + card["height"] <= PHONE["height"]


def test_directory_on_a_phone_with_the_demo_content_shows_a_partner_first(phone):
    """With SCREENSHOTS_DIR set (`make screenshots`) the screen is saved for docs/public-site.md."""
    call_command("load_demo", verbosity=0)
    phone.goto("/bg/partners/")

    card = phone.locator(".partner-card").first.bounding_box()

    assert card["y"] + card["height"] <= PHONE["height"]
    if folder := os.environ.get("SCREENSHOTS_DIR"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(Path(folder) / "phone-directory.png"), scale="css")


def test_directory_on_a_phone_filters_open_without_javascript(browser, live_server, public_paths):
    context = phone_context(browser, live_server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/partners/")

    page.get_by_text("Filters (0 active)").click()
    page.get_by_label("Sector").select_option(value="crisis_centre")
    page.get_by_role("button", name="Show partners").click()

    assert "sector=crisis_centre" in page.url
    assert page.get_by_text("Filters (1 active)").is_visible()
    context.close()


def test_meetings_on_a_phone_show_the_first_meeting_on_the_first_screen(phone):
    MeetingFactory.create_batch(3)
    phone.goto("/en/meetings/")

    first = phone.locator("main article").first.bounding_box()

    assert first["y"] + first["height"] <= PHONE["height"]


@pytest.mark.parametrize("language", ["bg", "en"])
def test_public_pages_on_a_phone_have_no_control_smaller_than_24px(phone, public_paths, language):
    small = {}
    for path in public_paths:
        phone.goto(f"/{language}/{path}")
        if found := phone.evaluate(SMALL_TARGETS_JS, 24):
            small[path] = found

    assert small == {}, small


def test_public_pages_load_without_a_failed_request(phone, public_paths):
    failed = []
    phone.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    for path in public_paths:
        phone.goto(f"/en/{path}")
        phone.wait_for_load_state("networkidle")

    assert failed == []
