"""One figure, one definition: an indicator's progress reads the same on the pilot page, the
dashboard and the funder report (page and spreadsheet), even when its target is its baseline."""

import datetime
import io
import re

import openpyxl
import pytest

from measures.models import Measure
from tests.factories import (
    IndicatorFactory,
    IndicatorReadingFactory,
    MeasureFactory,
    PilotFactory,
    ProjectFactory,
)
from tests.html_tables import tables

pytestmark = pytest.mark.django_db

READ_ON = datetime.date(2024, 5, 15)
PERIOD = {"start": "2024-03-01", "end": "2024-06-30"}


@pytest.fixture
def project():
    return ProjectFactory()


def pilot_with(project, *indicators):
    """A running pilot of the project with indicators of (baseline, target, latest reading)."""
    measure = MeasureFactory(project=project, status=Measure.Status.PILOTING)
    pilot = PilotFactory(measure=measure, starts_on=datetime.date(2024, 3, 1))
    for baseline, target, value in indicators:
        indicator = IndicatorFactory(pilot=pilot, baseline=baseline, target=target)
        IndicatorReadingFactory(indicator=indicator, measured_on=READ_ON, value=value)
    return pilot


def shown_progress(client, project, pilot):
    """The progress of each of the pilot's indicators, in order, as each place shows it."""
    pilot_page = client.get(f"/en/measures/manage/pilots/{pilot.pk}/").content.decode()
    dashboard = tables(client.get("/en/manage/"))[f"pilot-{pilot.pk}-indicators"]["tbody"]
    report_url = f"/en/manage/projects/{project.pk}/"
    report = tables(client.get(f"{report_url}report/", PERIOD))["report-pilots"]["tbody"]
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"{report_url}report.xlsx", PERIOD).content)
    )
    names = set(pilot.indicators.values_list("name", flat=True))
    return {
        "pilot page": re.findall(r"Progress: (-?\d+)% of the way", pilot_page),
        "dashboard": [row["cells"][-1]["text"] for row in dashboard],
        "report": [row["cells"][-1]["text"] for row in report],
        "spreadsheet": [
            row[12] for row in book.worksheets[4].iter_rows(values_only=True) if row[6] in names
        ],
    }


def test_indicator_progress_when_target_is_baseline_is_the_same_everywhere(
    coordinator_client, project
):
    pilot = pilot_with(project, (5, 5, 5), (5, 5, 4))

    shown = shown_progress(coordinator_client, project, pilot)

    assert shown == {
        "pilot page": ["100", "0"],
        "dashboard": ["100", "0"],
        "report": ["100%", "0%"],
        "spreadsheet": [1, 0],
    }
