"""The pause of one username guessed at from many addresses, the record of every login attempt,
and the account's security page that lists them.

Logins go through the login page, each from the address the test names (`REMOTE_ADDR`). Time
passing is the recorded attempts moved into the past.
"""

import logging
from datetime import timedelta

import pytest
from django.contrib.auth import get_user
from django.db.models import F

from protocol_portal.models import LoginEvent
from tests.factories import LoginEventFactory, UserFactory
from tests.portal.test_layout import parse

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
NEW_PASSWORD = "another-quite-long-passphrase"
PAUSED = "Logging in to this account is paused"
Outcome = LoginEvent.Outcome


@pytest.fixture
def user():
    return UserFactory(username="maria", email="maria@example.org")


def log_in(client, address, *, password=PASSWORD, username="maria", lang="en"):
    return client.post(
        f"/{lang}/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def fail_from_many_addresses(client, times, first=1):
    """Wrong passwords, each from another address: django-axes alone never pauses these."""
    return [
        log_in(client, f"198.51.100.{n}", password="wrong-password").status_code
        for n in range(first, first + times)
    ]


def time_passes(minutes, seconds=0):
    LoginEvent.objects.update(at=F("at") - timedelta(minutes=minutes, seconds=seconds))


# --- The pause of one username ------------------------------------------------------------------


def test_login_pauses_a_username_after_ten_failures_from_many_addresses(client, user):
    assert fail_from_many_addresses(client, 10) == [200] * 10

    response = log_in(client, "203.0.113.9")

    assert response.status_code == 429
    html = response.content.decode()
    assert f"<h1>{PAUSED}</h1>" in html
    assert "Please wait 1 minute and try again." in html
    assert 'href="/en/accounts/password_reset/"' in html
    assert get_user(client).is_authenticated is False


def test_login_pause_is_in_bulgarian_on_bulgarian_pages(client, user):
    fail_from_many_addresses(client, 10)

    response = log_in(client, "203.0.113.9", lang="bg")

    assert response.status_code == 429
    html = response.content.decode()
    assert "<h1>Влизането в този профил е спряно временно</h1>" in html
    assert "Моля, изчакайте 1 минута и опитайте отново." in html


def test_login_pause_ends_after_its_wait(client, user):
    fail_from_many_addresses(client, 10)
    time_passes(minutes=1, seconds=1)

    response = log_in(client, "203.0.113.9")

    assert response["Location"] == "/en/"
    assert get_user(client) == user


def test_login_pause_doubles_with_each_further_failure(client, user):
    fail_from_many_addresses(client, 10)
    time_passes(minutes=1, seconds=1)
    fail_from_many_addresses(client, 1, first=11)

    response = log_in(client, "203.0.113.9")

    assert response.status_code == 429
    assert "Please wait 2 minutes and try again." in response.content.decode()


def test_login_pause_is_at_most_fifteen_minutes(client, user):
    LoginEventFactory.create_batch(30, user=user)

    response = log_in(client, "203.0.113.9")

    assert "Please wait 15 minutes and try again." in response.content.decode()


def test_login_pause_after_a_burst_of_parallel_guesses_is_fifteen_minutes_not_an_error(
    client, user
):
    # Guesses sent at the same moment from many addresses all pass before any is recorded.
    LoginEventFactory.create_batch(80, user=user)

    response = log_in(client, "203.0.113.9")

    assert response.status_code == 429
    assert "Please wait 15 minutes and try again." in response.content.decode()


def test_login_pause_counts_only_the_last_hour(client, user):
    LoginEventFactory.create_batch(30, user=user, at=LoginEvent().at - timedelta(minutes=61))

    response = log_in(client, "203.0.113.9")

    assert response["Location"] == "/en/"


def test_login_refused_during_the_pause_does_not_lengthen_it(client, user):
    fail_from_many_addresses(client, 10)
    for n in range(20):
        log_in(client, f"203.0.113.{n}", password="wrong-password")
    time_passes(minutes=1, seconds=1)

    response = log_in(client, "203.0.113.99")

    assert response["Location"] == "/en/"


def test_login_pause_does_not_stop_the_user_from_an_address_they_logged_in_from(client, user):
    log_in(client, "192.0.2.50")
    client.post("/en/accounts/logout/")
    fail_from_many_addresses(client, 12)

    response = log_in(client, "192.0.2.50")

    assert response["Location"] == "/en/"
    assert get_user(client) == user


def test_login_pause_applies_to_an_address_the_user_logged_in_from_long_ago(client, user):
    LoginEventFactory(user=user, ip_address="192.0.2.50", outcome=Outcome.SUCCEEDED)
    time_passes(minutes=31 * 24 * 60)
    fail_from_many_addresses(client, 10)

    response = log_in(client, "192.0.2.50")

    assert response.status_code == 429


def test_password_reset_by_email_lifts_the_pause_of_the_username(client, user, mailoutbox):
    fail_from_many_addresses(client, 12)
    client.post("/en/accounts/password_reset/", {"email": "maria@example.org"})
    link = mailoutbox[0].body.split("http://testserver", 1)[1].split()[0]
    set_password = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_password, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = log_in(client, "203.0.113.9", password=NEW_PASSWORD)

    assert response["Location"] == "/en/"
    assert get_user(client) == user


def test_login_pause_is_for_one_username_only(client, user):
    UserFactory(username="ivan")
    fail_from_many_addresses(client, 10)

    response = log_in(client, "203.0.113.9", username="ivan")

    assert response["Location"] == "/en/"


def test_login_pause_applies_to_usernames_without_an_account_alike(client):
    for n in range(10):
        log_in(client, f"198.51.100.{n}", username="nobody", password="wrong-password")

    response = log_in(client, "203.0.113.9", username="nobody")

    assert response.status_code == 429


def test_admin_login_goes_through_the_portal_login(client):
    response = client.get("/admin/login/?next=/admin/partners/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=%2Fadmin%2Fpartners%2F"


def test_admin_login_refuses_a_password_posted_to_it(client, user):
    user.is_staff = True
    user.save()

    client.post("/admin/login/", {"username": "maria", "password": PASSWORD})

    assert get_user(client).is_authenticated is False


# --- The record and the log of every attempt ---------------------------------------------------


def test_login_records_each_attempt_with_its_address_and_outcome(client, user):
    log_in(client, "198.51.100.7", password="wrong-password")
    log_in(client, "198.51.100.8")

    events = LoginEvent.objects.order_by("pk").values_list("user", "ip_address", "outcome")
    assert list(events) == [
        (user.pk, "198.51.100.7", Outcome.FAILED),
        (user.pk, "198.51.100.8", Outcome.SUCCEEDED),
    ]


def test_login_refused_by_the_pause_is_recorded_as_refused(client, user):
    fail_from_many_addresses(client, 10)

    log_in(client, "203.0.113.9")

    assert LoginEvent.objects.order_by("pk").last().outcome == Outcome.REFUSED


def test_login_refused_by_the_address_lockout_is_recorded_as_refused(client, user):
    for _ in range(5):
        log_in(client, "198.51.100.7", password="wrong-password")

    log_in(client, "198.51.100.7")

    outcomes = list(LoginEvent.objects.order_by("pk").values_list("outcome", flat=True))
    assert outcomes == [Outcome.FAILED] * 5 + [Outcome.REFUSED]


def test_login_logs_failures_and_successes_without_the_password(client, user, caplog):
    caplog.set_level(logging.INFO, logger="protocol_portal.accounts")

    log_in(client, "198.51.100.7", password="wrong-password")
    log_in(client, "198.51.100.8")

    lines = [r.getMessage() for r in caplog.records if r.name == "protocol_portal.accounts"]
    assert lines == [
        "login failed: username='maria' address=198.51.100.7",
        "login succeeded: username='maria' address=198.51.100.8",
    ]
    assert "wrong-password" not in caplog.text
    assert PASSWORD not in caplog.text


def test_login_events_older_than_ninety_days_are_deleted(client, user):
    LoginEventFactory(user=user)
    time_passes(minutes=91 * 24 * 60)

    log_in(client, "198.51.100.8")

    assert list(LoginEvent.objects.values_list("outcome", flat=True)) == [Outcome.SUCCEEDED]


# --- The account's security page ---------------------------------------------------------------


def test_security_page_lists_the_accounts_own_sign_ins(client, user):
    LoginEventFactory(ip_address="203.0.113.66", outcome=Outcome.SUCCEEDED)
    log_in(client, "198.51.100.7", password="wrong-password")
    log_in(client, "198.51.100.8")

    response = client.get("/en/accounts/security/")

    rows = [(event.ip_address, event.get_outcome_display()) for event in response.context["events"]]
    assert rows == [("198.51.100.8", "Logged in"), ("198.51.100.7", "Wrong password")]
    html = response.content.decode()
    assert "<td>198.51.100.7</td>" in html
    assert "203.0.113.66" not in html


def test_security_page_shows_the_latest_twenty(client, user):
    LoginEventFactory.create_batch(25, user=user)
    client.force_login(user)

    response = client.get("/en/accounts/security/")

    assert len(response.context["events"]) == 20


def test_security_page_is_in_bulgarian(client, user):
    client.force_login(user)

    response = client.get("/bg/accounts/security/")

    html = response.content.decode()
    assert parse(response).h1_count == 1

    assert "<h1>Сигурност на профила</h1>" in html
    assert "<td>Успешно влизане</td>" in html


def test_security_page_asks_visitors_to_log_in(client):
    response = client.get("/en/accounts/security/")

    assert response["Location"] == "/en/accounts/login/?next=/en/accounts/security/"


@pytest.mark.parametrize("count", [1, 25])
def test_security_page_query_count_does_not_grow_with_sign_ins(
    coordinator_client, coordinator, django_assert_num_queries, count
):
    LoginEventFactory.create_batch(count, user=coordinator)

    with django_assert_num_queries(6):
        response = coordinator_client.get("/en/accounts/security/")

    assert response.status_code == 200
