"""An indicator's progress towards its target: one model method, the figure every page shows."""

from decimal import Decimal

import pytest

from measures.models import Indicator


def indicator(baseline, target):
    return Indicator(baseline=Decimal(baseline), target=Decimal(target))


@pytest.mark.parametrize(
    ("baseline", "target", "value", "progress"),
    [
        (0, 20, 0, 0),
        (0, 20, 9, 45),
        (0, 20, 20, 100),
        (0, 20, 30, 150),
        (10, 20, 5, -50),
        # A falling indicator (days of waiting) goes from its baseline down to its target.
        (30, 10, 25, 25),
        (30, 10, 10, 100),
    ],
)
def test_indicator_progress_goes_from_baseline_to_target(baseline, target, value, progress):
    assert indicator(baseline, target).progress(Decimal(value)) == progress


def test_indicator_progress_is_none_without_a_reading():
    assert indicator(0, 20).progress(None) is None


@pytest.mark.parametrize(("value", "progress"), [(4, 0), (5, 100), (6, 100)])
def test_indicator_progress_when_target_is_baseline_is_reached_at_the_target(value, progress):
    assert indicator(5, 5).progress(Decimal(value)) == progress


def test_indicator_progress_rounds_to_a_whole_per_cent():
    assert indicator(0, 3).progress(Decimal(1)) == 33
