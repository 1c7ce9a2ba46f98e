"""Site-wide rules every response follows: private pages are never kept by a browser or a proxy,
and no method but GET, HEAD and POST reaches a view."""

import re

from django.http import HttpResponseNotAllowed
from django.utils.cache import patch_cache_control

# Account pages (log-in, password reset) hold a CSRF token or a reset link even for visitors.
ACCOUNT_PAGES = re.compile(r"^/(?:[a-z]{2}/)?(?:accounts|admin)/")


class PrivatePagesNotStoredMiddleware:
    """`Cache-Control: private, no-store` on every response of a page behind the login (the
    workspace, the admin), of the account pages, and of any page shown to a logged-in user: they
    show contacts, private notes and the secret calendar address, which no shared proxy and no
    browser history should keep."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            getattr(request, "login_required", False)
            or (user is not None and user.is_authenticated)
            or ACCOUNT_PAGES.match(request.path_info)
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Django's login_not_required marks the public views; every other view needs a login.
        request.login_required = getattr(view_func, "login_required", True)


class AllowedMethodsMiddleware:
    """Every page is read with GET or HEAD and written with POST; any other method (PUT, DELETE,
    OPTIONS, TRACE, …) gets 405 before a view sees it, whichever view it is (Django's own form
    views would otherwise take PUT as POST). Each view narrows further with `require_safe`,
    `require_POST` or `require_http_methods(["GET", "HEAD", "POST"])`."""

    ALLOWED = ("GET", "HEAD", "POST")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in self.ALLOWED:
            return HttpResponseNotAllowed(self.ALLOWED)
        return self.get_response(request)
