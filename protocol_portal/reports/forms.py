import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import PlausibleDatesMixin
from core.widgets import DateInput

from .figures import Period


def default_period(project, today=None):
    """The project's own dates; a date it lacks comes from the current calendar year (and an
    open-ended project that starts in a later year runs to the end of that year)."""
    today = today or timezone.localdate()
    start = project.starts_on or datetime.date(today.year, 1, 1)
    end = project.ends_on or datetime.date(today.year, 12, 31)
    if end < start:
        end = datetime.date(start.year, 12, 31)
    return Period(start, end)


class PeriodForm(PlausibleDatesMixin, forms.Form):
    """The reporting period, both days included."""

    start = forms.DateField(label=_("From"), widget=DateInput)
    end = forms.DateField(label=_("To (inclusive)"), widget=DateInput)

    @classmethod
    def for_request(cls, request, project):
        """Bound to the query string; a date left out takes the project's default."""
        default = default_period(project)
        return cls(
            {
                "start": request.GET.get("start") or default.start.isoformat(),
                "end": request.GET.get("end") or default.end.isoformat(),
            }
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the period cannot be before its start."))
        return cleaned

    @property
    def period(self):
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])
