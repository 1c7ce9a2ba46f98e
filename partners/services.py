"""Writes that touch several rows, each in one transaction."""

import hashlib
import logging
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from core.mail import absolute_url, send_templated
from core.notifications import coordinator_recipients
from core.tracking import related_changes

from .models import (
    Accession,
    CommitmentUpdate,
    ContactPerson,
    Invitation,
    JoinRequest,
    Organisation,
    Representative,
    search_condition,
)

logger = logging.getLogger(__name__)

# Coordinators work in Bulgarian: the notices they receive are in it.
COORDINATORS_LANGUAGE = "bg"


@transaction.atomic
def join_request_submit(*, data, language):
    """Record a request to join: a prospect organisation (not listed publicly), its private
    contact person and the request itself; coordinators are emailed once it is saved.

    A request from an organisation already known (same ЕИК, name or email address) is recorded
    the same way, with the same queries, and flagged with `possible_duplicate` for the
    coordinators: the sender learns nothing about who is known. The ЕИК, unique among
    organisations, then stays with the known one."""
    registration_id = data.get("registration_id", "")
    duplicate = _known_organisation(
        registration_id=registration_id, name=data["organisation_name"], email=data["email"]
    )
    organisation = Organisation.objects.create(
        name_bg=data["organisation_name"],
        sector=data["sector"],
        region=data.get("region"),
        registration_id=registration_id
        if duplicate is None or duplicate.registration_id != registration_id
        else "",
        website=data.get("website", ""),
        partnership_status=Organisation.PartnershipStatus.PROSPECT,
        is_published=False,
    )
    contact = ContactPerson.objects.create(
        organisation=organisation,
        name=data["contact_name"],
        position_bg=data.get("contact_position", ""),
        email=data["email"],
        phone=data.get("phone", ""),
        is_public=False,
    )
    join_request = JoinRequest.objects.create(
        organisation=organisation,
        contact=contact,
        possible_duplicate=duplicate,
        email=data["email"],
        message=data.get("message", ""),
        language=language,
    )
    transaction.on_commit(lambda: _notify_coordinators(join_request))
    return join_request


def _known_organisation(*, registration_id, name, email):
    """The organisation that a join request seems to duplicate, or None.

    Every check runs whatever the earlier ones found, so that a known organisation does not
    answer faster than an unknown one."""
    by_registration_id = Organisation.objects.filter(
        registration_id=registration_id or None
    ).first()
    by_name = Organisation.objects.filter(name_bg__iexact=name).first()
    by_email = (
        Organisation.objects.filter(
            Q(join_requests__email__iexact=email)
            | Q(contacts__email__iexact=email)
            | Q(public_email__iexact=email)
        )
        .order_by("pk")
        .first()
    )
    return by_registration_id or by_name or by_email


def _notify_coordinators(join_request):
    """Email the coordinators (the site settings' notification address, else every active
    coordinator with an address): the request and a link to it in the workspace's queue."""
    recipients = coordinator_recipients()
    if not recipients:
        logger.warning("Join request %s: no coordinator has an email address", join_request.pk)
        return
    with translation.override(COORDINATORS_LANGUAGE):
        link = absolute_url(reverse("partners:manage_join_request", args=[join_request.pk]))
    send_templated(
        "emails/join_request_new",
        {"join_request": join_request, "link": link, "duplicate": join_request.possible_duplicate},
        to=recipients,
        language=COORDINATORS_LANGUAGE,
    )


def possible_duplicates(join_request):
    """Organisations already known that the request may come from, each with the reasons: the
    same ЕИК, a similar name in either script (every word of the request's name in the other's
    names, transliterated), or the same email address (a contact's, the public one, or an
    earlier request's). Three queries, whatever the number of organisations."""
    organisation = join_request.organisation
    others = Organisation.objects.exclude(pk=organisation.pk)
    found = {}

    def add(queryset, reason):
        for candidate in queryset.select_related("region")[:10]:
            found.setdefault(candidate.pk, (candidate, []))[1].append(reason)

    registration_ids = {organisation.registration_id}
    if join_request.possible_duplicate_id:
        registration_ids.add(join_request.possible_duplicate.registration_id)
    registration_ids.discard("")
    if registration_ids:
        add(others.filter(registration_id__in=registration_ids), "registration_id")
    if organisation.name_bg.split():
        add(others.filter(search_condition(organisation.name_bg)), "name")
    email = join_request.email
    if email:
        add(
            others.filter(
                Q(join_requests__email__iexact=email)
                | Q(contacts__email__iexact=email)
                | Q(public_email__iexact=email)
            ).distinct(),
            "email",
        )
    return list(found.values())


def _answered(join_request, *, by, status):
    join_request.status = status
    join_request.handled_at = timezone.now()
    join_request.handled_by = by


@transaction.atomic
def join_request_start(*, join_request, by):
    """A coordinator takes the request up: in progress."""
    join_request.status = JoinRequest.Status.IN_PROGRESS
    join_request.handled_by = by
    join_request.save()
    return join_request


@transaction.atomic
def join_request_accept(*, join_request, by, partnership_status, into=None):
    """Accept the request: its organisation (or, with `into`, an organisation already known,
    into which the request, its contact and its ЕИК are merged) moves to `partnership_status`.

    A prospect created by the request and left with nothing else is archived after a merge,
    never deleted: its history stays."""
    with related_changes():
        organisation = join_request.organisation
        if into is not None and into.pk != organisation.pk:
            _merge(join_request, organisation, into)
            organisation = into
        organisation.partnership_status = partnership_status
        organisation.save()
        _answered(join_request, by=by, status=JoinRequest.Status.ACCEPTED)
        join_request.save()
    return join_request


def _merge(join_request, prospect, into):
    if prospect.registration_id and not into.registration_id:
        into.registration_id = prospect.registration_id
        prospect.registration_id = ""
        prospect.save()
    if join_request.contact is not None:
        contact = join_request.contact
        contact.organisation = into
        contact.save()
    join_request.organisation = into
    join_request.save()
    keeps_records = (
        prospect.join_requests.exists()
        or prospect.accessions.exists()
        or prospect.representatives.exists()
    )
    if not keeps_records and not prospect.is_archived:
        organisation_archive(organisation=prospect)


@transaction.atomic
def join_request_decline(*, join_request, by, reason, notify):
    """Decline the request with `reason`; with `notify`, the sender is told by email in the
    language they wrote in. The prospect it created, left with nothing else, is archived."""
    with related_changes():
        _answered(join_request, by=by, status=JoinRequest.Status.DECLINED)
        join_request.decline_reason = reason
        join_request.save()
        prospect = join_request.organisation
        if (
            prospect.partnership_status == Organisation.PartnershipStatus.PROSPECT
            and not prospect.is_archived
            and not prospect.accessions.exists()
            and not prospect.representatives.exists()
        ):
            organisation_archive(organisation=prospect)
    if notify and join_request.email:
        transaction.on_commit(
            lambda: send_templated(
                "emails/join_request_declined",
                {"join_request": join_request, "reason": reason},
                to=[join_request.email],
                language=join_request.language,
            )
        )
    return join_request


# --- Invitations and representatives ----------------------------------------------------------


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token(invitation):
    """A fresh secret for the link; only its hash is kept, so the link is in the email alone."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = _token_hash(token)
    invitation.sent_at = timezone.now()
    invitation.expires_at = invitation.sent_at + Invitation.VALID_FOR
    return token


def _email_invitation(invitation, token):
    with translation.override(invitation.language):
        link = absolute_url(reverse("partners:invitation", args=[token]))
    transaction.on_commit(
        lambda: send_templated(
            "emails/invitation",
            {"invitation": invitation, "link": link},
            to=[invitation.email],
            language=invitation.language,
        )
    )


@transaction.atomic
def invitation_send(*, organisation, name, email, language, by, join_request=None):
    """Invite `email` to represent `organisation`: the link goes out in `language`."""
    invitation = Invitation(
        organisation=organisation,
        join_request=join_request,
        name=name,
        email=email.lower(),
        language=language,
        created_by=by,
    )
    token = _new_token(invitation)
    invitation.save()
    _email_invitation(invitation, token)
    return invitation


@transaction.atomic
def invitation_resend(*, invitation):
    """A new link, valid for another `Invitation.VALID_FOR`; the old one stops working."""
    token = _new_token(invitation)
    invitation.revoked_at = None
    invitation.save()
    _email_invitation(invitation, token)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation):
    invitation.revoked_at = timezone.now()
    invitation.save()
    return invitation


def invitation_for_token(token):
    """The invitation whose link carries `token` (used or not), or None."""
    return (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=_token_hash(token))
        .first()
    )


@transaction.atomic
def invitation_accept(*, invitation, password):
    """The invitee sets `password`: a new account named by the email address, representing
    the invitation's organisation. The invitation is used up."""
    user = get_user_model().objects.create_user(
        username=invitation.email,
        email=invitation.email,
        password=password,
        first_name=invitation.name[:150],
    )
    representative = Representative(user=user, organisation=invitation.organisation)
    representative._history_user = user
    representative.save()
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation._history_user = user
    invitation.save()
    return user


@transaction.atomic
def representative_deactivate(*, representative):
    """The account can no longer log in; the link to the organisation and its history stay."""
    representative.deactivated_at = timezone.now()
    representative.save()
    get_user_model().objects.filter(pk=representative.user_id).update(is_active=False)
    return representative


@transaction.atomic
def representative_reactivate(*, representative):
    representative.deactivated_at = None
    representative.save()
    get_user_model().objects.filter(pk=representative.user_id).update(is_active=True)
    return representative


@transaction.atomic
def representative_remove(*, representative):
    """The person no longer speaks for the organisation: the link goes (the history keeps it)
    and the account, left with no role, can no longer log in."""
    get_user_model().objects.filter(pk=representative.user_id).update(is_active=False)
    representative.delete()


@transaction.atomic
def organisation_archive(*, organisation):
    """Archive instead of delete: out of the directory, partnership withdrawn, every record
    kept. One save, so the history shows who archived it and when."""
    organisation.archived_at = timezone.now()
    organisation.is_published = False
    organisation.partnership_status = Organisation.PartnershipStatus.WITHDRAWN
    organisation.save()
    return organisation


@transaction.atomic
def commitment_update_add(*, commitment, reported_by, reported_on, amount, note=""):
    """Record a progress report on `commitment`, signed by the user who made it. The form has
    checked the values (no future date, no negative amount, the commitment still open)."""
    return CommitmentUpdate.objects.create(
        commitment=commitment,
        reported_by=reported_by,
        reported_on=reported_on,
        amount=amount,
        note=note,
    )


# The reason kept in the history of an accession the daily duty expires (no user: the system).
EXPIRED_BY_DUTY = "Daily duty: the validity ended"


def accessions_expire(today=None):
    """Accessions in force by their status whose `valid_until` has passed become expired, each
    saved on its own so its history says so, with no user (the system) and the reason.

    Safe to run twice or in two workers at once: the rows are locked and checked again, so an
    accession is expired once. Returns how many were expired."""
    today = today or timezone.localdate()
    with transaction.atomic():
        ending = Accession.objects.select_for_update().filter(
            status__in=Accession.IN_FORCE, valid_until__lt=today
        )
        count = 0
        for accession in ending:
            accession.status = Accession.Status.EXPIRED
            accession._change_reason = EXPIRED_BY_DUTY
            accession.save()
            count += 1
    return count
