"""The rules of measures, votes, pilots and indicators."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from measures.models import IndicatorReading, Measure, Pilot, add_months
from tests.factories import (
    IndicatorFactory,
    IndicatorReadingFactory,
    MeasureFactory,
    MeetingFactory,
    PilotFactory,
    ProjectFactory,
    VoteFactory,
    VoteTallyFactory,
    municipality,
    region,
)

pytestmark = pytest.mark.django_db


# Measures


@pytest.fixture(autouse=True)
def _english_messages():
    """Messages are asserted in English, the source language."""
    with translation.override("en"):
        yield


def test_measure_number_is_unique_per_project():
    project = ProjectFactory()
    MeasureFactory(project=project, number=3)

    with transaction.atomic(), pytest.raises(IntegrityError):
        MeasureFactory(project=project, number=3)


def test_measure_number_is_unique_among_measures_without_a_project():
    MeasureFactory(project=None, number=3)

    with transaction.atomic(), pytest.raises(IntegrityError):
        MeasureFactory(project=None, number=3)


def test_measure_same_number_in_another_project_is_stored():
    first = MeasureFactory(project=ProjectFactory(), number=3)

    second = MeasureFactory(project=ProjectFactory(), number=3)

    assert Measure.objects.filter(number=3).count() == 2
    assert first.project != second.project


def test_measure_duplicate_number_is_refused_by_full_clean():
    project = ProjectFactory()
    MeasureFactory(project=project, number=3)
    measure = MeasureFactory.build(project=project, number=3)

    with pytest.raises(ValidationError) as error:
        measure.full_clean()

    assert list(error.value.message_dict) == ["__all__"]


def test_measure_duplicate_number_without_a_project_is_refused_by_full_clean():
    MeasureFactory(project=None, number=3)
    measure = MeasureFactory.build(project=None, number=3)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        measure.full_clean()

    assert error.value.messages == ["A measure without a project already has this number."]


def test_measure_number_zero_is_refused_by_the_database():
    with transaction.atomic(), pytest.raises(IntegrityError):
        MeasureFactory(number=0)


def test_measure_number_zero_is_refused_by_full_clean():
    measure = MeasureFactory.build(number=0)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        measure.full_clean()

    assert error.value.messages == ["Measures are numbered from 1."]


def test_measure_number_one_is_stored():
    measure = MeasureFactory(number=1)

    measure.full_clean()

    assert Measure.objects.get(pk=measure.pk).number == 1


# Votes and tallies


def test_vote_more_ballots_than_eligible_is_refused():
    vote = VoteFactory.build(meeting=MeetingFactory(kind="vote"), eligible=10, ballots_cast=11)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        vote.full_clean()

    assert error.value.message_dict["ballots_cast"] == [
        "More ballots than people eligible to vote."
    ]


def test_vote_more_ballots_than_eligible_is_refused_by_the_database():
    with transaction.atomic(), pytest.raises(IntegrityError):
        VoteFactory(eligible=10, ballots_cast=11)


def test_vote_every_eligible_voter_voting_is_stored():
    vote = VoteFactory(eligible=10, ballots_cast=10)

    vote.full_clean()

    assert vote.turnout == 1


def test_vote_tally_is_unique_per_vote_and_measure():
    tally = VoteTallyFactory()

    with transaction.atomic(), pytest.raises(IntegrityError):
        VoteTallyFactory(vote=tally.vote, measure=tally.measure)


def test_vote_tally_more_votes_for_than_ballots_is_refused():
    vote = VoteFactory(eligible=60, ballots_cast=55)
    tally = VoteTallyFactory.build(vote=vote, measure=MeasureFactory(), votes_for=56)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        tally.full_clean()

    assert error.value.message_dict["votes_for"] == ["More votes for a measure than ballots cast."]


def test_vote_tally_every_ballot_for_one_measure_is_accepted():
    vote = VoteFactory(eligible=60, ballots_cast=55)
    tally = VoteTallyFactory.build(vote=vote, measure=MeasureFactory(), votes_for=55)

    tally.full_clean()


# Pilots


def test_pilot_ends_nine_months_after_start_by_default():
    pilot = PilotFactory(starts_on=datetime.date(2025, 3, 1))

    pilot.refresh_from_db()
    assert pilot.ends_on == datetime.date(2025, 12, 1)


def test_pilot_default_end_is_clamped_to_the_last_day_of_the_month():
    pilot = PilotFactory(starts_on=datetime.date(2023, 5, 31))

    pilot.refresh_from_db()
    assert pilot.ends_on == datetime.date(2024, 2, 29)


def test_pilot_given_end_is_kept():
    pilot = PilotFactory(starts_on=datetime.date(2025, 3, 1), ends_on=datetime.date(2025, 6, 30))

    pilot.refresh_from_db()
    assert pilot.ends_on == datetime.date(2025, 6, 30)


def test_pilot_without_end_passes_full_clean_before_the_default_is_set():
    pilot = PilotFactory.build(measure=MeasureFactory(), ends_on=None)

    pilot.full_clean()


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2023, 5, 31), 9, datetime.date(2024, 2, 29)),
        (datetime.date(2024, 5, 31), 9, datetime.date(2025, 2, 28)),
        (datetime.date(2025, 4, 30), 9, datetime.date(2026, 1, 30)),
        (datetime.date(2025, 1, 31), 1, datetime.date(2025, 2, 28)),
        (datetime.date(2025, 12, 15), 12, datetime.date(2026, 12, 15)),
        (datetime.date(2025, 3, 1), 0, datetime.date(2025, 3, 1)),
    ],
)
def test_pilot_add_months_moves_the_date_and_clamps_the_day(day, months, expected):
    assert add_months(day, months) == expected


def test_pilot_end_before_start_is_refused():
    pilot = PilotFactory.build(
        measure=MeasureFactory(),
        starts_on=datetime.date(2025, 3, 1),
        ends_on=datetime.date(2025, 2, 28),
    )

    with translation.override("en"), pytest.raises(ValidationError) as error:
        pilot.full_clean()

    assert error.value.message_dict["ends_on"] == ["The end cannot be before the start."]


def test_pilot_end_before_start_is_refused_by_the_database():
    with transaction.atomic(), pytest.raises(IntegrityError):
        PilotFactory(starts_on=datetime.date(2025, 3, 1), ends_on=datetime.date(2025, 2, 28))


@pytest.mark.parametrize("status", ["planned", "running", "cancelled"])
def test_pilot_decision_before_completion_is_refused(status):
    pilot = PilotFactory.build(measure=MeasureFactory(), status=status, decision="scale_up")

    with translation.override("en"), pytest.raises(ValidationError) as error:
        pilot.full_clean()

    assert error.value.message_dict["decision"] == [
        "A decision is taken only when the pilot is completed."
    ]


def test_pilot_decision_before_completion_is_refused_by_the_database():
    with transaction.atomic(), pytest.raises(IntegrityError):
        PilotFactory(status=Pilot.Status.RUNNING, decision=Pilot.Decision.STOP)


def test_pilot_decision_after_completion_is_stored():
    pilot = PilotFactory(
        status=Pilot.Status.COMPLETED,
        decision=Pilot.Decision.SCALE_UP,
        decided_on=datetime.date(2025, 12, 10),
    )

    pilot.full_clean()

    assert Pilot.objects.get(pk=pilot.pk).decision == "scale_up"


def test_pilot_municipality_outside_the_region_is_refused():
    pilot = PilotFactory.build(
        measure=MeasureFactory(),
        region=region("BG-18"),
        municipality=municipality("popovo", "BG-25"),
    )

    with translation.override("en"), pytest.raises(ValidationError) as error:
        pilot.full_clean()

    assert error.value.message_dict["municipality"] == [
        "This municipality is not in the chosen region."
    ]


def test_pilot_municipality_inside_the_region_is_accepted():
    pilot = PilotFactory.build(
        measure=MeasureFactory(), region=region("BG-18"), municipality=municipality("ruse")
    )

    pilot.full_clean()


def test_pilot_running_lists_running_pilots_only():
    running = PilotFactory(status=Pilot.Status.RUNNING)
    PilotFactory(status=Pilot.Status.PLANNED)

    assert list(Pilot.objects.running()) == [running]


# Indicators and readings


@pytest.mark.parametrize("field", ["baseline", "target"])
def test_indicator_negative_value_is_refused(field):
    indicator = IndicatorFactory.build(pilot=PilotFactory(), **{field: Decimal("-1")})

    with pytest.raises(ValidationError) as error:
        indicator.full_clean()

    assert list(error.value.message_dict) == [field]


@pytest.mark.parametrize("field", ["baseline", "target"])
def test_indicator_negative_value_is_refused_by_the_database(field):
    with transaction.atomic(), pytest.raises(IntegrityError):
        IndicatorFactory(**{field: Decimal("-1")})


def test_indicator_reading_negative_value_is_refused():
    reading = IndicatorReadingFactory.build(indicator=IndicatorFactory(), value=Decimal("-0.5"))

    with pytest.raises(ValidationError) as error:
        reading.full_clean()

    assert list(error.value.message_dict) == ["value"]


def test_indicator_reading_negative_value_is_refused_by_the_database():
    with transaction.atomic(), pytest.raises(IntegrityError):
        IndicatorReadingFactory(value=Decimal("-0.5"))


def test_indicator_reading_is_once_per_indicator_and_date():
    reading = IndicatorReadingFactory()

    with transaction.atomic(), pytest.raises(IntegrityError):
        IndicatorReadingFactory(indicator=reading.indicator, measured_on=reading.measured_on)


def test_indicator_reading_same_date_for_another_indicator_is_stored():
    reading = IndicatorReadingFactory(measured_on=datetime.date(2025, 4, 1))

    IndicatorReadingFactory(measured_on=datetime.date(2025, 4, 1))

    assert IndicatorReading.objects.filter(measured_on=reading.measured_on).count() == 2


def test_indicator_reading_in_the_future_is_refused():
    reading = IndicatorReadingFactory.build(
        indicator=IndicatorFactory(),
        measured_on=timezone.localdate() + datetime.timedelta(days=1),
    )

    with translation.override("en"), pytest.raises(ValidationError) as error:
        reading.full_clean()

    assert error.value.message_dict["measured_on"] == ["A reading cannot be dated in the future."]


def test_indicator_reading_today_is_accepted():
    reading = IndicatorReadingFactory.build(
        indicator=IndicatorFactory(), measured_on=timezone.localdate()
    )

    reading.full_clean()


def test_indicator_readings_form_a_time_series_ordered_by_date():
    indicator = IndicatorFactory()
    for day, value in [(20, 9), (1, 2), (10, 5)]:
        IndicatorReadingFactory(
            indicator=indicator, measured_on=datetime.date(2025, 4, day), value=value
        )

    series = [(reading.measured_on.day, reading.value) for reading in indicator.readings.all()]

    assert series == [(1, Decimal("2")), (10, Decimal("5")), (20, Decimal("9"))]
