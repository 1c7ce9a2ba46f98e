import datetime

import factory
import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from measures.models import (
    Indicator,
    IndicatorReading,
    Measure,
    Milestone,
    Pilot,
    Vote,
    VoteTally,
)
from tests.factories import (
    IndicatorFactory,
    IndicatorReadingFactory,
    MeasureFactory,
    OrganisationFactory,
    PilotFactory,
    ProjectFactory,
    VoteFactory,
    VoteTallyFactory,
    municipality,
    region,
)
from tests.partners.test_admin import change_form_data

pytestmark = pytest.mark.django_db


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    pilot = factory.SubFactory(PilotFactory)
    title_bg = factory.Sequence(lambda n: f"Етап {n}")
    due_on = datetime.date(2025, 6, 1)


def measure(children=1):
    """A measure of a project, voted on, with `children` pilots."""
    proposed = MeasureFactory(project=ProjectFactory())
    VoteTallyFactory(measure=proposed)
    PilotFactory.create_batch(children, measure=proposed, municipality=municipality())
    return proposed


def vote(children=1):
    held = VoteFactory()
    VoteTallyFactory.create_batch(children, vote=held)
    return held


def pilot(children=1):
    """A pilot with `children` implementers, milestones and indicators."""
    tried = PilotFactory(municipality=municipality())
    tried.implementers.add(*OrganisationFactory.create_batch(children))
    MilestoneFactory.create_batch(children, pilot=tried)
    IndicatorFactory.create_batch(children, pilot=tried)
    return tried


def indicator(children=1):
    measured = IndicatorFactory()
    IndicatorReadingFactory.create_batch(children, indicator=measured)
    return measured


def batch(make):
    return lambda rows: [make() for _ in range(rows)]


# (model, builder of `rows` records, queries of its changelist)
CHANGELISTS = [
    ("measure", batch(measure), 8),
    ("vote", batch(vote), 8),
    ("votetally", batch(VoteTallyFactory), 7),
    ("pilot", batch(pilot), 10),
    ("milestone", batch(MilestoneFactory), 8),
    ("indicator", batch(indicator), 7),
    ("indicatorreading", batch(IndicatorReadingFactory), 8),
]


@pytest.mark.parametrize("rows", [1, 15])
@pytest.mark.parametrize(
    ("model", "build", "queries"), [pytest.param(*case, id=case[0]) for case in CHANGELISTS]
)
def test_changelist_makes_as_many_queries_for_many_rows_as_for_one(
    admin_client, django_assert_num_queries, model, build, queries, rows
):
    build(rows)
    ContentType.objects.clear_cache()  # the same start whatever ran before

    with django_assert_num_queries(queries):
        response = admin_client.get(reverse(f"admin:measures_{model}_changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == rows


# (model, builder of one record with `children` rows in each inline, queries of its change form,
# numbers of inline rows to try: only models with inlines try several)
CHANGE_FORMS = [
    ("measure", measure, 8, [1, 4]),
    ("vote", vote, 7, [1, 4]),
    ("votetally", lambda children: VoteTallyFactory(), 8, [1]),
    ("pilot", pilot, 12, [1, 4]),
    ("milestone", lambda children: MilestoneFactory(), 8, [1]),
    ("indicator", indicator, 9, [1, 4]),
    ("indicatorreading", lambda children: IndicatorReadingFactory(), 6, [1]),
]


@pytest.mark.parametrize(
    ("model", "build", "queries", "children"),
    [
        pytest.param(model, build, queries, children, id=f"{model}-{children}")
        for model, build, queries, sizes in CHANGE_FORMS
        for children in sizes
    ],
)
def test_change_form_makes_fixed_queries_whatever_its_inline_rows(
    admin_client, django_assert_num_queries, model, build, queries, children
):
    record = build(children)
    ContentType.objects.clear_cache()

    with django_assert_num_queries(queries):
        response = admin_client.get(reverse(f"admin:measures_{model}_change", args=[record.pk]))

    assert response.status_code == 200


def test_measure_list_sums_votes_for_it_over_every_vote(admin_client):
    chosen = MeasureFactory()
    VoteTallyFactory(measure=chosen, votes_for=30)
    VoteTallyFactory(measure=chosen, votes_for=12)

    response = admin_client.get(reverse("admin:measures_measure_changelist"))

    assert [row.votes_total for row in response.context["cl"].result_list] == [42]


def test_vote_list_shows_turnout(admin_client):
    VoteFactory(eligible=60, ballots_cast=55)

    response = admin_client.get(reverse("admin:measures_vote_changelist"))

    assert "92%" in response.content.decode()


def test_pilot_added_without_an_end_runs_nine_months(admin_client):
    chosen = MeasureFactory()
    url = reverse("admin:measures_pilot_add")
    data = change_form_data(admin_client.get(url))
    data.update(
        {
            "measure": chosen.pk,
            "region": region().pk,
            "municipality": municipality().pk,
            "starts_on": "2025-03-01",
            "status": Pilot.Status.PLANNED,
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert Pilot.objects.get(measure=chosen).ends_on == datetime.date(2025, 12, 1)


def test_pilot_form_refuses_a_municipality_of_another_region(admin_client):
    url = reverse("admin:measures_pilot_add")
    data = change_form_data(admin_client.get(url))
    data.update(
        {
            "measure": MeasureFactory().pk,
            "region": region("BG-18").pk,
            "municipality": municipality("plovdiv", "BG-16").pk,
            "starts_on": "2025-03-01",
            "status": Pilot.Status.PLANNED,
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert not Pilot.objects.exists()
    # The admin speaks Bulgarian, the default language.
    assert response.context["adminform"].form.errors["municipality"] == [
        "Тази община не е в избраната област."
    ]


def test_every_measures_model_is_in_admin():
    models = [Measure, Vote, VoteTally, Pilot, Milestone, Indicator, IndicatorReading]

    assert [model for model in models if not admin.site.is_registered(model)] == []
