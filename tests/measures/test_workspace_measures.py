import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from core.concurrency import version_of
from measures.models import Indicator, IndicatorReading, Measure, Milestone, Pilot, Vote, VoteTally
from tests.factories import (
    IndicatorFactory,
    IndicatorReadingFactory,
    MeasureFactory,
    MeetingFactory,
    OrganisationFactory,
    PilotFactory,
    VoteFactory,
    VoteTallyFactory,
    municipality,
    region,
    support_area,
)

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"measures:{name}", args=args)


def measure_data(measure=None, **changes):
    """What the measure form posts: the record's values and its version."""
    measure = measure or Measure(number=1, support_area=support_area())
    data = {
        "project": measure.project_id or "",
        "number": measure.number,
        "title_bg": measure.title_bg or "",
        "title_en": measure.title_en or "",
        "support_area": measure.support_area_id,
        "status": measure.status,
        "version": version_of(measure) or "",
    }
    data.update(changes)
    return data


def formset(prefix, rows=(), initial=0):
    """A formset's management form and `rows` (dicts of field values)."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def vote_data(*tallies, **fields):
    """The vote page's post: eligible, ballots and one row per (measure, votes for)."""
    rows = [{"measure": measure.pk, "votes_for": votes} for measure, votes in tallies]
    return {"eligible": 64, "ballots_cast": 60, **formset("tallies", rows), **fields}


def pilot_data(pilot=None, milestones=(), indicators=(), **changes):
    """What the pilot form posts: the record's values, its version and the two formsets."""
    pilot = pilot or Pilot(status="planned")
    data = {
        "measure": pilot.measure_id or "",
        "region": pilot.region_id or "",
        "municipality": pilot.municipality_id or "",
        "starts_on": pilot.starts_on.isoformat() if pilot.starts_on else "",
        "ends_on": pilot.ends_on.isoformat() if pilot.ends_on else "",
        "status": pilot.status,
        "version": version_of(pilot) or "",
        **formset("milestones", milestones),
        **formset("indicators", indicators),
    }
    if pilot.pk:
        data["implementers"] = [organisation.pk for organisation in pilot.implementers.all()]
    data.update(changes)
    return data


@pytest.fixture
def measure(db):
    return MeasureFactory(number=7, title_bg="Квалификация", title_en="Qualification")


@pytest.fixture
def pilot(measure):
    return PilotFactory(measure=measure)


@pytest.fixture
def indicator(pilot):
    return IndicatorFactory(pilot=pilot, name_en="Women trained", baseline=0, target=20)


@pytest.fixture
def every_page(measure, pilot):
    """(method, url) of every page of the workspace for measures."""
    meeting = MeetingFactory(kind="vote")
    indicator = IndicatorFactory(pilot=pilot)
    return [
        ("get", url("manage_measures")),
        ("get", url("manage_measure_new")),
        ("get", url("manage_measure", measure.pk)),
        ("get", url("manage_measure_edit", measure.pk)),
        ("get", url("manage_measure_history", measure.pk)),
        ("post", url("manage_measure_restore", measure.pk, version_of(measure))),
        ("get", url("manage_vote_for_meeting", meeting.pk)),
        ("get", url("manage_pilot_new", measure.pk)),
        ("get", url("manage_pilot", pilot.pk)),
        ("get", url("manage_pilot_edit", pilot.pk)),
        ("get", url("manage_pilot_history", pilot.pk)),
        ("post", url("manage_pilot_restore", pilot.pk, version_of(pilot))),
        ("post", url("manage_reading_add", indicator.pk)),
    ]


def test_measure_workspace_sends_anonymous_visitors_to_login(client, every_page):
    for method, address in every_page:
        response = getattr(client, method)(address)

        assert response.status_code == 302, address
        assert "/accounts/login/" in response["Location"]


def test_measure_workspace_answers_403_to_a_partner_on_every_page(own_partner_client, every_page):
    statuses = [
        getattr(own_partner_client, method)(address).status_code for method, address in every_page
    ]

    assert statuses == [403] * len(every_page)
    assert IndicatorReading.objects.count() == 0


def test_measure_workspace_pages_open_for_a_coordinator(coordinator_client, every_page):
    pages = [address for method, address in every_page if method == "get"]

    assert [coordinator_client.get(address).status_code for address in pages] == [200] * len(pages)


def test_public_measure_pages_still_answer_beside_the_workspace(client, measure):
    assert client.get("/en/measures/").status_code == 200
    assert client.get(f"/en/measures/{measure.slug}/").status_code == 200


# --- Measures -----------------------------------------------------------------------------------


def test_coordinator_adds_a_measure_with_a_slug_from_its_title(coordinator_client):
    data = measure_data(number=3, title_bg="Допълнителен платен отпуск", title_en="Extra leave")

    response = coordinator_client.post(url("manage_measure_new"), data)

    measure = Measure.objects.get(number=3)
    assert response["Location"] == url("manage_measure", measure.pk)
    assert (measure.slug, measure.title_en, measure.status) == (
        "dopalnitelen-platen-otpusk",
        "Extra leave",
        "proposed",
    )


def test_measure_bad_input_gets_field_errors_and_stores_nothing(coordinator_client, measure):
    data = measure_data(number=7, title_bg="", status="nonsense")

    response = coordinator_client.post("/en/measures/manage/new/", data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["title_bg"] == ["This field is required."]
    assert errors["number"] == ["Another measure of the same project has this number."]
    assert "status" in errors
    assert "Nothing was saved" in response.content.decode()
    assert Measure.objects.count() == 1


def test_measure_stale_edit_is_refused_and_shows_the_other_values(coordinator_client, measure):
    opened = measure_data(measure)
    measure.title_en = "Changed by a colleague"
    measure.save()

    response = coordinator_client.post(
        f"/en/measures/manage/{measure.pk}/edit/", {**opened, "title_en": "My change"}
    )

    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    assert [
        (str(label), theirs, mine) for label, theirs, mine in response.context["conflicts"]
    ] == [("Title [en]", "Changed by a colleague", "My change")]
    measure.refresh_from_db()
    assert measure.title_en == "Changed by a colleague"


def test_measure_saved_again_after_a_stale_edit_keeps_the_users_values(coordinator_client, measure):
    opened = measure_data(measure)
    measure.title_en = "Changed by a colleague"
    measure.save()
    first = coordinator_client.post(
        url("manage_measure_edit", measure.pk), {**opened, "title_en": "My change"}
    )

    second = coordinator_client.post(
        url("manage_measure_edit", measure.pk), first.context["form"].data
    )

    assert second.status_code == 302
    measure.refresh_from_db()
    assert measure.title_en == "My change"


def test_measure_history_shows_who_changed_what_and_restore_brings_back_a_version(
    coordinator_client, coordinator, measure
):
    first_version = version_of(measure)
    coordinator_client.post(
        url("manage_measure_edit", measure.pk), measure_data(measure, title_en="Renamed")
    )

    history = coordinator_client.get(url("manage_measure_history", measure.pk))
    restore = coordinator_client.post(url("manage_measure_restore", measure.pk, first_version))

    html = history.content.decode()
    assert coordinator.username in html
    assert "Renamed" in html
    assert restore["Location"] == url("manage_measure", measure.pk)
    measure.refresh_from_db()
    assert measure.title_en == "Qualification"
    assert measure.history.count() == 3


def test_measure_restore_that_clashes_changes_nothing(coordinator_client, measure):
    first_version = version_of(measure)
    measure.number = 8
    measure.save()
    MeasureFactory(number=7)

    response = coordinator_client.post(
        f"/en/measures/manage/{measure.pk}/history/{first_version}/restore/", follow=True
    )

    assert "clashes with another record" in response.content.decode()
    measure.refresh_from_db()
    assert measure.number == 8


def test_measure_list_filters_by_status_and_support_area(coordinator_client):
    MeasureFactory(
        title_en="Kindergarten", status="selected", support_area=support_area("childcare")
    )
    MeasureFactory(title_en="Housing", status="selected", support_area=support_area("housing"))
    MeasureFactory(title_en="Leave", status="proposed", support_area=support_area("childcare"))

    response = coordinator_client.get(
        "/en/measures/manage/", {"status": "selected", "support_area": "childcare"}
    )

    assert [measure.title_en for measure in response.context["page_obj"]] == ["Kindergarten"]


def test_measure_list_sorts_by_votes_and_shows_the_totals(coordinator_client):
    few, many = MeasureFactory(title_en="Few"), MeasureFactory(title_en="Many")
    VoteTallyFactory(measure=few, votes_for=3)
    VoteTallyFactory(measure=many, votes_for=40)
    VoteTallyFactory(measure=many, votes_for=2)

    response = coordinator_client.get("/en/measures/manage/", {"sort": "-votes"})

    assert [(m.title_en, m.votes_total) for m in response.context["page_obj"]] == [
        ("Many", 42),
        ("Few", 3),
    ]


def test_measure_detail_lists_its_pilots_and_vote_tallies(coordinator_client, pilot):
    VoteTallyFactory(
        measure=pilot.measure,
        votes_for=41,
        vote=VoteFactory(meeting=MeetingFactory(title_en="Vote in Ruse"), ballots_cast=60),
    )

    html = coordinator_client.get(f"/en/measures/manage/{pilot.measure_id}/").content.decode()

    assert url("manage_pilot", pilot.pk) in html
    assert "Vote in Ruse" in html
    assert ">41<" in html
    assert ">68%<" in html


# --- Votes --------------------------------------------------------------------------------------


def test_vote_with_three_tallies_is_recorded_in_one_post(coordinator_client):
    meeting = MeetingFactory(kind="vote")
    seven, six, two = MeasureFactory(number=7), MeasureFactory(number=6), MeasureFactory(number=2)
    meeting_page = f"/en/meetings/{meeting.slug}/"

    response = coordinator_client.post(
        url("manage_vote_for_meeting", meeting.pk),
        vote_data((seven, 41), (six, 33), (two, 30), question_bg="Кои мерки?", next=meeting_page),
    )

    assert response["Location"] == meeting_page
    vote = Vote.objects.get(meeting=meeting)
    assert (vote.eligible, vote.ballots_cast, vote.question_bg) == (64, 60, "Кои мерки?")
    assert sorted(vote.tallies.values_list("measure__number", "votes_for")) == [
        (2, 30),
        (6, 33),
        (7, 41),
    ]


def test_vote_ignores_a_next_address_on_another_site(coordinator_client, measure):
    meeting = MeetingFactory(kind="vote")

    response = coordinator_client.post(
        url("manage_vote_for_meeting", meeting.pk),
        vote_data((measure, 10), next="https://example.com/"),
    )

    assert response["Location"] == url("manage_measures")


def test_vote_with_more_ballots_than_eligible_is_refused_next_to_the_field(
    coordinator_client, measure
):
    meeting = MeetingFactory(kind="vote")

    response = coordinator_client.post(
        f"/en/measures/manage/votes/meeting/{meeting.pk}/",
        vote_data((measure, 10), eligible=50, ballots_cast=60),
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "ballots_cast": ["More ballots than people eligible to vote."]
    }
    html = response.content.decode()
    assert 'id="error_1_id_ballots_cast"' in html
    assert Vote.objects.count() == 0
    assert VoteTally.objects.count() == 0


def test_vote_tally_over_the_ballots_is_refused_and_nothing_is_stored(coordinator_client, measure):
    meeting = MeetingFactory(kind="vote")
    other = MeasureFactory()

    response = coordinator_client.post(
        f"/en/measures/manage/votes/meeting/{meeting.pk}/",
        vote_data((other, 20), (measure, 61), ballots_cast=60),
    )

    assert response.status_code == 200
    rows = response.context["tallies"].forms
    assert rows[0].errors == {}
    assert rows[1].errors == {"votes_for": ["More votes for a measure than ballots cast."]}
    assert "Some rows below have errors" in response.content.decode()
    assert Vote.objects.count() == 0
    assert VoteTally.objects.count() == 0


def test_vote_refuses_two_tallies_for_one_measure(coordinator_client, measure):
    meeting = MeetingFactory(kind="vote")

    response = coordinator_client.post(
        f"/en/measures/manage/votes/meeting/{meeting.pk}/",
        vote_data((measure, 20), (measure, 30)),
    )

    assert response.context["tallies"].forms[1].errors == {
        "measure": ["This measure already has a tally in this vote."]
    }
    assert Vote.objects.count() == 0


def test_vote_edit_changes_a_tally_and_checks_it_against_the_new_ballots(
    coordinator_client, measure
):
    tally = VoteTallyFactory(measure=measure, votes_for=30, vote=VoteFactory(ballots_cast=55))
    vote = tally.vote
    rows = [{"id": tally.pk, "measure": measure.pk, "votes_for": 35}]
    data = {
        "eligible": 60,
        "ballots_cast": 34,
        "version": version_of(vote),
        **formset("tallies", rows, initial=1),
    }
    with translation.override("en"):  # the messages below are asserted in English
        address = url("manage_vote_for_meeting", vote.meeting_id)

    refused = coordinator_client.post(address, data)
    saved = coordinator_client.post(address, {**data, "ballots_cast": 50})

    assert refused.context["tallies"].forms[0].errors == {
        "votes_for": ["More votes for a measure than ballots cast."]
    }
    assert saved.status_code == 302
    tally.refresh_from_db()
    vote.refresh_from_db()
    assert (vote.ballots_cast, tally.votes_for) == (50, 35)


def test_vote_stale_edit_is_refused(coordinator_client, measure):
    vote = VoteFactory()
    data = {"eligible": 60, "ballots_cast": 55, "version": version_of(vote), **formset("tallies")}
    vote.ballots_cast = 40
    vote.save()

    response = coordinator_client.post(
        f"/en/measures/manage/votes/meeting/{vote.meeting_id}/", {**data, "ballots_cast": 50}
    )

    assert "Someone else saved this record" in response.content.decode()
    vote.refresh_from_db()
    assert vote.ballots_cast == 40


def test_vote_recorded_meanwhile_by_someone_else_is_neither_overwritten_nor_doubled(
    coordinator_client, measure
):
    meeting = MeetingFactory(kind="vote")
    other = MeasureFactory()
    VoteTallyFactory(vote=VoteFactory(meeting=meeting, ballots_cast=50), measure=measure)
    address = f"/en/measures/manage/votes/meeting/{meeting.pk}/"

    same_measure = coordinator_client.post(address, vote_data((measure, 20), version=""))
    other_measure = coordinator_client.post(address, vote_data((other, 20), version=""))

    assert same_measure.context["tallies"].forms[0].errors == {
        "measure": ["This measure already has a tally in this vote."]
    }
    assert "Someone else saved this record" in other_measure.content.decode()
    assert list(VoteTally.objects.values_list("measure", "votes_for")) == [(measure.pk, 30)]
    assert Vote.objects.get().ballots_cast == 50


def test_vote_page_of_an_unknown_meeting_answers_404(coordinator_client):
    assert coordinator_client.get(url("manage_vote_for_meeting", 999999)).status_code == 404


# --- Pilots -------------------------------------------------------------------------------------


def test_coordinator_adds_a_pilot_with_milestones_and_indicators(coordinator_client, measure):
    member = OrganisationFactory()
    data = pilot_data(
        Pilot(measure=measure, region=region(), municipality=municipality(), status="planned"),
        starts_on="2025-05-31",
        implementers=[member.pk],
        milestones=[{"title_bg": "Обучение", "due_on": "2025-07-01"}],
        indicators=[
            {"name_bg": "Обучени жени", "unit_bg": "жени", "baseline": "0", "target": "20"}
        ],
    )

    response = coordinator_client.post(url("manage_pilot_new", measure.pk), data)

    pilot = Pilot.objects.get(measure=measure)
    assert response["Location"] == url("manage_pilot", pilot.pk)
    assert pilot.ends_on == datetime.date(2026, 2, 28)
    assert list(pilot.implementers.all()) == [member]
    assert list(Milestone.objects.values_list("title_bg", "due_on")) == [
        ("Обучение", datetime.date(2025, 7, 1))
    ]
    assert list(pilot.indicators.values_list("name_bg", "target")) == [("Обучени жени", 20)]


def test_pilot_new_page_proposes_its_measure_and_only_member_implementers(
    coordinator_client, measure
):
    member = OrganisationFactory(name_en="Member org")
    OrganisationFactory(name_en="Prospect org", partnership_status="prospect")

    response = coordinator_client.get(f"/en/measures/manage/{measure.pk}/pilots/new/")

    form = response.context["form"]
    assert form["measure"].value() == measure.pk
    assert list(form.fields["implementers"].queryset) == [member]


def test_pilot_refuses_an_implementer_that_is_not_a_member(coordinator_client, measure):
    prospect = OrganisationFactory(partnership_status="prospect")
    data = pilot_data(
        Pilot(measure=measure, region=region(), status="planned"),
        starts_on="2025-05-01",
        implementers=[prospect.pk],
    )

    response = coordinator_client.post(f"/en/measures/manage/{measure.pk}/pilots/new/", data)

    assert "implementers" in response.context["form"].errors
    assert Pilot.objects.count() == 0


def test_pilot_bad_input_gets_field_errors_and_stores_nothing(coordinator_client, measure):
    data = pilot_data(
        Pilot(
            measure=measure, region=region("BG-25"), municipality=municipality(), status="planned"
        ),
        starts_on="2025-05-01",
        ends_on="2025-04-01",
        decision="scale_up",
        milestones=[{"title_bg": "Готово", "due_on": "2025-06-01", "done_on": "2099-01-01"}],
        indicators=[{"name_bg": "Показател", "baseline": "0", "target": "-5"}],
    )

    response = coordinator_client.post(f"/en/measures/manage/{measure.pk}/pilots/new/", data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["ends_on"] == ["The end cannot be before the start."]
    assert errors["decision"] == ["A decision is taken only when the pilot is completed."]
    assert errors["municipality"] == ["This municipality is not in the chosen region."]
    assert response.context["milestones"].forms[0].errors == {
        "done_on": ["The date done cannot be in the future."]
    }
    assert "target" in response.context["indicators"].forms[0].errors
    assert (Pilot.objects.count(), Milestone.objects.count(), Indicator.objects.count()) == (
        0,
        0,
        0,
    )


def test_pilot_keeps_an_indicator_with_readings(coordinator_client, pilot, indicator):
    IndicatorReadingFactory(indicator=indicator)
    row = {"id": indicator.pk, "name_bg": indicator.name_bg, "baseline": "0", "target": "20"}
    data = pilot_data(pilot, indicators=[{**row, "DELETE": "on"}])
    data["indicators-INITIAL_FORMS"] = "1"

    response = coordinator_client.post(f"/en/measures/manage/pilots/{pilot.pk}/edit/", data)

    assert "have readings and cannot be removed" in response.content.decode()
    assert Indicator.objects.filter(pk=indicator.pk).exists()


def test_pilot_stale_edit_is_refused_and_shows_the_other_values(coordinator_client, pilot):
    opened = pilot_data(pilot)
    pilot.status = "cancelled"
    pilot.save()

    response = coordinator_client.post(
        f"/en/measures/manage/pilots/{pilot.pk}/edit/", {**opened, "status": "completed"}
    )

    assert "Someone else saved this record" in response.content.decode()
    assert [
        (str(label), theirs, mine) for label, theirs, mine in response.context["conflicts"]
    ] == [("Status", "Cancelled", "Completed")]
    pilot.refresh_from_db()
    assert pilot.status == "cancelled"


def test_pilot_history_and_restore_bring_back_a_version(coordinator_client, coordinator, pilot):
    first_version = version_of(pilot)
    coordinator_client.post(
        url("manage_pilot_edit", pilot.pk), pilot_data(pilot, status="completed", decision="stop")
    )

    history = coordinator_client.get(f"/en/measures/manage/pilots/{pilot.pk}/history/")
    coordinator_client.post(url("manage_pilot_restore", pilot.pk, first_version))

    html = history.content.decode()
    assert coordinator.username in html
    assert "<td>Stop</td>" in html
    pilot.refresh_from_db()
    assert (pilot.status, pilot.decision) == ("running", "")
    assert pilot.history.count() == 3


def test_pilot_page_shows_readings_and_progress_towards_the_target(
    coordinator_client, pilot, indicator
):
    IndicatorReadingFactory(indicator=indicator, measured_on=datetime.date(2025, 4, 1), value=4)
    IndicatorReadingFactory(indicator=indicator, measured_on=datetime.date(2025, 6, 1), value=9)

    response = coordinator_client.get(f"/en/measures/manage/pilots/{pilot.pk}/")

    html = response.content.decode()
    assert "01.04.2025" in html
    assert "01.06.2025" in html
    assert "Progress: 45% of the way to the target." in html
    assert '<progress class="d-block w-100" max="100" value="45"' in html


def test_reading_added_from_the_pilot_page(coordinator_client, pilot, indicator):
    response = coordinator_client.post(
        url("manage_reading_add", indicator.pk),
        {"measured_on": "2025-06-30", "value": "12", "note": "След първия курс"},
    )

    assert response["Location"] == url("manage_pilot", pilot.pk) + f"#indicator-{indicator.pk}"
    assert list(indicator.readings.values_list("measured_on", "value", "note")) == [
        (datetime.date(2025, 6, 30), 12, "След първия курс")
    ]


def test_reading_in_the_future_is_refused_on_the_pilot_page(coordinator_client, pilot, indicator):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = coordinator_client.post(
        f"/en/measures/manage/indicators/{indicator.pk}/readings/new/",
        {"measured_on": tomorrow.isoformat(), "value": "12"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "A reading cannot be dated in the future." in html
    assert "The reading was not added" in html
    assert IndicatorReading.objects.count() == 0


def test_reading_added_lands_on_its_indicator_which_takes_focus(
    coordinator_client, pilot, indicator
):
    response = coordinator_client.post(
        url("manage_reading_add", indicator.pk), {"measured_on": "2025-06-30", "value": "12"}
    )

    html = coordinator_client.get(response["Location"]).content.decode()
    assert re.search(rf'<section [^>]*tabindex="-1" id="indicator-{indicator.pk}"', html)


def test_refused_reading_puts_focus_on_what_went_wrong(coordinator_client, pilot, indicator):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = coordinator_client.post(
        f"/en/measures/manage/indicators/{indicator.pk}/readings/new/",
        {"measured_on": tomorrow.isoformat(), "value": "12"},
    )

    html = response.content.decode()
    assert re.search(r'role="alert" tabindex="-1" autofocus>The reading was not added', html)


def test_reading_on_a_date_already_read_is_refused(coordinator_client, indicator):
    IndicatorReadingFactory(indicator=indicator, measured_on=datetime.date(2025, 6, 30))

    response = coordinator_client.post(
        f"/en/measures/manage/indicators/{indicator.pk}/readings/new/",
        {"measured_on": "2025-06-30", "value": "12"},
    )

    assert "already has a reading on this date" in response.content.decode()
    assert IndicatorReading.objects.count() == 1


# --- Query budgets ------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 25])
def test_measure_list_query_count_does_not_grow_with_rows(
    coordinator_client, django_assert_num_queries, count
):
    for measure in MeasureFactory.create_batch(count):
        VoteTallyFactory(measure=measure)
        PilotFactory(measure=measure)

    with django_assert_num_queries(8):
        response = coordinator_client.get(url("manage_measures"), {"status": "proposed"})

    assert len(response.context["page_obj"]) == min(count, 20)


@pytest.mark.parametrize("count", [1, 5])
def test_measure_detail_query_count_does_not_grow_with_related_rows(
    coordinator_client, django_assert_num_queries, measure, count
):
    for pilot in PilotFactory.create_batch(count, measure=measure):
        pilot.implementers.add(OrganisationFactory())
        VoteTallyFactory(measure=measure)

    with django_assert_num_queries(8):
        assert coordinator_client.get(url("manage_measure", measure.pk)).status_code == 200


@pytest.mark.parametrize("count", [1, 6])
def test_pilot_detail_query_count_does_not_grow_with_indicators_and_readings(
    coordinator_client, django_assert_num_queries, pilot, count
):
    pilot.implementers.add(*OrganisationFactory.create_batch(count))
    for indicator in IndicatorFactory.create_batch(count, pilot=pilot):
        IndicatorReadingFactory.create_batch(count, indicator=indicator)

    with django_assert_num_queries(9):
        assert coordinator_client.get(url("manage_pilot", pilot.pk)).status_code == 200


@pytest.mark.parametrize("count", [1, 6])
def test_vote_page_query_count_does_not_grow_with_tallies(
    coordinator_client, django_assert_num_queries, count
):
    vote = VoteFactory()
    for measure in MeasureFactory.create_batch(count):
        VoteTallyFactory(vote=vote, measure=measure, votes_for=10)

    with django_assert_num_queries(9):
        response = coordinator_client.get(url("manage_vote_for_meeting", vote.meeting_id))

    # One blank row: more come with "Add a row".
    assert len(response.context["tallies"].forms) == count + 1
