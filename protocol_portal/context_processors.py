from django.utils.functional import SimpleLazyObject

from .models import SiteSettings


def site(request):
    """Site settings for the help banner and quick exit, read only if a template uses them."""
    return {"site_settings": SimpleLazyObject(SiteSettings.load)}
