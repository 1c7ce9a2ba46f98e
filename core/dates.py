"""Days and moments in the site's time zone."""

import calendar
import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def local_midnight(day):
    """The first moment of `day` in the site's time zone, as an aware datetime: where a period
    of whole days starts, and (for the day after) where it ends."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def add_months(day, months):
    """`day` moved `months` later (earlier when negative), clamped to the month's last day
    (31 May + 9 → 29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# No record of the network is dated outside these years. A form that took 9999-12-31 would have
# the portal compute a day later, nine months later or a period's end past the calendar's last
# year, which fails (a 500) rather than refuses.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2199, 12, 31)


def validate_plausible_date(value):
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_range",
            params={"earliest": EARLIEST_DATE.year, "latest": LATEST_DATE.year},
        )


class PlausibleDatesMixin:
    """Every date and date-time field of the form refuses a date outside EARLIEST_DATE and
    LATEST_DATE, with a message next to the field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                field.validators.append(validate_plausible_date)


class PlausibleDatesModelForm(PlausibleDatesMixin, forms.ModelForm):
    """The rows of an inline formset with dates."""
