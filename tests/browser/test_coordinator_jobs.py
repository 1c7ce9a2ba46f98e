"""The coordinators' everyday jobs without Django admin, in Chromium and in Bulgarian: the
action item tracker and its quick actions, the site settings, cancelling a meeting, deleting or
archiving a record entered by mistake, and the workspace search, by keyboard where it matters.
axe checks every page.

With SCREENSHOTS_DIR set (`make screenshots`), the pages are saved for docs/coordinators.md.
"""

import datetime

import pytest
from django.utils import timezone

from meetings.models import ActionItem, Meeting
from partners.models import Project
from protocol_portal.models import SiteSettings
from tests.factories import (
    ActionItemFactory,
    AttendanceFactory,
    CoordinatorFactory,
    MeetingFactory,
    OrganisationFactory,
    ProjectFactory,
    RepresentativeFactory,
)

from .conftest import assert_accessible, log_in, pick
from .test_coordinator_day import snapshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def coordinator_page(page, live_server):
    log_in(page, live_server, CoordinatorFactory())
    return page


def test_tracker_carries_an_item_over_to_a_later_meeting(coordinator_page, axe):
    page = coordinator_page
    organisation = OrganisationFactory(name_bg="Русенска търговска компания")
    first = MeetingFactory(title_bg="Обучение в РТИК", starts_at=timezone.now())
    later = MeetingFactory(
        title_bg="Работна група", starts_at=timezone.now() + datetime.timedelta(days=20)
    )
    item = ActionItemFactory(
        meeting=first,
        responsible=organisation,
        text_bg="Да осигури достъп до платформата",
        due_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    ActionItemFactory(meeting=first, text_bg="Да изпрати материалите")

    page.goto("/bg/meetings/manage/actions/?overdue=on")
    snapshot(page, "action-items")
    assert_accessible(axe, page)
    page.locator(f"#action-item-{item.pk} a[href*='/carry-over/']").click()
    assert_accessible(axe, page)
    pick(page, "meeting", "Работна", "Работна група")
    page.get_by_role("button", name="Запази").click()
    page.wait_for_load_state("networkidle")

    assert page.url.endswith(f"#action-item-{item.pk}")
    assert later.action_items.get().carried_over_from_id == item.pk
    page.goto(f"/bg/meetings/manage/{later.pk}/")
    assert "Обучение в РТИК" in page.locator("[data-chain]").inner_text()
    assert_accessible(axe, page)


def test_item_closed_as_not_done_from_its_page(coordinator_page, axe):
    page = coordinator_page
    item = ActionItemFactory(text_bg="Да подготви обучение")

    page.goto(f"/bg/meetings/manage/actions/{item.pk}/not-done/")
    assert_accessible(axe, page)
    page.select_option("[name=reason]", "not_undertaken")
    page.fill("[name=note]", "Отложено за следващата година")
    page.get_by_role("button", name="Запази").click()
    page.wait_for_load_state("networkidle")

    item.refresh_from_db()
    assert (item.status, item.note) == (ActionItem.Status.NOT_DONE, "Отложено за следващата година")


def test_site_settings_warn_before_the_quick_exit_leads_back_to_the_portal(
    coordinator_page, axe, live_server
):
    page = coordinator_page
    page.goto("/bg/manage/site-settings/1/")
    snapshot(page, "site-settings")
    assert_accessible(axe, page)

    page.fill("[name=quick_exit_url]", "https://localhost/partners/")
    page.get_by_role("button", name="Запази").click()
    page.wait_for_load_state("networkidle")

    assert page.locator("[name=confirm_own_site]").is_visible()
    assert_accessible(axe, page)
    assert SiteSettings.load().quick_exit_url == "https://www.sinoptik.bg/"


def test_meeting_is_cancelled_after_a_confirmation(coordinator_page, axe):
    page = coordinator_page
    meeting = MeetingFactory(title_bg="Среща с УМБАЛ Канев")

    page.goto(f"/bg/meetings/manage/{meeting.pk}/")
    page.get_by_role("link", name="Отмяна на срещата").click()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Отмяна на срещата").click()
    page.wait_for_load_state("networkidle")

    assert page.locator("[data-cancelled]").first.is_visible()
    assert Meeting.objects.get(pk=meeting.pk).cancelled_at is not None
    assert_accessible(axe, page)


def test_project_entered_by_mistake_is_deleted_after_seeing_what_goes(coordinator_page, axe):
    page = coordinator_page
    project = ProjectFactory(name="ГРЕШКА")

    page.goto(f"/bg/manage/projects/{project.pk}/")
    page.get_by_role("link", name="Изтриване или архивиране").click()
    snapshot(page, "remove")
    assert_accessible(axe, page)
    page.get_by_role("button", name="Изтриване").click()
    page.wait_for_load_state("networkidle")

    assert Project.objects.filter(pk=project.pk).exists() is False
    assert_accessible(axe, page)


def test_project_referred_to_is_archived_instead(coordinator_page, axe):
    page = coordinator_page
    project = ProjectFactory(name="WEGO9")
    MeetingFactory(project=project)

    page.goto(f"/bg/manage/projects/{project.pk}/delete/")
    assert_accessible(axe, page)
    page.get_by_role("button", name="Архивирай").click()
    page.wait_for_load_state("networkidle")

    assert page.locator("[data-archived]").is_visible()


def test_workspace_search_by_keyboard_finds_a_name_typed_in_latin(coordinator_page, axe):
    page = coordinator_page
    OrganisationFactory(name_bg="Център Динамика")
    MeetingFactory(title_bg="Среща в Динамика")
    page.goto("/bg/manage/")

    page.locator("#workspace-search").focus()
    page.keyboard.type("dinamika")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")

    snapshot(page, "workspace-search")
    assert_accessible(axe, page)
    assert page.locator("main h2").all_inner_texts() == ["Организации", "Срещи"]


def test_representative_marks_its_item_done_with_a_note_from_the_tracker(page, live_server, axe):
    representative = RepresentativeFactory()
    meeting = MeetingFactory(title_bg="Среща с КНСБ")
    AttendanceFactory(meeting=meeting, organisation=representative.organisation)
    item = ActionItemFactory(
        meeting=meeting, responsible=representative.organisation, text_bg="Да консултира"
    )
    ActionItemFactory(meeting=meeting, text_bg="Чужда задача")
    log_in(page, live_server, representative.user)

    page.goto("/bg/meetings/manage/actions/")
    assert_accessible(axe, page)
    assert "Чужда задача" not in page.locator("main").inner_text()
    page.locator(f"#action-item-{item.pk} a[href*='/done/']").click()
    assert_accessible(axe, page)
    page.fill("[name=note]", "Консултирани 5 жени")
    page.get_by_role("button", name="Запази").press("Enter")
    page.wait_for_load_state("networkidle")

    item.refresh_from_db()
    assert (item.status, item.note) == (ActionItem.Status.DONE, "Консултирани 5 жени")
    assert page.url.endswith(f"/bg/meetings/manage/actions/#action-item-{item.pk}")
