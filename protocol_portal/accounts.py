"""The two password-reset views that differ from Django's own.

Asking for a reset link is limited per address, so the form cannot be used to flood someone's
mailbox. Setting a new password through an emailed link lifts the login pause of that account:
whoever followed the link proved they read its mail, which is what the pause waits for.
"""

from axes.utils import reset as reset_login_failures
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

# Reset links asked for from one address.
RESET_REQUEST_RATE = "5/h"


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    def post(self, request, *args, **kwargs):
        limited = is_ratelimited(
            request,
            group="password_reset",
            key="ip",
            rate=RESET_REQUEST_RATE,
            method="POST",
            increment=True,
        )
        if not limited:
            return super().post(request, *args, **kwargs)
        form = self.get_form()
        form.is_valid()  # Binds the field, so the page shows what was typed.
        form.add_error(
            None, _("Too many requests from your connection. Please try again in an hour.")
        )
        return self.render_to_response(self.get_context_data(form=form), status=429)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        reset_login_failures(username=form.user.get_username())
        return response
