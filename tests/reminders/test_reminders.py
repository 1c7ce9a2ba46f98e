"""Reminders by email: each kind to the right people once, in their language, with a way out;
the daily duty that expires accessions; the settings and the log in the workspace."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from partners.models import Accession, Commitment
from partners.services import EXPIRED_BY_DUTY
from reminders.delivery import DeliveryFailed, deliver_pending
from reminders.models import Reminder, ReminderSettings
from reminders.tokens import unsubscribe_token
from reminders.writing import write_reminders
from tests.factories import (
    AccessionFactory,
    ActionItemFactory,
    AttendanceFactory,
    CommitmentFactory,
    CoordinatorFactory,
    MeetingFactory,
    OrganisationFactory,
    PilotFactory,
    RepresentativeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def days(number):
    return timezone.localdate() + datetime.timedelta(days=number)


def run_duties():
    call_command("run_duties", "--now", stdout=io.StringIO())


def mails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


@pytest.fixture
def network():
    """A coordinator, an organisation with a representative and one record of each reminder
    kind, and another organisation's representative with nothing due."""
    coordinator = CoordinatorFactory(email="koordinator@example.org")
    organisation = OrganisationFactory(name_bg="Сдружение „Подкрепа“")
    representative = RepresentativeFactory(
        organisation=organisation, user=UserFactory(email="predstavitel@example.org")
    ).user
    RepresentativeFactory(user=UserFactory(email="drug@example.org"))
    accession = AccessionFactory(organisation=organisation, valid_until=days(25))
    commitment = CommitmentFactory(accession=accession, text_bg="Две работни места годишно")
    Commitment.history.filter(id=commitment.pk).update(
        history_date=timezone.now() - datetime.timedelta(days=400)
    )
    meeting = MeetingFactory(
        title_bg="Среща на партньорите", starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    AttendanceFactory(meeting=meeting, organisation=organisation)
    ActionItemFactory(
        meeting=meeting, responsible=organisation, due_on=days(2), text_bg="Списък на курсовете"
    )
    ActionItemFactory(
        meeting=meeting, responsible=organisation, due_on=days(-4), text_bg="Доклад за наемите"
    )
    PilotFactory(starts_on=days(-300), ends_on=days(-10))
    return {"coordinator": coordinator, "representative": representative}


def test_a_representative_gets_one_email_per_reminder_of_their_organisation(network):
    run_duties()

    subjects = sorted(message.subject for message in mails_to("predstavitel@example.org"))
    assert len(subjects) == 5
    assert any("Изтичащи присъединявания" in subject for subject in subjects)
    assert any("Предстоящи срещи" in subject for subject in subjects)
    assert mails_to("drug@example.org") == []


def test_a_coordinator_gets_one_daily_digest_of_every_kind_for_coordinators(network):
    run_duties()

    (digest,) = mails_to("koordinator@example.org")
    body = digest.body
    assert "Сдружение „Подкрепа“" in body
    assert "Списък на курсовете" in body and "Доклад за наемите" in body
    assert "Пилотни прилагания за оценка" in body
    assert "Две работни места годишно" not in body


def test_running_the_duties_twice_sends_nothing_twice(network):
    run_duties()
    first = len(mail.outbox)

    run_duties()

    assert first == 6
    assert len(mail.outbox) == first
    assert Reminder.objects.exclude(status="sent").count() == 0


def test_reminders_come_in_the_language_the_recipient_chose(network):
    ReminderSettings.objects.create(user=network["representative"], language="en")

    run_duties()

    subjects = [message.subject for message in mails_to("predstavitel@example.org")]
    assert any("Accessions ending" in subject for subject in subjects)
    assert all("Протокол" not in subject for subject in subjects)


def test_progress_reminder_links_straight_to_the_progress_form(network):
    run_duties()

    commitment = Commitment.objects.get(text_bg="Две работни места годишно")
    form = reverse(
        "partners:manage_commitment_update_add", args=[commitment.accession_id, commitment.pk]
    )
    (message,) = [
        message
        for message in mails_to("predstavitel@example.org")
        if "Две работни места годишно" in message.body
    ]
    assert f"http://127.0.0.1:8000{form}" in message.body


def test_meeting_reminder_carries_the_meeting_as_a_calendar_file(network):
    run_duties()

    (message,) = [
        message
        for message in mails_to("predstavitel@example.org")
        if "Среща на партньорите" in message.subject
    ]
    (name, content, mime_type) = message.attachments[0]
    assert name.endswith(".ics") and mime_type == "text/calendar"
    assert "SUMMARY:Среща на партньорите" in content


def test_every_reminder_email_has_html_one_click_unsubscribe_and_nothing_from_elsewhere(network):
    run_duties()

    for message in mail.outbox:
        html = message.alternatives[0][0]
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "/reminders/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
        assert "<img" not in html and "<script" not in html
        assert "https://" not in html and "//cdn" not in html


def test_unsubscribe_link_asks_first_and_changes_nothing_on_a_plain_visit(client, network):
    user = network["representative"]
    url = reverse("reminders:unsubscribe", args=[unsubscribe_token(user.pk, "meeting_soon")])

    response = client.get(url)

    assert response.status_code == 200
    assert "Предстоящи срещи" in response.content.decode()
    assert not ReminderSettings.objects.filter(user=user).exists()


def test_one_click_unsubscribe_without_login_stops_that_kind_only(client, network):
    user = network["representative"]
    url = reverse("reminders:unsubscribe", args=[unsubscribe_token(user.pk, "meeting_soon")])

    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    run_duties()

    assert response.status_code == 200
    subjects = [message.subject for message in mails_to("predstavitel@example.org")]
    assert len(subjects) == 4
    assert not any("Среща на партньорите" in subject for subject in subjects)


def test_an_altered_unsubscribe_link_gets_a_clear_page(client, network):
    token = unsubscribe_token(network["representative"].pk, "all")

    response = client.post(reverse("reminders:unsubscribe", args=[token[:-2] + "xx"]))

    assert response.status_code == 400
    assert "Тази връзка не работи" in response.content.decode()


class FailingBackend:
    """A mail server that refuses every message."""

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *args):
        return False

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


def test_a_failed_send_is_kept_waiting_and_sent_on_the_next_attempt(network, settings):
    settings.EMAIL_BACKEND = "tests.reminders.test_reminders.FailingBackend"
    with pytest.raises(Exception):  # noqa: B017 (the job fails, so that it is retried)
        run_duties()
    waiting = Reminder.objects.filter(status="pending")
    assert waiting.count() == Reminder.objects.count() > 0
    assert waiting.first().last_error == "the mail server is down"

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sent, _failed = deliver_pending()

    assert sent == Reminder.objects.count()
    assert len(mail.outbox) == 6


def test_delivery_raises_so_the_job_is_retried(network, settings):
    write_reminders(timezone.localdate())
    settings.EMAIL_BACKEND = "tests.reminders.test_reminders.FailingBackend"

    with pytest.raises(DeliveryFailed):
        deliver_pending()


def test_daily_duty_expires_accessions_past_their_end_with_the_system_in_history():
    accession = AccessionFactory(status="active", valid_until=days(-1))
    current = AccessionFactory(status="active", valid_until=days(0))

    run_duties()
    run_duties()

    accession.refresh_from_db()
    current.refresh_from_db()
    assert (accession.status, current.status) == ("expired", "active")
    latest = accession.history.first()
    assert (latest.history_user, latest.history_change_reason) == (None, EXPIRED_BY_DUTY)
    assert accession.history.filter(status="expired").count() == 1
    assert not Accession.objects.in_force().filter(pk=accession.pk).exists()


def test_representative_chooses_digest_and_turns_a_kind_off(client, network):
    user = network["representative"]
    client.force_login(user)

    response = client.post(
        reverse("reminders:settings"),
        {
            "kinds": ["accession_ending", "action_item_due", "action_item_overdue"],
            "delivery": "digest",
            "language": "bg",
        },
    )
    run_duties()

    assert response.status_code == 302
    (digest,) = mails_to("predstavitel@example.org")
    assert "Списък на курсовете" in digest.body
    assert "Предстоящи срещи" not in digest.body
    assert digest.attachments == []


def test_representative_is_not_offered_pilot_reminders(client, network):
    client.force_login(network["representative"])

    page = client.get(reverse("reminders:settings")).content.decode()

    assert "Пилотни прилагания за оценка" not in page
    assert "Предстоящи срещи" in page


def test_reminder_log_shows_what_was_sent_to_whom(client, network):
    run_duties()
    client.force_login(network["coordinator"])

    page = client.get(reverse("reminders:log"), {"kind": "meeting_soon"}).content.decode()

    assert "predstavitel@example.org" in page
    assert "Среща на партньорите" in page
    assert "Доклад за наемите" not in page


def test_reminder_log_makes_the_same_queries_for_any_number_of_rows(
    client, network, django_assert_max_num_queries
):
    run_duties()
    client.force_login(network["coordinator"])
    client.get(reverse("reminders:log"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("reminders:log"))
    # Read now: the connection keeps its last 9,000 queries, and the run below makes more.
    queries_for_few = len(few.captured_queries)
    for number in range(5):
        ActionItemFactory(due_on=days(-20 - number))
    run_duties()
    client.get(reverse("reminders:log"))

    with django_assert_max_num_queries(queries_for_few):
        client.get(reverse("reminders:log"))


@pytest.mark.parametrize(
    ("who", "url_name", "status"),
    [
        ("anonymous", "reminders:log", 302),
        ("anonymous", "reminders:settings", 302),
        ("nobody", "reminders:log", 403),
        ("nobody", "reminders:settings", 403),
        ("representative", "reminders:log", 403),
        ("representative", "reminders:settings", 200),
        ("coordinator", "reminders:log", 200),
        ("coordinator", "reminders:settings", 200),
    ],
)
def test_reminder_pages_answer_each_role(client, network, who, url_name, status):
    users = {
        "nobody": UserFactory(),
        "representative": network["representative"],
        "coordinator": network["coordinator"],
    }
    if who in users:
        client.force_login(users[who])

    assert client.get(reverse(url_name)).status_code == status


def test_a_reminder_whose_organisation_has_no_representative_goes_to_coordinators_only():
    CoordinatorFactory(email="k@example.org")
    lonely = OrganisationFactory()
    AccessionFactory(organisation=lonely, valid_until=days(5))

    run_duties()

    assert [message.to for message in mail.outbox] == [["k@example.org"]]


def test_a_cancelled_meeting_is_not_announced(network):
    Meeting.objects.filter(title_bg="Среща на партньорите").update(cancelled_at=timezone.now())

    run_duties()

    subjects = [message.subject for message in mails_to("predstavitel@example.org")]
    assert not any("Среща на партньорите" in subject for subject in subjects)
