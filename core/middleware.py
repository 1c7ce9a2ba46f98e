"""Private pages are never kept by a browser or a proxy."""

import re

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
