"""Forms of the coordinators' workspace for measures, votes and pilots. Each knows the rules of
its records, so the views only save what passed."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedFormMixin
from core.dates import PlausibleDatesMixin, PlausibleDatesModelForm
from core.widgets import DateInput
from partners.models import Organisation, unique_slug
from partners.widgets import OrganisationSelectMultiple

from .models import (
    Indicator,
    IndicatorReading,
    Measure,
    Milestone,
    Pilot,
    Vote,
    VoteTally,
)


class MeasureStatusMixin:
    """The status list offers only the statuses the pipeline allows from the stored one
    (`Measure.allowed_statuses`); any other sent all the same is refused by `Measure.clean()`,
    with the pipeline's message next to the field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("status")
        if field is None:
            return
        allowed = self.instance.allowed_statuses()
        # Only the list shown is narrowed: the field still takes every status, so the model's
        # check, not "not one of the available choices", answers a refused move.
        field.widget.choices = [
            (value, label) for value, label in field.choices if value in allowed
        ]
        if not self.is_bound and self.initial.get("status") not in allowed:
            self.initial["status"] = allowed[0]


class MeasureForm(MeasureStatusMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Measure
        fields = [
            "project",
            "number",
            "title_bg",
            "title_en",
            "description_bg",
            "description_en",
            "support_area",
            "status",
        ]
        widgets = {
            "description_bg": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        cleaned_data = super().clean()
        number = cleaned_data.get("number")
        if number is not None and "project" not in self.errors:
            # The database's two constraints say the same; checked here so the message sits
            # next to the number rather than above the form.
            taken = Measure.objects.filter(
                number=number, project=cleaned_data.get("project")
            ).exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error("number", _("Another measure of the same project has this number."))
        return cleaned_data

    def save(self, commit=True):
        if not self.instance.slug:
            self.instance.slug = unique_slug(Measure, self.instance.title_bg, max_length=90)
        return super().save(commit)


class VoteForm(VersionedFormMixin, forms.ModelForm):
    """The vote of one meeting: the meeting comes from the page, not from the form."""

    class Meta:
        model = Vote
        fields = ["question_bg", "question_en", "eligible", "ballots_cast"]


class BaseTallyFormSet(forms.BaseInlineFormSet):
    """One tally per measure, none above the ballots cast, and the measures read once for all
    rows (a select per row would be a query per row)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._measure_choices = None

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if self._measure_choices is None:
            # A comprehension, not list(): list() asks for the length first, a COUNT query.
            self._measure_choices = [choice for choice in form.fields["measure"].choices]  # noqa: C416
        form.fields["measure"].choices = self._measure_choices
        return form

    def clean(self):
        ballots = self.instance.ballots_cast
        # Tallies stored meanwhile by someone else (not rows of this form) count as taken too.
        seen = set()
        if self.instance.pk:
            seen = set(
                VoteTally.objects.filter(vote=self.instance)
                .exclude(pk__in=[form.instance.pk for form in self.initial_forms])
                .values_list("measure_id", flat=True)
            )
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            measure = form.cleaned_data.get("measure")
            votes_for = form.cleaned_data.get("votes_for")
            if measure is not None:
                if measure.pk in seen:
                    form.add_error("measure", _("This measure already has a tally in this vote."))
                seen.add(measure.pk)
            if (
                votes_for is not None
                and ballots is not None
                and votes_for > ballots
                and "votes_for" not in form.errors
            ):
                form.add_error("votes_for", _("More votes for a measure than ballots cast."))
        # Django's own check of duplicates comes after ours, so the message is the field's.
        super().clean()


TallyFormSet = forms.inlineformset_factory(
    Vote,
    VoteTally,
    formset=BaseTallyFormSet,
    fields=["measure", "votes_for"],
    extra=1,
    can_delete=True,
)


class PilotForm(PlausibleDatesMixin, VersionedFormMixin, forms.ModelForm):
    """A pilot of a measure. Implementers are chosen among the network's members (there may be
    thousands of organisations, most of them not members); those already chosen stay
    choosable."""

    class Meta:
        model = Pilot
        fields = [
            "measure",
            "region",
            "municipality",
            "implementers",
            "starts_on",
            "ends_on",
            "status",
            "evaluation_bg",
            "evaluation_en",
            "decision",
            "decided_on",
        ]
        widgets = {
            "implementers": OrganisationSelectMultiple(scope="members"),
            "starts_on": DateInput,
            "ends_on": DateInput,
            "decided_on": DateInput,
            "evaluation_bg": forms.Textarea(attrs={"rows": 4}),
            "evaluation_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        members = Q(partnership_status=Organisation.PartnershipStatus.MEMBER)
        if self.instance.pk:
            members |= Q(pilots=self.instance)
        self.fields["implementers"].queryset = (
            Organisation.objects.active().filter(members).distinct().order_by("name_bg")
        )
        self.fields["implementers"].help_text = _(
            "Members of the network: type part of a name or the ЕИК to add one."
        )


MilestoneFormSet = forms.inlineformset_factory(
    Pilot,
    Milestone,
    form=PlausibleDatesModelForm,
    fields=["title_bg", "title_en", "due_on", "done_on"],
    widgets={"due_on": DateInput, "done_on": DateInput},
    extra=1,
    can_delete=True,
)


class BaseIndicatorFormSet(forms.BaseInlineFormSet):
    """An indicator with readings is kept: removing it would lose its time series."""

    def clean(self):
        super().clean()
        # Forms marked for deletion are not validated, so the refusal is the formset's.
        kept = [
            form.instance.name
            for form in self.deleted_forms
            if form.instance.pk and form.instance.readings.exists()
        ]
        if kept:
            raise forms.ValidationError(
                _("These indicators have readings and cannot be removed: %(names)s.")
                % {"names": ", ".join(kept)}
            )


IndicatorFormSet = forms.inlineformset_factory(
    Pilot,
    Indicator,
    formset=BaseIndicatorFormSet,
    fields=["name_bg", "name_en", "unit_bg", "unit_en", "baseline", "target"],
    extra=1,
    can_delete=True,
)


class ReadingForm(PlausibleDatesMixin, forms.ModelForm):
    """A dated value of one indicator; one per date, never in the future (the model's rule)."""

    class Meta:
        model = IndicatorReading
        fields = ["measured_on", "value", "note"]
        widgets = {"measured_on": DateInput}

    def clean_measured_on(self):
        measured_on = self.cleaned_data["measured_on"]
        # The indicator is not a field of the form, so Django skips the uniqueness check.
        if IndicatorReading.objects.filter(
            indicator=self.instance.indicator_id, measured_on=measured_on
        ).exists():
            raise forms.ValidationError(_("This indicator already has a reading on this date."))
        return measured_on
