import sqlite3

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app of the portal stands on: access, history, concurrency, files, widgets,
    filters, admin helpers and the spreadsheet engine. It imports from no other app."""

    name = "core"
    verbose_name = _("Imports and shared tools")

    def ready(self):
        from . import public_cache, release

        connection_created.connect(sqlite_variable_limit, dispatch_uid="core_sqlite_limit")
        public_cache.remember_during_requests()
        # At start-up, from the files this process's code came with: a worker that is still
        # running when an upgrade replaces them keeps the release it renders.
        release.release()


def sqlite_variable_limit(sender, connection, **kwargs):
    """Django 5.2 takes SQLite's limit of values in one statement to be 999, its old default,
    and splits a bulk write of a 30-column record every 33 rows; the SQLite the portal runs on
    says its own limit (32,766 by default since SQLite 3.32), so a batch of an import is one
    statement there too, as on PostgreSQL."""
    if connection.vendor == "sqlite":
        connection.features.max_query_params = connection.connection.getlimit(
            sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER
        )
