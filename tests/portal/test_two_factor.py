"""The second factor: an authenticator app's code (TOTP) asked after the password, recovery
codes, the setup page, and the setting that requires it of coordinators and admins."""

import re
import time

import pytest
from django.contrib.auth import get_user
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from protocol_portal import services
from protocol_portal.models import LoginEvent
from tests.factories import UserFactory
from tests.portal.test_layout import parse

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


@pytest.fixture
def user():
    return UserFactory(username="maria", email="maria@example.org")


@pytest.fixture
def authenticator(user):
    device, _codes = services.two_factor_enable(
        user=user, key="3132333435363738393031323334353637383930", last_t=-1
    )
    return device


def code_of(device):
    return f"{totp(device.bin_key):06d}"


def log_in(client, lang="en", **extra):
    return client.post(
        f"/{lang}/accounts/login/", {"username": "maria", "password": PASSWORD, **extra}
    )


def verified(client, device):
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


# --- Logging in with the second factor ---------------------------------------------------------


def test_login_with_an_authenticator_asks_for_the_code_after_the_password(
    client, user, authenticator
):
    response = log_in(client)

    assert response["Location"] == "/en/accounts/login/code/"
    assert get_user(client).is_authenticated is False


def test_login_code_logs_the_user_in_and_goes_to_the_next_page(client, user, authenticator):
    log_in(client, next="/en/partners/")

    response = client.post("/en/accounts/login/code/", {"code": code_of(authenticator)})

    assert response["Location"] == "/en/partners/"
    assert get_user(client) == user
    assert client.session[DEVICE_ID_SESSION_KEY] == authenticator.persistent_id
    assert LoginEvent.objects.get().outcome == LoginEvent.Outcome.SUCCEEDED


def test_login_code_that_is_wrong_keeps_the_user_out_with_a_message(client, user, authenticator):
    log_in(client)

    response = client.post("/en/accounts/login/code/", {"code": "000000"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "That code is not right, or it was used already." in html
    assert 'aria-describedby="id_code_helptext id_code_error"' in html
    assert get_user(client).is_authenticated is False
    assert LoginEvent.objects.get().outcome == LoginEvent.Outcome.CODE_FAILED


def test_login_code_page_is_in_bulgarian(client, user, authenticator):
    log_in(client, "bg")

    response = client.get("/bg/accounts/login/code/")

    html = response.content.decode()
    assert "<h1>Код на втория фактор</h1>" in html
    assert parse(response).h1_count == 1


def test_login_code_page_leaves_focus_to_the_skip_link_and_quick_exit(client, user, authenticator):
    log_in(client)

    response = client.get("/en/accounts/login/code/")

    assert "autofocus" not in response.content.decode()


def test_login_recovery_code_works_once(client, user, authenticator):
    code = StaticToken.objects.filter(device__user=user).first().token
    log_in(client)

    assert client.post("/en/accounts/login/code/", {"code": code.upper()})["Location"] == "/en/"
    client.post("/en/accounts/logout/")
    log_in(client)
    response = client.post("/en/accounts/login/code/", {"code": code})

    assert response.status_code == 200
    assert get_user(client).is_authenticated is False


def test_login_code_page_without_the_password_sends_to_the_login(client, user, authenticator):
    response = client.get("/en/accounts/login/code/")

    assert response["Location"] == "/en/accounts/login/"


def test_login_code_must_come_within_five_minutes_of_the_password(client, user, authenticator):
    log_in(client)
    session = client.session
    session["login_pending"]["at"] = time.time() - 301
    session.save()

    response = client.post("/en/accounts/login/code/", {"code": code_of(authenticator)})

    assert response["Location"] == "/en/accounts/login/"
    assert get_user(client).is_authenticated is False


# --- Setting it up -----------------------------------------------------------------------------


def test_two_factor_setup_shows_the_secret_and_a_qr_code_from_our_own_host(client, user):
    client.force_login(user)

    response = client.get("/en/accounts/two-factor/")

    html = response.content.decode()
    secret = re.search(r'<code class="fs-5" id="two-factor-secret">([A-Z2-7 ]+)</code>', html)
    assert secret is not None
    assert '<img class="two-factor-qr" src="/en/accounts/two-factor/qr.svg"' in html
    assert parse(response).h1_count == 1
    qr = client.get("/en/accounts/two-factor/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml"
    assert qr.content.startswith(b"<svg")


def test_two_factor_qr_without_a_setup_is_not_found(client, user):
    client.force_login(user)

    assert client.get("/en/accounts/two-factor/qr.svg").status_code == 404


def setup_key(client):
    client.get("/en/accounts/two-factor/")
    return client.session["two_factor_setup_key"]


def test_two_factor_setup_confirmed_with_a_code_shows_ten_recovery_codes_once(client, user):
    client.force_login(user)
    key = setup_key(client)

    response = client.post("/en/accounts/two-factor/", {"code": f"{totp(bytes.fromhex(key)):06d}"})

    assert response.status_code == 200
    assert len(response.context["codes"]) == 10
    assert "Two-factor login is on for your account." in response.content.decode()
    device = TOTPDevice.objects.get(user=user)
    assert (device.key, device.confirmed) == (key, True)
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_two_factor_setup_with_a_wrong_code_changes_nothing(client, user):
    client.force_login(user)
    setup_key(client)

    response = client.post("/en/accounts/two-factor/", {"code": "12345"})

    assert response.status_code == 200
    assert "That code is not right." in response.content.decode()
    assert TOTPDevice.objects.filter(user=user).exists() is False


def test_recovery_codes_new_replace_the_earlier_ones(client, user, authenticator):
    earlier = set(StaticToken.objects.values_list("token", flat=True))
    client.force_login(user)
    verified(client, authenticator)

    response = client.post("/en/accounts/two-factor/recovery-codes/")

    codes = set(response.context["codes"])
    assert set(StaticToken.objects.values_list("token", flat=True)) == codes
    assert codes.isdisjoint(earlier)


def test_recovery_codes_new_need_a_session_that_passed_the_second_factor(
    client, user, authenticator
):
    client.force_login(user)

    response = client.post("/en/accounts/two-factor/recovery-codes/")

    assert response.status_code == 403


def test_security_page_says_how_many_recovery_codes_are_left(client, user, authenticator):
    client.force_login(user)

    html = client.get("/en/accounts/security/").content.decode()

    assert "10 recovery codes left." in html


def test_two_factor_disable_removes_the_devices(client, user, authenticator):
    client.force_login(user)
    verified(client, authenticator)

    response = client.post("/en/accounts/two-factor/off/")

    assert response["Location"] == "/en/accounts/security/"
    assert TOTPDevice.objects.filter(user=user).exists() is False
    assert StaticToken.objects.exists() is False


# --- Required of coordinators and admins -------------------------------------------------------


@pytest.fixture
def required(settings):
    settings.OTP_REQUIRED_FOR_COORDINATORS = True


def test_coordinator_without_a_second_factor_is_sent_to_its_setup(coordinator_client, required):
    response = coordinator_client.get("/en/manage/")

    assert response["Location"] == "/en/accounts/two-factor/?next=%2Fen%2Fmanage%2F"


def test_coordinator_without_a_second_factor_is_told_why(coordinator_client, required):
    response = coordinator_client.get("/en/manage/", follow=True)

    assert response.redirect_chain == [("/en/accounts/two-factor/?next=%2Fen%2Fmanage%2F", 302)]
    assert "The network asks coordinators and admins" in response.content.decode()


def test_admin_without_a_second_factor_is_sent_to_its_setup(admin_client, required):
    response = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en")

    assert response["Location"] == "/en/accounts/two-factor/?next=%2Fadmin%2F"


def test_coordinator_with_a_device_but_no_code_is_asked_for_it(client, coordinator, required):
    services.two_factor_enable(user=coordinator, key="00" * 20, last_t=-1)
    client.force_login(coordinator)

    response = client.get("/en/manage/")

    assert response["Location"] == "/en/accounts/login/code/?next=%2Fen%2Fmanage%2F"


def test_coordinator_who_gave_the_code_opens_the_workspace(client, coordinator, required):
    device, _codes = services.two_factor_enable(user=coordinator, key="00" * 20, last_t=-1)
    client.force_login(coordinator)
    verified(client, device)

    assert client.get("/en/manage/").status_code == 200


def test_representative_is_not_asked_for_a_second_factor(own_partner_client, required):
    assert own_partner_client.get("/en/manage/").status_code == 200


def test_coordinator_opens_public_pages_without_a_second_factor(coordinator_client, required):
    assert coordinator_client.get("/en/partners/").status_code == 200


def test_coordinator_is_not_asked_for_a_second_factor_when_the_setting_is_off(
    coordinator_client,
):
    assert coordinator_client.get("/en/manage/").status_code == 200


def test_two_factor_disable_is_refused_when_required(client, coordinator, required):
    device, _codes = services.two_factor_enable(user=coordinator, key="00" * 20, last_t=-1)
    client.force_login(coordinator)
    verified(client, device)

    response = client.post("/en/accounts/two-factor/off/")

    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=coordinator).exists()
