from django.contrib import admin
from django.db import models
from modeltranslation.admin import TranslationAdmin

from core.admin import TrackedHistoryAdmin

from .models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(TrackedHistoryAdmin, TranslationAdmin):
    """One row, edited in place: it can be neither added twice nor deleted."""

    # An address typed without a scheme is taken as https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["hotline_name", "hotline_number", "hotline_hours"]}),
        (None, {"fields": ["quick_exit_url"]}),
        (None, {"fields": ["notification_email"]}),
    ]

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
