"""Two-factor login in Chromium: a coordinator who must have a second factor is sent to its
setup, scans (here: reads) the secret, confirms with a code, keeps the recovery codes, and logs
in the next time with password and code. Every page is accessible and nothing breaks the CSP."""

from base64 import b32decode

import pytest
from django_otp.oath import totp

from tests.factories import CoordinatorFactory

from .conftest import CSP_WATCH_JS, assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"


def submit_password(page, username):
    page.goto("/bg/accounts/login/?next=/bg/manage/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Вход").click()
    page.wait_for_load_state()


def test_coordinator_sets_up_the_second_factor_and_logs_in_with_it(
    page, live_server, axe, requests_seen, settings
):
    settings.OTP_REQUIRED_FOR_COORDINATORS = True
    coordinator = CoordinatorFactory(username="koordinator")
    page.add_init_script(CSP_WATCH_JS)

    submit_password(page, "koordinator")

    assert page.url.startswith(f"{live_server.url}/bg/accounts/two-factor/")
    assert page.locator("h1").inner_text() == "Настройване на двуфакторно влизане"
    assert page.evaluate("document.querySelector('img.two-factor-qr').naturalWidth") > 0
    assert_accessible(axe, page)
    secret = page.locator("#two-factor-secret").inner_text().replace(" ", "")
    key = b32decode(secret)
    page.fill("input[name=code]", f"{totp(key):06d}")
    page.get_by_role("button", name="Потвърждаване").click()
    page.wait_for_load_state()

    assert page.locator("#recovery-codes li").count() == 10
    assert_accessible(axe, page)
    page.get_by_role("link", name="Запазих ги").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/bg/manage/"

    page.locator("form[action='/bg/accounts/logout/'] button").click()
    page.wait_for_load_state()
    submit_password(page, "koordinator")
    assert page.url == f"{live_server.url}/bg/accounts/login/code/"
    assert_accessible(axe, page)
    # The code of the next 30 seconds: the one used for the setup is not accepted twice.
    page.fill("input[name=code]", f"{totp(key, drift=1):06d}")
    page.get_by_role("button", name="Вход").click()
    page.wait_for_load_state()

    assert page.url == f"{live_server.url}/bg/manage/"
    page.goto("/bg/accounts/security/")
    assert_accessible(axe, page)
    assert page.locator("tbody tr").first.inner_text().endswith("Успешно влизане")
    assert coordinator.totpdevice_set.get().confirmed is True
    assert page.evaluate("window.cspViolations") == []
    assert requests_seen.foreign == []
