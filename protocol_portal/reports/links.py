"""Addresses of the report's pages, for the views, the template tags and the spreadsheet."""

from urllib.parse import urlencode

from django.urls import reverse


def period_query(period, **filters):
    """The query string of a report address: the period, then any breakdown filters."""
    query = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    query.update({key: value for key, value in filters.items() if value})
    return urlencode(query)


def report_url(project, period, *, name="manage_project_report"):
    return f"{reverse(name, args=[project.pk])}?{period_query(period)}"


def records_url(project, period, figure, **filters):
    """The address of the page that lists the records behind `figure`."""
    path = reverse("manage_project_report_records", args=[project.pk, figure])
    return f"{path}?{period_query(period, **filters)}"
