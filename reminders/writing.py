"""Step one of the daily reminders: write a `Reminder` row for each (kind, recipient, record,
occasion) due today. Rows already written (an earlier run today, another worker running at the
same moment) are left as they are by the unique constraint, so nothing is reminded twice."""

from django.contrib.contenttypes.models import ContentType

from .models import Reminder, ReminderSettings
from .recipients import coordinators, default_settings, representatives_by_organisation
from .series import SERIES, label

BATCH = 2000


def write_reminders(today):
    """Write the reminders due on `today`; returns how many rows were offered (those already
    there are skipped by the database)."""
    coordinator_list = coordinators()
    coordinator_ids = {user.pk for user in coordinator_list}
    representatives = representatives_by_organisation()
    choices = {own.user_id: own for own in ReminderSettings.objects.all()}
    content_types = {}
    rows, offered = [], 0

    def choice(user):
        if user.pk not in choices:
            choices[user.pk] = default_settings(user, coordinator=user.pk in coordinator_ids)
        return choices[user.pk]

    for series in SERIES:
        for due in series(today):
            model = type(due.record)
            if model not in content_types:
                content_types[model] = ContentType.objects.get_for_model(model)
            recipients = list(coordinator_list) if due.to_coordinators else []
            recipients += [
                user
                for user in representatives.get(due.organisation_id, ())
                if user.pk not in coordinator_ids or not due.to_coordinators
            ]
            about = label(due)[:300]
            for user in recipients:
                if not choice(user).wants(due.kind):
                    continue
                rows.append(
                    Reminder(
                        kind=due.kind,
                        recipient=user,
                        content_type=content_types[model],
                        object_id=due.record.pk,
                        occasion=due.occasion,
                        label=about,
                        email=user.email,
                    )
                )
            if len(rows) >= BATCH:
                offered += _save(rows)
                rows = []
    return offered + _save(rows)


def _save(rows):
    Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=BATCH)
    return len(rows)
