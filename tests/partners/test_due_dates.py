"""When an accession is ending and a commitment's progress report is due: the definitions that
"What needs me" and the reminders share."""

import datetime

import pytest
from django.utils import timezone

from partners.models import Accession, Commitment
from tests.factories import AccessionFactory, CommitmentFactory, CommitmentUpdateFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


def days(number):
    return TODAY + datetime.timedelta(days=number)


def ending(days_ahead=60):
    return set(Accession.objects.ending_within(days_ahead, today=TODAY))


def made_on(commitment, day):
    """The commitment as if added on `day`: its first version is dated then."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    Commitment.history.filter(id=commitment.pk).update(history_date=moment)
    return commitment


def due():
    return set(Commitment.objects.progress_due(today=TODAY))


def test_accession_ending_within_includes_the_first_and_last_day_of_the_window():
    last_day_today = AccessionFactory(valid_until=TODAY)
    last_day_in_window = AccessionFactory(valid_until=days(60))
    AccessionFactory(valid_until=days(61))

    assert ending() == {last_day_today, last_day_in_window}


def test_accession_ending_within_leaves_out_expired_open_ended_and_not_in_force_ones():
    AccessionFactory(valid_until=days(-1), signed_on=days(-400))
    AccessionFactory(valid_until=None)
    AccessionFactory(valid_until=days(10), status=Accession.Status.SUSPENDED)
    AccessionFactory(valid_until=days(10), status=Accession.Status.DRAFT, signed_on=None)

    assert ending() == set()


def test_accession_ending_within_counts_the_days_asked_for():
    in_seven = AccessionFactory(valid_until=days(7))
    AccessionFactory(valid_until=days(8))

    assert ending(7) == {in_seven}


def test_commitment_progress_is_due_six_months_after_signing_without_a_report():
    signed_long_ago = made_on(
        CommitmentFactory(accession=AccessionFactory(signed_on=days(-200))), days(-200)
    )
    made_on(CommitmentFactory(accession=AccessionFactory(signed_on=days(-100))), days(-100))

    assert due() == {signed_long_ago}


def test_commitment_progress_is_due_six_months_after_its_last_report():
    stale = made_on(CommitmentFactory(), days(-700))
    CommitmentUpdateFactory(commitment=stale, reported_on=datetime.date(2025, 12, 15))
    fresh = made_on(CommitmentFactory(), days(-700))
    CommitmentUpdateFactory(commitment=fresh, reported_on=datetime.date(2025, 12, 16))

    assert due() == {stale}


def test_commitment_added_to_an_old_accession_counts_from_when_it_was_added():
    accession = AccessionFactory(signed_on=days(-700))
    made_on(CommitmentFactory(accession=accession), days(-30))
    added_long_ago = made_on(CommitmentFactory(accession=accession), days(-300))

    assert due() == {added_long_ago}


def test_commitment_progress_is_not_due_when_done_withdrawn_or_its_accession_not_in_force():
    made_on(CommitmentFactory(status=Commitment.Status.FULFILLED), days(-700))
    made_on(CommitmentFactory(status=Commitment.Status.WITHDRAWN), days(-700))
    expired = AccessionFactory(signed_on=days(-700), valid_until=days(-1))
    made_on(CommitmentFactory(accession=expired), days(-700))

    assert due() == set()


def test_commitment_progress_period_follows_the_setting(settings):
    settings.PROGRESS_REPORT_MONTHS = 3
    three_months = made_on(
        CommitmentFactory(accession=AccessionFactory(signed_on=days(-100))), days(-100)
    )

    assert due() == {three_months}
