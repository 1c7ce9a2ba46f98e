"""Writes that touch several rows, each in one transaction."""

import logging

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.access import COORDINATORS_GROUP

from .models import CommitmentUpdate, ContactPerson, JoinRequest, Organisation

logger = logging.getLogger(__name__)


@transaction.atomic
def join_request_submit(*, data, language, admin_url_base=""):
    """Record a request to join: a prospect organisation (not listed publicly), its private
    contact person and the request itself; coordinators are emailed once it is saved."""
    organisation = Organisation.objects.create(
        name_bg=data["organisation_name"],
        sector=data["sector"],
        region=data.get("region"),
        registration_id=data.get("registration_id", ""),
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
        email=data["email"],
        message=data.get("message", ""),
        language=language,
    )
    transaction.on_commit(lambda: _notify_coordinators(join_request, admin_url_base))
    return join_request


def _notify_coordinators(join_request, admin_url_base):
    recipients = list(
        get_user_model()
        .objects.filter(groups__name=COORDINATORS_GROUP, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        logger.warning("Join request %s: no coordinator has an email address", join_request.pk)
        return
    link = admin_url_base + reverse(
        "admin:partners_organisation_change", args=[join_request.organisation_id]
    )
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
