"""Account pages: log in and out, password change and reset, the lockout after failed logins,
and what the Coordinators group may do.

Logins go through the login page (`client.post`), never `client.login()`: django-axes counts
failures from the request, which `client.login()` does not pass. Its counts live in the
database, so each test's rollback leaves the next one with none.
"""

import importlib
import re
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.auth import get_user
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.template.loader import render_to_string
from django.utils import translation

from core.access import COORDINATORS_GROUP
from tests.factories import UserFactory
from tests.portal.test_layout import parse

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
NEW_PASSWORD = "another-quite-long-passphrase"
WRONG_LOGIN_EN = "Please enter a correct username and password."
WRONG_LOGIN_BG = "Моля, въведете правилните потребител и парола."

migration = importlib.import_module("protocol_portal.migrations.0003_coordinators_permissions")


@pytest.fixture
def user():
    return UserFactory(username="maria", email="maria@example.org")


def log_in(client, lang="bg", *, username="maria", password=PASSWORD, **extra):
    return client.post(
        f"/{lang}/accounts/login/", {"username": username, "password": password}, **extra
    )


def fail_logins(client, times, **extra):
    return [log_in(client, password="wrong-password", **extra).status_code for _ in range(times)]


# --- Log in and out ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_login_page_leaves_focus_to_the_skip_link_and_quick_exit(client, lang):
    response = client.get(f"/{lang}/accounts/login/")

    assert "autofocus" not in response.content.decode()


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_login_sends_the_user_to_the_next_page(client, user, lang):
    response = client.post(
        f"/{lang}/accounts/login/",
        {"username": "maria", "password": PASSWORD, "next": f"/{lang}/partners/"},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/{lang}/partners/"
    assert get_user(client) == user


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_login_without_next_lands_on_the_home_page_of_the_language(client, user, lang):
    response = log_in(client, lang)

    assert response["Location"] == f"/{lang}/"
    assert get_user(client) == user


def test_login_refuses_a_next_page_on_another_site(client, user):
    response = client.post(
        "/en/accounts/login/",
        {"username": "maria", "password": PASSWORD, "next": "https://evil.example/"},
    )

    assert response["Location"] == "/en/"


def test_login_form_keeps_the_next_page(client):
    html = client.get("/en/accounts/login/?next=/en/partners/").content.decode()

    assert '<input type="hidden" name="next" value="/en/partners/">' in html


def test_login_with_wrong_password_shows_the_error_in_english(client, user):
    response = log_in(client, "en", password="wrong-password")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert WRONG_LOGIN_EN in html
    assert get_user(client).is_authenticated is False


def test_login_with_wrong_password_shows_the_error_in_bulgarian(client, user):
    response = log_in(client, "bg", password="wrong-password")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="bg">' in html
    assert WRONG_LOGIN_BG in html
    assert WRONG_LOGIN_EN not in html


def test_login_errors_are_summarised_at_the_top_and_tied_to_their_fields(client):
    html = client.post("/en/accounts/login/", {"username": "", "password": ""}).content.decode()

    summary = html[html.index('id="form-errors"') : html.index('id="div_id_username"')]
    assert '<a href="#id_username">Username</a>: This field is required.' in summary
    assert '<a href="#id_password">Password</a>: This field is required.' in summary
    assert 'aria-describedby="id_username_error"' in html
    assert '<div id="id_username_error" class="invalid-feedback">' in html


def test_logout_refuses_get(client, user):
    client.force_login(user)

    response = client.get("/bg/accounts/logout/")

    assert response.status_code == 405
    assert get_user(client) == user


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_logout_by_post_lands_on_the_home_page(client, user, lang):
    client.force_login(user)

    response = client.post(f"/{lang}/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == f"/{lang}/"
    assert get_user(client).is_authenticated is False


# --- Password change --------------------------------------------------------------------------


def test_password_change_requires_login(client):
    response = client.get("/en/accounts/password_change/")

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=/en/accounts/password_change/"


def test_password_change_sets_the_new_password_and_keeps_the_user_logged_in(client, user):
    client.force_login(user)

    response = client.post(
        "/en/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response["Location"] == "/en/accounts/password_change/done/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    done = client.get(response["Location"])
    assert done.status_code == 200
    assert "Your password has been changed." in done.content.decode()
    assert get_user(client) == user


def test_password_change_with_a_wrong_old_password_changes_nothing(client, user):
    client.force_login(user)

    response = client.post(
        "/en/accounts/password_change/",
        {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert "Your old password was entered incorrectly." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


# --- Password reset ---------------------------------------------------------------------------


def reset_link(message):
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def test_password_reset_email_link_lets_the_user_choose_a_new_password(client, user, mailoutbox):
    response = client.post("/en/accounts/password_reset/", {"email": "maria@example.org"})

    assert response["Location"] == "/en/accounts/password_reset/done/"
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["maria@example.org"]
    assert message.subject == "Reset your password on the Protocol Portal"
    assert "Your username, in case you have forgotten it: maria" in message.body
    assert message.alternatives == []

    form_page = client.get(reset_link(message), follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done["Location"] == "/en/accounts/reset/done/"
    assert "Your new password has been set." in client.get(done["Location"]).content.decode()

    assert log_in(client, "en", password=NEW_PASSWORD)["Location"] == "/en/"
    assert get_user(client) == user


def test_password_reset_link_works_only_once(client, user, mailoutbox):
    client.post("/en/accounts/password_reset/", {"email": "maria@example.org"})
    link = reset_link(mailoutbox[0])
    set_password = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_password, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = client.get(link, follow=True)

    assert response.context["validlink"] is False


def test_password_reset_email_is_in_the_language_of_the_page(client, user, mailoutbox):
    client.post("/bg/accounts/password_reset/", {"email": "maria@example.org"})

    message = mailoutbox[0]
    assert "Портал на протокола" in message.subject
    assert "Protocol Portal" not in message.body
    assert reset_link(message).startswith("/bg/accounts/reset/")


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    client, user, mailoutbox
):
    response = client.post("/en/accounts/password_reset/", {"email": "nobody@example.org"})

    assert response["Location"] == "/en/accounts/password_reset/done/"
    assert mailoutbox == []


def test_password_reset_with_an_invalid_link_shows_the_invalid_link_page(client, user):
    response = client.get("/en/accounts/reset/MQ/set-password/", follow=True)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>The link does not work</h1>" in html
    assert 'href="/en/accounts/password_reset/"' in html
    assert 'name="new_password1"' not in html


def test_password_reset_with_mismatched_passwords_changes_nothing(client, user, mailoutbox):
    client.post("/en/accounts/password_reset/", {"email": "maria@example.org"})
    set_password = client.get(reset_link(mailoutbox[0]), follow=True).redirect_chain[-1][0]

    response = client.post(
        set_password, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"}
    )

    assert response.status_code == 200
    assert "The two password fields didn’t match." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_reset_requests_are_limited_per_address(client, user, mailoutbox):
    for _ in range(5):
        client.post("/en/accounts/password_reset/", {"email": "maria@example.org"})

    response = client.post("/en/accounts/password_reset/", {"email": "maria@example.org"})

    assert response.status_code == 429
    assert "Too many requests from your connection." in response.content.decode()
    assert len(mailoutbox) == 5


def test_password_reset_limit_is_per_address(client, user, mailoutbox):
    for _ in range(5):
        client.post("/en/accounts/password_reset/", {"email": "maria@example.org"})

    response = client.post(
        "/en/accounts/password_reset/", {"email": "maria@example.org"}, REMOTE_ADDR="192.0.2.7"
    )

    assert response["Location"] == "/en/accounts/password_reset/done/"
    assert len(mailoutbox) == 6


# --- Lockout after failed logins --------------------------------------------------------------


def test_login_locks_out_after_five_failures_with_a_message(client, user):
    assert fail_logins(client, 4) == [200, 200, 200, 200]

    response = log_in(client, "en", password="wrong-password")

    assert response.status_code == 429
    html = response.content.decode()
    assert "<h1>Logging in is paused</h1>" in html
    assert "Please wait 15 minutes and try again." in html
    assert 'href="/en/accounts/password_reset/"' in html
    assert '<meta name="robots" content="noindex">' in html


def test_login_lockout_page_is_in_the_language_of_the_page(client, user):
    fail_logins(client, 5)

    response = log_in(client, "bg")

    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="bg">' in html
    assert 'href="/bg/accounts/password_reset/"' in html


def test_login_refuses_the_correct_password_while_locked_out(client, user):
    fail_logins(client, 5)

    response = log_in(client, "en")

    assert response.status_code == 429
    assert get_user(client).is_authenticated is False


def test_login_lockout_is_for_one_username_from_one_address(client, user):
    fail_logins(client, 5)

    response = log_in(client, "en", REMOTE_ADDR="192.0.2.7")

    assert response["Location"] == "/en/"
    assert get_user(client) == user


def test_password_reset_by_email_lifts_the_login_pause(client, user, mailoutbox):
    fail_logins(client, 5)
    client.post("/en/accounts/password_reset/", {"email": "maria@example.org"})
    set_password = client.get(reset_link(mailoutbox[0]), follow=True).redirect_chain[-1][0]
    client.post(set_password, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = log_in(client, "en", password=NEW_PASSWORD)

    assert response["Location"] == "/en/"
    assert get_user(client) == user


def test_login_success_resets_the_failure_count(client, user):
    fail_logins(client, 4)

    assert log_in(client)["Location"] == "/bg/"
    assert AccessAttempt.objects.count() == 0
    client.post("/bg/accounts/logout/")
    assert fail_logins(client, 4) == [200, 200, 200, 200]
    assert log_in(client)["Location"] == "/bg/"


# --- Coordinators' permissions ----------------------------------------------------------------


def coordinator_permissions():
    group = Group.objects.get(name=COORDINATORS_GROUP)
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


# Models that are no record of the network but one user's own: coordinators get no permission on
# them (a calendar feed's secret opens its user's calendar).
# Records of one user alone: a calendar feed, a prepared download.
PERSONAL_MODELS = {"meetings.calendarfeed", "core.download"}


def test_coordinators_may_add_change_and_view_every_record_and_read_history():
    granted = {p for p in coordinator_permissions() if ".delete_" not in p}

    expected = set()
    for label in ("core", "partners", "meetings", "measures"):
        for model in apps.get_app_config(label).get_models():
            name = model._meta.model_name
            if f"{label}.{name}" in PERSONAL_MODELS:
                continue
            if name.startswith("historical"):
                expected.add(f"{label}.view_{name}")
            else:
                expected |= {f"{label}.{action}_{name}" for action in ("add", "change", "view")}
    # The site settings: changed in the workspace, their history read there.
    expected |= {
        "protocol_portal.view_sitesettings",
        "protocol_portal.change_sitesettings",
        "protocol_portal.view_historicalsitesettings",
    }
    assert granted == expected


def test_coordinators_may_delete_child_records_only():
    deletable = {p for p in coordinator_permissions() if ".delete_" in p}

    assert deletable == {
        "partners.delete_contactperson",
        "partners.delete_commitment",
        "partners.delete_commitmentupdate",
        "partners.delete_deliverable",
        "meetings.delete_attendance",
        "meetings.delete_actionitem",
        "meetings.delete_attachment",
        "measures.delete_votetally",
        "measures.delete_milestone",
        "measures.delete_indicator",
        "measures.delete_indicatorreading",
        # Entered by mistake: the workspace deletes them only when nothing depends on them.
        "partners.delete_accession",
        "partners.delete_project",
        "measures.delete_measure",
        "measures.delete_pilot",
    }


def test_coordinator_user_may_change_but_not_delete_an_organisation(coordinator):
    assert coordinator.has_perm("partners.change_organisation")
    assert coordinator.has_perm("meetings.delete_attachment")
    assert not coordinator.has_perm("partners.delete_organisation")
    assert not coordinator.has_perm("auth.change_user")


def test_coordinators_permissions_migration_reverses_cleanly():
    schema_editor = SimpleNamespace(connection=connection)
    before = coordinator_permissions()

    migration.revoke(apps, schema_editor)
    # Only what later migrations granted is left: for models added since, and the deletes of
    # records entered by mistake.
    assert coordinator_permissions() == {
        "core.add_importrun",
        "core.change_importrun",
        "core.view_importrun",
        "protocol_portal.view_sitesettings",
        "protocol_portal.change_sitesettings",
        "protocol_portal.view_historicalsitesettings",
        "partners.delete_accession",
        "partners.delete_project",
        "measures.delete_measure",
        "measures.delete_pilot",
        "partners.add_invitation",
        "partners.change_invitation",
        "partners.view_invitation",
        "partners.view_historicalinvitation",
        "partners.view_historicaljoinrequest",
        "partners.view_historicalrepresentative",
    }
    migration.grant(apps, schema_editor)

    assert coordinator_permissions() == before
    assert Permission.objects.filter(codename="delete_organisation").exists()


# --- Anonymous visitors -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["bg", "en"])
@pytest.mark.parametrize(
    "page",
    [
        "login/",
        "password_reset/",
        "password_reset/done/",
        "reset/MQ/invalid-token/",
        "reset/done/",
    ],
)
def test_account_page_is_open_to_anonymous_visitors(client, lang, page):
    response = client.get(f"/{lang}/accounts/{page}")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert '<meta name="robots" content="noindex">' in html
    assert parse(response).h1_count == 1


def test_logged_out_page_renders_one_heading_and_noindex(rf):
    request = rf.get("/en/accounts/logout/")

    with translation.override("en"):
        html = render_to_string("registration/logged_out.html", request=request)

    assert "<h1>Logged out</h1>" in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'href="/en/accounts/login/"' in html


@pytest.mark.parametrize(
    "page", ["password_change/", "password_change/done/", "reset/MQ/set-password/"]
)
def test_account_page_renders_one_heading_and_noindex_for_users(client, user, page):
    client.force_login(user)

    response = client.get(f"/en/accounts/{page}")

    assert response.status_code == 200
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert parse(response).h1_count == 1
