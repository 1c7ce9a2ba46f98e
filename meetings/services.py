from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ActionItem, Meeting


@transaction.atomic
def action_item_mark_done(*, item):
    """Mark the open action item `item` done today.

    The item's history record is also a new version of its meeting (`core.tracking`), so that an
    edit of the meeting opened before it is refused instead of quietly setting the item back to
    open. The meeting is locked first, in the same order as an edit of the meeting locks it.
    Raises ValidationError if the item is no longer open.
    """
    Meeting.objects.select_for_update().get(pk=item.meeting_id)
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    if item.status != ActionItem.Status.OPEN:
        raise ValidationError(_("This action item is no longer open."), code="not_open")
    item.status = ActionItem.Status.DONE
    item.done_on = timezone.localdate()
    item.save(update_fields=["status", "done_on", "updated_at"])
    return item
