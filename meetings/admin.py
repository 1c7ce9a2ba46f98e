"""Django admin for meetings: the event with who came, what was agreed and its files."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from core.admin import RowsInlineMixin, TrackedHistoryAdmin, private_files

from .models import ActionItem, Attachment, Attendance, Meeting

ATTACHMENT_FILES = private_files("meetings:attachment_file")


class AttendanceInline(RowsInlineMixin, admin.TabularInline):
    model = Attendance
    fields = ["organisation", "role", "people"]
    autocomplete_fields = ["organisation"]
    extra = 1


class ActionItemInline(RowsInlineMixin, TranslationStackedInline):
    model = ActionItem
    fk_name = "meeting"  # the other key to Meeting is the meeting that took the item over
    fields = [
        "text",
        ("responsible", "due_on"),
        ("status", "done_on"),
        ("not_done_reason", "taken_over_by"),
    ]
    autocomplete_fields = ["responsible", "taken_over_by"]
    show_change_link = True
    extra = 0


class AttachmentInline(TranslationTabularInline):
    model = Attachment
    formfield_overrides = ATTACHMENT_FILES
    fields = ["file", "caption", "is_public", "uploaded_at"]
    readonly_fields = ["uploaded_at"]
    extra = 1


@admin.register(Meeting)
class MeetingAdmin(TrackedHistoryAdmin, TranslationAdmin):
    list_display = [
        "title",
        "kind",
        "starts_at",
        "municipality",
        "project",
        "participant_count",
        "organisation_count",
        "is_published",
    ]
    list_filter = ["kind", "is_published", "project", "protocol", "municipality__region"]
    list_select_related = ["municipality", "project"]
    date_hierarchy = "starts_at"
    search_fields = ["slug", "title_bg", "title_en", "venue_bg", "venue_en"]
    autocomplete_fields = ["project", "protocol", "municipality"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", ("starts_at", "ends_at"), "is_published"]}),
        (_("Place"), {"fields": ["venue", "municipality"]}),
        (_("Context"), {"fields": ["project", "protocol"]}),
        (
            _("Content"),
            {"fields": ["participant_count", "agenda", "public_summary", "private_notes"]},
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]
    inlines = [AttendanceInline, ActionItemInline, AttachmentInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(organisation_total=Count("attendances"))

    @admin.display(description=_("organisations present"), ordering="organisation_total")
    def organisation_count(self, meeting):
        return meeting.organisation_total


@admin.register(Attendance)
class AttendanceAdmin(TrackedHistoryAdmin):
    list_display = ["organisation", "meeting", "meeting_starts_at", "role", "people"]
    list_filter = ["role", "meeting__kind"]
    date_hierarchy = "meeting__starts_at"
    search_fields = [
        "organisation__name_bg",
        "organisation__name_en",
        "meeting__title_bg",
        "meeting__title_en",
    ]
    autocomplete_fields = ["meeting", "organisation"]
    fields = ["meeting", "organisation", "role", "people"]

    def get_queryset(self, request):
        # Its name shows both: autocompletes and the change form need them too.
        return super().get_queryset(request).select_related("meeting", "organisation")

    @admin.display(description=_("starts at"), ordering="meeting__starts_at")
    def meeting_starts_at(self, attendance):
        return attendance.meeting.starts_at


@admin.register(ActionItem)
class ActionItemAdmin(TrackedHistoryAdmin, TranslationAdmin):
    list_display = [
        "__str__",
        "meeting",
        "responsible",
        "due_on",
        "status",
        "is_overdue",
        "done_on",
        "taken_over_by",
    ]
    list_filter = ["status", "not_done_reason", "due_on"]
    list_select_related = ["meeting", "responsible", "taken_over_by"]
    date_hierarchy = "due_on"
    search_fields = [
        "text_bg",
        "text_en",
        "responsible__name_bg",
        "responsible__name_en",
        "meeting__title_bg",
        "meeting__title_en",
    ]
    autocomplete_fields = ["meeting", "responsible", "taken_over_by"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["meeting", "text", "responsible", "due_on"]}),
        (_("Outcome"), {"fields": ["status", "done_on", "not_done_reason", "taken_over_by"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description=_("overdue"), boolean=True)
    def is_overdue(self, item):
        return item.is_overdue


@admin.register(Attachment)
class AttachmentAdmin(TrackedHistoryAdmin, TranslationAdmin):
    formfield_overrides = ATTACHMENT_FILES
    list_display = ["__str__", "meeting", "is_public", "meeting_is_published", "uploaded_at"]
    list_filter = ["is_public", "meeting__is_published"]
    list_select_related = ["meeting"]
    search_fields = ["file", "caption_bg", "caption_en", "meeting__title_bg", "meeting__title_en"]
    autocomplete_fields = ["meeting"]
    fields = ["meeting", "file", "caption", "is_public", "uploaded_at"]
    readonly_fields = ["uploaded_at"]

    @admin.display(
        description=_("meeting published"), boolean=True, ordering="meeting__is_published"
    )
    def meeting_is_published(self, attachment):
        return attachment.meeting.is_published
