"""Site-wide views: home, safety page, quick exit, health, robots, the icon and the server error
page."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve

from core.public_cache import current_version, public_page
from measures.models import Measure
from meetings.models import Meeting
from partners.models import Commitment, Organisation

from .models import SiteSettings
from .network import network_glance

logger = logging.getLogger(__name__)


@login_not_required
@require_safe
def root(request):
    """`/` always opens the Bulgarian home page, whatever the browser's language."""
    with translation.override("bg"):
        return redirect("home")


# The home page's counts run over the largest tables: kept per public-content version (a change
# of the records moves it), and a minute at most, for the meetings that start meanwhile.
HOME_FIGURES_CACHE_KEY = "home:key-figures"
HOME_FIGURES_SECONDS = 60


def _key_figures():
    """The home page's figures, from public records only (what the directory, the partner pages
    and the meetings list show): a count that moved with a private record would reveal it."""
    return {
        "partners": Organisation.objects.published()
        .filter(partnership_status=Organisation.PartnershipStatus.MEMBER)
        .count(),
        "commitments": Commitment.objects.public().count(),
        "meetings": Meeting.objects.published().filter(starts_at__lte=timezone.now()).count(),
        "measures_piloted": Measure.objects.filter(pilots__isnull=False).distinct().count(),
    }


@login_not_required
@require_safe
@public_page
def home(request):
    """What the protocol is, its key figures, the latest news and how to get help or join."""
    # Kept for the current public content only: a change shows at once, on every process.
    figures = cache.get_or_set(
        f"{HOME_FIGURES_CACHE_KEY}:{current_version()}", _key_figures, HOME_FIGURES_SECONDS
    )
    latest_meetings = Meeting.objects.published().select_related("municipality")[:3]
    return render(
        request, "portal/home.html", {"figures": figures, "latest_meetings": latest_meetings}
    )


@login_not_required
@require_safe
@public_page
def network(request):
    """The network at a glance: growth month by month, sectors year by year, the regions' map."""
    return render(request, "portal/network.html", {"glance": network_glance()})


@login_not_required
@require_safe
@public_page
def safety(request):
    return render(request, "portal/safety.html")


@login_not_required
@require_safe
@never_cache
def quick_exit(request):
    """The quick exit's last stop before the neutral site.

    The browser is told to drop this site's cookies, storage and cache, and no referrer goes
    to the neutral site, so it cannot tell where the visitor came from.
    """
    response = HttpResponseRedirect(SiteSettings.load().quick_exit_url)
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_not_required
@require_safe
@never_cache
def health(request):
    """200 when the database answers, 503 when it does not: for load balancers and uptime checks."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


# Under /<lang>/: every address that needs a login or a secret (tests/portal/test_public_site.py
# walks the URLs and fails on one left out).
ROBOTS_PRIVATE_PATHS = (
    "manage",
    "accounts",
    "partners/accessions",
    "meetings/manage",
    "meetings/attachments",
    "meetings/feed",
    "measures/manage",
)


# Browsers ask for /favicon.ico by themselves (for a feed, a file, or a page seen before the
# <link rel="icon"> of base.html): send them to the self-hosted icon rather than a 404. A day's
# cache only, as the hashed address changes with the icon.
FAVICON_REDIRECT_SECONDS = 24 * 3600


@login_not_required
@require_safe
def favicon(request):
    """The site's neutral icon (nothing in it names violence: tabs and history show it)."""
    response = HttpResponseRedirect(static("favicon.ico"))
    patch_cache_control(response, public=True, max_age=FAVICON_REDIRECT_SECONDS)
    return response


@login_not_required
@require_safe
def robots_txt(request):
    """Crawlers may read the public pages; the workspace (of every app), accounts, admin,
    private files and private calendar feeds are not for indexing."""
    lines = ["User-agent: *"]
    for code, _name in settings.LANGUAGES:
        for private in ROBOTS_PRIVATE_PATHS:
            lines.append(f"Disallow: /{code}/{private}/")
    lines += ["Disallow: /admin/", "Disallow: /exit/", "Disallow: /i18n/", ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@login_not_required
@require_safe
def development_media(request, path):
    """A public upload, for everyone: only routed in development (`make run`)."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def server_error(request):
    """The 500 page, with the help banner even when the database is what failed."""
    try:
        site_settings = SiteSettings.load()
    except DatabaseError:
        site_settings = SiteSettings(**SiteSettings.INITIAL_VALUES)
    template = loader.get_template("500.html")
    context = {"request": request, "site_settings": site_settings}
    return HttpResponseServerError(template.render(context))
