"""Writes that touch several rows, each in one transaction."""

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.notifications import coordinator_recipients

from .models import CommitmentUpdate, ContactPerson, JoinRequest, Organisation

logger = logging.getLogger(__name__)


@transaction.atomic
def join_request_submit(*, data, language, admin_url_base=""):
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
    transaction.on_commit(lambda: _notify_coordinators(join_request, admin_url_base))
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


def _notify_coordinators(join_request, admin_url_base):
    recipients = coordinator_recipients()
    if not recipients:
        logger.warning("Join request %s: no coordinator has an email address", join_request.pk)
        return
    link = admin_url_base + reverse(
        "admin:partners_organisation_change", args=[join_request.organisation_id]
    )
    duplicate = join_request.possible_duplicate
    # Coordinators work in Bulgarian.
    with override("bg"):
        subject = _("Request to join the protocol: %(name)s") % {
            "name": join_request.organisation.name_bg
        }
        body = _(
            "%(name)s asks to join the protocol.\n\nContact: %(contact)s, %(email)s\n\n"
            "Message:\n%(message)s\n\nThe organisation is in the list as a prospect: %(link)s"
        ) % {
            "name": join_request.organisation.name_bg,
            "contact": join_request.contact.name if join_request.contact else "",
            "email": join_request.email,
            "message": join_request.message or "–",
            "link": link,
        }
        if duplicate is not None:
            body += "\n\n" + _(
                "It may duplicate an organisation already known (same ЕИК, name or email "
                "address): %(name)s, %(link)s"
            ) % {
                "name": duplicate.name_bg,
                "link": admin_url_base
                + reverse("admin:partners_organisation_change", args=[duplicate.pk]),
            }
    send_mail(subject, body, None, recipients)


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
