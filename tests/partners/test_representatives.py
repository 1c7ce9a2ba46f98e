"""Invitations and partner representatives: a coordinator invites, resends and revokes; the
invitee sets a password with a link that works once for 7 days; representatives are
deactivated, reactivated and removed, and see who else represents their organisation."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.concurrency import version_of
from partners.models import Invitation, Representative
from partners.services import invitation_for_token
from tests.factories import (
    InvitationFactory,
    JoinRequestFactory,
    OrganisationFactory,
    RepresentativeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PASSWORD = "ясна-дълга-парола-42"
FACTORY_PASSWORD = "a-long-test-password"


def link_in(message):
    """The invitation link of an email: the path after the portal's address."""
    line = next(line for line in message.body.splitlines() if "/invitation/" in line)
    return line.strip().split("127.0.0.1:8000", 1)[-1]


def can_log_in(user):
    """Whether the user's password still opens the account (as the login page checks it)."""
    backend = ModelBackend()
    return backend.authenticate(None, username=user.username, password=FACTORY_PASSWORD) is not None


def invite(client, organisation, **data):
    return client.post(
        reverse("partners:manage_organisation_invite", args=[organisation.pk]),
        {"name": "Мария Иванова", "email": "maria@example.org", "language": "bg", **data},
    )


def test_invitation_is_emailed_in_the_invitees_language(
    coordinator_client, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(coordinator_client, organisation, language="en")

    assert mail.outbox[0].to == ["maria@example.org"]
    assert mail.outbox[0].subject.startswith("Your account in the Protocol Portal")
    assert "/en/accounts/invitation/" in mail.outbox[0].body


def test_invitation_stores_only_a_hash_of_the_link(
    coordinator_client, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(coordinator_client, organisation)

    token = link_in(mail.outbox[0]).rstrip("/").rsplit("/", 1)[-1]
    assert Invitation.objects.get().token_hash != token
    assert invitation_for_token(token) == Invitation.objects.get()


def test_invitation_form_prefills_the_contact_of_a_join_request(coordinator_client):
    join_request = JoinRequestFactory(email="office@example.org", language="en")

    response = coordinator_client.get(
        reverse("partners:manage_organisation_invite", args=[join_request.organisation_id]),
        {"join_request": join_request.pk},
    )

    assert response.context["form"].initial["email"] == "office@example.org"
    assert response.context["form"].initial["language"] == "en"


def test_invitation_for_an_address_with_an_account_is_refused_next_to_the_field(
    coordinator_client, organisation
):
    UserFactory(email="maria@example.org")

    response = invite(coordinator_client, organisation)

    assert "Вече има профил с този имейл адрес." in response.content.decode()
    assert Invitation.objects.count() == 0


def test_invitation_link_sets_a_password_and_makes_a_logged_in_representative(client):
    invitation = InvitationFactory(token="secret-token", email="maria@example.org")

    response = client.post(
        reverse("partners:invitation", args=["secret-token"]),
        {"password1": PASSWORD, "password2": PASSWORD},
    )

    assert response["Location"] == reverse("dashboard")
    user = get_user_model().objects.get(username="maria@example.org")
    assert user.check_password(PASSWORD)
    assert user.representative.organisation == invitation.organisation
    assert client.get(reverse("dashboard")).status_code == 200


def test_invitation_link_used_once_answers_a_clear_page_the_second_time(client):
    InvitationFactory(token="secret-token")
    address = reverse("partners:invitation", args=["secret-token"])
    client.post(address, {"password1": PASSWORD, "password2": PASSWORD})
    client.logout()

    response = client.get(address)

    assert response.status_code == 410
    assert "вече е използвана" in response.content.decode()


def test_invitation_link_after_seven_days_answers_a_clear_page(client):
    sent = timezone.now() - datetime.timedelta(days=7, minutes=1)
    InvitationFactory(token="old-token", sent_at=sent)

    response = client.get(reverse("partners:invitation", args=["old-token"]))

    assert response.status_code == 410
    assert "изтекла" in response.content.decode()


def test_invitation_link_unknown_answers_a_clear_page(client):
    response = client.get(reverse("partners:invitation", args=["made-up"]))

    assert response.status_code == 410
    assert "не е валидна" in response.content.decode()


def test_invitation_link_with_differing_passwords_says_so_and_creates_nobody(client):
    InvitationFactory(token="secret-token")

    response = client.post(
        reverse("partners:invitation", args=["secret-token"]),
        {"password1": PASSWORD, "password2": PASSWORD + "x"},
    )

    assert "Двете пароли се различават." in response.content.decode()
    assert Representative.objects.count() == 0


def test_invitation_resend_voids_the_old_link(
    coordinator_client, organisation, django_capture_on_commit_callbacks
):
    invitation = InvitationFactory(organisation=organisation, token="first-token")

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(reverse("partners:manage_invitation_resend", args=[invitation.pk]))

    assert (
        coordinator_client.get(reverse("partners:invitation", args=["first-token"])).status_code
        == 410
    )
    assert "/bg/accounts/invitation/" in mail.outbox[0].body


def test_invitation_revoked_link_answers_a_clear_page(coordinator_client, client, organisation):
    invitation = InvitationFactory(organisation=organisation, token="secret-token")
    coordinator_client.post(reverse("partners:manage_invitation_revoke", args=[invitation.pk]))
    coordinator_client.logout()

    response = client.get(reverse("partners:invitation", args=["secret-token"]))

    assert response.status_code == 410
    assert "оттеглили" in response.content.decode()


def test_invitation_revoke_is_kept_in_history_with_who(coordinator_client, coordinator):
    invitation = InvitationFactory()

    coordinator_client.post(reverse("partners:manage_invitation_revoke", args=[invitation.pk]))

    latest = invitation.history.first()
    assert latest.revoked_at is not None
    assert latest.history_user == coordinator


def test_representative_deactivated_can_no_longer_log_in(coordinator_client, organisation):
    representative = RepresentativeFactory(organisation=organisation)

    coordinator_client.post(
        reverse("partners:manage_representative_deactivate", args=[representative.pk])
    )

    representative.refresh_from_db()
    representative.user.refresh_from_db()
    assert representative.deactivated_at is not None
    assert representative.user.is_active is False
    assert can_log_in(representative.user) is False


def test_representative_reactivated_can_log_in_again(coordinator_client, organisation):
    representative = RepresentativeFactory(organisation=organisation)
    for action in ("deactivate", "reactivate"):
        coordinator_client.post(
            reverse(f"partners:manage_representative_{action}", args=[representative.pk])
        )

    assert can_log_in(representative.user) is True


def test_representative_removed_leaves_the_link_in_history(coordinator_client, coordinator):
    representative = RepresentativeFactory()

    coordinator_client.post(
        reverse("partners:manage_representative_remove", args=[representative.pk])
    )

    assert Representative.objects.filter(pk=representative.pk).exists() is False
    removal = Representative.history.filter(id=representative.pk).first()
    assert (removal.history_type, removal.history_user) == ("-", coordinator)


def test_organisation_may_have_several_representatives_who_see_each_other(
    own_partner_client, own_partner, organisation
):
    colleague = RepresentativeFactory(organisation=organisation, user__email="kolega@example.org")
    RepresentativeFactory(
        organisation=organisation,
        user__email="bivsh@example.org",
        deactivated_at=timezone.now(),
    )
    RepresentativeFactory(organisation=OrganisationFactory(), user__email="chuzhd@example.org")

    html = own_partner_client.get(
        reverse("partners:manage_organisation", args=[organisation.pk])
    ).content.decode()

    assert colleague.user.email in html
    assert own_partner.email in html
    assert "bivsh@example.org" not in html
    assert "chuzhd@example.org" not in html
    assert "Деактивиране" not in html


def test_representative_edits_its_contacts_with_the_public_switch_and_consent_date(
    own_partner_client, organisation
):
    response = own_partner_client.post(
        reverse("partners:manage_organisation_edit", args=[organisation.pk]),
        {
            "version": version_of(organisation) or "",
            "name_bg": organisation.name_bg,
            "name_en": organisation.name_en,
            "contacts-TOTAL_FORMS": "1",
            "contacts-INITIAL_FORMS": "0",
            "contacts-0-name": "Петя Петрова",
            "contacts-0-email": "petya@example.org",
            "contacts-0-is_public": "on",
            "contacts-0-consent_on": "2026-02-01",
        },
    )

    assert response.status_code == 302
    contact = organisation.contacts.get()
    assert (contact.name, contact.is_public, str(contact.consent_on)) == (
        "Петя Петрова",
        True,
        "2026-02-01",
    )


def test_invitation_page_is_never_stored_by_a_browser_or_proxy(client):
    InvitationFactory(token="secret-token")

    response = client.get(reverse("partners:invitation", args=["secret-token"]))

    assert "no-store" in response["Cache-Control"]


def test_invitation_page_answers_head_as_it_answers_get(client):
    InvitationFactory(token="secret-token")
    address = reverse("partners:invitation", args=["secret-token"])

    assert (client.get(address).status_code, client.head(address).status_code) == (200, 200)
