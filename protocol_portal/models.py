from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ]{2,18}[0-9]$",
    _("Enter a phone number of digits and spaces, optionally starting with +."),
)


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
