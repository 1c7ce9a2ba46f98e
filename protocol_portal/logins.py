"""Every login attempt recorded and logged, and the pause of one username guessed at from many
addresses.

django-axes locks one username from one address after five failures. Someone guessing one
account's password from many addresses passes under that, so this module adds a limit per
username across addresses: after LOGIN_PAUSE_AFTER_FAILURES failures within LOGIN_PAUSE_WINDOW,
each further attempt must wait 1, 2, 4 … minutes after the last failure, at most LOGIN_PAUSE_MAX.
A stranger must not be able to keep the real user out with it, so the pause does not apply to
an address the account logged in from within LOGIN_TRUSTED_ADDRESS_AGE, and a new password set
through an emailed link (or a successful login) starts the count again.

The counts are the `LoginEvent` rows in the database, which every process sees. Every attempt
is also logged to "protocol_portal.accounts" with the username and address, never the password.
"""

import logging
from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q
from django.dispatch import receiver
from django.utils import timezone

from .models import LoginEvent

logger = logging.getLogger("protocol_portal.accounts")

Outcome = LoginEvent.Outcome
# What the pause counts: guesses of the password and of the second factor's code.
GUESSES = [Outcome.FAILED, Outcome.CODE_FAILED]
# What starts the count again: the account's owner got in, or proved they read its mail.
FRESH_STARTS = [Outcome.SUCCEEDED, Outcome.PASSWORD_RESET]


def client_address(request):
    """The visitor's address, read as django-axes reads it (CLIENT_IP_META_KEY)."""
    return get_client_ip_address(request) if request is not None else None


def paused_until(username, now=None):
    """When the next attempt for `username` may be made, or None when it may be made now."""
    now = now or timezone.now()
    recent = LoginEvent.objects.filter(username=username, at__gte=now - settings.LOGIN_PAUSE_WINDOW)
    figures = recent.aggregate(
        started=Max("at", filter=Q(outcome__in=FRESH_STARTS)),
    )
    guesses = recent.filter(outcome__in=GUESSES)
    if figures["started"]:
        guesses = guesses.filter(at__gt=figures["started"])
    counted = guesses.aggregate(count=Count("pk"), last=Max("at"))
    beyond = counted["count"] - settings.LOGIN_PAUSE_AFTER_FAILURES
    if beyond < 0:
        return None
    # A burst of parallel guesses can pass the count by dozens, and 2 ** 60 minutes is no
    # timedelta: past 2 ** 20 minutes (two years) the cap is what counts anyway.
    wait = min(timedelta(minutes=2 ** min(beyond, 20)), settings.LOGIN_PAUSE_MAX)
    until = counted["last"] + wait
    return until if until > now else None


def is_trusted_address(username, address, now=None):
    """Whether `username` logged in from `address` lately: its owner's own connection."""
    if not address:
        return False
    now = now or timezone.now()
    return LoginEvent.objects.filter(
        username=username,
        ip_address=address,
        outcome=Outcome.SUCCEEDED,
        at__gte=now - settings.LOGIN_TRUSTED_ADDRESS_AGE,
    ).exists()


class LoginPaused(PermissionDenied):
    """A login refused because its username is paused."""


class UsernamePauseBackend:
    """Refuses to check a password while its username is paused (and the address is not the
    owner's), then hands over to the next backend. It authenticates no one itself, so it has no
    `get_user` (which would make the test client's `force_login` pick it).

    The refusal marks the request with `login_paused_until`, for the login page to say how long
    to wait; Django then sends `user_login_failed`, recorded below as a refused attempt. A
    request this backend never saw was refused by django-axes before it."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        # Reached: django-axes (the backend before) did not refuse.
        request.login_past_lockout = True
        if not username:
            return None
        until = paused_until(username)
        if until and not is_trusted_address(username, client_address(request)):
            request.login_paused_until = until
            raise LoginPaused
        return None


def record(*, request, username, outcome, user=None):
    """Keep the attempt for the security page and the pause, and log it."""
    address = client_address(request)
    if user is None:
        user = get_user_model().objects.filter(username=username).first()
    now = timezone.now()
    LoginEvent.objects.filter(at__lt=now - settings.LOGIN_EVENTS_KEPT).delete()
    LoginEvent.objects.create(
        at=now, user=user, username=username, ip_address=address, outcome=outcome
    )
    level = logging.INFO if outcome in FRESH_STARTS else logging.WARNING
    # %r: a username is typed by the visitor and must not forge a log line.
    logger.log(level, "login %s: username=%r address=%s", outcome, username, address)


@receiver(user_logged_in, dispatch_uid="protocol_portal_login_succeeded")
def _login_succeeded(sender, request, user, **kwargs):
    record(request=request, username=user.get_username(), outcome=Outcome.SUCCEEDED, user=user)


@receiver(user_login_failed, dispatch_uid="protocol_portal_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get(get_user_model().USERNAME_FIELD) or "")[:150]
    # A password never checked: django-axes or the pause refused before it.
    refused = request is not None and (
        getattr(request, "login_paused_until", None) is not None
        or not getattr(request, "login_past_lockout", False)
    )
    record(
        request=request,
        username=username,
        outcome=Outcome.REFUSED if refused else Outcome.FAILED,
    )
