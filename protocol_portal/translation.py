from modeltranslation.translator import TranslationOptions, register
from simple_history import register as track_history

from core.tracking import TrackedHistory

from .models import SiteSettings


@register(SiteSettings)
class SiteSettingsTranslation(TranslationOptions):
    fields = ("hotline_name", "hotline_hours")
    required_languages = ("bg",)


# Who changed the hotline or the quick exit, and when.
track_history(SiteSettings, records_class=TrackedHistory)
