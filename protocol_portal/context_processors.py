from django.utils.functional import SimpleLazyObject

from core.access import has_workspace, is_coordinator, represented_organisation_id

from .models import SiteSettings


def site(request):
    """Site settings for the help banner and quick exit, read only if a template uses them (from
    the shared cache: `SiteSettings.shown`)."""
    return {"site_settings": SimpleLazyObject(SiteSettings.shown)}


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
