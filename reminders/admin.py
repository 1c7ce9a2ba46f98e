from django.contrib import admin

from .models import Reminder, ReminderSettings


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """The log, read-only: reminders are written and sent by the daily duty."""

    list_display = ["created_at", "kind", "recipient", "label", "status", "sent_at"]
    list_filter = ["kind", "status"]
    search_fields = ["label", "email", "recipient__username"]
    list_select_related = ["recipient"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "delivery", "language"]
    list_select_related = ["user"]
