"""The log-in form, and the account forms of the second factor: the code asked after the
password, and the code that confirms a new authenticator app."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp import match_token
from django_otp.oath import TOTP


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
