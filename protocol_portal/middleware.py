"""Refusing a request body larger than any form of the portal takes, before it is read; and
sending coordinators and admins to the second factor before any private page."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_otp import user_has_device

from .accounts import second_factor_required
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


# The pages a user without a verified second factor still opens: logging in and out, the
# second factor's setup, and the account's own security page.
SECOND_FACTOR_EXEMPT = {
    "login",
    "login_code",
    "logout",
    "account_security",
    "two_factor_setup",
    "two_factor_qr",
    "recovery_codes_new",
    "two_factor_disable",
}


class SecondFactorRequiredMiddleware:
    """With OTP_REQUIRED_FOR_COORDINATORS on, coordinators and admins open no private page
    (the workspace, reports) and no admin page until their session passed the second factor:
    without a device they are sent to its setup, with one to its code.

    It looks at nothing when the setting is off or the session passed, so other users' pages
    make no extra query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.OTP_REQUIRED_FOR_COORDINATORS or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        private = getattr(view_func, "login_required", True) or match.namespace == "admin"
        if not private or match.url_name in SECOND_FACTOR_EXEMPT or request.user.is_verified():
            return None
        if not second_factor_required(request.user):
            return None
        query = urlencode({"next": request.get_full_path()})
        if user_has_device(request.user):
            return redirect(f"{reverse('login_code')}?{query}")
        messages.info(
            request,
            _(
                "The network asks coordinators and admins to log in with a second factor. "
                "Please set it up now: it takes a minute."
            ),
        )
        return redirect(f"{reverse('two_factor_setup')}?{query}")
