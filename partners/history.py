"""Who changed what and when, from django-simple-history's records, and restoring a version."""

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

# Bookkeeping columns that change on every save and say nothing to a reader.
NOT_SHOWN = ["search_text", "updated_at", "created_at"]


def history_entries(instance, *, limit=50):
    """The newest `limit` versions of `instance`, each with the fields it changed:
    [{"record": historical record, "changes": [(label, old, new), ...]}]."""
    records = list(
        instance.history.select_related("history_user").order_by("-history_id")[: limit + 1]
    )
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        changes = []
        if older is not None:
            delta = newer.diff_against(older, excluded_fields=NOT_SHOWN)
            changes = [
                (_label(instance, change.field), change.old, change.new) for change in delta.changes
            ]
        entries.append({"record": newer, "changes": changes})
    return entries[:limit]


def _label(instance, name):
    try:
        return instance._meta.get_field(name).verbose_name
    except FieldDoesNotExist:
        return name


@transaction.atomic
def restore_version(*, instance, history_id):
    """Save `instance` with the values it had in version `history_id`; the restore itself is a
    new version, so nothing is lost and it can be undone the same way."""
    record = instance.history.get(history_id=history_id)
    restored = record.instance
    restored._change_reason = f"Restored version {history_id}"
    restored.save()
    return restored


def render_history(request, record, *, back_url, restore_url_name, can_restore):
    """The history page of any tracked record, with a restore button per earlier version."""
    return render(
        request,
        "manage/history.html",
        {
            "record": record,
            "entries": history_entries(record),
            "back_url": back_url,
            "restore_url_name": restore_url_name,
            "can_restore": can_restore,
        },
    )


def restore_from_request(request, instance, history_id):
    """Restore version `history_id` of `instance` and tell the user how it went. A version that
    clashes with other records as they are now (a number or ЕИК taken since) changes nothing."""
    if not instance.history.filter(history_id=history_id).exists():
        raise Http404
    try:
        restore_version(instance=instance, history_id=history_id)
    except IntegrityError:
        messages.error(
            request, _("This version clashes with another record as it is now; nothing changed.")
        )
        return False
    messages.success(request, _("The earlier version is restored."))
    return True
