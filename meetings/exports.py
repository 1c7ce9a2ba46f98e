"""What the action item tracker puts in its CSV and XLSX downloads (see
`core/spreadsheets/downloads.py` for the conventions every list download follows)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.spreadsheets.downloads import ListExport, column

from .models import ActionItem


class ActionItemExport(ListExport):
    """Action items with their meeting, responsible organisation, dates and outcome; the link
    goes to the item's meeting, where it is listed."""

    link_url_name = "meetings:manage_meeting"

    id = column(_("Portal ID"), "pk")
    text_bg = column(_("Action (BG)"), "text_bg")
    text_en = column(_("Action (EN)"), "text_en")
    meeting = column(_("Meeting"), "meeting__title")
    meeting_date = column(_("Meeting date"))
    meeting_kind = column(_("Meeting kind"), "meeting__get_kind_display")
    responsible = column(_("Responsible organisation"), "responsible__name")
    due_on = column(_("Due on"), "due_on")
    status = column(_("Status"), "get_status_display")
    done_on = column(_("Done on"), "done_on")
    not_done_reason = column(_("Reason not done"), "get_not_done_reason_display")
    taken_over_by = column(_("Carried over to"), "taken_over_by__title")
    carried_over_from = column(_("Carried over from"), "carried_over_from__meeting__title")
    note = column(_("Note"), "note")
    link = column(_("Link"))

    class Meta:
        model = ActionItem
        fields = (
            "id",
            "text_bg",
            "text_en",
            "meeting",
            "meeting_date",
            "meeting_kind",
            "responsible",
            "due_on",
            "status",
            "done_on",
            "not_done_reason",
            "taken_over_by",
            "carried_over_from",
            "note",
            "link",
        )

    def dehydrate_meeting_date(self, item):
        return timezone.localdate(item.meeting.starts_at)

    def dehydrate_link(self, item):
        return super().dehydrate_link(item.meeting)
