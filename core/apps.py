from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app of the portal stands on: access, history, concurrency, files, widgets,
    filters, admin helpers and the spreadsheet engine. It imports from no other app."""

    name = "core"
    verbose_name = _("Imports and shared tools")
