from django.utils.functional import SimpleLazyObject

from core import public_cache
from core.access import has_workspace, is_coordinator, represented_organisation_id

from .models import SiteSettings


def site(request):
    """Site settings for the help banner and quick exit, read only if a template uses them (from
    the kept cache: `SiteSettings.shown`), and the public-content version that the layout's kept
    fragments are keyed on."""
    return {
        "site_settings": SimpleLazyObject(SiteSettings.shown),
        "public_version": SimpleLazyObject(public_cache.current_version),
    }


def workspace(request):
    """The user's place in the workspace, for its navigation; worked out only if a template
    asks (the answers are cached on the user, so the views' own checks make them free)."""

    def role():
        if is_coordinator(request.user):
            return "coordinator"
        return "partner" if has_workspace(request.user) else None

    return {
        "workspace_role": role,
        "workspace_organisation_id": lambda: represented_organisation_id(request.user),
    }
