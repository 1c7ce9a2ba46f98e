"""Translated fields of the measures app, then history tracking (after the fields exist)."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as track_history

from . import models


@register(models.Measure)
class MeasureTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"bg": ("title",)}


@register(models.Vote)
class VoteTranslation(TranslationOptions):
    fields = ("question",)
    required_languages = {}


@register(models.Pilot)
class PilotTranslation(TranslationOptions):
    fields = ("evaluation",)
    required_languages = {}


@register(models.Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = {"bg": ("title",)}


@register(models.Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name", "unit")
    required_languages = {"bg": ("name",)}


for tracked in (
    models.Measure,
    models.Vote,
    models.VoteTally,
    models.Pilot,
    models.Indicator,
    models.IndicatorReading,
):
    track_history(tracked)
