from django.conf import settings
from django.core.cache import caches
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import public_cache

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ]{2,18}[0-9]$",
    _("Enter a phone number of digits and spaces, optionally starting with +."),
)

# The site settings as pages show them, in the shared cache: a day at most (keyed by the
# public-content version anyway).
SHOWN_SECONDS = 24 * 60 * 60


class SiteSettings(models.Model):
    """The few site-wide values coordinators change without a deploy.

    There is exactly one row (pk=1): the help banner on every page (the hotline and its hours)
    and where the quick exit leads.
    """

    SINGLETON_PK = 1
    # The national helpline for survivors of domestic violence, in both languages.
    INITIAL_VALUES = {
        "hotline_name_bg": "Национална линия за пострадали от домашно насилие",
        "hotline_name_en": "National helpline for survivors of domestic violence",
        "hotline_hours_bg": "денонощно, безплатно",
        "hotline_hours_en": "24/7, free of charge",
    }

    hotline_name = models.CharField(_("hotline name"), max_length=120)
    hotline_number = models.CharField(
        _("hotline number"),
        max_length=20,
        default="0800 1 86 76",
        validators=[phone_validator],
        help_text=_("Shown on every page next to the emergency number 112."),
    )
    hotline_hours = models.CharField(
        _("hotline hours"),
        max_length=120,
        help_text=_("When the hotline answers, e.g. “24/7, free of charge”."),
    )
    quick_exit_url = models.URLField(
        _("quick exit address"),
        default="https://www.sinoptik.bg/",
        help_text=_(
            "The neutral site the quick exit leads to. Choose an ordinary, harmless site "
            "such as a weather forecast."
        ),
    )
    notification_email = models.EmailField(
        _("coordinators' notification address"),
        blank=True,
        help_text=_(
            "Where notices for the coordinators (such as a new request to join) go. Left "
            "empty, they go to every active coordinator's own email address."
        ),
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pk=1), name="protocol_portal_sitesettings_singleton"
            ),
        ]

    def __str__(self):
        return str(_("Site settings"))

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        """Return the settings row, creating it with the defaults on first use."""
        settings, _created = cls.objects.get_or_create(
            pk=cls.SINGLETON_PK, defaults=cls.INITIAL_VALUES
        )
        return settings

    @classmethod
    def shown(cls):
        """The settings as every page shows them (safety bar, footer): kept (`core.kept_cache`)
        under the public-content version, which each save of them moves at once for every
        process, so a page costs no query for them."""
        key = f"site-settings:{public_cache.current_version()}"
        settings = caches["kept"].get(key)
        if settings is None:
            settings = cls.load()
            caches["kept"].set(key, settings, SHOWN_SECONDS)
        return settings


class LoginEvent(models.Model):
    """One attempt to log in to an account, or a new password set by an emailed link.

    It is what the account's security page lists (time, address, outcome) and what the pause of
    one username counts (`protocol_portal.logins`). No password is ever kept; rows older than
    LOGIN_EVENTS_KEPT are deleted as new ones come.
    """

    class Outcome(models.TextChoices):
        SUCCEEDED = "succeeded", _("Logged in")
        FAILED = "failed", _("Wrong password")
        CODE_FAILED = "code_failed", _("Wrong code of the second factor")
        REFUSED = "refused", _("Refused: logging in was paused")
        PASSWORD_RESET = "password_reset", _("New password set through an emailed link")

    at = models.DateTimeField(_("time"), default=timezone.now)
    # The account, when the username typed is one; CASCADE: the record goes with the account.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="login_events",
    )
    username = models.CharField(_("username"), max_length=150)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("login event")
        verbose_name_plural = _("login events")
        indexes = [
            # The pause counts one username's recent failures (logins.pause_for).
            models.Index(fields=["username", "at"], name="protocol_portal_login_user_at"),
            # The security page lists one account's latest events.
            models.Index(fields=["user", "-at"], name="protocol_portal_login_acct_at"),
        ]

    def __str__(self):
        return f"{self.username} {self.get_outcome_display()} {self.at:%Y-%m-%d %H:%M}"
