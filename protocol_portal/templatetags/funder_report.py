"""Links of the funder report's page to the records behind each figure."""

from django import template

from protocol_portal.reports.links import records_url

register = template.Library()


@register.simple_tag(takes_context=True)
def records(context, figure, **filters):
    """The address listing the records behind `figure` for the page's project and period; a
    filter given as None or "" is left out (the total of a breakdown)."""
    return records_url(context["project"], context["period"], figure, **filters)
