from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.core import is_ratelimited

from core.access import get_for_user
from core.files import private_file_response
from core.paging import paginate
from core.public_cache import public_page

from ..cards import partner_cards
from ..filters import DirectoryFilter
from ..forms import JoinForm
from ..models import Accession, Commitment, ContactPerson, Organisation, Project
from ..services import join_request_submit

JOIN_RATE = "5/h"


@login_not_required
@require_safe
@public_page
def directory(request):
    """The public partner directory: filters and search in the query string; with htmx only
    the results are sent back."""
    # Only the page's ids are read here: the cards read the rest, if they are not kept.
    directory_filter = DirectoryFilter(request.GET, queryset=Organisation.objects.published())
    page = paginate(request, directory_filter.qs)
    context = {
        "filter": directory_filter,
        "page_obj": page,
        "cards": partner_cards(page.object_list),
    }
    if request.htmx:
        response = render(request, "partners/_directory_results.html", context)
    else:
        response = render(request, "partners/directory.html", context)
    # The same address answers with a whole page or only the results.
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_not_required
@require_safe
@public_page
def partner_detail(request, slug):
    """A listed partner's public profile: public contacts, and its public commitments that stand
    today (`Commitment.objects.public`)."""
    organisation = get_object_or_404(
        Organisation.objects.published()
        .with_member_since()
        .select_related("region", "municipality")
        .prefetch_related(
            "services",
            Prefetch(
                "contacts",
                queryset=ContactPerson.objects.filter(is_public=True),
                to_attr="public_contacts",
            ),
        ),
        slug=slug,
    )
    commitments = (
        Commitment.objects.public()
        .filter(accession__organisation=organisation)
        .select_related("support_area")
    )
    # Attendance belongs to the meetings app, which builds on this one: reached by its
    # reverse relation, never imported.
    attendances = (
        organisation.attendances.filter(meeting__is_published=True)
        .select_related("meeting")
        # What the list shows: a partner of many years attends hundreds of meetings, each row
        # otherwise built with every field of its meeting (agenda, summaries) in both languages.
        .only(
            "organisation",
            "meeting__slug",
            "meeting__title_bg",
            "meeting__title_en",
            "meeting__starts_at",
        )
        .order_by("-meeting__starts_at")
    )
    return render(
        request,
        "partners/partner_detail.html",
        {"organisation": organisation, "commitments": commitments, "attendances": attendances},
    )


@login_not_required
@require_safe
@public_page
def project_list(request):
    projects = (
        Project.objects.filter(archived_at__isnull=True)
        .select_related("promoter")
        .prefetch_related(
            Prefetch("partners", queryset=Organisation.objects.published()), "deliverables"
        )
    )
    return render(request, "partners/project_list.html", {"projects": projects})


@login_not_required
@require_safe
@public_page
def project_detail(request, slug):
    project = get_object_or_404(
        Project.objects.select_related("promoter").prefetch_related(
            Prefetch("partners", queryset=Organisation.objects.published()), "deliverables"
        ),
        slug=slug,
        archived_at__isnull=True,
    )
    return render(request, "partners/project_detail.html", {"project": project})


def _get_accession_for_user(request, pk, *, write=False):
    """The accession `pk` if the user may see it (coordinators any, a representative its own
    organisation's), else 404; with `write`, 403 for a representative."""
    return get_for_user(Accession.objects, request.user, pk, write=write)


@require_safe
def accession_document(request, pk):
    """The signed accession document: coordinators and the organisation's representatives only.

    Anyone else gets 404, so the address does not even confirm that the accession exists.
    """
    return private_file_response(_get_accession_for_user(request, pk).document)


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def join(request):
    """An organisation asks to join: the request becomes a prospect for the coordinators.

    Guarded against abuse by a honeypot field and a limit of requests per address per hour.
    """
    form = JoinForm(request.POST or None)
    if request.method == "POST":
        limited = is_ratelimited(
            request, group="join", key="ip", rate=JOIN_RATE, method="POST", increment=True
        )
        if limited:
            form.add_error(
                None,
                _("Too many requests from your connection. Please try again in an hour."),
            )
            return render(request, "partners/join.html", {"form": form}, status=429)
        if form.is_spam():
            # Robots are told the same as people, and nothing is stored.
            return redirect("partners:join_sent")
        if form.is_valid():
            join_request_submit(data=form.cleaned_data, language=get_language())
            return redirect("partners:join_sent")
    return render(request, "partners/join.html", {"form": form})


@login_not_required
@require_safe
def join_sent(request):
    return render(request, "partners/join_sent.html")
