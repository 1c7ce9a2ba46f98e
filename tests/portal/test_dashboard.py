"""The workspace dashboard at /<lang>/manage/: who may open it, that its tables show what the
database holds, that a partner's representative sees only its own organisation, and that the
number of queries does not grow with the network."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from measures.models import Measure, Pilot
from meetings.models import ActionItem, Meeting
from partners.models import Commitment, Organisation
from protocol_portal.dashboard import MONTHS_SHOWN
from tests.factories import (
    AccessionFactory,
    ActionItemFactory,
    AttendanceFactory,
    CommitmentFactory,
    CommitmentUpdateFactory,
    IndicatorFactory,
    IndicatorReadingFactory,
    MeasureFactory,
    MeetingFactory,
    OrganisationFactory,
    PilotFactory,
    UserFactory,
    region,
    support_area,
)
from tests.html_tables import table_texts as tables

pytestmark = pytest.mark.django_db

URL = "/bg/manage/"


def body(response, table_id):
    return tables(response)[table_id]["tbody"]


def months_ago(today, months):
    month_index = today.year * 12 + today.month - 1 - months
    return datetime.date(month_index // 12, month_index % 12 + 1, 1)


def at_noon(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


# --- Who may open it ------------------------------------------------------------------------------


def test_dashboard_sends_anonymous_visitors_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == "/bg/accounts/login/?next=/bg/manage/"


def test_dashboard_refuses_a_user_without_a_role(client):
    client.force_login(UserFactory())

    response = client.get(URL)

    assert response.status_code == 403
    assert "partners-by-status" not in response.content.decode()


def test_dashboard_is_open_to_coordinators_and_superusers(coordinator_client, admin_client):
    for client in (coordinator_client, admin_client):
        response = client.get(URL)

        assert response.status_code == 200
        assert "network" in response.context
        assert "partner" not in response.context


def test_dashboard_is_a_workspace_page_not_for_indexing_or_caching(coordinator_client):
    response = coordinator_client.get("/en/manage/")
    html = response.content.decode()

    assert '<meta name="robots" content="noindex">' in html
    assert '<nav aria-label="Workspace"' in html
    assert 'href="/en/manage/" aria-current="page">Dashboard</a>' in html
    assert "no-store" in response["Cache-Control"]
    assert '<script src="/static/vendor/chartjs/chart.umd.min.js" defer></script>' in html


# --- The network, for coordinators ----------------------------------------------------------------


@pytest.fixture
def network():
    """A small network: organisations at every stage, commitments, meetings over a year, action
    items, measures and a running pilot."""
    today = timezone.localdate()
    ruse, targovishte, plovdiv = region("BG-18"), region("BG-25"), region("BG-16")
    dinamika = OrganisationFactory(
        name_bg="Център Динамика", sector=Organisation.Sector.CRISIS_CENTRE, region=ruse
    )
    knsb = OrganisationFactory(
        name_bg="КНСБ Русе", short_name_bg="КНСБ", sector=Organisation.Sector.TRADE_UNION
    )
    OrganisationFactory(
        sector=Organisation.Sector.BUSINESS,
        region=targovishte,
        partnership_status=Organisation.PartnershipStatus.PROSPECT,
    )
    OrganisationFactory(
        sector=Organisation.Sector.BUSINESS,
        region=plovdiv,
        partnership_status=Organisation.PartnershipStatus.IN_TALKS,
    )
    OrganisationFactory(region=None, partnership_status=Organisation.PartnershipStatus.SUSPENDED)
    # Archived organisations are out of the network's figures.
    OrganisationFactory(archived_at=timezone.now())

    accession = AccessionFactory(organisation=knsb, protocol__coordinator=dinamika)
    for area, status in [
        ("employment", Commitment.Status.ACTIVE),
        ("employment", Commitment.Status.FULFILLED),
        ("qualification", Commitment.Status.ACTIVE),
        ("legal-advice", Commitment.Status.LAPSED),
    ]:
        CommitmentFactory(accession=accession, support_area=support_area(area), status=status)

    now = timezone.now()
    held = [
        (at_noon(today.replace(day=1)), 12),
        (at_noon(months_ago(today, 1)), 20),
        (at_noon(months_ago(today, 1)), None),
        (at_noon(months_ago(today, 11)), 7),
        (at_noon(months_ago(today, 13)), 99),  # out of the last twelve months
    ]
    meetings = [
        MeetingFactory(
            starts_at=min(start, now - datetime.timedelta(minutes=1)), participant_count=count
        )
        for start, count in held
    ]
    upcoming = [
        MeetingFactory(title_bg=f"Предстояща {days}", starts_at=now + datetime.timedelta(days=days))
        for days in range(1, 7)
    ]
    private_meeting = MeetingFactory(
        title_bg="Вътрешна среща", starts_at=at_noon(months_ago(today, 5)), is_published=False
    )

    overdue = ActionItemFactory(
        text_bg="Просрочена задача",
        meeting=meetings[1],
        responsible=knsb,
        due_on=today - datetime.timedelta(days=3),
    )
    overdue_private = ActionItemFactory(
        text_bg="Просрочена задача от вътрешна среща",
        meeting=private_meeting,
        responsible=dinamika,
        due_on=today - datetime.timedelta(days=1),
    )
    ActionItemFactory(text_bg="Задача за по-късно", meeting=meetings[0], responsible=knsb)
    ActionItemFactory(
        text_bg="Свършена задача",
        meeting=meetings[1],
        due_on=today - datetime.timedelta(days=10),
        status=ActionItem.Status.DONE,
        done_on=today - datetime.timedelta(days=2),
    )

    for status in ["proposed", "proposed", "discussed", "selected", "piloting"]:
        MeasureFactory(status=status)
    pilot = PilotFactory(measure=MeasureFactory(status=Measure.Status.PILOTING))
    trained = IndicatorFactory(pilot=pilot, name_bg="Обучени жени", baseline=0, target=20)
    IndicatorReadingFactory(
        indicator=trained, measured_on=today - datetime.timedelta(days=60), value=5
    )
    IndicatorReadingFactory(
        indicator=trained, measured_on=today - datetime.timedelta(days=5), value=12
    )
    waiting = IndicatorFactory(pilot=pilot, name_bg="Дни чакане", baseline=30, target=10)
    IndicatorReadingFactory(
        indicator=waiting, measured_on=today - datetime.timedelta(days=5), value=25
    )
    IndicatorFactory(pilot=pilot, name_bg="Без отчет")
    PilotFactory(
        status=Pilot.Status.PLANNED,
        measure__title_bg="Планирана мярка",
        measure__status=Measure.Status.SELECTED,
    )
    return {
        "today": today,
        "overdue": overdue,
        "overdue_private": overdue_private,
        "upcoming": upcoming,
        "pilot": pilot,
    }


def test_coordinator_sees_partners_by_status_as_in_the_database(coordinator_client, network):
    active = Organisation.objects.filter(archived_at__isnull=True)

    rows = body(coordinator_client.get("/en/manage/"), "partners-by-status")

    assert rows == [
        [label, str(active.filter(partnership_status=value).count())]
        for value, label in Organisation.PartnershipStatus.choices
    ]
    assert rows[0] == ["Prospect", "1"]
    assert rows[2] == ["Member", str(active.filter(partnership_status="member").count())]


def test_coordinator_sees_partners_by_sector_and_region_as_in_the_database(
    coordinator_client, network
):
    active = Organisation.objects.filter(archived_at__isnull=True)

    found = tables(coordinator_client.get("/en/manage/"))

    expected_sectors = [
        [
            label,
            str(active.filter(sector=value).count()),
            str(active.filter(sector=value, partnership_status="member").count()),
        ]
        for value, label in Organisation.Sector.choices
        if active.filter(sector=value).exists()
    ]
    assert found["partners-by-sector"]["tbody"] == expected_sectors
    assert ["Business", "2", "0"] in expected_sectors
    assert found["partners-by-region"]["tbody"] == [
        ["Plovdiv", "1", "0"],
        [
            "Ruse",
            str(active.filter(region__code="BG-18").count()),
            str(active.filter(region__code="BG-18", partnership_status="member").count()),
        ],
        ["Targovishte", "1", "0"],
        ["No region given", "1", "0"],
    ]


def test_coordinator_sees_commitments_by_area_and_status_as_in_the_database(
    coordinator_client, network
):
    found = tables(coordinator_client.get("/en/manage/"))

    by_area = {row[0]: row[1:] for row in found["commitments-by-area"]["tbody"]}
    statuses = [value for value, _label in Commitment.Status.choices]
    for area_name, counts in by_area.items():
        commitments = Commitment.objects.filter(support_area__name_en=area_name)
        assert counts == [
            *(str(commitments.filter(status=status).count()) for status in statuses),
            str(commitments.count()),
        ]
    assert by_area["Employment"] == ["1", "1", "0", "0", "2"]
    assert len(by_area) == 12
    assert found["commitments-by-status"]["tbody"] == [
        [label, str(Commitment.objects.filter(status=value).count())]
        for value, label in Commitment.Status.choices
    ]
    assert found["commitments-by-status"]["tfoot"] == [["Total", "4"]]


def test_coordinator_sees_meetings_and_participants_by_month(coordinator_client, network):
    today = network["today"]
    now = timezone.now()

    response = coordinator_client.get("/en/manage/")

    rows = body(response, "meetings-by-month")
    assert len(rows) == MONTHS_SHOWN
    expected = []
    for back in range(MONTHS_SHOWN - 1, -1, -1):
        start = months_ago(today, back)
        held = Meeting.objects.filter(
            starts_at__gte=at_noon(start).replace(hour=0),
            starts_at__lt=at_noon(months_ago(today, back - 1)).replace(hour=0),
            starts_at__lte=now,
        )
        participants = held.aggregate(total=Sum("participant_count"))["total"] or 0
        expected.append([start.strftime("%b %Y"), str(held.count()), str(participants)])
    assert rows == expected
    assert rows[-2][1:] == ["2", "20"]
    this_year = Meeting.objects.filter(starts_at__year=today.year, starts_at__lte=now)
    figures = response.context["network"]
    assert figures["meetings_this_year"] == this_year.count()
    assert figures["participants_this_year"] == (
        this_year.aggregate(total=Sum("participant_count"))["total"] or 0
    )


def test_coordinator_sees_the_next_five_meetings(coordinator_client, network):
    html = coordinator_client.get(URL).content.decode()

    for meeting in network["upcoming"][:5]:
        assert meeting.title_bg in html
    assert network["upcoming"][5].title_bg not in html


def test_coordinator_sees_overdue_action_items_and_not_the_others(coordinator_client, network):
    response = coordinator_client.get(URL)
    html = response.content.decode()

    rows = body(response, "overdue-items")
    overdue = network["overdue"]
    assert [row[0] for row in rows] == [overdue.text_bg, network["overdue_private"].text_bg]
    assert rows[0][2:] == ["КНСБ", overdue.due_on.strftime("%d.%m.%Y")]
    assert "Задача за по-късно" not in html
    assert "Свършена задача" not in html
    assert response.context["network"]["action_items"] == {
        "open": ActionItem.objects.open().count(),
        "overdue": ActionItem.objects.overdue().count(),
    }


def test_overdue_item_links_to_its_meeting_only_when_published(coordinator_client, network):
    html = coordinator_client.get(URL).content.decode()

    assert f'href="/bg/meetings/{network["overdue"].meeting.slug}/"' in html
    assert "Вътрешна среща" in html
    assert f"/meetings/{network['overdue_private'].meeting.slug}/" not in html


def test_coordinator_sees_the_measures_pipeline_as_in_the_database(coordinator_client, network):
    rows = body(coordinator_client.get("/en/manage/"), "measures-by-status")

    assert rows == [
        [label, str(Measure.objects.filter(status=value).count())]
        for value, label in Measure.Status.choices
    ]
    assert rows[:4] == [["Proposed", "2"], ["Discussed", "1"], ["Selected", "2"], ["Piloting", "2"]]


def test_coordinator_sees_each_running_pilot_indicator_against_its_target(
    coordinator_client, network
):
    response = coordinator_client.get("/en/manage/")
    html = response.content.decode()

    rows = body(response, f"pilot-{network['pilot'].pk}-indicators")
    five_days_ago = (network["today"] - datetime.timedelta(days=5)).strftime("%d.%m.%Y")
    assert rows == [
        ["Обучени жени (жени)", "0", "20", "12", five_days_ago, "60"],
        ["Дни чакане (жени)", "30", "10", "25", five_days_ago, "25"],
        ["Без отчет (жени)", "0", "20", "—", "no reading yet", "—"],
    ]
    assert "Планирана мярка" not in html


# --- One organisation, for its representative -----------------------------------------------------


@pytest.fixture
def two_partners(organisation, other_organisation):
    """The same records for the represented organisation and for another one."""
    today = timezone.localdate()
    records = {}
    for org, name in [(organisation, "своя"), (other_organisation, "чужда")]:
        accession = AccessionFactory(organisation=org)
        counted = CommitmentFactory(
            accession=accession,
            text_bg=f"Ангажимент на {name}",
            text_en=f"Commitment of {name}",
            target=10,
        )
        CommitmentUpdateFactory(commitment=counted, amount=3)
        CommitmentUpdateFactory(commitment=counted, amount=1, reported_on=today)
        CommitmentFactory(
            accession=accession,
            text_bg=f"Неизброим ангажимент на {name}",
            text_en=f"Uncounted commitment of {name}",
        )
        meeting = MeetingFactory(
            title_bg=f"Среща на {name}",
            starts_at=at_noon(months_ago(today, 1)),
            is_published=False,
        )
        AttendanceFactory(meeting=meeting, organisation=org, people=3)
        AttendanceFactory(
            meeting=MeetingFactory(
                title_bg=f"Бъдеща среща на {name}",
                starts_at=timezone.now() + datetime.timedelta(days=3),
            ),
            organisation=org,
        )
        ActionItemFactory(
            text_bg=f"Просрочена задача на {name}",
            meeting=meeting,
            responsible=org,
            due_on=today - datetime.timedelta(days=2),
        )
        ActionItemFactory(text_bg=f"Открита задача на {name}", meeting=meeting, responsible=org)
        records[name] = {"counted": counted}
    return records


def test_partner_sees_its_own_organisation_only(own_partner_client, organisation, two_partners):
    response = own_partner_client.get(URL)
    html = response.content.decode()

    assert response.status_code == 200
    assert "network" not in response.context
    assert "Собствена организация" in html
    for text in [
        "Ангажимент на своя",
        "Среща на своя",
        "Бъдеща среща на своя",
        "Просрочена задача на своя",
        "Открита задача на своя",
    ]:
        assert text in html
    assert "чужда" not in html
    assert "Чужда организация" not in html


def test_partner_sees_its_commitments_progress_and_action_items(own_partner_client, two_partners):
    found = tables(own_partner_client.get("/en/manage/"))

    assert found["commitment-progress"]["tbody"] == [
        ["Commitment of своя", "Employment", "Active", "10", "4", "40"],
        ["Uncounted commitment of своя", "Employment", "Active", "—", "0", "—"],
    ]
    assert [row[0] for row in found["open-items"]["tbody"]] == [
        "Просрочена задача на своя",
        "Открита задача на своя",
    ]
    assert [row[3] for row in found["open-items"]["tbody"]] == ["Overdue", "Open"]
    assert found["meetings-by-month"]["tbody"][-2][1:] == ["1", "3"]


# --- Query budgets --------------------------------------------------------------------------------


def grow_network(count, organisation):
    """`count` of every kind of row the dashboard reads, some of them `organisation`'s."""
    today = timezone.localdate()
    sectors = [value for value, _label in Organisation.Sector.choices]
    statuses = [value for value, _label in Commitment.Status.choices]
    for number in range(count):
        org = OrganisationFactory(sector=sectors[number % len(sectors)])
        accession = AccessionFactory(organisation=org)
        commitment = CommitmentFactory(
            accession=accession, status=statuses[number % len(statuses)], target=5
        )
        CommitmentUpdateFactory(commitment=commitment)
        own = CommitmentFactory(accession=AccessionFactory(organisation=organisation), target=5)
        CommitmentUpdateFactory(commitment=own)
        meeting = MeetingFactory(
            starts_at=timezone.now() - datetime.timedelta(days=20 * number + 1)
        )
        AttendanceFactory(meeting=meeting, organisation=organisation)
        AttendanceFactory(
            meeting=MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=number + 1)),
            organisation=organisation,
        )
        ActionItemFactory(
            meeting=meeting, responsible=organisation, due_on=today - datetime.timedelta(days=1)
        )
        ActionItemFactory(meeting=meeting, responsible=org)
        MeasureFactory(status=Measure.Status.PROPOSED)
        pilot = PilotFactory()
        pilot.implementers.add(org)
        indicator = IndicatorFactory(pilot=pilot, target=Decimal(10))
        IndicatorReadingFactory(indicator=indicator)
        IndicatorReadingFactory(indicator=indicator)


@pytest.mark.parametrize("count", [1, 8])
def test_coordinator_dashboard_query_count_does_not_grow_with_rows(
    coordinator_client, organisation, django_assert_num_queries, count
):
    grow_network(count, organisation)

    # Session, user, coordinator check and site settings; then 13 for the figures, 12 for
    # what needs the user (a count and the first rows of each of its six sections) and 6 for
    # the network at a glance.
    with django_assert_num_queries(35):
        response = coordinator_client.get(URL)

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 8])
def test_partner_dashboard_query_count_does_not_grow_with_rows(
    own_partner_client, organisation, django_assert_num_queries, count
):
    grow_network(count, organisation)

    # Session, user, coordinator check, representative and site settings; then 7 for the figures
    # and 8 for what needs the user (a count and the first rows of each of its four sections).
    with django_assert_num_queries(20):
        response = own_partner_client.get(URL)

    assert response.status_code == 200
    assert len(response.context["partner"]["commitments"]) == count
