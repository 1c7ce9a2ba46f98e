"""Reminders in Chromium, in Bulgarian: a representative chooses their reminders, a coordinator
reads the log of what was sent, and someone follows the unsubscribe link of an email without
logging in. axe checks every page; nothing is loaded from another host.

With SCREENSHOTS_DIR set (`make screenshots`), the log is saved for docs/coordinators.md.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from reminders.models import ReminderSettings
from reminders.tokens import unsubscribe_token
from tests.factories import (
    AccessionFactory,
    ActionItemFactory,
    CoordinatorFactory,
    OrganisationFactory,
    RepresentativeFactory,
)

from .conftest import assert_accessible, log_in
from .test_coordinator_day import snapshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def days(number):
    return timezone.localdate() + datetime.timedelta(days=number)


@pytest.fixture
def sent(db):
    organisation = OrganisationFactory(name_bg="Сдружение „Подкрепа“")
    representative = RepresentativeFactory(organisation=organisation).user
    coordinator = CoordinatorFactory()
    AccessionFactory(organisation=organisation, valid_until=days(20))
    ActionItemFactory(responsible=organisation, due_on=days(-5), text_bg="Доклад за наемите")
    call_command("run_duties", "--now", stdout=io.StringIO())
    return {"coordinator": coordinator, "representative": representative}


def test_coordinator_reads_the_log_of_reminders_sent(page, live_server, axe, requests_seen, sent):
    log_in(page, live_server, sent["coordinator"])

    page.goto(f"{live_server.url}/bg/manage/reminders/")

    main = page.locator("main")
    assert main.get_by_text("Доклад за наемите").first.is_visible()
    page.select_option("#reminder-kind", "accession_ending")
    page.locator("main form:has(#reminder-kind) button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert main.get_by_text("Доклад за наемите").count() == 0
    assert_accessible(axe, page)
    snapshot(page, "08-reminders")
    assert requests_seen.foreign == []


def test_representative_chooses_a_digest_with_the_keyboard(page, live_server, axe, sent):
    user = sent["representative"]
    log_in(page, live_server, user)
    page.goto(f"{live_server.url}/bg/manage/reminders/settings/")
    assert_accessible(axe, page)

    page.get_by_label("Едно обобщено писмо на ден").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Запази").press("Enter")
    page.wait_for_load_state("networkidle")

    assert page.locator(".alert-success").is_visible()
    assert ReminderSettings.objects.get(user=user).delivery == "digest"


def test_unsubscribe_link_works_without_logging_in(page, live_server, axe, sent):
    token = unsubscribe_token(sent["representative"].pk, "action_item_overdue")

    page.goto(f"{live_server.url}/bg/reminders/unsubscribe/{token}/")
    assert_accessible(axe, page)
    page.get_by_role("button", name="Спрете тези напомняния").click()

    assert page.get_by_text("Напомнянията са спрени").first.is_visible()
    assert_accessible(axe, page)
    settings = ReminderSettings.objects.get(user=sent["representative"])
    assert settings.kinds_off == ["action_item_overdue"]
