"""Percentages and local midnights: defined once in core, used by every page and report."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from core.dates import local_midnight
from core.figures import percent


@pytest.mark.parametrize(
    ("done", "target", "expected"),
    [(1, 4, 25), (8, 20, 40), (Decimal("1"), Decimal("3"), 33), (2, 3, 67), (5, 4, 125)],
)
def test_percent_is_a_whole_per_cent_of_the_target(done, target, expected):
    assert percent(done, target) == expected


@pytest.mark.parametrize("target", [0, None, Decimal(0)])
def test_percent_without_a_target_is_none(target):
    assert percent(3, target) is None


def test_local_midnight_is_the_first_moment_of_the_day_in_the_site_time_zone(settings):
    settings.TIME_ZONE = "Europe/Sofia"

    midnight = local_midnight(datetime.date(2024, 7, 1))

    assert timezone.is_aware(midnight)
    assert timezone.localtime(midnight).replace(tzinfo=None) == datetime.datetime(2024, 7, 1)
    # Summer time in Sofia: three hours ahead of UTC.
    assert midnight.astimezone(datetime.UTC) == datetime.datetime(
        2024, 6, 30, 21, tzinfo=datetime.UTC
    )
