"""Days and moments in the site's time zone."""

import datetime

from django.utils import timezone


def local_midnight(day):
    """The first moment of `day` in the site's time zone, as an aware datetime: where a period
    of whole days starts, and (for the day after) where it ends."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
