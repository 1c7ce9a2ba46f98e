"""Translated fields of the meetings app, then history tracking (after the fields exist)."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as track_history

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


for tracked in (models.Meeting, models.Attendance, models.ActionItem, models.Attachment):
    track_history(tracked)
