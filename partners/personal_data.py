"""What the portal holds on a person, and forgetting it (GDPR, articles 15, 17 and 5(1)(e)).

The people the portal knows by name are the contact persons of partner organisations and those
who sent a request to join. For each, a coordinator can export everything held (the record,
every earlier version of it in the history, and the requests that name them) and erase it: the
record goes, and the name, email and phone are scrubbed from every history row and request
that held them, so no earlier version can bring them back. History of these personal fields is
kept for `PERSONAL_DATA_RETENTION_MONTHS`, then scrubbed by `scrub_personal_data` (daily).

Nothing here concerns survivors: the portal never stores anything about them.
"""

import calendar
import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from .models import ContactPerson, JoinRequest

# The columns of a contact person that identify them, blanked when they are erased.
CONTACT_PERSONAL_FIELDS = ("name", "email", "phone")
# …and of a join request.
JOIN_REQUEST_PERSONAL_FIELDS = ("email", "message")


def _moment(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _contact_fields(record):
    return {
        "name": record.name,
        "position_bg": record.position_bg,
        "position_en": record.position_en,
        "email": record.email,
        "phone": record.phone,
        "shown_publicly": record.is_public,
        "consent_on": _moment(record.consent_on),
    }


def _join_request_fields(join_request):
    return {
        "id": join_request.pk,
        "organisation": join_request.organisation.name_bg,
        "email": join_request.email,
        "message": join_request.message,
        "language": join_request.language,
        "received_at": _moment(join_request.received_at),
        "status": join_request.status,
        "handled_at": _moment(join_request.handled_at),
    }


def _history(records):
    return [
        {
            "changed_at": _moment(record.history_date),
            "change": record.get_history_type_display(),
            "changed_by": record.history_user.get_username() if record.history_user else None,
            **_contact_fields(record),
        }
        for record in records
    ]


def contact_personal_data(contact):
    """Everything the portal holds on `contact`: as a dict ready for JSON."""
    history = ContactPerson.history.filter(id=contact.pk).select_related("history_user")
    requests = JoinRequest.objects.filter(contact=contact).select_related("organisation")
    return {
        "kind": "contact person",
        "exported_at": _moment(timezone.now()),
        "organisation": contact.organisation.name_bg,
        "record": _contact_fields(contact),
        "history": _history(history.order_by("history_date", "history_id")),
        "join_requests": [_join_request_fields(request) for request in requests],
    }


def join_request_personal_data(join_request):
    """Everything the portal holds on the person who sent `join_request`."""
    data = {
        "kind": "join request",
        "exported_at": _moment(timezone.now()),
        "join_request": _join_request_fields(join_request),
        "contact": None,
    }
    if join_request.contact_id is not None:
        data["contact"] = contact_personal_data(join_request.contact)
    return data


def _scrub_contact_history(queryset):
    return queryset.update(**dict.fromkeys(CONTACT_PERSONAL_FIELDS, ""))


@transaction.atomic
def contact_erase(*, contact):
    """Forget `contact`: the record is deleted, and its name, email and phone are blanked in
    every history row (its deletion's included) and in the join requests it sent. The
    organisation and its history stay."""
    pk = contact.pk
    JoinRequest.objects.filter(contact=contact).update(
        **dict.fromkeys(JOIN_REQUEST_PERSONAL_FIELDS, "")
    )
    contact.delete()
    _scrub_contact_history(ContactPerson.history.filter(id=pk))


@transaction.atomic
def join_request_erase(*, join_request):
    """Forget the person who sent `join_request`: its email and message are blanked, and the
    contact person it created (the same person) is erased too, with the invitations sent from it
    that were never accepted. The prospect organisation stays, as a record of the organisation,
    not of the person."""
    if join_request.contact_id is not None:
        contact_erase(contact=join_request.contact)
    # Invitations of the same person that never became an account go too (their history
    # holds neither name nor email); an accepted one is now a user account, an admin's matter.
    for invitation in join_request.invitations.filter(accepted_at__isnull=True):
        invitation.delete()
    JoinRequest.objects.filter(pk=join_request.pk).update(
        **dict.fromkeys(JOIN_REQUEST_PERSONAL_FIELDS, "")
    )


def retention_cutoff(now=None):
    """The moment before which personal fields of the history are no longer kept."""
    now = now or timezone.now()
    months = settings.PERSONAL_DATA_RETENTION_MONTHS
    year, month = divmod(now.month - 1 - months, 12)
    month += 1
    year += now.year
    # The same day of that month, or its last day when it has fewer (31 March − 1 month).
    last_day = calendar.monthrange(year, month)[1]
    return now.replace(year=year, month=month, day=min(now.day, last_day))


@transaction.atomic
def personal_data_scrub(*, now=None):
    """Blank the personal fields of history rows and join requests older than the retention
    period. Current contact persons keep their data (coordinators manage it), and so does the
    newest version of each in the history; earlier versions and old requests are scrubbed.
    Returns (history rows, join requests) scrubbed; running it again scrubs nothing more."""
    cutoff = retention_cutoff(now)
    # The newest version of a contact still on file holds what the record holds: kept, so the
    # history page does not show the record's own values as a change.
    newest = ContactPerson.history.filter(id=OuterRef("id")).order_by("-history_id")
    current = Q(history_id=Subquery(newest.values("history_id")[:1])) & Q(
        id__in=ContactPerson.objects.values("pk")
    )
    history = (
        ContactPerson.history.filter(history_date__lt=cutoff)
        .exclude(current)
        .exclude(name="", email="", phone="")
    )
    requests = JoinRequest.objects.filter(received_at__lt=cutoff).exclude(email="", message="")
    return (
        _scrub_contact_history(history),
        requests.update(**dict.fromkeys(JOIN_REQUEST_PERSONAL_FIELDS, "")),
    )
