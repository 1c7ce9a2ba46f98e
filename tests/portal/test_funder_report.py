"""The funder report of a project: who may open it, the period form, and that every figure on
the page equals a count or sum taken straight from the database, boundaries included."""

import datetime
import io
from pathlib import Path

import openpyxl
import pytest
from django.db.models import Sum
from django.utils import timezone

from measures.models import Measure, Pilot, VoteTally
from meetings.models import Attendance, Meeting
from partners.models import Accession, Commitment, CommitmentUpdate, Organisation
from protocol_portal.reports import figures
from tests.factories import (
    AccessionFactory,
    AttendanceFactory,
    CommitmentFactory,
    CommitmentUpdateFactory,
    DeliverableFactory,
    IndicatorFactory,
    IndicatorReadingFactory,
    MeasureFactory,
    MeetingFactory,
    OrganisationFactory,
    PilotFactory,
    ProjectFactory,
    VoteFactory,
    VoteTallyFactory,
    support_area,
)
from tests.html_tables import tables

pytestmark = pytest.mark.django_db

START, END = datetime.date(2024, 3, 1), datetime.date(2024, 6, 30)
PERIOD = {"start": "2024-03-01", "end": "2024-06-30"}


def local(year, month, day, hour=12, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def report_url(project, suffix="report/", lang="bg"):
    return f"/{lang}/manage/projects/{project.pk}/{suffix}"


def rows_by_key(table, section="tbody"):
    return {row["key"]: row["cells"] for row in table[section]}


# --- The records the report counts --------------------------------------------------------------


@pytest.fixture
def project():
    return ProjectFactory(
        name="WEGO3",
        slug="wego3",
        title_bg="Икономическо овластяване",
        title_en="Economic empowerment",
        programme_bg="Програма Правосъдие",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
    )


@pytest.fixture
def records(project):
    """A project's meetings, accessions, commitments, votes, pilots and deliverables inside the
    period, on its boundaries and outside it, and another project's records in the period."""
    other_project = ProjectFactory()
    municipality_org = OrganisationFactory(sector=Organisation.Sector.MUNICIPALITY)
    union = OrganisationFactory(sector=Organisation.Sector.TRADE_UNION)
    business = OrganisationFactory(sector=Organisation.Sector.BUSINESS)
    ngo = OrganisationFactory(sector=Organisation.Sector.NGO)
    outside = OrganisationFactory(sector=Organisation.Sector.BUSINESS)
    elsewhere = OrganisationFactory(sector=Organisation.Sector.MEDIA)
    lawyers = OrganisationFactory(sector=Organisation.Sector.PROFESSIONAL_ASSOCIATION)

    first = MeetingFactory(
        project=project,
        kind=Meeting.Kind.PARTNER_MEETING,
        starts_at=local(2024, 3, 1, 0, 30),
        participant_count=20,
    )
    last = MeetingFactory(
        project=project,
        kind=Meeting.Kind.FOCUS_GROUP,
        starts_at=local(2024, 6, 30, 23, 30),
        participant_count=None,
    )
    vote_meeting = MeetingFactory(
        project=project, kind=Meeting.Kind.VOTE, starts_at=local(2024, 4, 10), participant_count=60
    )
    third = MeetingFactory(
        project=project,
        kind=Meeting.Kind.PARTNER_MEETING,
        starts_at=local(2024, 5, 2),
        participant_count=7,
    )
    before = MeetingFactory(
        project=project, starts_at=local(2024, 2, 29, 23, 59), participant_count=100
    )
    after = MeetingFactory(
        project=project, starts_at=local(2024, 7, 1, 0, 0), participant_count=100
    )
    other = MeetingFactory(project=other_project, starts_at=local(2024, 4, 1), participant_count=9)
    for meeting, organisations in [
        (first, [municipality_org, union]),
        (last, [municipality_org, business]),
        (vote_meeting, [ngo, union]),
        (third, [municipality_org]),
        (before, [outside]),
        (after, [outside]),
        (other, [elsewhere]),
    ]:
        for organisation in organisations:
            AttendanceFactory(meeting=meeting, organisation=organisation)

    # Accessions: the union signs inside (and was reached), the lawyers on the first day (not
    # reached), one signs the day after, a draft's planned date and a later withdrawal.
    union_accession = AccessionFactory(
        organisation=union, status=Accession.Status.ACTIVE, signed_on=datetime.date(2024, 5, 5)
    )
    lawyers_accession = AccessionFactory(organisation=lawyers, signed_on=START)
    late_accession = AccessionFactory(organisation=outside, signed_on=datetime.date(2024, 7, 1))
    AccessionFactory(organisation=business, status=Accession.Status.DRAFT, signed_on=START)
    withdrawn = AccessionFactory(
        organisation=ngo, status=Accession.Status.WITHDRAWN, signed_on=datetime.date(2024, 4, 1)
    )
    employment, housing = support_area("employment"), support_area("housing")
    counted = CommitmentFactory(accession=union_accession, support_area=employment, target=10)
    for day, amount in [((2024, 2, 1), 2), ((2024, 5, 10), 3), ((2024, 7, 10), 4)]:
        CommitmentUpdateFactory(commitment=counted, reported_on=datetime.date(*day), amount=amount)
    uncounted = CommitmentFactory(
        accession=union_accession,
        support_area=employment,
        status=Commitment.Status.FULFILLED,
        target=None,
    )
    CommitmentUpdateFactory(commitment=uncounted, reported_on=END, amount=5)
    CommitmentFactory(
        accession=union_accession,
        support_area=housing,
        target=4,
        status=Commitment.Status.WITHDRAWN,
    )
    housing_counted = CommitmentFactory(accession=lawyers_accession, support_area=housing, target=6)
    CommitmentUpdateFactory(commitment=housing_counted, reported_on=START, amount=6)
    CommitmentFactory(accession=withdrawn, support_area=employment, status="lapsed")
    late = CommitmentFactory(accession=late_accession, support_area=employment, target=50)
    CommitmentUpdateFactory(commitment=late, reported_on=datetime.date(2024, 7, 2), amount=50)

    # Measures: two of the project voted in the period, one of it voted before, one of another
    # project voted at the same meeting.
    chosen = MeasureFactory(project=project, number=7, status=Measure.Status.PILOTING)
    also = MeasureFactory(project=project, number=6, status=Measure.Status.SELECTED)
    earlier = MeasureFactory(project=project, number=2)
    foreign = MeasureFactory(project=other_project, number=1)
    vote = VoteFactory(meeting=vote_meeting, eligible=60, ballots_cast=50)
    VoteTallyFactory(vote=vote, measure=chosen, votes_for=40)
    VoteTallyFactory(vote=vote, measure=also, votes_for=30)
    VoteTallyFactory(vote=vote, measure=foreign, votes_for=20)
    VoteTallyFactory(vote=VoteFactory(meeting=before), measure=earlier, votes_for=10)

    running = PilotFactory(measure=chosen, starts_on=datetime.date(2024, 5, 1))
    indicator = IndicatorFactory(pilot=running, baseline=0, target=20)
    IndicatorReadingFactory(indicator=indicator, measured_on=datetime.date(2024, 5, 15), value=4)
    IndicatorReadingFactory(indicator=indicator, measured_on=END, value=8)
    IndicatorReadingFactory(indicator=indicator, measured_on=datetime.date(2024, 7, 15), value=12)
    unread = IndicatorFactory(pilot=running, baseline=2, target=10)
    ended_on_first_day = PilotFactory(
        measure=also,
        starts_on=datetime.date(2023, 6, 1),
        ends_on=START,
        status=Pilot.Status.COMPLETED,
        decision=Pilot.Decision.STOP,
    )
    PilotFactory(measure=also, starts_on=datetime.date(2024, 7, 1))
    PilotFactory(
        measure=chosen, starts_on=datetime.date(2023, 1, 1), ends_on=datetime.date(2024, 2, 29)
    )
    PilotFactory(measure=chosen, starts_on=datetime.date(2024, 4, 1), status=Pilot.Status.CANCELLED)
    PilotFactory(measure=foreign, starts_on=datetime.date(2024, 4, 1))

    met = DeliverableFactory(project=project, text_bg="Фокус групи", target=8, achieved=8)
    open_ended = DeliverableFactory(project=project, text_bg="Публичност", target=None, achieved=3)
    DeliverableFactory(project=other_project, target=5, achieved=1)
    return {
        "meetings": [first, last, vote_meeting, third],
        "running": running,
        "ended_on_first_day": ended_on_first_day,
        "indicator": indicator,
        "unread": unread,
        "deliverables": [met, open_ended],
        "chosen": chosen,
        "also": also,
    }


def held(project, **filters):
    """Independently of the report: the project's meetings whose local start date is in the
    period (none of the records is in the future)."""
    return Meeting.objects.filter(
        project=project, starts_at__date__gte=START, starts_at__date__lte=END, **filters
    )


def reached_ids(project, **filters):
    return set(
        Attendance.objects.filter(
            meeting__project=project,
            meeting__starts_at__date__gte=START,
            meeting__starts_at__date__lte=END,
            **filters,
        ).values_list("organisation_id", flat=True)
    )


def joined_ids():
    return set(
        Accession.objects.exclude(status=Accession.Status.DRAFT)
        .filter(signed_on__gte=START, signed_on__lte=END)
        .values_list("organisation_id", flat=True)
    )


def made_commitments(**filters):
    return Commitment.objects.exclude(accession__status=Accession.Status.DRAFT).filter(
        accession__signed_on__gte=START, accession__signed_on__lte=END, **filters
    )


def reported(commitments, *, since=None):
    updates = CommitmentUpdate.objects.filter(commitment__in=commitments, reported_on__lte=END)
    if since:
        updates = updates.filter(reported_on__gte=since)
    return updates.aggregate(total=Sum("amount"))["total"] or 0


def voted(project):
    return Measure.objects.filter(
        project=project,
        tallies__vote__meeting__starts_at__date__gte=START,
        tallies__vote__meeting__starts_at__date__lte=END,
    ).distinct()


def number(cell):
    return int(cell["text"])


def page(client, project, lang="bg", **query):
    return client.get(report_url(project, lang=lang), {**PERIOD, **query})


# --- Who may open it ------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["report/", "report.xlsx", "report/records/meetings/"])
def test_funder_report_sends_anonymous_visitors_to_login(client, project, suffix):
    response = client.get(report_url(project, suffix))

    assert response.status_code == 302
    assert response["Location"].startswith("/bg/accounts/login/?next=")


@pytest.mark.parametrize("suffix", ["report/", "report.xlsx", "report/records/meetings/"])
def test_funder_report_refuses_partner_representatives(own_partner_client, project, suffix):
    response = own_partner_client.get(report_url(project, suffix), PERIOD)

    assert response.status_code == 403
    assert "report-summary" not in response.content.decode()


def test_funder_report_of_a_missing_project_answers_404(coordinator_client):
    assert coordinator_client.get("/bg/manage/projects/999/report/").status_code == 404


def test_funder_report_is_linked_from_the_project_page_and_the_project_list(
    coordinator_client, project
):
    link = f'href="/bg/manage/projects/{project.pk}/report/"'

    assert link in coordinator_client.get(f"/bg/manage/projects/{project.pk}/").content.decode()
    assert link in coordinator_client.get("/bg/manage/projects/").content.decode()


# --- The period -----------------------------------------------------------------------------------


def test_funder_report_period_defaults_to_the_projects_dates(coordinator_client, project):
    response = coordinator_client.get(report_url(project))

    assert response.context["period"].start == datetime.date(2024, 1, 1)
    assert response.context["period"].end == datetime.date(2025, 12, 31)


def test_funder_report_period_defaults_to_this_calendar_year_without_project_dates(
    coordinator_client,
):
    project = ProjectFactory(starts_on=None, ends_on=None)
    year = timezone.localdate().year

    response = coordinator_client.get(report_url(project))

    assert response.context["period"].start == datetime.date(year, 1, 1)
    assert response.context["period"].end == datetime.date(year, 12, 31)


@pytest.mark.parametrize("suffix", ["report/", "report.xlsx", "report/records/meetings/"])
def test_funder_report_end_before_start_shows_a_field_error_and_no_figures(
    coordinator_client, project, records, suffix
):
    response = coordinator_client.get(
        report_url(project, suffix, lang="en"), {"start": "2024-06-30", "end": "2024-03-01"}
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors == {
        "end": ["The end of the period cannot be before its start."]
    }
    assert 'id="id_end-error"' in html
    assert 'aria-invalid="true" aria-describedby="id_end-error"' in html
    assert "report-summary" not in html
    assert "report" not in response.context


def test_funder_report_date_that_is_not_a_date_shows_a_field_error(coordinator_client, project):
    response = coordinator_client.get(report_url(project), {"start": "1 March", "end": "2024"})

    assert set(response.context["form"].errors) == {"start", "end"}
    assert "report" not in response.context


# --- The figures, against the database ------------------------------------------------------------


def test_meetings_by_kind_equal_the_database(coordinator_client, project, records):
    table = tables(page(coordinator_client, project))["report-meetings"]
    rows = rows_by_key(table)

    kinds = set(held(project).values_list("kind", flat=True))
    assert set(rows) == kinds
    for kind in kinds:
        meetings = held(project, kind=kind)
        assert [number(cell) for cell in rows[kind][1:]] == [
            meetings.count(),
            meetings.aggregate(total=Sum("participant_count"))["total"] or 0,
            meetings.filter(participant_count__isnull=True).count(),
            len(reached_ids(project, meeting__kind=kind)),
        ]
    total = [number(cell) for cell in table["tfoot"][0]["cells"][1:]]
    assert total == [
        held(project).count(),
        held(project).aggregate(total=Sum("participant_count"))["total"],
        held(project).filter(participant_count__isnull=True).count(),
        len(reached_ids(project)),
    ]
    assert total == [4, 87, 1, 4]


def test_meetings_on_both_boundary_days_are_counted_and_the_days_around_are_not(
    coordinator_client, project, records
):
    response = coordinator_client.get(report_url(project, "report/records/meetings/"), PERIOD)

    listed = {int(row["key"]) for row in tables(response)["report-records"]["tbody"]}
    assert listed == {meeting.pk for meeting in records["meetings"]}


def test_meetings_in_the_future_are_not_counted(coordinator_client, project):
    today = timezone.localdate()
    MeetingFactory(project=project, starts_at=timezone.now() - datetime.timedelta(hours=1))
    MeetingFactory(project=project, starts_at=timezone.now() + datetime.timedelta(hours=1))

    response = page(coordinator_client, project, start=today.isoformat(), end=today.isoformat())

    assert response.context["report"]["meetings"]["meetings"] == 1


def test_organisations_by_sector_equal_the_database(coordinator_client, project, records):
    table = tables(page(coordinator_client, project))["report-organisations"]
    reached, joined = reached_ids(project), joined_ids()
    sectors = dict(Organisation.objects.values_list("pk", "sector"))

    rows = rows_by_key(table)
    assert set(rows) == {sectors[pk] for pk in reached | joined}
    for sector, cells in rows.items():
        assert [number(cell) for cell in cells[1:]] == [
            sum(1 for pk in reached if sectors[pk] == sector),
            sum(1 for pk in joined if sectors[pk] == sector),
            sum(1 for pk in reached & joined if sectors[pk] == sector),
        ]
    total = [number(cell) for cell in table["tfoot"][0]["cells"][1:]]
    assert total == [len(reached), len(joined), len(reached & joined)] == [4, 3, 2]


def test_commitments_by_area_equal_the_database(coordinator_client, project, records):
    table = tables(page(coordinator_client, project))["report-commitments"]
    rows = rows_by_key(table)

    areas = set(made_commitments().values_list("support_area__code", flat=True))
    assert set(rows) == areas == {"employment", "housing"}
    for code in areas:
        made = made_commitments(support_area__code=code)
        targeted = made.filter(target__isnull=False)
        target_sum = targeted.aggregate(total=Sum("target"))["total"]
        towards = reported(targeted)
        assert [number(cell) for cell in rows[code][1:-1]] == [
            made.count(),
            *[made.filter(status=status).count() for status in Commitment.Status.values],
            targeted.count(),
            target_sum,
            reported(made),
            reported(made, since=START),
            towards,
        ]
        assert rows[code][-1]["text"] == f"{round(towards * 100 / target_sum)}%"
    total = [cell["text"] for cell in table["tfoot"][0]["cells"][1:]]
    assert total == ["5", "2", "1", "1", "1", "3", "20", "16", "14", "11", "55%"]


def test_votes_list_the_projects_measures_voted_in_the_period(coordinator_client, project, records):
    response = page(coordinator_client, project)
    body = tables(response)["report-votes"]["tbody"]

    tallies = VoteTally.objects.filter(
        measure__project=project,
        vote__meeting__starts_at__date__gte=START,
        vote__meeting__starts_at__date__lte=END,
    ).order_by("-votes_for")
    assert [row["cells"][0]["text"] for row in body] == [str(t.measure) for t in tallies]
    assert [[cell["text"] for cell in row["cells"][3:7]] for row in body] == [
        ["40", "50", "60", "80%"],
        ["30", "50", "60", "60%"],
    ]
    assert response.context["report"]["measures_voted"] == (
        tallies.values("measure").distinct().count()
    )


def test_pilots_show_each_indicator_with_its_latest_reading_within_the_period(
    coordinator_client, project, records
):
    response = page(coordinator_client, project, lang="en")
    body = tables(response)["report-pilots"]["tbody"]

    expected = Pilot.objects.filter(
        measure__project=project, starts_on__lte=END, ends_on__gte=START
    ).exclude(status=Pilot.Status.CANCELLED)
    assert (
        {pilot.pk for pilot in response.context["report"]["pilots"]}
        == {
            records["running"].pk,
            records["ended_on_first_day"].pk,
        }
        == set(expected.values_list("pk", flat=True))
    )
    cells = [[cell["text"] for cell in row["cells"]] for row in body]
    assert cells == [
        [
            str(records["ended_on_first_day"]),
            "01.06.2023 – 01.03.2024",
            "Completed: Stop",
            "No indicators.",
        ],
        [
            str(records["running"]),
            "01.05.2024 – 01.02.2025",
            "Running",
            f"{records['indicator'].name} (жени)",
            "0",
            "20",
            "8 (30.06.2024)",
            "40%",
        ],
        [f"{records['unread'].name} (жени)", "2", "10", "no reading", "–"],
    ]


def test_deliverables_show_todays_target_and_achieved(coordinator_client, project, records):
    body = tables(page(coordinator_client, project))["report-deliverables"]["tbody"]

    assert [[cell["text"] for cell in row["cells"]] for row in body] == [
        [d.text, "–" if d.target is None else str(d.target), str(d.achieved), share]
        for d, share in zip(
            project.deliverables.order_by("position", "pk"), ["100%", "–"], strict=True
        )
    ]


def test_summary_figures_equal_the_database(coordinator_client, project, records):
    rows = rows_by_key(tables(page(coordinator_client, project))["report-summary"])
    made = made_commitments()
    targeted = made.filter(target__isnull=False)

    assert {key: number(cells[1]) for key, cells in rows.items()} == {
        "meetings": held(project).count(),
        "participants": held(project).aggregate(total=Sum("participant_count"))["total"],
        "meetings-without-count": held(project, participant_count__isnull=True).count(),
        "organisations-reached": len(reached_ids(project)),
        "organisations-joined": len(joined_ids()),
        "organisations-joined-reached": len(reached_ids(project) & joined_ids()),
        "commitments": made.count(),
        "commitments-with-target": targeted.count(),
        "targets": targeted.aggregate(total=Sum("target"))["total"],
        "progress": reported(made),
        "progress-in-period": reported(made, since=START),
        "progress-towards-targets": reported(targeted),
        "measures-voted": voted(project).count(),
        "pilots": 2,
        "deliverables": project.deliverables.count(),
    }


def test_every_figure_states_what_it_counts(coordinator_client, project, records):
    rows = rows_by_key(tables(page(coordinator_client, project))["report-summary"])

    assert all(cells[2]["text"] for cells in rows.values())
    assert len(rows) == 15


# --- The records behind each figure ---------------------------------------------------------------


def _expected_records(figure, project):
    """Independently of the report, the ids of the records each figure counts."""
    made = made_commitments()
    targeted = made.filter(target__isnull=False)
    updates = CommitmentUpdate.objects.filter(reported_on__lte=END)
    measures = voted(project)
    pilots = Pilot.objects.filter(
        measure__project=project, starts_on__lte=END, ends_on__gte=START
    ).exclude(status=Pilot.Status.CANCELLED)
    records = {
        "meetings": held(project),
        "participants": held(project),
        "meetings-without-count": held(project, participant_count__isnull=True),
        "commitments": made,
        "commitments-with-target": targeted,
        "targets": targeted,
        "progress": updates.filter(commitment__in=made),
        "progress-in-period": updates.filter(commitment__in=made, reported_on__gte=START),
        "progress-towards-targets": updates.filter(commitment__in=targeted),
        "measures-voted": measures,
        "pilots": pilots,
        "deliverables": project.deliverables.all(),
    }
    if figure in records:
        return set(records[figure].values_list("pk", flat=True))
    return {
        "organisations-reached": reached_ids(project),
        "organisations-joined": joined_ids(),
        "organisations-joined-reached": reached_ids(project) & joined_ids(),
    }[figure]


FIGURE_SLUGS = [
    "meetings",
    "participants",
    "meetings-without-count",
    "organisations-reached",
    "organisations-joined",
    "organisations-joined-reached",
    "commitments",
    "commitments-with-target",
    "targets",
    "progress",
    "progress-in-period",
    "progress-towards-targets",
    "measures-voted",
    "pilots",
    "deliverables",
]


@pytest.mark.parametrize("figure", FIGURE_SLUGS)
def test_drill_down_lists_exactly_the_records_the_figure_counts(
    coordinator_client, project, records, figure
):
    response = coordinator_client.get(report_url(project, f"report/records/{figure}/"), PERIOD)

    listed = {int(row["key"]) for row in tables(response)["report-records"]["tbody"]}
    assert listed == _expected_records(figure, project)
    assert response.context["page_obj"].paginator.count == len(listed)


def _figure_links(response):
    """(number shown, address) of every figure cell of the report's tables."""
    found = []
    for table in tables(response).values():
        for section in ("tbody", "tfoot"):
            for row in table[section]:
                for cell in row["cells"]:
                    if cell["href"] and "/report/records/" in cell["href"]:
                        found.append((number(cell), cell["href"]))
    return found


def test_every_figure_links_to_as_many_records_as_it_counts(coordinator_client, project, records):
    links = _figure_links(page(coordinator_client, project))

    assert len(links) > 60
    for shown, href in links:
        response = coordinator_client.get(href)
        context = response.context
        if context["figure"].sum_of:
            assert context["total"] == shown, href
        else:
            assert context["page_obj"].paginator.count == shown, href


def test_drill_down_of_a_breakdown_lists_only_its_part(coordinator_client, project, records):
    response = coordinator_client.get(
        report_url(project, "report/records/meetings/", lang="en"),
        {**PERIOD, "kind": Meeting.Kind.PARTNER_MEETING},
    )

    listed = {int(row["key"]) for row in tables(response)["report-records"]["tbody"]}
    assert listed == set(
        held(project, kind=Meeting.Kind.PARTNER_MEETING).values_list("pk", flat=True)
    )
    assert '<dt class="col-sm-3">Kind of meeting</dt><dd class="col-sm-9">Partner meeting</dd>' in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("figure", "prefix"),
    [
        ("meetings", "/bg/meetings/manage/"),
        ("organisations-reached", "/bg/manage/organisations/"),
        ("commitments", "/bg/manage/accessions/"),
        ("progress", "/bg/manage/accessions/"),
        ("measures-voted", "/bg/measures/manage/"),
        ("pilots", "/bg/measures/manage/pilots/"),
        ("deliverables", "/bg/manage/projects/"),
    ],
)
def test_drill_down_links_each_record_to_its_workspace_page(
    coordinator_client, project, records, figure, prefix
):
    response = coordinator_client.get(report_url(project, f"report/records/{figure}/"), PERIOD)

    links = [row["cells"][0]["href"] for row in tables(response)["report-records"]["tbody"]]
    assert links
    assert all(link.startswith(prefix) for link in links)
    assert all(coordinator_client.get(link).status_code == 200 for link in links)


@pytest.mark.parametrize(
    "query",
    [
        {"figure": "nothing"},
        {"figure": "meetings", "kind": "picnic"},
        {"figure": "organisations-joined", "sector": "aliens"},
        {"figure": "commitments", "area": "no-such-area"},
        {"figure": "commitments", "status": "forgotten"},
    ],
)
def test_drill_down_with_an_unknown_figure_or_filter_answers_404(
    coordinator_client, project, query
):
    figure = query.pop("figure")

    response = coordinator_client.get(
        report_url(project, f"report/records/{figure}/"), {**PERIOD, **query}
    )

    assert response.status_code == 404


def test_drill_down_is_paginated(coordinator_client, project):
    for day in range(25):
        MeetingFactory(project=project, starts_at=local(2024, 4, 1 + day))

    first = coordinator_client.get(report_url(project, "report/records/meetings/"), PERIOD)
    second = coordinator_client.get(
        report_url(project, "report/records/meetings/"), {**PERIOD, "page": 2}
    )

    assert len(tables(first)["report-records"]["tbody"]) == 20
    assert len(tables(second)["report-records"]["tbody"]) == 5
    assert "page=2" in first.content.decode()


# --- The spreadsheet ------------------------------------------------------------------------------


def workbook(client, project, lang="bg"):
    response = client.get(report_url(project, "report.xlsx", lang=lang), PERIOD)
    assert response.status_code == 200
    return response, openpyxl.load_workbook(io.BytesIO(response.content))


def sheet_rows(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_xlsx_is_named_for_the_project_and_the_period(coordinator_client, project):
    response, _book = workbook(coordinator_client, project)

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="wego3-report-2024-03-01-2024-06-30.xlsx"'
    )


def test_xlsx_has_one_sheet_per_section_of_the_page(coordinator_client, project, records):
    _response, book = workbook(coordinator_client, project, lang="en")

    assert book.sheetnames == [
        "Summary",
        "Meetings",
        "Organisations",
        "Commitments",
        "Measures & pilots",
        "Deliverables",
    ]


def test_xlsx_summary_figures_equal_the_database_and_link_to_their_records(
    coordinator_client, project, records
):
    _response, book = workbook(coordinator_client, project)
    sheet = book.worksheets[0]
    page_rows = rows_by_key(tables(page(coordinator_client, project))["report-summary"])

    figures = list(sheet.iter_rows(min_row=10))
    assert len(figures) == len(page_rows) == 15
    made = made_commitments()
    assert [row[1].value for row in figures[:8]] == [
        held(project).count(),
        held(project).aggregate(total=Sum("participant_count"))["total"],
        held(project, participant_count__isnull=True).count(),
        len(reached_ids(project)),
        len(joined_ids()),
        len(reached_ids(project) & joined_ids()),
        made.count(),
        made.filter(target__isnull=False).count(),
    ]
    for row, cells in zip(figures, page_rows.values(), strict=True):
        assert row[1].value == number(cells[1])
        assert row[1].hyperlink.target == "http://testserver" + cells[1]["href"]


def test_xlsx_tables_equal_the_pages_and_link_each_figure(coordinator_client, project, records):
    _response, book = workbook(coordinator_client, project)
    page_tables = tables(page(coordinator_client, project))

    for index, table_id in [
        (1, "report-meetings"),
        (2, "report-organisations"),
        (3, "report-commitments"),
    ]:
        sheet = book.worksheets[index]
        rows = list(sheet.iter_rows(min_row=2))
        html_rows = page_tables[table_id]["tbody"] + page_tables[table_id]["tfoot"]
        assert len(rows) == len(html_rows)
        for row, html_row in zip(rows, html_rows, strict=True):
            for cell, html_cell in zip(row[1:], html_row["cells"][1:], strict=True):
                if html_cell["href"]:
                    assert cell.value == number(html_cell), (sheet.title, cell.coordinate)
                    assert cell.hyperlink.target == "http://testserver" + html_cell["href"]
                else:
                    assert f"{round(cell.value * 100)}%" == html_cell["text"]


def test_xlsx_measures_pilots_and_deliverables_equal_the_database(
    coordinator_client, project, records
):
    _response, book = workbook(coordinator_client, project)
    measures = sheet_rows(book.worksheets[4])
    deliverables = sheet_rows(book.worksheets[5])

    assert [row[3:6] for row in measures[1:3]] == [[40, 50, 60], [30, 50, 60]]
    assert measures[3][1] == voted(project).count()
    indicator_row = next(row for row in measures if row[6] == records["indicator"].name)
    assert indicator_row[8:12] == [0, 20, 8, datetime.datetime(2024, 6, 30)]
    assert indicator_row[12] == 0.4
    assert deliverables[1:3] == [["Фокус групи", 8, 8, 1], ["Публичност", None, 3, None]]
    assert deliverables[3][1] == project.deliverables.count()


def test_xlsx_headers_are_bold_and_frozen_dates_are_dates(coordinator_client, project, records):
    _response, book = workbook(coordinator_client, project)

    for sheet in book.worksheets[1:]:
        assert all(cell.font.bold for cell in sheet[1] if cell.value is not None), sheet.title
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.column_dimensions["A"].width >= 30
    summary = book.worksheets[0]
    assert summary["B6"].value == datetime.datetime(2024, 3, 1)
    assert summary["C6"].value == datetime.datetime(2024, 6, 30)
    assert summary["B6"].is_date
    assert summary.freeze_panes == "A10"
    assert all(cell.font.bold for cell in summary[9])


def test_xlsx_text_that_looks_like_a_formula_is_kept_as_text(coordinator_client, project):
    DeliverableFactory(project=project, text_bg="=HYPERLINK(1)")

    _response, book = workbook(coordinator_client, project)

    assert book.worksheets[5]["A2"].value == "'=HYPERLINK(1)"
    assert book.worksheets[5]["A2"].data_type == "s"


# --- Print, languages and queries -----------------------------------------------------------------


def test_funder_report_links_the_print_stylesheet_and_the_print_button(coordinator_client, project):
    html = page(coordinator_client, project).content.decode()

    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in html
    assert '<script src="/static/js/print-button.js" defer></script>' in html
    assert "data-print-report hidden>" in html
    assert (
        f'href="/bg/manage/projects/{project.pk}/report.xlsx?start=2024-03-01&amp;end=2024-06-30"'
        in html
    )


def test_print_stylesheet_hides_navigation_forms_and_the_help_bar():
    css = (Path(__file__).resolve().parents[2] / "static/css/print.css").read_text()

    for selector in (".safety-bar", ".site-header", ".workspace-nav", ".report-filters", ".btn"):
        assert f"{selector}," in css or f"{selector} {{" in css
    assert "break-inside: avoid" in css


@pytest.mark.parametrize(
    ("lang", "title", "words"),
    [("bg", "Икономическо овластяване", "Общо"), ("en", "Economic empowerment", "Total")],
)
def test_funder_report_renders_in_both_languages(
    coordinator_client, project, records, lang, title, words
):
    response = page(coordinator_client, project, lang=lang)
    html = response.content.decode()

    assert response.status_code == 200
    assert f'<html lang="{lang}">' in html
    assert f'<h1 id="report-heading">WEGO3 – {title}</h1>' in html
    assert f'<th scope="row">{words}</th>' in html


def grow(project, count):
    """`count` of every kind of record the report counts, in the period."""
    for index in range(count):
        organisation = OrganisationFactory()
        meeting = MeetingFactory(
            project=project,
            kind=Meeting.Kind.values[index % len(Meeting.Kind.values)],
            starts_at=local(2024, 4, 1 + index),
            participant_count=index or None,
        )
        AttendanceFactory(meeting=meeting, organisation=organisation)
        accession = AccessionFactory(organisation=organisation, signed_on=datetime.date(2024, 4, 2))
        commitment = CommitmentFactory(accession=accession, target=5)
        CommitmentUpdateFactory(commitment=commitment, reported_on=datetime.date(2024, 5, 1))
        measure = MeasureFactory(project=project)
        VoteTallyFactory(
            vote=VoteFactory(meeting=MeetingFactory(project=project, starts_at=local(2024, 5, 1))),
            measure=measure,
        )
        indicator = IndicatorFactory(pilot=PilotFactory(measure=measure, starts_on=START))
        IndicatorReadingFactory(indicator=indicator, measured_on=datetime.date(2024, 4, 1))
        DeliverableFactory(project=project)


@pytest.mark.parametrize("count", [1, 6])
def test_funder_report_query_count_does_not_grow_with_records(
    coordinator_client, project, django_assert_num_queries, count
):
    grow(project, count)

    # Session, user, coordinator check, the project and site settings; then 11 for the figures.
    with django_assert_num_queries(16):
        response = page(coordinator_client, project)

    assert response.context["report"]["meetings"]["meetings"] == 2 * count


@pytest.mark.parametrize("count", [1, 6])
def test_funder_report_xlsx_query_count_does_not_grow_with_records(
    coordinator_client, project, django_assert_num_queries, count
):
    grow(project, count)

    # Session, user, coordinator check and the project; then the same 11 for the figures.
    with django_assert_num_queries(15):
        response = coordinator_client.get(report_url(project, "report.xlsx"), PERIOD)

    assert response.status_code == 200


def test_funder_report_leaves_out_cancelled_meetings_and_archived_records():
    project = ProjectFactory()
    period = figures.Period(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    MeetingFactory(
        project=project, starts_at=timezone.make_aware(datetime.datetime(2024, 5, 5, 10))
    )
    MeetingFactory(
        project=project,
        starts_at=timezone.make_aware(datetime.datetime(2024, 6, 6, 10)),
        cancelled_at=timezone.now(),
    )
    AccessionFactory(signed_on=datetime.date(2024, 9, 5), archived_at=timezone.now())
    PilotFactory(
        measure__project=project, starts_on=datetime.date(2024, 3, 1), archived_at=timezone.now()
    )

    assert (
        figures.held_meetings(project, period).count(),
        figures.signed_accessions(period).count(),
        figures.period_pilots(project, period).count(),
    ) == (1, 0, 0)
