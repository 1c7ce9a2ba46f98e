"""Issue 14's walk, in Bulgarian and without one admin page: an organisation asks to join
through the public form; the coordinator, led by the notice email, finds it in the join requests
queue, accepts it as a member, invites its contact and records its accession; the invitee sets
a password with the emailed link, is logged in, and reports progress on the commitment. axe
checks every new page.

With SCREENSHOTS_DIR set (`make screenshots`), the pages are saved for docs/coordinators.md.
"""

import re

import pytest
from django.core import mail
from django.utils import timezone

from partners.models import CommitmentUpdate, JoinRequest, Organisation
from tests.factories import CoordinatorFactory, ProtocolFactory

from .conftest import assert_accessible
from .test_coordinator_day import snapshot

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"
NEW_PASSWORD = "зелена-ябълка-на-прозореца"


def path_of(link):
    """The path of an absolute link in an email (PORTAL_URL is not the live server)."""
    return re.sub(r"^https?://[^/]+", "", link)


def link_in(message, marker):
    return path_of(next(word for word in message.body.split() if marker in word))


def submit(page, form):
    page.locator(f"{form} button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")


def test_join_request_becomes_a_representative_reporting_progress(page, axe, requests_seen):
    CoordinatorFactory(username="koordinator", email="koordinator@example.org")
    protocol = ProtocolFactory(name_bg="Протокол Русе")
    visited = []
    page.on("request", lambda request: visited.append(request.url))

    # A visitor sends the public join form.
    page.goto("/bg/join/")
    page.fill("[name=organisation_name]", "Фирма „Зора“ ООД")
    page.select_option("[name=sector]", "business")
    page.fill("[name=contact_name]", "Мария Иванова")
    page.fill("[name=email]", "maria@example.org")
    page.fill("[name=message]", "Можем да предложим две работни места.")
    page.check("[name=consent]")
    submit(page, "form.join-form")
    join_request = JoinRequest.objects.get()

    # The coordinator logs in and follows the notice's link to the queue.
    notice = mail.outbox[0]
    assert notice.to == ["koordinator@example.org"]
    page.goto("/bg/accounts/login/")
    page.fill("[name=username]", "koordinator")
    page.fill("[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    page.goto("/bg/manage/")
    page.get_by_role("link", name="Заявки за присъединяване").click()
    page.wait_for_load_state("networkidle")
    assert "Фирма „Зора“ ООД" in page.content()
    snapshot(page, "join-requests-01-queue")
    assert_accessible(axe, page)
    page.goto(link_in(notice, "/manage/join-requests/"))
    assert page.url.endswith(f"/bg/manage/join-requests/{join_request.pk}/")
    snapshot(page, "join-requests-02-detail")
    assert_accessible(axe, page)

    # Accept it as a member.
    page.check("[name=accept-partnership_status][value=member]")
    submit(page, "form[action$='/accept/']")
    organisation = Organisation.objects.get(name_bg="Фирма „Зора“ ООД")
    assert organisation.partnership_status == "member"
    assert_accessible(axe, page)

    # Invite its contact; the form comes filled in from the request.
    page.get_by_role(
        "link", name="Покана към лицето за контакт да представлява организацията"
    ).click()
    page.wait_for_load_state("networkidle")
    assert page.input_value("[name=email]") == "maria@example.org"
    snapshot(page, "join-requests-03-invitation")
    assert_accessible(axe, page)
    submit(page, "main form[method=post]")
    assert page.url.endswith(f"/bg/manage/organisations/{organisation.pk}/#representatives")
    assert_accessible(axe, page)
    page.goto(f"/bg/manage/organisations/{organisation.pk}/")
    snapshot(page, "join-requests-04-organisation")

    # Record its accession with one commitment.
    page.locator(f"a[href$='?organisation={organisation.pk}']").click()
    page.select_option("[name=protocol]", str(protocol.pk))
    page.select_option("[name=status]", "signed")
    page.fill("[name=signed_on]", timezone.localdate().isoformat())
    page.select_option("[name=commitments-0-support_area]", label="Заетост")
    page.fill("[name=commitments-0-text_bg]", "Две работни места")
    submit(page, "main form[method=post][novalidate]")
    commitment = organisation.accessions.get().commitments.get()

    # The invitee opens the emailed link, logged out, and sets a password.
    page.context.clear_cookies()
    invitation = mail.outbox[-1]
    assert invitation.to == ["maria@example.org"]
    page.goto(link_in(invitation, "/accounts/invitation/"))
    snapshot(page, "join-requests-05-set-password")
    assert_accessible(axe, page)
    page.fill("[name=password1]", NEW_PASSWORD)
    page.fill("[name=password2]", NEW_PASSWORD)
    submit(page, "main form[method=post]")
    assert page.url.endswith("/bg/manage/")
    assert_accessible(axe, page)

    # Logged in as the representative, it reports progress on its commitment.
    page.get_by_role("link", name="Ангажименти").click()
    page.wait_for_load_state("networkidle")
    page.locator(f"main a[href$='/manage/accessions/{commitment.accession_id}/']").first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_text("Добави отчет за напредъка").first.click()
    page.fill(f"[name=update-{commitment.pk}-amount]", "1")
    page.fill(f"[name=update-{commitment.pk}-note]", "Назначихме първата служителка.")
    submit(page, f"form[action$='/commitments/{commitment.pk}/updates/']")
    update = CommitmentUpdate.objects.get()
    assert (update.amount, update.reported_by.email) == (1, "maria@example.org")

    # The link, used once, now gets a page that says so.
    page.goto(link_in(invitation, "/accounts/invitation/"))
    assert "Тази връзка вече не работи" in page.content()
    assert_accessible(axe, page)

    assert [url for url in visited if "/admin/" in url] == []
    assert requests_seen.foreign == []
