"""Translated fields of the meetings app, then history tracking (after the fields exist)."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as track_history

from core.tracking import TrackedHistory

from . import models


@register(models.Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title", "venue", "agenda", "public_summary")
    required_languages = {"bg": ("title",)}


@register(models.ActionItem)
class ActionItemTranslation(TranslationOptions):
    fields = ("text",)
    required_languages = {"bg": ("text",)}


@register(models.Attachment)
class AttachmentTranslation(TranslationOptions):
    fields = ("caption",)
    required_languages = {}


# A meeting's rows are part of its versions (core.tracking).
track_history(
    models.Meeting,
    records_class=TrackedHistory,
    rows=["attendances", "action_items", "attachments"],
)
for tracked in (models.Attendance, models.ActionItem, models.Attachment):
    track_history(tracked, records_class=TrackedHistory)
