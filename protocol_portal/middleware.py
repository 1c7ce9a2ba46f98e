"""Refusing a request body larger than any form of the portal takes, before it is read."""

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.utils import translation

from .models import SiteSettings


class RequestSizeLimitMiddleware:
    """Answers 413 with a page in the visitor's language when the declared body is larger than
    MAX_REQUEST_BYTES: Django would otherwise spool the whole upload to disk before any form
    could say the file is too large. The proxy's own limit should stop it even earlier."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return too_large(request)
        return self.get_response(request)


def too_large(request):
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            site_settings = SiteSettings.load()
        except DatabaseError:
            site_settings = SiteSettings(**SiteSettings.INITIAL_VALUES)
        context = {
            "request": request,
            "site_settings": site_settings,
            "LANGUAGE_CODE": language,
            "limit": filesizeformat(settings.MAX_UPLOAD_BYTES),
        }
        body = loader.get_template("413.html").render(context)
    response = HttpResponse(body, status=413)
    # The rest of the body is not read: the connection must not be reused for another request.
    response["Connection"] = "close"
    return response
