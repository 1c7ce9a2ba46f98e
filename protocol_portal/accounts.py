"""The account views that differ from Django's own: logging in (with the pause of one username
and the second factor), the account's security page, the second factor's setup, and the two
password-reset views.

Asking for a reset link is limited per address, so the form cannot be used to flood someone's
mailbox. Setting a new password through an emailed link lifts the login pauses of that account:
whoever followed the link proved they read its mail, which is what the pauses wait for.

A user with a second factor gives their password, then a code: between the two, the session
holds only who gave the password, when, and where to go next (`PENDING_KEY`), and no one is
logged in until the code is right.
"""

import math
import secrets
import time
from base64 import b32encode
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from axes.utils import reset as reset_login_failures
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_ratelimit.core import is_ratelimited

from core.access import is_coordinator

from . import logins, services
from .forms import AuthenticatorConfirmForm, LoginCodeForm, LoginForm
from .models import LoginEvent

# Who gave the right password and still owes the code (see the module's docstring).
PENDING_KEY = "login_pending"
# The secret of an authenticator app being set up, until its first code confirms it.
SETUP_KEY = "two_factor_setup_key"
# The security page lists this many of the account's latest login events.
EVENTS_SHOWN = 20

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
        logins.record(
            request=self.request,
            username=form.user.get_username(),
            outcome=LoginEvent.Outcome.PASSWORD_RESET,
            user=form.user,
        )
        return response


def second_factor_required(user):
    """Whether `user` must have a second factor: coordinators and admins, when the setting says
    so."""
    return settings.OTP_REQUIRED_FOR_COORDINATORS and (user.is_staff or is_coordinator(user))


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """Django's login, which asks a user with a second factor for its code before logging them
    in, and says so plainly when the username is paused."""

    authentication_form = LoginForm

    def form_valid(self, form):
        user = form.get_user()
        if not user_has_device(user):
            return super().form_valid(form)
        self.request.session[PENDING_KEY] = {
            "user": user.pk,
            "backend": user.backend,
            "at": time.time(),
            "next": self.get_success_url(),
        }
        return redirect("login_code")

    def form_invalid(self, form):
        until = getattr(self.request, "login_paused_until", None)
        if until is None:
            return super().form_invalid(form)
        minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
        context = {"minutes": minutes, "password_reset_url": reverse("password_reset")}
        return render(self.request, "registration/login_paused.html", context, status=429)


def _pending_login(request):
    """The user who gave the right password and owes the code, while it is fresh; else None."""
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return None
    if time.time() - pending["at"] > settings.LOGIN_CODE_TIMEOUT.total_seconds():
        del request.session[PENDING_KEY]
        return None
    return get_user_model().objects.filter(pk=pending["user"], is_active=True).first()


def _next_page(request, fallback):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def login_code(request):
    """The second step of logging in: the code of the user's authenticator app or a recovery
    code. It also verifies a logged-in session that has not passed the second factor yet."""
    pending_user = _pending_login(request)
    if pending_user is not None:
        user = pending_user
    elif request.user.is_authenticated and user_has_device(request.user):
        if request.user.is_verified():
            return redirect(_next_page(request, resolve_url(settings.LOGIN_REDIRECT_URL)))
        user = request.user
    else:
        messages.info(request, _("Please log in again: the code was not given in time."))
        return redirect("login")

    form = LoginCodeForm(request.POST or None, user=user)
    if request.method == "POST":
        if form.is_valid():
            if pending_user is not None:
                pending = request.session.pop(PENDING_KEY)
                user.backend = pending["backend"]
                auth_login(request, user)
                target = pending["next"]
            else:
                logins.logger.info(
                    "second factor passed: username=%r address=%s",
                    user.get_username(),
                    logins.client_address(request),
                )
                target = _next_page(request, resolve_url(settings.LOGIN_REDIRECT_URL))
            otp_login(request, form.device)
            return redirect(target)
        logins.record(
            request=request,
            username=user.get_username(),
            outcome=LoginEvent.Outcome.CODE_FAILED,
            user=user,
        )
    return render(request, "registration/login_code.html", {"form": form})


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def admin_login(request):
    """The admin has no login form of its own: it would take a password without the second
    factor. Its login sends to the portal's, which comes back."""
    next_page = _next_page(request, reverse("admin:index"))
    return redirect(f"{reverse('login')}?{urlencode({'next': next_page})}")


# --- The account's security page --------------------------------------------------------------


@require_safe
def security(request):
    """The account's own latest sign-ins and failed attempts, and its second factor."""
    user = request.user
    events = list(LoginEvent.objects.filter(user=user)[:EVENTS_SHOWN])
    authenticator = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    recovery_codes_left = StaticToken.objects.filter(
        device__user=user, device__confirmed=True
    ).count()
    context = {
        "events": events,
        "events_shown": EVENTS_SHOWN,
        "authenticator": authenticator,
        "recovery_codes_left": recovery_codes_left,
        "second_factor_required": second_factor_required(user),
    }
    return render(request, "registration/security.html", context)


def _require_verified(request):
    """Changing the second factor needs a session that passed it (when there is one)."""
    if user_has_device(request.user) and not request.user.is_verified():
        raise PermissionDenied


@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_setup(request):
    """Set up an authenticator app: the secret (as text and as a QR code from our own host),
    confirmed with the first code the app shows. Replaces an earlier app once confirmed."""
    if user_has_device(request.user) and not request.user.is_verified():
        return redirect(f"{reverse('login_code')}?{urlencode({'next': request.path})}")
    key = request.session.get(SETUP_KEY)
    if key is None:
        key = secrets.token_hex(20)
        request.session[SETUP_KEY] = key
    form = AuthenticatorConfirmForm(request.POST or None, key=key)
    if request.method == "POST" and form.is_valid():
        device, codes = services.two_factor_enable(user=request.user, key=key, last_t=form.totp_t)
        del request.session[SETUP_KEY]
        otp_login(request, device)
        logins.logger.info(
            "second factor set up: username=%r address=%s",
            request.user.get_username(),
            logins.client_address(request),
        )
        return _recovery_codes_page(request, codes, first=True)
    context = {
        "form": form,
        "secret": _grouped(b32encode(bytes.fromhex(key)).decode()),
        "replacing": user_has_device(request.user),
        "next": _next_page(request, ""),
    }
    return render(request, "registration/two_factor_setup.html", context)


def _grouped(secret):
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@require_safe
def two_factor_qr(request):
    """The QR code of the authenticator app being set up, as an SVG image from our own host."""
    key = request.session.get(SETUP_KEY)
    if key is None:
        raise Http404
    device = TOTPDevice(user=request.user, key=key)
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return HttpResponse(image.to_string(), content_type="image/svg+xml")


def _recovery_codes_page(request, codes, *, first=False):
    # Shown in the answer to the POST that made them, not after a redirect: the codes are
    # never kept anywhere they could be shown a second time.
    context = {
        "codes": codes,
        "first": first,
        "next": _next_page(request, reverse("account_security")),
    }
    return render(request, "registration/recovery_codes.html", context)


@require_POST
def recovery_codes_new(request):
    """Ten new recovery codes, shown once; the earlier ones stop working."""
    _require_verified(request)
    if not user_has_device(request.user):
        return redirect("two_factor_setup")
    codes = services.recovery_codes_replace(user=request.user)
    return _recovery_codes_page(request, codes)


@require_POST
def two_factor_disable(request):
    """Remove the second factor, unless the network requires one of this user."""
    _require_verified(request)
    if second_factor_required(request.user):
        raise PermissionDenied
    services.two_factor_disable(user=request.user)
    messages.success(request, _("Two-factor login is off for your account."))
    return redirect("account_security")
