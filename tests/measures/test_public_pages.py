import datetime
import re

import pytest
from django.utils import timezone

from tests.factories import (
    AccessionFactory,
    CommitmentFactory,
    IndicatorFactory,
    IndicatorReadingFactory,
    MeasureFactory,
    MeetingFactory,
    OrganisationFactory,
    PilotFactory,
    VoteFactory,
    VoteTallyFactory,
    support_area,
)

pytestmark = pytest.mark.django_db


def test_measures_page_shows_vote_results_in_chart_and_table_with_the_same_numbers(client):
    vote = VoteFactory(eligible=64, ballots_cast=60)
    VoteTallyFactory(vote=vote, measure=MeasureFactory(number=7), votes_for=41)
    VoteTallyFactory(vote=vote, measure=MeasureFactory(number=6), votes_for=33)

    html = client.get("/en/measures/").content.decode()

    chart = re.findall(r'data-measure="(\d+)" data-votes="(\d+)"', html)
    table = re.findall(
        r'<tr data-measure="(\d+)">.*?<td class="text-end" data-votes>(\d+)</td>', html
    )
    assert chart == [("7", "41"), ("6", "33")]
    assert table == chart
    assert "60 ballots cast by 64 people eligible to vote" in html


def test_measures_page_hides_votes_of_unpublished_meetings(client):
    vote = VoteFactory(meeting=MeetingFactory(kind="vote", is_published=False))
    VoteTallyFactory(vote=vote, votes_for=12)

    html = client.get("/en/measures/").content.decode()

    assert "data-vote-chart" not in html


def test_measures_page_shows_pilot_indicators_against_targets(client):
    implementer = OrganisationFactory(name_en="Implementer")
    pilot = PilotFactory(measure=MeasureFactory(title_en="Qualification"))
    pilot.implementers.add(implementer)
    indicator = IndicatorFactory(pilot=pilot, name_en="Women trained", target=20)
    IndicatorReadingFactory(indicator=indicator, value=4)
    IndicatorReadingFactory(indicator=indicator, value=9)

    html = client.get("/en/measures/").content.decode()

    assert "Pilot in Ruse region" in html
    assert "01.03.2025 – 01.12.2025" in html
    assert "Implementer" in html
    assert re.search(r"Women trained.*?>0<.*?>9 <.*?>20<", html, re.S)


def test_measure_page_lists_partners_offering_or_committed_to_its_support_area(client):
    measure = MeasureFactory(support_area=support_area("childcare"))
    offering = OrganisationFactory(name_bg="Детска градина")
    offering.services.add(support_area("childcare"))
    OrganisationFactory(name_bg="Друга")
    hidden = OrganisationFactory(name_bg="Скрита", is_published=False)
    hidden.services.add(support_area("childcare"))

    response = client.get(f"/bg/measures/{measure.slug}/")

    listed = [organisation.name_bg for organisation in response.context["page_obj"].object_list]
    assert listed == ["Детска градина"]


@pytest.mark.parametrize("status", ["withdrawn", "fulfilled", "lapsed"])
def test_measure_page_leaves_out_partners_whose_commitment_is_no_longer_active(client, status):
    measure = MeasureFactory(support_area=support_area("childcare"))
    organisation = OrganisationFactory(name_bg="Оттеглила")
    CommitmentFactory(
        accession=AccessionFactory(organisation=organisation),
        support_area=support_area("childcare"),
        status=status,
    )

    response = client.get(f"/bg/measures/{measure.slug}/")

    assert list(response.context["page_obj"].object_list) == []


def test_measure_page_leaves_out_partners_whose_accession_is_past_its_validity(client):
    measure = MeasureFactory(support_area=support_area("childcare"))
    accession = AccessionFactory(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    CommitmentFactory(accession=accession, support_area=support_area("childcare"))

    response = client.get(f"/bg/measures/{measure.slug}/")

    assert list(response.context["page_obj"].object_list) == []


@pytest.mark.parametrize("count", [1, 8])
def test_measures_page_query_count_does_not_grow_with_rows(
    client, django_assert_num_queries, count
):
    vote = VoteFactory()
    for _ in range(count):
        measure = MeasureFactory()
        VoteTallyFactory(vote=vote, measure=measure)
        pilot = PilotFactory(measure=measure)
        pilot.implementers.add(OrganisationFactory())
        IndicatorReadingFactory(indicator=IndicatorFactory(pilot=pilot))

    with django_assert_num_queries(8):
        assert client.get("/bg/measures/").status_code == 200
