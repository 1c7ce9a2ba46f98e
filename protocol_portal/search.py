"""The workspace search: one box that finds organisations, meetings, accessions, measures and
projects by name in either script (their `search_text`, in Latin letters) or by ЕИК, grouped
by kind and scoped to what the user may see.

Organisations, meetings and accessions go through `visible_to`; measures and projects are the
coordinators' records, so a representative's search does not look at them at all. One query per
kind, whatever the number of matches: each kind shows its first RESULTS_PER_KIND."""

from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.access import is_coordinator, workspace_required
from core.transliteration import search_form
from measures.models import Measure
from meetings.models import Meeting
from partners.models import Accession, Organisation, Project, search_condition

RESULTS_PER_KIND = 10
MAX_QUERY_LENGTH = 100


def _words_in(text):
    """Every word of `text` in a record's `search_text`."""
    condition = Q()
    for word in search_form(text).split():
        condition &= Q(search_text__contains=word)
    return condition


def _registration_id(text):
    """`text` as an ЕИК / БУЛСТАТ (9 or 13 digits, spaces allowed), else None."""
    digits = "".join(text.split())
    return digits if digits.isdigit() and len(digits) in (9, 13) else None


def _hits(queryset, describe):
    """The first RESULTS_PER_KIND of `queryset`, described, and whether there are more: one
    query (it reads one row beyond the limit)."""
    records = list(queryset[: RESULTS_PER_KIND + 1])
    return [describe(record) for record in records[:RESULTS_PER_KIND]], len(records) > (
        RESULTS_PER_KIND
    )


def _organisation(organisation):
    return {
        "label": organisation.name,
        "url": reverse("partners:manage_organisation", args=[organisation.pk]),
        "detail": " · ".join(
            str(part)
            for part in (
                organisation.get_partnership_status_display(),
                organisation.registration_id and f"ЕИК {organisation.registration_id}",
                organisation.archived_at and _("archived"),
            )
            if part
        ),
    }


def _meeting(meeting):
    return {
        "label": meeting.title,
        "url": reverse("meetings:manage_meeting", args=[meeting.pk]),
        "detail": " · ".join(
            str(part)
            for part in (
                f"{timezone.localtime(meeting.starts_at):%d.%m.%Y}",
                meeting.get_kind_display(),
                meeting.cancelled_at and _("cancelled"),
            )
            if part
        ),
    }


def _accession(accession):
    return {
        "label": f"{accession.organisation.name} → {accession.protocol.name}",
        "url": reverse("partners:manage_accession", args=[accession.pk]),
        "detail": accession.get_status_display(),
    }


def _measure(measure):
    return {
        "label": str(measure),
        "url": reverse("measures:manage_measure", args=[measure.pk]),
        "detail": measure.get_status_display(),
    }


def _project(project):
    return {
        "label": f"{project.name}: {project.title}",
        "url": reverse("partners:manage_project", args=[project.pk]),
        "detail": project.programme,
    }


def search_groups(user, text):
    """[{"kind", "id", "results", "more"}] of what `user` may see matching `text`."""
    names = _words_in(text)
    registration_id = _registration_id(text)
    by_organisation = search_condition(text)
    by_accession = search_condition(text, path="organisation__")
    if registration_id:
        by_organisation |= Q(registration_id=registration_id)
        by_accession |= Q(organisation__registration_id=registration_id)
    kinds = [
        (
            _("Organisations"),
            "organisations",
            Organisation.objects.visible_to(user).filter(by_organisation).order_by("name"),
            _organisation,
        ),
        (
            _("Meetings"),
            "meetings",
            Meeting.objects.visible_to(user).filter(names).order_by("-starts_at"),
            _meeting,
        ),
        (
            _("Accessions"),
            "accessions",
            Accession.objects.visible_to(user)
            .filter(by_accession)
            .select_related("organisation", "protocol")
            .order_by("organisation__name", "-signed_on"),
            _accession,
        ),
    ]
    if is_coordinator(user):
        kinds += [
            (_("Measures"), "measures", Measure.objects.filter(names), _measure),
            (_("Projects"), "projects", Project.objects.filter(names), _project),
        ]
    groups = []
    for kind, anchor, queryset, describe in kinds:
        results, more = _hits(queryset, describe)
        groups.append({"kind": kind, "id": anchor, "results": results, "more": more})
    return groups


@require_safe
@workspace_required
def workspace_search(request):
    text = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    groups = search_groups(request.user, text) if search_form(text).split() else []
    return render(
        request,
        "portal/search.html",
        {
            "search_query": text,
            "groups": groups,
            "found": sum(len(group["results"]) for group in groups),
        },
    )
