"""The funder report as an XLSX workbook: one sheet per section of the page, the same figures,
each figure cell a link to the page listing its records.

Dates are written as dates, numbers as numbers. Text from the records that begins with "=" is
written with a leading apostrophe, so no spreadsheet runs it as a formula.
"""

import io

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.spreadsheets.downloads import CONTENT_TYPES, neutralise_formula

from .figures import FIGURES
from .links import records_url

XLSX_CONTENT_TYPE = CONTENT_TYPES["xlsx"]
DATE_FORMAT = "DD.MM.YYYY"
PERCENT_FORMAT = "0%"
BOLD = Font(bold=True)
LINK = Font(color="0A58CA", underline="single")
BOLD_LINK = Font(bold=True, color="0A58CA", underline="single")


class _Sheet:
    """Rows appended one by one, with helpers for headers, links, dates and per cent."""

    def __init__(self, workbook, title, widths, *, first=False):
        # Sheet names: at most 31 characters, none of []:*?/\ (our titles have none).
        self.sheet = workbook.active if first else workbook.create_sheet()
        self.sheet.title = str(title)[:31]
        for index, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width

    def row(self, values, *, bold=False):
        """Append a row of plain values and `_Value`s (a value with a link or a number format)."""
        self.sheet.append([None] * len(values))
        number = self.sheet.max_row
        for column, value in enumerate(values, start=1):
            cell = self.sheet.cell(row=number, column=column)
            url, number_format = None, None
            if isinstance(value, _Value):
                value, url, number_format = value.value, value.url, value.number_format
            if isinstance(value, Promise):
                value = str(value)
            cell.value = neutralise_formula(value, "xlsx")
            if number_format:
                cell.number_format = number_format
            if url:
                cell.hyperlink = url
                cell.font = BOLD_LINK if bold else LINK
            elif bold:
                cell.font = BOLD
        return number

    def header(self, labels, *, freeze=False):
        number = self.row(labels, bold=True)
        if freeze:
            self.sheet.freeze_panes = f"A{number + 1}"
        return number


class _Value:
    def __init__(self, value, url=None, number_format=None):
        self.value, self.url, self.number_format = value, url, number_format


def _date(value):
    return _Value(value, number_format=DATE_FORMAT) if value else None


def _share(value):
    """A whole per cent from the report, written as a fraction shown in per cent."""
    return _Value(value / 100, number_format=PERCENT_FORMAT) if value is not None else None


def report_workbook(project, period, report, absolute):
    """The workbook's bytes. `absolute` turns a path into a full address (the request's
    `build_absolute_uri`)."""

    def figure(value, slug, **filters):
        return _Value(value, absolute(records_url(project, period, slug, **filters)))

    def record(text, name, pk):
        return _Value(text, absolute(reverse(name, args=[pk])))

    workbook = Workbook()
    _summary(workbook, project, period, report, figure)
    _meetings(workbook, report, figure)
    _organisations(workbook, report, figure)
    _commitments(workbook, report, figure)
    _measures_and_pilots(workbook, report, figure, record)
    _deliverables(workbook, report, figure)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _summary(workbook, project, period, report, figure):
    sheet = _Sheet(workbook, _("Summary"), [42, 16, 90], first=True)
    sheet.row([_("Funder report")], bold=True)
    sheet.row([_("Project"), f"{project.name} – {project.title}"])
    sheet.row([_("Programme / funder"), project.programme or ""])
    sheet.row([_("Promoter"), project.promoter.name if project.promoter else ""])
    sheet.row([_("Project period"), _date(project.starts_on), _date(project.ends_on)])
    sheet.row([_("Reporting period"), _date(period.start), _date(period.end)])
    sheet.row([_("Generated on"), _date(timezone.localdate(report["generated_at"]))])
    sheet.row([])
    sheet.header([_("Figure"), _("Value"), _("What is counted")], freeze=True)
    for item, value in report["key_figures"]:
        sheet.row([str(item.label), figure(value, item.slug), str(item.definition)])


def _meetings(workbook, report, figure):
    sheet = _Sheet(workbook, _("Meetings"), [30, 14, 14, 22, 22])
    sheet.header(
        [
            _("Kind of meeting"),
            _("Meetings held"),
            _("Participants"),
            _("Meetings without a participant count"),
            _("Organisations present"),
        ],
        freeze=True,
    )
    for row in [*report["meetings_by_kind"], None]:
        kind = row["kind"] if row else None
        data = row or report["meetings"]
        sheet.row(
            [
                str(row["label"]) if row else _("Total"),
                figure(data["meetings"], "meetings", kind=kind),
                figure(data["participants"], "participants", kind=kind),
                figure(data["without_count"], "meetings-without-count", kind=kind),
                figure(data["organisations"], "organisations-reached", kind=kind),
            ],
            bold=row is None,
        )


def _organisations(workbook, report, figure):
    sheet = _Sheet(workbook, _("Organisations"), [30, 14, 14, 18])
    sheet.header([_("Sector"), _("Reached"), _("Joined"), _("Joined and reached")], freeze=True)
    for row in [*report["organisations_by_sector"], None]:
        sector = row["sector"] if row else None
        data = row or report["organisations"]
        sheet.row(
            [
                str(row["label"]) if row else _("Total"),
                figure(data["reached"], "organisations-reached", sector=sector),
                figure(data["joined"], "organisations-joined", sector=sector),
                figure(data["joined_reached"], "organisations-joined-reached", sector=sector),
            ],
            bold=row is None,
        )


def _commitments(workbook, report, figure):
    statuses = report["commitment_statuses"]
    sheet = _Sheet(
        workbook, _("Commitments"), [34, 14, *[12] * len(statuses), 14, 14, 18, 18, 18, 16]
    )
    sheet.header(
        [
            _("Support area"),
            _("Commitments made"),
            *[str(label) for _value, label in statuses],
            _("With a target"),
            _("Sum of targets"),
            _("Reported up to the end of the period"),
            _("Reported within the period"),
            _("Reported towards targets"),
            _("Progress towards targets"),
        ],
        freeze=True,
    )
    for row in [*report["commitments_by_area"], None]:
        area = row["area"].code if row else None
        data = row or report["commitments"]
        sheet.row(
            [
                row["area"].name if row else _("Total"),
                figure(data["commitments"], "commitments", area=area),
                *[
                    figure(item["count"], "commitments", area=area, status=item["status"])
                    for item in data["statuses"]
                ],
                figure(data["with_target"], "commitments-with-target", area=area),
                figure(data["target_sum"], "targets", area=area),
                figure(data["progress"], "progress", area=area),
                figure(data["progress_in_period"], "progress-in-period", area=area),
                figure(data["progress_towards_targets"], "progress-towards-targets", area=area),
                _share(data["percent"]),
            ],
            bold=row is None,
        )


def _measures_and_pilots(workbook, report, figure, record):
    sheet = _Sheet(
        workbook,
        _("Measures & pilots"),
        [46, 40, 13, 13, 13, 18, 16, 16, 40, 12, 12, 12, 18, 13, 12],
    )
    sheet.header(
        [
            _("Measure"),
            _("Vote held at"),
            _("Date"),
            _("Votes for"),
            _("Ballots cast"),
            _("Eligible to vote"),
            _("Share of ballots"),
            _("Status today"),
        ],
        freeze=True,
    )
    for tally in report["tallies"]:
        meeting = tally.vote.meeting
        sheet.row(
            [
                record(str(tally.measure), "measures:manage_measure", tally.measure_id),
                record(meeting.title, "meetings:manage_meeting", meeting.pk),
                _date(timezone.localtime(meeting.starts_at).date()),
                tally.votes_for,
                tally.vote.ballots_cast,
                tally.vote.eligible,
                _share(tally.share),
                tally.measure.get_status_display(),
            ]
        )
    sheet.row(
        [str(FIGURES["measures-voted"].label), figure(report["measures_voted"], "measures-voted")],
        bold=True,
    )
    sheet.row([])
    sheet.header(
        [
            _("Pilot"),
            _("Municipality"),
            _("Start"),
            _("End"),
            _("Status today"),
            _("Decision"),
            _("Indicator"),
            _("Unit"),
            _("Baseline"),
            _("Target"),
            _("Latest reading in the period"),
            _("Reading date"),
            _("Progress towards target"),
        ]
    )
    for pilot in report["pilots"]:
        facts = [
            record(str(pilot), "measures:manage_pilot", pilot.pk),
            pilot.municipality.name if pilot.municipality else "",
            _date(pilot.starts_on),
            _date(pilot.ends_on),
            pilot.get_status_display(),
            pilot.get_decision_display(),
        ]
        for indicator in pilot.report_indicators or [None]:
            if indicator is None:
                sheet.row(facts)
                continue
            sheet.row(
                [
                    *facts,
                    indicator.name,
                    indicator.unit,
                    indicator.baseline,
                    indicator.target,
                    indicator.reading_value,
                    _date(indicator.reading_on),
                    _share(indicator.latest_progress),
                ]
            )
    sheet.row([str(FIGURES["pilots"].label), figure(len(report["pilots"]), "pilots")], bold=True)


def _deliverables(workbook, report, figure):
    sheet = _Sheet(workbook, _("Deliverables"), [70, 12, 12, 16])
    sheet.header([_("Deliverable"), _("Target"), _("Achieved"), _("Share of target")], freeze=True)
    for deliverable in report["deliverables"]:
        sheet.row(
            [
                deliverable.text,
                deliverable.target,
                deliverable.achieved,
                _share(deliverable.percent),
            ]
        )
    sheet.row(
        [str(FIGURES["deliverables"].label), figure(len(report["deliverables"]), "deliverables")],
        bold=True,
    )
    sheet.row([str(FIGURES["deliverables"].definition)])
