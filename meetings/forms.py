from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.choices import normalize_choices
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from partners.concurrency import VersionedFormMixin
from partners.models import Organisation
from partners.widgets import OrganisationSelect, PickedOrganisations

from .models import ActionItem, Attachment, Attendance, Meeting

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SharedChoices:
    """The options of a select that every row of a page's formsets repeats, read from the
    database once for the whole page: with tens of thousands of organisations, one query (and one
    list) per row would make the page grow with its rows."""

    def __init__(self, queryset, *, label=str):
        self.queryset = queryset
        self.label = label

    @cached_property
    def objects(self):
        return {obj.pk: obj for obj in self.queryset}

    @cached_property
    def choices(self):
        return [("", "---------"), *((pk, self.label(obj)) for pk, obj in self.objects.items())]

    @cached_property
    def _option_tags(self):
        return [format_html('<option value="{}">{}</option>', *choice) for choice in self.choices]

    @cached_property
    def _positions(self):
        return {str(value): index for index, (value, _label) in enumerate(self.choices)}

    def options_html(self, selected):
        """Every option, written once and shared; only the selected one is written per row."""
        tags = list(self._option_tags)
        index = self._positions.get("" if selected is None else str(selected))
        if index is not None:
            tags[index] = format_html(
                '<option value="{}" selected>{}</option>', *self.choices[index]
            )
        return mark_safe("".join(tags))  # noqa: S308 -- every tag was escaped by format_html


class SharedSelect(forms.Select):
    """A select written straight from SharedChoices: Django's widget templates render each option
    through a template of its own, far too slow for a list as long as the directory."""

    shared = None

    @property
    def choices(self):
        # The shared list as it is: Select's setter would copy it again for every row.
        return self.shared.choices if self.shared is not None else self._choices

    @choices.setter
    def choices(self, value):
        self._choices = normalize_choices(value)

    def render(self, name, value, attrs=None, renderer=None):
        if self.shared is None:
            return super().render(name, value, attrs, renderer)
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = self.format_value(value)
        return format_html(
            "<select{}>{}</select>",
            flatatt(final_attrs),
            self.shared.options_html(selected[0] if selected else None),
        )


class SharedModelChoiceField(forms.ModelChoiceField):
    """A model choice field whose options and look-ups come from SharedChoices, so that neither
    showing nor checking a row queries the database."""

    widget = SharedSelect
    shared = None

    def share(self, shared):
        self.shared = self.widget.shared = shared

    def _get_choices(self):
        return self.shared.choices if self.shared is not None else super()._get_choices()

    choices = property(_get_choices, forms.ModelChoiceField.choices.fset)

    def to_python(self, value):
        if self.shared is None:
            return super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return self.shared.objects[int(value)]
        except (KeyError, TypeError, ValueError) as error:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            ) from error


class PickedOrganisationField(forms.ModelChoiceField):
    """The organisation of a formset row, shown and checked through the PickedOrganisations that
    the page's rows share: one query for every row, whatever the size of the network."""

    widget = OrganisationSelect
    picked = None

    def share(self, picked):
        self.picked = self.widget.picked = picked
        self.queryset = picked.queryset

    def to_python(self, value):
        if value in self.empty_values:
            return None
        organisation = self.picked.get(int(value)) if str(value).isdigit() else None
        if organisation is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return organisation


def picked_organisations(meeting):
    """Organisations a row may name: every one not archived, and any archived one already named
    by this meeting, so that its rows can still be saved."""
    named = Organisation.objects.none()
    if meeting.pk:
        named = Organisation.objects.filter(
            Q(pk__in=meeting.attendances.values("organisation_id"))
            | Q(pk__in=meeting.action_items.values("responsible_id"))
        )
    return PickedOrganisations(Organisation.objects.choosable(keeping=named.values("pk")))


def meeting_choices(meeting):
    """Meetings that may take an action item over: any other meeting (the item checks it is a
    later one), newest first, shown with their date."""
    queryset = Meeting.objects.only("pk", "title_bg", "title_en", "starts_at").order_by(
        "-starts_at"
    )
    if meeting.pk:
        queryset = queryset.exclude(pk=meeting.pk)
    return SharedChoices(
        queryset,
        label=lambda other: f"{timezone.localtime(other.starts_at):%d.%m.%Y} · {other.title}",
    )


class MeetingForm(VersionedFormMixin, forms.ModelForm):
    """A meeting as coordinators record it; the model checks that it does not end before it
    starts."""

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "title_bg",
            "title_en",
            "project",
            "protocol",
            "starts_at",
            "ends_at",
            "venue_bg",
            "venue_en",
            "municipality",
            "participant_count",
            "agenda_bg",
            "agenda_en",
            "public_summary_bg",
            "public_summary_en",
            "private_notes",
            "is_published",
        ]
        widgets = {
            "starts_at": DATETIME_INPUT,
            "ends_at": DATETIME_INPUT,
            "agenda_bg": forms.Textarea(attrs={"rows": 4}),
            "agenda_en": forms.Textarea(attrs={"rows": 4}),
            "public_summary_bg": forms.Textarea(attrs={"rows": 4}),
            "public_summary_en": forms.Textarea(attrs={"rows": 4}),
            "private_notes": forms.Textarea(attrs={"rows": 4}),
        }


class SharedChoicesForm(forms.ModelForm):
    """A formset row whose organisation pickers and meeting selects share the page's choices,
    passed in through the formset's `form_kwargs`."""

    shared_fields = {}

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        for name, kind in self.shared_fields.items():
            self.fields[name].share(choices[kind])
            if isinstance(choices[kind], PickedOrganisations):
                # The organisation this row shows or was sent, read with every other row's.
                choices[kind].want(self[name].value())


class AttendanceForm(SharedChoicesForm):
    shared_fields = {"organisation": "organisations"}

    class Meta:
        model = Attendance
        fields = ["organisation", "role", "people"]
        field_classes = {"organisation": PickedOrganisationField}

    def clean_people(self):
        # The database refuses it too, but only the form can say so next to the field.
        people = self.cleaned_data["people"]
        if people is not None and people < 1:
            raise ValidationError(_("At least one person attends."), code="min_value")
        return people


class ActionItemForm(SharedChoicesForm):
    shared_fields = {"responsible": "organisations", "taken_over_by": "meetings"}

    class Meta:
        model = ActionItem
        fields = [
            "text_bg",
            "text_en",
            "responsible",
            "due_on",
            "status",
            "done_on",
            "not_done_reason",
            "taken_over_by",
        ]
        field_classes = {
            "responsible": PickedOrganisationField,
            "taken_over_by": SharedModelChoiceField,
        }
        widgets = {
            "text_bg": forms.Textarea(attrs={"rows": 2}),
            "text_en": forms.Textarea(attrs={"rows": 2}),
            "due_on": DATE_INPUT,
            "done_on": DATE_INPUT,
        }


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["file", "caption_bg", "caption_en", "is_public"]
        # Private files have no address; the page links to the view that checks permission.
        widgets = {"file": forms.FileInput}


AttendanceFormSet = forms.inlineformset_factory(
    Meeting, Attendance, form=AttendanceForm, extra=2, can_delete=True
)
ActionItemFormSet = forms.inlineformset_factory(
    Meeting, ActionItem, form=ActionItemForm, fk_name="meeting", extra=1, can_delete=True
)
AttachmentFormSet = forms.inlineformset_factory(
    Meeting, Attachment, form=AttachmentForm, extra=1, can_delete=True
)


def meeting_formsets(meeting, data=None, files=None):
    """The attendance, action item and attachment formsets of `meeting`'s edit page, their
    organisation pickers sharing one read of the organisations they name, and their meeting
    selects one read of the meetings."""
    choices = {
        "organisations": picked_organisations(meeting),
        "meetings": meeting_choices(meeting),
    }
    formsets = {
        "attendances": AttendanceFormSet(
            data,
            instance=meeting,
            prefix="attendances",
            form_kwargs={"choices": choices},
            queryset=Attendance.objects.order_by("pk"),
        ),
        "action_items": ActionItemFormSet(
            data,
            instance=meeting,
            prefix="actions",
            form_kwargs={"choices": choices},
            queryset=ActionItem.objects.order_by("due_on", "pk"),
        ),
        "attachments": AttachmentFormSet(
            data, files, instance=meeting, prefix="attachments", queryset=Attachment.objects.all()
        ),
    }
    for formset in formsets.values():
        # Every row is made now, so the organisations they all name are read in one query.
        formset.forms  # noqa: B018 -- a cached property: reading it makes the rows
    return formsets
