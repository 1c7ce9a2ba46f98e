"""Translated fields of the measures app, then history tracking (after the fields exist)."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as track_history

from core.tracking import TrackedHistory

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


# A vote's tallies, a pilot's indicators and implementers are part of their versions
# (core.tracking).
track_history(models.Vote, records_class=TrackedHistory, rows=["tallies"])
track_history(
    models.Pilot, records_class=TrackedHistory, rows=["indicators"], links=["implementers"]
)
for tracked in (models.Measure, models.VoteTally, models.Indicator, models.IndicatorReading):
    track_history(tracked, records_class=TrackedHistory)
