"""Importing meetings with their attendance from spreadsheets: the shared import pages
(`core.spreadsheets.views`) for the meeting resource."""

from django.utils.translation import gettext_lazy as _

from core.models import ImportRun
from core.spreadsheets.views import ImportPages

from ..resources import MeetingResource

MEETINGS = ImportPages(
    kind=ImportRun.Kind.MEETINGS,
    resource_class=MeetingResource,
    title=_("Import meetings"),
    list_url_name="meetings:manage_meetings",
    namespace="meetings",
    name="manage_meeting_import",
    basename="meetings",
)
