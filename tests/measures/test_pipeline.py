"""A measure's status moves only along its pipeline (`Measure.NEXT_STATUSES`), in the workspace
and in the admin; a pilot past its end shows "evaluation due" until a decision is recorded."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from core.concurrency import version_of
from measures.models import Measure, Pilot
from tests.factories import MeasureFactory, PilotFactory, support_area
from tests.measures.test_workspace_measures import measure_data, pilot_data
from tests.partners.test_admin import change_form_data

pytestmark = pytest.mark.django_db

Status = Measure.Status
STEPS = [(stored, status) for stored, nexts in Measure.NEXT_STATUSES.items() for status in nexts]


def days(number):
    return timezone.localdate() + datetime.timedelta(days=number)


def stored(status):
    """A measure saved with `status`, as read back from the database."""
    return Measure.objects.get(pk=MeasureFactory(status=status).pk)


def offered(html):
    select = re.search(r'<select name="status".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([a-z]+)"', select)


@pytest.mark.parametrize(("stored_status", "status"), STEPS)
def test_measure_moves_along_each_step_of_the_pipeline(stored_status, status):
    measure = stored(stored_status)
    measure.status = status

    measure.full_clean()


def test_measure_cannot_skip_a_step_of_the_pipeline():
    measure = stored(Status.PROPOSED)
    measure.status = Status.SELECTED

    with pytest.raises(ValidationError) as refused:
        measure.full_clean()

    assert refused.value.message_dict["status"] == [
        "Мярка със статус „Предложена“ не може да стане „Избрана“; следващите ѝ стъпки: "
        "Обсъдена, Отхвърлена."
    ]


@pytest.mark.parametrize("final", [Status.ADOPTED, Status.REJECTED])
def test_adopted_or_rejected_measure_stays_so(final):
    measure = stored(final)
    measure.status = Status.PROPOSED

    with pytest.raises(ValidationError) as refused:
        measure.full_clean()

    assert list(refused.value.message_dict) == ["status"]


def test_new_measure_starts_as_proposed():
    measure = Measure(number=1, slug="new", title_bg="Нова", support_area=support_area())
    measure.status = Status.SELECTED

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        measure.full_clean()

    assert refused.value.message_dict["status"] == ["A new measure starts as “Proposed”."]


def test_measure_form_offers_only_the_statuses_the_pipeline_allows(coordinator_client):
    measure = MeasureFactory(status=Status.DISCUSSED)

    html = coordinator_client.get(reverse("measures:manage_measure_edit", args=[measure.pk]))

    assert offered(html.content.decode()) == ["discussed", "selected", "rejected"]


def test_new_measure_form_offers_only_proposed(coordinator_client):
    html = coordinator_client.get(reverse("measures:manage_measure_new")).content.decode()

    assert offered(html) == ["proposed"]


def test_measure_form_refuses_a_step_outside_the_pipeline_next_to_the_status(coordinator_client):
    measure = MeasureFactory(status=Status.PROPOSED)
    before = version_of(measure)

    response = coordinator_client.post(
        reverse("measures:manage_measure_edit", args=[measure.pk]),
        measure_data(measure, status=Status.ADOPTED),
    )

    measure.refresh_from_db()
    assert (response.status_code, measure.status, version_of(measure)) == (
        200,
        Status.PROPOSED,
        before,
    )
    assert response.context["form"].errors["status"] == [
        "Мярка със статус „Предложена“ не може да стане „Приета“; следващите ѝ стъпки: "
        "Обсъдена, Отхвърлена."
    ]


def test_measure_form_saves_the_next_step(coordinator_client):
    measure = MeasureFactory(status=Status.PROPOSED)

    coordinator_client.post(
        reverse("measures:manage_measure_edit", args=[measure.pk]),
        measure_data(measure, status=Status.DISCUSSED),
    )

    measure.refresh_from_db()
    assert measure.status == Status.DISCUSSED


def test_measure_admin_refuses_a_step_outside_the_pipeline(admin_client):
    measure = MeasureFactory(status=Status.PROPOSED)
    url = reverse("admin:measures_measure_change", args=[measure.pk])
    data = change_form_data(admin_client.get(url))
    data["status"] = Status.PILOTING

    response = admin_client.post(url, data)

    measure.refresh_from_db()
    assert (response.status_code, measure.status) == (200, Status.PROPOSED)
    assert list(response.context["adminform"].form.errors) == ["status"]


def test_measure_admin_offers_only_the_statuses_the_pipeline_allows(admin_client):
    measure = MeasureFactory(status=Status.PILOTING)

    html = admin_client.get(reverse("admin:measures_measure_change", args=[measure.pk]))

    assert offered(html.content.decode()) == ["selected", "piloting", "evaluated"]


def test_pilot_evaluation_is_due_after_its_window_until_a_decision_is_recorded():
    ended = PilotFactory(starts_on=days(-300), ends_on=days(-1))
    PilotFactory(starts_on=days(-300), ends_on=days(0))
    PilotFactory(
        starts_on=days(-300),
        ends_on=days(-1),
        status=Pilot.Status.COMPLETED,
        decision=Pilot.Decision.SCALE_UP,
    )
    PilotFactory(starts_on=days(-300), ends_on=days(-1), status=Pilot.Status.CANCELLED)

    assert list(Pilot.objects.evaluation_due()) == [ended]


def test_pilot_badge_and_the_list_of_pilots_to_evaluate_agree():
    PilotFactory(starts_on=days(-300), ends_on=days(-1))
    PilotFactory(starts_on=days(-300), ends_on=days(5))
    PilotFactory(starts_on=days(-300), ends_on=days(-1), status=Pilot.Status.CANCELLED)
    PilotFactory(
        starts_on=days(-300),
        ends_on=days(-9),
        status=Pilot.Status.COMPLETED,
        decision=Pilot.Decision.STOP,
    )

    badged = {pilot for pilot in Pilot.objects.all() if pilot.is_evaluation_due}

    assert badged == set(Pilot.objects.evaluation_due())


def test_pilot_page_shows_evaluation_due_once_its_window_ended(coordinator_client):
    pilot = PilotFactory(starts_on=days(-300), ends_on=days(-1))

    html = coordinator_client.get(reverse("measures:manage_pilot", args=[pilot.pk])).content

    assert "Очаква оценка" in html.decode()


def test_pilot_page_drops_evaluation_due_when_the_decision_is_recorded(coordinator_client):
    pilot = PilotFactory(starts_on=days(-300), ends_on=days(-1))
    edit_url = reverse("measures:manage_pilot_edit", args=[pilot.pk])

    coordinator_client.post(
        edit_url,
        pilot_data(
            pilot,
            status=Pilot.Status.COMPLETED,
            evaluation_bg="Мярката помогна.",
            decision=Pilot.Decision.SCALE_UP,
            decided_on=days(0).isoformat(),
        ),
    )

    pilot.refresh_from_db()
    html = coordinator_client.get(reverse("measures:manage_pilot", args=[pilot.pk])).content
    assert pilot.decision == Pilot.Decision.SCALE_UP
    assert "Очаква оценка" not in html.decode()


def test_measure_page_marks_its_pilots_to_evaluate(coordinator_client):
    pilot = PilotFactory(starts_on=days(-300), ends_on=days(-1))
    PilotFactory(measure=pilot.measure, starts_on=days(-30))

    html = coordinator_client.get(reverse("measures:manage_measure", args=[pilot.measure_id]))

    assert html.content.decode().count("data-evaluation-due") == 1
