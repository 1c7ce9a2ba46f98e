"""Importing meetings with their attendance from spreadsheets: the partners app's import pages,
for the meeting resource."""

from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partners.access import coordinator_required
from partners.models import ImportRun
from partners.views.imports import (
    ImportPages,
    run_apply,
    run_cancel,
    run_page,
    template_file,
    upload_page,
)

from ..resources import MeetingResource

MEETINGS = ImportPages(
    kind=ImportRun.Kind.MEETINGS,
    resource_class=MeetingResource,
    title=_("Import meetings"),
    list_url_name="meetings:manage_meetings",
    url_prefix="meetings:manage_meeting_import",
    basename="meetings",
)


@require_http_methods(["GET", "POST"])
@coordinator_required
def meeting_import(request):
    return upload_page(request, MEETINGS)


@require_GET
@coordinator_required
def meeting_import_run(request, pk):
    return run_page(request, MEETINGS, pk)


@require_POST
@coordinator_required
def meeting_import_apply(request, pk):
    return run_apply(request, MEETINGS, pk)


@require_POST
@coordinator_required
def meeting_import_cancel(request, pk):
    return run_cancel(request, MEETINGS, pk)


@require_GET
@coordinator_required
def meeting_import_template(request, file_format):
    return template_file(request, MEETINGS, file_format)
