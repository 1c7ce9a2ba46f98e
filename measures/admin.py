"""Django admin for support measures: the vote on them, their pilots and what the pilots
measure."""

from django import forms
from django.contrib import admin
from django.db.models import Count, OuterRef, Subquery, Sum
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from core.admin import RowsInlineMixin, TrackedHistoryAdmin

from .forms import MeasureStatusMixin
from .models import Indicator, IndicatorReading, Measure, Milestone, Pilot, Vote, VoteTally


class PilotInline(RowsInlineMixin, TranslationTabularInline):
    """The measure's pilots at a glance; implementers, milestones and indicators are edited on
    the pilot's own page."""

    model = Pilot
    fields = ["region", "municipality", "starts_on", "ends_on", "status"]
    autocomplete_fields = ["region", "municipality"]
    show_change_link = True
    extra = 0


class MeasureAdminForm(MeasureStatusMixin, forms.ModelForm):
    """The admin's measure form: the status moves along the pipeline, as in the workspace."""

    class Meta:
        model = Measure
        # The admin's own `fields` decide what the form shows.
        fields = ["status"]


@admin.register(Measure)
class MeasureAdmin(TrackedHistoryAdmin, TranslationAdmin):
    form = MeasureAdminForm
    list_display = ["number", "title", "support_area", "status", "project", "votes", "pilot_count"]
    list_display_links = ["number", "title"]
    list_filter = ["status", "support_area", "project"]
    list_select_related = ["support_area", "project"]
    search_fields = ["slug", "title_bg", "title_en"]
    autocomplete_fields = ["support_area", "project"]
    prepopulated_fields = {"slug": ["title_bg"]}
    fields = ["project", "number", "title", "slug", "support_area", "status", "description"]
    inlines = [PilotInline]

    def get_queryset(self, request):
        votes = (
            VoteTally.objects.filter(measure=OuterRef("pk"))
            .order_by()
            .values("measure")
            .annotate(total=Sum("votes_for"))
            .values("total")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(votes_total=Subquery(votes), pilot_total=Count("pilots"))
        )

    @admin.display(description=_("votes for"), ordering="votes_total")
    def votes(self, measure):
        return measure.votes_total or 0

    @admin.display(description=_("pilots"), ordering="pilot_total")
    def pilot_count(self, measure):
        return measure.pilot_total


class VoteTallyInline(RowsInlineMixin, admin.TabularInline):
    model = VoteTally
    fields = ["measure", "votes_for"]
    autocomplete_fields = ["measure"]
    extra = 1


@admin.register(Vote)
class VoteAdmin(TrackedHistoryAdmin, TranslationAdmin):
    list_display = [
        "meeting",
        "meeting_starts_at",
        "question",
        "eligible",
        "ballots_cast",
        "turnout",
    ]
    date_hierarchy = "meeting__starts_at"
    search_fields = ["question_bg", "question_en", "meeting__title_bg", "meeting__title_en"]
    autocomplete_fields = ["meeting"]
    fields = ["meeting", "question", "eligible", "ballots_cast"]
    inlines = [VoteTallyInline]

    def get_queryset(self, request):
        # Its name is the meeting's: autocompletes and the change form need it too.
        return super().get_queryset(request).select_related("meeting")

    @admin.display(description=_("date"), ordering="meeting__starts_at")
    def meeting_starts_at(self, vote):
        return vote.meeting.starts_at

    @admin.display(description=_("turnout"))
    def turnout(self, vote):
        return None if vote.turnout is None else f"{vote.turnout:.0%}"


@admin.register(VoteTally)
class VoteTallyAdmin(TrackedHistoryAdmin):
    list_display = ["measure", "vote", "votes_for", "share"]
    list_filter = ["measure__project"]
    search_fields = [
        "measure__title_bg",
        "measure__title_en",
        "vote__meeting__title_bg",
        "vote__meeting__title_en",
    ]
    autocomplete_fields = ["vote", "measure"]
    fields = ["vote", "measure", "votes_for"]

    def get_queryset(self, request):
        # Its name shows the measure; the vote's shows its meeting.
        return super().get_queryset(request).select_related("vote__meeting", "measure")

    @admin.display(description=_("share of ballots"))
    def share(self, tally):
        cast = tally.vote.ballots_cast
        return f"{tally.votes_for / cast:.0%}" if cast else None


class MilestoneInline(TranslationTabularInline):
    model = Milestone
    fields = ["title", "due_on", "done_on"]
    extra = 1


class IndicatorInline(TranslationTabularInline):
    model = Indicator
    fields = ["name", "unit", "baseline", "target"]
    show_change_link = True
    extra = 1


@admin.register(Pilot)
class PilotAdmin(TrackedHistoryAdmin, TranslationAdmin):
    list_display = [
        "measure",
        "region",
        "municipality",
        "starts_on",
        "ends_on",
        "status",
        "decision",
    ]
    list_filter = ["status", "decision", "region", "measure__project"]
    date_hierarchy = "starts_on"
    search_fields = [
        "measure__title_bg",
        "measure__title_en",
        "region__name_bg",
        "region__name_en",
        "municipality__name_bg",
        "municipality__name_en",
    ]
    autocomplete_fields = ["measure", "region", "municipality", "implementers"]
    fieldsets = [
        (None, {"fields": ["measure", "region", "municipality", "implementers"]}),
        (_("Period"), {"fields": ["starts_on", "ends_on", "status"]}),
        (_("Evaluation"), {"fields": ["evaluation", "decision", "decided_on"]}),
    ]
    inlines = [MilestoneInline, IndicatorInline]

    def get_queryset(self, request):
        # Its name shows the measure and region: autocompletes and the change form need them.
        return super().get_queryset(request).select_related("measure", "region", "municipality")


@admin.register(Milestone)
class MilestoneAdmin(TranslationAdmin):
    list_display = ["title", "pilot", "due_on", "done_on"]
    list_filter = [("done_on", admin.EmptyFieldListFilter), "pilot__status"]
    list_select_related = ["pilot__measure", "pilot__region"]
    date_hierarchy = "due_on"
    search_fields = ["title_bg", "title_en", "pilot__measure__title_bg", "pilot__measure__title_en"]
    autocomplete_fields = ["pilot"]
    fields = ["pilot", "title", "due_on", "done_on"]


class IndicatorReadingInline(admin.TabularInline):
    model = IndicatorReading
    fields = ["measured_on", "value", "note"]
    extra = 1


@admin.register(Indicator)
class IndicatorAdmin(TrackedHistoryAdmin, TranslationAdmin):
    list_display = ["name", "pilot", "unit", "baseline", "target", "latest_value", "reading_count"]
    list_filter = ["pilot__status", "pilot__region"]
    list_select_related = ["pilot__measure", "pilot__region"]
    search_fields = ["name_bg", "name_en", "pilot__measure__title_bg", "pilot__measure__title_en"]
    autocomplete_fields = ["pilot"]
    fields = ["pilot", "name", "unit", "baseline", "target"]
    inlines = [IndicatorReadingInline]

    def get_queryset(self, request):
        latest = IndicatorReading.objects.filter(indicator=OuterRef("pk")).order_by("-measured_on")
        return (
            super()
            .get_queryset(request)
            .annotate(
                newest_value=Subquery(latest.values("value")[:1]),
                reading_total=Count("readings"),
            )
        )

    @admin.display(description=_("latest reading"), ordering="newest_value")
    def latest_value(self, indicator):
        return indicator.newest_value

    @admin.display(description=_("readings"), ordering="reading_total")
    def reading_count(self, indicator):
        return indicator.reading_total


@admin.register(IndicatorReading)
class IndicatorReadingAdmin(TrackedHistoryAdmin):
    list_display = ["indicator", "pilot", "measured_on", "value", "note"]
    list_filter = ["indicator__pilot__status"]
    list_select_related = ["indicator__pilot__measure", "indicator__pilot__region"]
    date_hierarchy = "measured_on"
    search_fields = [
        "note",
        "indicator__name_bg",
        "indicator__name_en",
        "indicator__pilot__measure__title_bg",
        "indicator__pilot__measure__title_en",
    ]
    autocomplete_fields = ["indicator"]
    fields = ["indicator", "measured_on", "value", "note"]

    @admin.display(description=_("pilot"), ordering="indicator__pilot")
    def pilot(self, reading):
        return reading.indicator.pilot
