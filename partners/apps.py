from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .search_index import post_migrate as ensure_search_index

        # A table Django rebuilt on SQLite lost its triggers: put them back after every migrate.
        post_migrate.connect(ensure_search_index, sender=self)
