"""The public directory as open data: a page describing it, and the files in CSV and JSON.

Anyone may read them, like the directory itself. The files change only when the records do,
and programs poll them: they may be cached for a few minutes, by anyone, and read from pages
of other sites (CORS), as they hold nothing that the public site does not show.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from core.public_cache import public_page

from .. import open_data
from ..models import Organisation, Region, SupportArea

FILE_MAX_AGE = 10 * 60


def _open_data_file(response, filename):
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_not_required
@require_safe
@public_page
def open_data_page(request):
    """What the files hold: every column, the codes they use, formats and terms of reuse."""
    return render(
        request,
        "partners/open_data.html",
        {
            "columns": open_data.COLUMNS,
            "count": Organisation.objects.published().count(),
            "sectors": Organisation.Sector.choices,
            "support_areas": SupportArea.objects.all(),
            "regions": Region.objects.all(),
            "max_age_minutes": FILE_MAX_AGE // 60,
        },
    )


@login_not_required
@require_safe
@cache_control(public=True, max_age=FILE_MAX_AGE)
def organisations_csv(request):
    body = open_data.as_csv(open_data.records(request))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    return _open_data_file(response, "organisations.csv")


@login_not_required
@require_safe
@cache_control(public=True, max_age=FILE_MAX_AGE)
def organisations_json(request):
    document = open_data.as_json(request, open_data.records(request))
    response = JsonResponse(
        document,
        content_type="application/json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    return _open_data_file(response, "organisations.json")
