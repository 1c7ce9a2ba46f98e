from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedFormMixin
from core.dates import PlausibleDatesMixin
from core.widgets import (
    DateInput,
    DateTimeInput,
    PickedChoiceField,
    PickedObjects,
    SearchSelectMixin,
)
from partners.models import Organisation
from partners.widgets import OrganisationSelect

from .models import ActionItem, Attachment, Attendance, Meeting


def meeting_label(meeting):
    """A meeting as pickers name it: its date and title."""
    return f"{timezone.localtime(meeting.starts_at):%d.%m.%Y} · {meeting.title}"


class MeetingSelect(SearchSelectMixin, forms.Select):
    """Picks a meeting by its title; see core/widgets.py."""

    search_url_name = "meetings:meeting_search"
    placeholder = _("Type part of the title")
    no_results = _("No meeting found")

    def label(self, obj):
        return meeting_label(obj)


class PickedOrganisationField(PickedChoiceField):
    widget = OrganisationSelect


class PickedMeetingField(PickedChoiceField):
    widget = MeetingSelect


def picked_organisations(meeting):
    """Organisations a row may name: every one not archived, and any archived one already named
    by this meeting, so that its rows can still be saved."""
    named = Organisation.objects.none()
    if meeting.pk:
        named = Organisation.objects.filter(
            Q(pk__in=meeting.attendances.values("organisation_id"))
            | Q(pk__in=meeting.action_items.values("responsible_id"))
        )
    return PickedObjects(
        Organisation.objects.choosable(keeping=named.values("pk")).select_related("municipality")
    )


def picked_meetings(meeting):
    """Meetings that may take an action item over: any other meeting (the item checks it is a
    later one)."""
    queryset = Meeting.objects.only("pk", "title_bg", "title_en", "starts_at")
    if meeting.pk:
        queryset = queryset.exclude(pk=meeting.pk)
    return PickedObjects(queryset)


class MeetingForm(PlausibleDatesMixin, VersionedFormMixin, forms.ModelForm):
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
            "starts_at": DateTimeInput,
            "ends_at": DateTimeInput,
            "agenda_bg": forms.Textarea(attrs={"rows": 4}),
            "agenda_en": forms.Textarea(attrs={"rows": 4}),
            "public_summary_bg": forms.Textarea(attrs={"rows": 4}),
            "public_summary_en": forms.Textarea(attrs={"rows": 4}),
            "private_notes": forms.Textarea(attrs={"rows": 4}),
        }


class SharedChoicesForm(forms.ModelForm):
    """A formset row whose organisation and meeting pickers share the page's PickedObjects,
    passed in through the formset's `form_kwargs`."""

    shared_fields = {}

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        for name, kind in self.shared_fields.items():
            self.fields[name].share(choices[kind])
            # The object this row shows or was sent, read with every other row's.
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


class ActionItemForm(PlausibleDatesMixin, SharedChoicesForm):
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
            "note",
        ]
        field_classes = {
            "responsible": PickedOrganisationField,
            "taken_over_by": PickedMeetingField,
        }
        widgets = {
            "text_bg": forms.Textarea(attrs={"rows": 2}),
            "text_en": forms.Textarea(attrs={"rows": 2}),
            "due_on": DateInput,
            "done_on": DateInput,
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["file", "caption_bg", "caption_en", "is_public"]
        # Private files have no address; the page links to the view that checks permission.
        widgets = {"file": forms.FileInput}


AttendanceFormSet = forms.inlineformset_factory(
    Meeting, Attendance, form=AttendanceForm, extra=1, can_delete=True
)
ActionItemFormSet = forms.inlineformset_factory(
    Meeting, ActionItem, form=ActionItemForm, fk_name="meeting", extra=1, can_delete=True
)
AttachmentFormSet = forms.inlineformset_factory(
    Meeting, Attachment, form=AttachmentForm, extra=1, can_delete=True
)


def meeting_formsets(meeting, data=None, files=None):
    """The attendance, action item and attachment formsets of `meeting`'s edit page, their
    pickers sharing one read of the organisations they name and one of the meetings."""
    choices = {
        "organisations": picked_organisations(meeting),
        "meetings": picked_meetings(meeting),
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
        # Every row is made now, so the organisations (meetings) they name are read in one query.
        formset.forms  # noqa: B018 -- a cached property: reading it makes the rows
    return formsets


NOTE_WIDGET = forms.Textarea(attrs={"rows": 3})


class ActionItemDoneForm(forms.Form):
    """Marking an action item done, with what was done if the user cares to say."""

    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=NOTE_WIDGET,
        help_text=_("Optional: what was done. Never anything about a survivor."),
    )


class ActionItemNotDoneForm(forms.Form):
    """Closing an action item as not done: one of the two reasons meetings minute, and a note."""

    reason = forms.ChoiceField(label=_("Reason"), choices=ActionItem.NotDoneReason.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=NOTE_WIDGET,
        help_text=_("Optional: what changed, or why it was not undertaken."),
    )


class ActionItemCarryOverForm(PlausibleDatesMixin, forms.Form):
    """Handing an action item over to a later meeting, which carries it on."""

    meeting = forms.ModelChoiceField(
        label=_("Carry over to meeting"),
        queryset=Meeting.objects.none(),
        widget=MeetingSelect,
        help_text=_("A later meeting that is not cancelled."),
    )
    due_on = forms.DateField(
        label=_("New due date"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty to keep the current due date."),
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(
            starts_at__gt=item.meeting.starts_at, cancelled_at__isnull=True
        )
