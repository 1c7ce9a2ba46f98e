from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtocolPortalConfig(AppConfig):
    name = "protocol_portal"
    verbose_name = _("Portal")

    def ready(self):
        from core.notifications import use_notification_address

        from . import logins  # noqa: F401  (connects the login signals)
        from .models import SiteSettings
        from .public_content import watch_public_content

        use_notification_address(lambda: SiteSettings.load().notification_email)
        watch_public_content()
