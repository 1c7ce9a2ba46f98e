"""Keyboard and screen-reader use (issue 18): journeys made with key presses only, one per role
and language, checking at every move of focus that the focused element shows a ring people can
see (an outline or shadow of at least 3:1 against what is around it) and that no sticky or fixed
element covers it; the quick exit's Shift presses; focus after refused forms and quick actions;
the pickers' clear button and highlighted option."""

from urllib.parse import parse_qs, urlsplit

import pytest

from meetings.models import ActionItem
from partners.models import CommitmentUpdate
from tests.factories import (
    AccessionFactory,
    ActionItemFactory,
    AttendanceFactory,
    CommitmentFactory,
    CoordinatorFactory,
    MeetingFactory,
    OrganisationFactory,
    RepresentativeFactory,
)

from .conftest import CSP_WATCH_JS, assert_accessible, log_in, picker, record
from .test_layout import neutral_server, neutral_site  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_smooth_scrolling(page):
    """Bootstrap scrolls smoothly unless reduced motion is asked for; the checks measure where
    things end up, not where they are halfway."""
    page.emulate_media(reduced_motion="reduce")


# What the focused element looks like: its ring (on a picker, the picker's box), the colour
# behind it, and whether anything sticky or fixed lies over it. Transitions are finished first,
# so the ring is measured as it ends up, not halfway.
FOCUS_JS = """() => {
  document.getAnimations().forEach((animation) => {
    try { animation.finish(); } catch (endless) { /* a spinner */ }
  });
  const focused = document.activeElement;
  if (!focused || focused === document.body || focused.id === "main") {
    return { skip: true };
  }
  const wrapper = focused.closest(".ts-wrapper");
  const box = wrapper ? wrapper.querySelector(".ts-control") : focused;
  const style = getComputedStyle(box);

  function rgba(text) {
    const parts = (text.match(/rgba?\\(([^)]+)\\)/) || [null, "0, 0, 0, 0"])[1]
      .split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  }
  function over(top, under) {
    const a = top.a;
    return { r: top.r * a + under.r * (1 - a), g: top.g * a + under.g * (1 - a),
             b: top.b * a + under.b * (1 - a), a: 1 };
  }
  function background(element) {
    const layers = [];
    for (let node = element; node; node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour.a > 0) { layers.push(colour); }
      if (colour.a === 1) { break; }
    }
    return layers.reduceRight((under, top) => over(top, under), { r: 255, g: 255, b: 255, a: 1 });
  }
  function luminance(c) {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  }
  function contrast(a, b) {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  }
  const around = background(box.parentElement || box);
  const rings = [];
  if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) {
    rings.push(contrast(over(rgba(style.outlineColor), around), around));
  }
  if (style.boxShadow !== "none") {
    for (const shadow of style.boxShadow.split(/,(?![^(]*\\))/)) {
      const lengths = shadow.replace(/rgba?\\([^)]*\\)/, "").trim().split(/\\s+/).map(parseFloat);
      if (!shadow.includes("inset") && lengths.length >= 4 && lengths[3] >= 2) {
        rings.push(contrast(over(rgba(shadow), around), around));
      }
    }
  }
  // What lies on top at a few points of the box: covered if that is part of something sticky or
  // fixed that is not the focused element's own container.
  const rect = box.getBoundingClientRect();
  function pinned(element) {
    for (let node = element; node && node !== document.body; node = node.parentElement) {
      const position = getComputedStyle(node).position;
      if (position === "sticky" || position === "fixed") { return node; }
    }
    return null;
  }
  const covering = [];
  for (const [fx, fy] of [[0.5, 0.5], [0.1, 0.15], [0.9, 0.15], [0.1, 0.85], [0.9, 0.85]]) {
    const top = document.elementFromPoint(rect.left + rect.width * fx, rect.top + rect.height * fy);
    const holder = top && !box.contains(top) && !top.contains(box) ? pinned(top) : null;
    if (holder && !holder.contains(focused)) {
      covering.push(holder.className || holder.tagName);
    }
  }
  const inView = rect.bottom > 0 && rect.top < innerHeight && rect.height > 0;
  const name = (focused.getAttribute("aria-label") || focused.innerText || focused.name ||
                focused.id || focused.tagName).trim().slice(0, 60);
  return { skip: false, name, ring: Math.max(0, ...rings), covering, inView,
           opacity: Number(style.opacity), outline: `${style.outlineStyle} ${style.outlineWidth}`,
           shadow: style.boxShadow };
}"""


def focus_state(page):
    return page.evaluate(FOCUS_JS)


def assert_focus_visible(page):
    """The focused element has a ring of at least 3:1 and nothing sticky or fixed over it."""
    state = focus_state(page)
    if state["skip"]:
        return state
    assert state["ring"] >= 3, f"no visible focus ring on {state['name']!r}: {state}"
    assert state["opacity"] > 0, f"{state['name']!r} is invisible"
    assert state["inView"], f"{state['name']!r} is out of the window"
    assert state["covering"] == [], f"{state['name']!r} is covered by {state['covering']}"
    return state


def press(page, key, times=1):
    """Press `key`, checking the focus after each press."""
    for _ in range(times):
        page.keyboard.press(key)
        assert_focus_visible(page)


def tab_to(page, test, key="Tab", limit=80):
    """Tab (or Shift+Tab) until the focused element passes `test` (a JavaScript function of the
    element), checking the focus at each step."""
    for _ in range(limit):
        page.keyboard.press(key)
        assert_focus_visible(page)
        if page.evaluate(f"({test})(document.activeElement)"):
            return
    raise AssertionError(f"{key} never reached {test}")


def focused(page, expression="(element) => element.outerHTML.slice(0, 80)"):
    return page.evaluate(f"({expression})(document.activeElement)")


def search(page, typed):
    """Type into the focused picker and wait for the server's answer to all of it, and for the
    option the arrows and Enter act on."""
    with page.expect_response(
        lambda response: parse_qs(urlsplit(response.url).query).get("q") == [typed]
    ):
        page.keyboard.type(typed, delay=20)
    page.locator(".ts-dropdown .option.active").first.wait_for()


def watch(page):
    console = []
    page.on("console", lambda message: record(console, message))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    page.add_init_script(CSP_WATCH_JS)
    return console


def clean(page, console):
    assert page.evaluate("window.cspViolations") == []
    assert console == []


# --- Journeys, one per role and language -------------------------------------------------------


RESULT = "(element) => element.closest('main') && /Динамика|Dinamika/.test(element.innerText)"
SAVE = "(element) => element.type === 'submit' && !element.closest('fieldset')"


@pytest.mark.parametrize("language", ["bg", "en"])
def test_visitor_finds_a_partner_in_the_directory_with_the_keyboard_alone(
    page, axe, language, requests_seen
):
    OrganisationFactory.create_batch(12)
    OrganisationFactory(name_bg="Сдружение „Динамика“", name_en="Dinamika Association")
    console = watch(page)
    page.goto(f"/{language}/partners/")

    press(page, "Tab")
    assert focused(page, "(element) => element.className") == "skip-link"
    tab_to(page, "(element) => element.matches('[data-quick-exit-button]')")
    tab_to(page, "(element) => element.name === 'q'")
    page.keyboard.type("Динамика")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "(element) => element.name === 'q'")
    # On to the first result after the filters, and back to the search field.
    tab_to(page, RESULT)
    tab_to(page, "(element) => element.name === 'q'", key="Shift+Tab")
    tab_to(page, RESULT)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.locator("h1").inner_text() in {"Сдружение „Динамика“", "Dinamika Association"}
    press(page, "Tab", times=6)
    assert_accessible(axe, page)
    clean(page, console)
    assert requests_seen.foreign == []


@pytest.mark.parametrize("language", ["bg", "en"])
def test_coordinator_logs_in_records_a_meeting_and_marks_an_item_done_with_the_keyboard_alone(
    page, axe, language
):
    coordinator = CoordinatorFactory(username="koordinator")
    OrganisationFactory.create_batch(5)
    dinamika = OrganisationFactory(name_bg="Сдружение „Динамика“", short_name_bg="СД")
    meeting = MeetingFactory(title_bg="Среща на партньорите", title_en="Partners' meeting")
    console = watch(page)

    page.goto(f"/{language}/accounts/login/?next=/{language}/meetings/manage/{meeting.pk}/edit/")
    tab_to(page, "(element) => element.name === 'username'")
    page.keyboard.type(coordinator.username)
    press(page, "Tab")
    page.keyboard.type("a-long-test-password")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/meetings/manage/{meeting.pk}/edit/")

    # Every control of the long form, forwards and then backwards, stays in sight.
    tab_to(page, "(element) => element.id === 'id_attendances-0-organisation-ts-control'")
    search(page, "динам")
    page.keyboard.press("Enter")
    # Only the picker holding a choice has a clear button: a real button, pressed here with Enter
    # in one language and Space in the other; focus goes back to the emptied picker.
    assert page.locator(".picker-clear:visible").count() == 1
    press(page, "Tab")
    assert focused(page, "(element) => element.className") == "btn btn-link btn-sm picker-clear"
    page.keyboard.press("Enter" if language == "bg" else "Space")
    assert focused(page, "(element) => element.id") == "id_attendances-0-organisation-ts-control"
    assert page.locator("select[name='attendances-0-organisation']").input_value() == ""
    search(page, "динам")
    page.keyboard.press("Enter")
    assert_focus_visible(page)
    tab_to(page, "(element) => element.name === 'attendances-0-people'")
    page.keyboard.type("3")
    tab_to(page, "(element) => element.name === 'actions-0-text_bg'")
    page.keyboard.type("Да изпрати отчета")
    tab_to(page, SAVE)
    tab_to(page, "(element) => element.name === 'kind'", key="Shift+Tab", limit=120)
    assert_accessible(axe, page)
    tab_to(page, SAVE, limit=120)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert list(meeting.attendances.values_list("organisation", "people")) == [(dinamika.pk, 3)]
    item = ActionItem.objects.get(meeting=meeting)
    tab_to(page, "(element) => element.closest('form[action$=\"/done/\"]')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE
    assert focused(page, "(element) => element.id") == f"action-item-{item.pk}"
    assert_focus_visible(page)
    assert_accessible(axe, page)
    clean(page, console)


@pytest.mark.parametrize("language", ["bg", "en"])
def test_representative_marks_an_item_done_and_reports_progress_with_the_keyboard_alone(
    page, axe, language, live_server
):
    organisation = OrganisationFactory()
    representative = RepresentativeFactory(organisation=organisation).user
    meeting = MeetingFactory()
    AttendanceFactory(meeting=meeting, organisation=organisation)
    item = ActionItemFactory(meeting=meeting, responsible=organisation)
    accession = AccessionFactory(organisation=organisation)
    commitment = CommitmentFactory(accession=accession)
    log_in(page, live_server, representative)
    console = watch(page)

    page.goto(f"/{language}/meetings/manage/{meeting.pk}/")
    tab_to(page, "(element) => element.closest('form[action$=\"/done/\"]')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert focused(page, "(element) => element.id") == f"action-item-{item.pk}"
    assert_focus_visible(page)

    page.goto(f"/{language}/manage/accessions/{accession.pk}/")
    tab_to(page, "(element) => element.tagName === 'SUMMARY'")
    page.keyboard.press("Enter")
    # A negative amount is refused, and focus is on what went wrong.
    tab_to(page, "(element) => element.name && element.name.endsWith('-amount')")
    page.keyboard.press("Control+a")
    page.keyboard.type("-1")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert focused(page, "(element) => element.getAttribute('role')") == "alert"
    assert_focus_visible(page)
    tab_to(page, "(element) => element.name && element.name.endsWith('-amount')")
    page.keyboard.press("Control+a")
    page.keyboard.type("2")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert CommitmentUpdate.objects.filter(commitment=commitment).count() == 1
    assert focused(page, "(element) => element.id") == f"commitment-{commitment.pk}"
    assert_focus_visible(page)
    assert_accessible(axe, page)
    clean(page, console)


# --- The quick exit's Shift ---------------------------------------------------------------------


def status_heard(page):
    return page.locator("[data-quick-exit-status]").text_content()


@pytest.mark.usefixtures("neutral_site")
def test_shift_tab_three_times_neither_arms_nor_announces_the_quick_exit(page):
    page.goto("/en/safety/")
    page.keyboard.press("Tab")

    for _ in range(3):
        page.keyboard.press("Shift+Tab")

    assert page.url.endswith("/en/safety/")
    assert status_heard(page) == ""
    assert page.locator(".quick-exit--armed").count() == 0


@pytest.mark.usefixtures("neutral_site")
def test_typing_capital_letters_neither_arms_nor_announces_the_quick_exit(page):
    page.goto("/bg/partners/")
    page.locator("input[name=q]").focus()

    # Each capital as a Bulgarian keyboard sends it: Shift down, the letter's key, Shift up.
    keys = page.context.new_cdp_session(page)
    for letter in "ЕИК":
        page.keyboard.down("Shift")
        for kind in ("keyDown", "keyUp"):
            keys.send(
                "Input.dispatchKeyEvent",
                {
                    "type": kind,
                    "key": letter,
                    "modifiers": 8,
                    **({"text": letter} if kind == "keyDown" else {}),
                },
            )
        page.keyboard.up("Shift")

    assert page.locator("input[name=q]").input_value() == "ЕИК"
    assert page.url.endswith("/bg/partners/")
    assert status_heard(page) == ""
    assert page.locator(".quick-exit--armed").count() == 0


def test_quick_exit_focused_shows_a_ring_against_the_safety_bar(page):
    page.goto("/bg/")

    page.locator(".safety-bar__link").focus()
    page.keyboard.press("Tab")

    assert focused(page, "(element) => element.hasAttribute('data-quick-exit-button')")
    assert focus_state(page)["ring"] >= 3


def test_login_page_first_tabs_reach_the_skip_link_and_the_quick_exit(page):
    page.goto("/bg/accounts/login/")

    assert focused(page, "(element) => element.tagName") == "BODY"
    reached = []
    for _ in range(6):
        page.keyboard.press("Tab")
        reached.append(focused(page, "(element) => element.className"))

    assert reached[0] == "skip-link"
    assert "btn quick-exit__button" in reached


# --- Refused forms and quick actions ------------------------------------------------------------


def test_refused_meeting_form_puts_focus_on_the_error_summary(page, live_server):
    meeting = MeetingFactory()
    log_in(page, live_server, CoordinatorFactory())
    page.goto(f"/en/meetings/manage/{meeting.pk}/edit/")
    page.fill("[name=title_bg]", "")

    with page.expect_navigation():
        page.locator("[name=title_bg]").press("Enter")

    assert focused(page, "(element) => element.id") == "form-errors"
    assert_focus_visible(page)


def test_error_summary_link_shows_the_field_and_its_label_below_the_safety_bar(page, live_server):
    meeting = MeetingFactory()
    log_in(page, live_server, CoordinatorFactory())
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto(f"/en/meetings/manage/{meeting.pk}/edit/")
    page.fill("[name=ends_at]", "2020-01-01T10:00")
    page.fill("[name=starts_at]", "2020-01-02T10:00")
    with page.expect_navigation():
        page.locator("[name=title_bg]").press("Enter")
    # Autofocus lands a moment after the load; a Tab before it would reach the skip link.
    page.wait_for_function("document.activeElement.id === 'form-errors'")

    page.keyboard.press("Tab")
    link = focused(page, "(element) => element.getAttribute('href')")
    assert link == "#id_ends_at"
    page.keyboard.press("Enter")

    assert focused(page, "(element) => '#' + element.id") == link
    assert_focus_visible(page)
    # The label of the field the link named (focus was checked to be there just above).
    label_top = page.evaluate(
        "(id) => document.querySelector(`label[for='${id}']`).getBoundingClientRect().top",
        link.removeprefix("#"),
    )
    bar_bottom = page.evaluate(
        "document.querySelector('.safety-bar').getBoundingClientRect().bottom"
    )
    assert label_top >= bar_bottom


def test_shift_tab_through_the_meeting_form_never_hides_focus_under_the_safety_bar(
    page, live_server
):
    meeting = MeetingFactory()
    ActionItemFactory(meeting=meeting)
    AttendanceFactory(meeting=meeting)
    log_in(page, live_server, CoordinatorFactory())
    page.set_viewport_size({"width": 1024, "height": 600})
    page.goto(f"/en/meetings/manage/{meeting.pk}/edit/")
    page.locator("main form button[type=submit]").last.focus()

    tab_to(page, "(element) => element.name === 'kind'", key="Shift+Tab", limit=150)


def test_marking_an_action_item_done_returns_focus_to_its_row(page, live_server):
    item = ActionItemFactory()
    log_in(page, live_server, CoordinatorFactory())
    page.goto(f"/en/meetings/manage/{item.meeting_id}/")

    with page.expect_navigation():
        page.locator("form[action$='/done/'] button").press("Enter")

    assert focused(page, "(element) => element.id") == f"action-item-{item.pk}"
    assert_focus_visible(page)


# --- Pickers -----------------------------------------------------------------------------------


def test_picker_highlighted_option_stands_out_from_the_others(page, live_server):
    for number in range(3):
        OrganisationFactory(name_bg=f"Динамика {number}")
    meeting = MeetingFactory()
    log_in(page, live_server, CoordinatorFactory())
    page.goto(f"/en/meetings/manage/{meeting.pk}/edit/")
    wrapper = picker(page, "attendances-0-organisation")
    wrapper.locator("[role=combobox]").focus()
    search(page, "динам")

    colours = page.evaluate(
        """() => [".option.active", ".option:not(.active)"].map((selector) => {
          const option = document.querySelector(".ts-dropdown " + selector);
          return getComputedStyle(option).backgroundColor;
        })"""
    )

    assert colours[0] != colours[1]
    assert colours[0] == "rgb(10, 88, 202)"


def test_picker_list_opening_near_the_bottom_of_the_window_scrolls_into_view(page, live_server):
    for number in range(8):
        OrganisationFactory(name_bg=f"Динамика {number}")
    meeting = MeetingFactory()
    log_in(page, live_server, CoordinatorFactory())
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto(f"/en/meetings/manage/{meeting.pk}/edit/")
    combobox = picker(page, "actions-0-responsible").locator("[role=combobox]")
    combobox.scroll_into_view_if_needed()
    page.evaluate(
        "(element) => window.scrollBy(0, element.getBoundingClientRect().bottom - innerHeight + 4)",
        combobox.element_handle(),
    )
    combobox.focus()
    search(page, "динам")
    dropdown = picker(page, "actions-0-responsible").locator(".ts-dropdown")

    page.wait_for_function(
        "(element) => element.getBoundingClientRect().bottom <= innerHeight",
        arg=dropdown.element_handle(),
    )
