from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Kind, ReminderSettings


class ReminderSettingsForm(forms.ModelForm):
    """Which reminders the user gets, how, and in which language."""

    kinds = forms.MultipleChoiceField(
        label=_("Reminders I receive"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ReminderSettings
        fields = ["kinds", "delivery", "language"]
        widgets = {"delivery": forms.RadioSelect}

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.offered = list(kinds)
        self.fields["kinds"].choices = [(kind, Kind(kind).label) for kind in self.offered]
        self.fields["kinds"].initial = [
            kind for kind in self.offered if kind not in self.instance.kinds_off
        ]

    def save(self, commit=True):
        chosen = set(self.cleaned_data["kinds"])
        kept = [kind for kind in self.instance.kinds_off if kind not in self.offered]
        self.instance.kinds_off = kept + [kind for kind in self.offered if kind not in chosen]
        return super().save(commit)
