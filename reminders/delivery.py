"""Step two of the daily reminders: send what was written, and record what was sent.

A worker claims the waiting reminders of a batch of recipients (one UPDATE, so two workers never
claim the same row), sends each recipient their email(s) — one per reminder, or one digest — and
marks them sent. A failed send puts the reminder back to waiting with the error, to be sent by
the retried job or the next day's run: never lost. A claim left by a worker that died mid-way is
released after `CLAIM_TIMEOUT` (its reminders may then go out twice, never zero times).
"""

import logging
import uuid
from datetime import timedelta
from itertools import groupby

from django.contrib.contenttypes.models import ContentType
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation

from core.mail import absolute_url, build_message
from measures.models import Pilot
from meetings.calendar import for_calendar, meetings_calendar
from meetings.models import ActionItem, Meeting
from partners.models import Accession, Commitment

from .models import Kind, Reminder, ReminderSettings
from .recipients import coordinators, default_settings
from .series import describe
from .tokens import ALL, unsubscribe_token

logger = logging.getLogger(__name__)

RECIPIENTS_PER_BATCH = 200
CLAIM_TIMEOUT = timedelta(hours=1)
# A digest lists this many reminders of each kind; the rest are counted, with a link to the
# page that lists them all.
DIGEST_ITEMS_PER_KIND = 20


class DeliveryFailed(Exception):
    """Some reminders could not be sent; they wait for the next attempt."""


def _record_querysets():
    """How each kind of record an email describes is read: with what its description needs."""
    return {
        Accession: Accession.objects.select_related("organisation"),
        ActionItem: ActionItem.objects.select_related("meeting"),
        Commitment: Commitment.objects.select_related("accession__organisation"),
        Meeting: for_calendar(Meeting.objects.all()),
        Pilot: Pilot.objects.select_related("measure", "region"),
    }


def _attach_records(rows):
    """Set `row.subject`, the record each of `rows` is about (None when it was deleted since),
    with one query per kind of record whatever the number of rows."""
    querysets = _record_querysets()
    by_type = {}
    for row in rows:
        by_type.setdefault(row.content_type_id, set()).add(row.object_id)
    found = {}
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        queryset = querysets.get(model, model._default_manager.all())
        found[content_type_id] = queryset.in_bulk(ids)
    for row in rows:
        row.subject = found[row.content_type_id].get(row.object_id)


def _claim(now, skip_recipients):
    """Claim the waiting reminders of the next recipients; returns the claimed rows, with
    their records and recipients, or None when nothing waits."""
    token = uuid.uuid4()
    with transaction.atomic():
        waiting = Reminder.objects.filter(status=Reminder.Status.PENDING).exclude(
            recipient_id__in=skip_recipients
        )
        recipient_ids = list(
            waiting.order_by("recipient_id")
            .values_list("recipient_id", flat=True)
            .distinct()[:RECIPIENTS_PER_BATCH]
        )
        if not recipient_ids:
            return None
        waiting.filter(recipient_id__in=recipient_ids).update(
            status=Reminder.Status.SENDING, claim=token, claimed_at=now
        )
    return list(
        Reminder.objects.filter(claim=token, status=Reminder.Status.SENDING)
        .select_related("recipient__reminder_settings")
        .order_by("recipient_id", "kind", "pk")
    )


def deliver_pending(now=None):
    """Send every waiting reminder; returns (sent, failed) counts. Raises DeliveryFailed after
    the whole run when some could not be sent, so the job is retried."""
    now = now or timezone.now()
    Reminder.objects.filter(
        status=Reminder.Status.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT
    ).update(status=Reminder.Status.PENDING, claim=None)
    sent = failed = 0
    failed_recipients = set()
    coordinator_ids = {user.pk for user in coordinators()}
    with get_connection() as connection:
        while (claimed := _claim(now, failed_recipients)) is not None:
            done, errors = [], {}
            plans = []
            for recipient_id, reminders in groupby(claimed, key=lambda row: row.recipient_id):
                reminders = list(reminders)
                choice = _settings(
                    reminders[0].recipient, coordinator=recipient_id in coordinator_ids
                )
                plans.append((reminders, choice, _shown(reminders, choice)))
            # Only what an email shows is read: a digest lists the first rows of each kind.
            _attach_records([row for _rows, _choice, shown in plans for row in shown])
            for reminders, choice, shown in plans:
                for batch, message in _messages(reminders, choice, shown):
                    if message is None:
                        done += [row.pk for row in batch]
                        continue
                    try:
                        connection.send_messages([message])
                    except Exception as error:
                        logger.warning("Reminder email to %s failed: %s", message.to, error)
                        errors.update({row.pk: str(error)[:300] for row in batch})
                        failed_recipients.add(batch[0].recipient_id)
                    else:
                        done += [row.pk for row in batch]
            _record(done, errors, claimed)
            sent, failed = sent + len(done), failed + len(errors)
    if failed:
        raise DeliveryFailed(f"{failed} reminder(s) could not be sent; they will be retried")
    return sent, failed


def _record(done, errors, claimed):
    digests = {row.pk for row in claimed if getattr(row, "in_digest", False)}
    now = timezone.now()
    with transaction.atomic():
        Reminder.objects.filter(pk__in=[pk for pk in done if pk in digests]).update(
            status=Reminder.Status.SENT, sent_at=now, as_digest=True, attempts=F("attempts") + 1
        )
        Reminder.objects.filter(pk__in=[pk for pk in done if pk not in digests]).update(
            status=Reminder.Status.SENT, sent_at=now, as_digest=False, attempts=F("attempts") + 1
        )
        for pk, error in errors.items():
            Reminder.objects.filter(pk=pk).update(
                status=Reminder.Status.PENDING,
                claim=None,
                attempts=F("attempts") + 1,
                last_error=error,
            )


def _settings(recipient, *, coordinator):
    try:
        return recipient.reminder_settings
    except ReminderSettings.DoesNotExist:
        return default_settings(recipient, coordinator=coordinator)


def _digest(choice):
    return choice.delivery == ReminderSettings.Delivery.DIGEST


def _shown(reminders, choice):
    """The rows an email will describe: all of them, or a digest's first rows of each kind."""
    if not _digest(choice):
        return reminders
    return [
        row
        for _kind, rows in groupby(reminders, key=lambda row: row.kind)
        for row in list(rows)[:DIGEST_ITEMS_PER_KIND]
    ]


def _messages(reminders, choice, shown):
    """(rows, message) pairs for one recipient's reminders: one digest or one per reminder."""
    gone = {row.pk for row in shown if row.subject is None}
    if gone:
        # The record was deleted since: nothing to remind of; it counts as done.
        yield [row for row in reminders if row.pk in gone], None
    live = [row for row in reminders if row.pk not in gone]
    if not live:
        return
    if _digest(choice):
        for row in live:
            row.in_digest = True
        yield live, _message(live, choice, digest=True)
    else:
        for row in live:
            yield [row], _message([row], choice, digest=False)


def _message(rows, choice, *, digest):
    recipient = rows[0].recipient
    language = choice.language
    kind = ALL if digest else rows[0].kind
    with translation.override(language):
        unsubscribe = absolute_url(
            reverse("reminders:unsubscribe", args=[unsubscribe_token(recipient.pk, kind)])
        )
        groups = []
        for kind_value, kind_rows in groupby(rows, key=lambda row: row.kind):
            kind_rows = list(kind_rows)
            shown = kind_rows[:DIGEST_ITEMS_PER_KIND] if digest else kind_rows
            groups.append(
                {
                    "kind": Kind(kind_value).label,
                    "items": [
                        {**describe(row.kind, row.subject), "kind": row.kind} for row in shown
                    ],
                    "more": len(kind_rows) - len(shown),
                }
            )
        context = {
            "recipient": recipient,
            "digest": digest,
            "groups": groups,
            "count": len(rows),
            "subject_kind": Kind(rows[0].kind).label,
            "unsubscribe_url": unsubscribe,
            "settings_url": absolute_url(reverse("reminders:settings")),
            "all_url": absolute_url(reverse("needs")),
        }
        attachments = [
            (f"{row.subject.slug or row.subject.pk}.ics", _ics(row.subject), "text/calendar")
            for row in rows
            if row.kind == Kind.MEETING_SOON and getattr(row, "subject", None) is not None
        ]
    return build_message(
        "reminders/email",
        context,
        to=[recipient.email],
        language=language,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
        attachments=attachments,
    )


def _ics(meeting):
    return meetings_calendar(
        [meeting],
        name=meeting.title,
        uid=f"meeting-{meeting.pk}-reminder",
        url_of=lambda item: absolute_url(reverse("meetings:manage_meeting", args=[item.pk])),
        public=False,
    ).to_ical()
