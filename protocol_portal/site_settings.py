"""The site settings' page in the workspace: coordinators change the hotline, the quick exit's
target and the notification address without a deploy.

Every page reads the settings as it renders them (the `site` context processor), from the shared
cache under the public-content version (`SiteSettings.shown`): a save moves that version, so a
saved change shows at once on every process."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.access import coordinator_required, is_coordinator
from core.views import edit_data, edit_page

from .forms import SiteSettingsForm
from .models import SiteSettings


def _get_site_settings_for_user(request, pk, *, write=False):
    """The one row of site settings, for coordinators only (403 to anyone else, reading or
    not); any other id is 404."""
    if not is_coordinator(request.user):
        raise PermissionDenied
    if pk != SiteSettings.SINGLETON_PK:
        raise Http404
    return SiteSettings.load()


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def site_settings_edit(request, pk):
    data, _files = edit_data(request)
    form = SiteSettingsForm(
        data, instance=_get_site_settings_for_user(request, pk), request=request
    )
    return edit_page(
        request,
        "portal/site_settings.html",
        form=form,
        saved=_("The site settings are saved. Every page shows them now."),
        success_url=lambda saved: reverse("manage_site_settings", args=[saved.pk]),
    )
