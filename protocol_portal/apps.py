from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtocolPortalConfig(AppConfig):
    name = "protocol_portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import logins  # noqa: F401  (connects the login signals)
        from .public_content import watch_public_content

        watch_public_content()
