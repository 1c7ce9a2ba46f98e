from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ActionItem, Meeting


@transaction.atomic
def meeting_cancel(*, meeting):
    """Cancel `meeting`: it is kept, with its attendance and action items, shown as cancelled
    (publicly too if it was published), and calendar feeds send it as cancelled. One save, so
    the history shows who cancelled it and when. Raises ValidationError if it already is."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.cancelled_at is not None:
        raise ValidationError(_("This meeting is already cancelled."), code="cancelled")
    meeting.cancelled_at = timezone.now()
    meeting.save(update_fields=["cancelled_at", "updated_at"])
    return meeting


def _lock_open_item(item, *meetings):
    """Lock the meetings of `item` (and `meetings`) in id order, as an edit of a meeting locks
    it, then the item; raise ValidationError if the item is no longer open.

    The item's history record is also a new version of its meeting (`core.tracking`), so an edit
    of the meeting opened before this change is refused instead of quietly undoing it."""
    ids = sorted({item.meeting_id, *(meeting.pk for meeting in meetings)})
    list(Meeting.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    if item.status != ActionItem.Status.OPEN:
        raise ValidationError(_("This action item is no longer open."), code="not_open")
    return item


@transaction.atomic
def action_item_mark_done(*, item, note=""):
    """Mark the open action item `item` done today, with an optional `note` on what was done.
    Raises ValidationError if the item is no longer open."""
    item = _lock_open_item(item)
    item.status = ActionItem.Status.DONE
    item.done_on = timezone.localdate()
    fields = ["status", "done_on", "updated_at"]
    if note:
        item.note = note
        fields.append("note")
    item.save(update_fields=fields)
    return item


@transaction.atomic
def action_item_mark_not_done(*, item, reason, note=""):
    """Close the open action item `item` as not done, for `reason` (an
    `ActionItem.NotDoneReason`), with an optional `note`. Raises ValidationError if the item is
    no longer open."""
    item = _lock_open_item(item)
    item.status = ActionItem.Status.NOT_DONE
    item.not_done_reason = reason
    item.note = note or item.note
    item.save(update_fields=["status", "not_done_reason", "note", "updated_at"])
    return item


@transaction.atomic
def action_item_carry_over(*, item, meeting, due_on=None):
    """Hand the open action item `item` over to the later `meeting`: the item is closed as
    carried over (taken over by `meeting`), and `meeting` gets an open copy that remembers where
    it came from, due on `due_on` (or when the item was). Returns the copy.

    Raises ValidationError if the item is no longer open or `meeting` is not a later one."""
    item = _lock_open_item(item, meeting)
    item.status = ActionItem.Status.CARRIED_OVER
    item.taken_over_by = meeting
    item.clean()
    item.save(update_fields=["status", "taken_over_by", "updated_at"])
    return ActionItem.objects.create(
        meeting=meeting,
        text_bg=item.text_bg,
        text_en=item.text_en,
        responsible_id=item.responsible_id,
        due_on=due_on or item.due_on,
        carried_over_from=item,
        origin_id=item.chain_root_id,
    )


def chains(items):
    """For each of `items` (with their meetings), its chain of carry-overs: the items from the
    first to the last, each with its meeting, in one query whatever their number. An item never
    carried over has no chain (an empty list)."""
    items = list(items)
    roots = {item.chain_root_id for item in items if item.origin_id or item.taken_over_by_id}
    by_root = {}
    if roots:
        linked = (
            ActionItem.objects.filter(pk__in=roots) | ActionItem.objects.filter(origin_id__in=roots)
        ).select_related("meeting")
        for linked_item in linked.order_by("meeting__starts_at", "pk"):
            by_root.setdefault(linked_item.chain_root_id, []).append(linked_item)
    for item in items:
        item.chain = by_root.get(item.chain_root_id, [])
    return items
