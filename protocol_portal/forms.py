"""The log-in form, the account forms of the second factor (the code asked after the password,
and the code that confirms a new authenticator app), and the site settings' form."""

import ipaddress
from functools import partial
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_otp import match_token
from django_otp.oath import TOTP

from core.concurrency import VersionedFormMixin

from .models import SiteSettings


def _typed_code(value):
    """A code as people type it: spaces and dashes are not part of it."""
    return "".join(value.split()).replace("-", "").lower()


# No field of these forms takes focus on its own: every page starts with the skip link and the
# quick exit, and a field focused on arrival would put them behind the form (issue 18).


class LoginForm(AuthenticationForm):
    """Django's login form, without the username's autofocus."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)


class LoginCodeForm(forms.Form):
    """The code of an authenticator app, or one of the recovery codes, for `user`."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_code(self):
        # django-otp slows down guesses on each device (a growing wait after each wrong code).
        self.device = match_token(self.user, _typed_code(self.cleaned_data["code"]))
        if self.device is None:
            raise forms.ValidationError(
                _("That code is not right, or it was used already. Please try again."),
                code="wrong_code",
            )
        return self.cleaned_data["code"]


class AuthenticatorConfirmForm(forms.Form):
    """The first code of a new authenticator app, proving it holds the secret shown."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=10,
        help_text=_("The six digits the app shows now."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, key, **kwargs):
        super().__init__(*args, **kwargs)
        self.key = key
        self.totp_t = None

    def clean_code(self):
        code = _typed_code(self.cleaned_data["code"])
        totp = TOTP(bytes.fromhex(self.key))
        if not code.isdigit() or not totp.verify(int(code), tolerance=1):
            raise forms.ValidationError(
                _("That code is not right. Check the app's clock and type the code it shows now."),
                code="wrong_code",
            )
        self.totp_t = totp.t()
        return code


def _host_of(address):
    """The host name of `address` ("https://portal.example.bg:8443/x" → "portal.example.bg")."""
    return (urlsplit(address).hostname or "").lower().rstrip(".")


def portal_hosts(request):
    """The host names the portal itself answers to: ALLOWED_HOSTS, PORTAL_URL's and the
    request's. A pattern of ALLOWED_HOSTS such as ".example.bg" stands for the domain and its
    subdomains; "*" names no host."""
    hosts = {_host_of(settings.PORTAL_URL), request.get_host().rsplit(":", 1)[0].lower()}
    hosts.update(host.lower() for host in settings.ALLOWED_HOSTS if host != "*")
    return {host for host in hosts if host}


def is_portal_host(host, hosts):
    return any(
        host == pattern.lstrip(".") or (pattern.startswith(".") and host.endswith(pattern))
        for pattern in hosts
    )


class SiteSettingsForm(VersionedFormMixin, forms.ModelForm):
    """The hotline, the quick exit's target and the coordinators' notification address.

    The quick exit must lead to an ordinary site over https: no address typed as numbers, no
    user name or port in it, a real domain. One that leads back to the portal itself gets a
    warning, and is saved only once the coordinator confirms it."""

    confirm_own_site = forms.BooleanField(
        label=_("Yes, the quick exit may lead to the portal itself"),
        required=False,
        help_text=_("Not advised: someone who leaves in a hurry would land on the portal again."),
    )

    class Meta:
        model = SiteSettings
        fields = [
            "hotline_name_bg",
            "hotline_name_en",
            "hotline_number",
            "hotline_hours_bg",
            "hotline_hours_en",
            "quick_exit_url",
            "notification_email",
        ]
        field_classes = {"quick_exit_url": partial(forms.URLField, assume_scheme="https")}

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.portal_hosts = portal_hosts(request)
        self.own_site_warning = False

    def clean_quick_exit_url(self):
        address = self.cleaned_data["quick_exit_url"]
        parts = urlsplit(address)
        host = (parts.hostname or "").lower().rstrip(".")
        if parts.scheme != "https":
            raise ValidationError(_("Use an address that starts with https://."), code="not_https")
        if is_portal_host(host, self.portal_hosts) and not self.data.get(
            self.add_prefix("confirm_own_site")
        ):
            self.own_site_warning = True
            raise ValidationError(
                _(
                    "This address is the portal itself: the quick exit would not take anyone "
                    "away from it. Choose a neutral site, or confirm below."
                ),
                code="own_site",
            )
        if parts.username or parts.password or parts.port:
            raise ValidationError(
                _("Use the site's plain address, without a user name or a port."),
                code="not_plain",
            )
        try:
            ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            pass
        else:
            raise ValidationError(
                _("Use the site's name, such as www.sinoptik.bg, not a numeric address."),
                code="numeric_host",
            )
        if "." not in host:
            raise ValidationError(
                _("Use the address of a public site, such as https://www.sinoptik.bg/."),
                code="not_public",
            )
        return address
