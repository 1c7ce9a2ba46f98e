"""`manage.py copy_database --from URL`: every row of another database (the SQLite file the
portal started on) into the one DATABASE_URL names (the new PostgreSQL), keys and all.

Both must be migrated by this code to the same migrations first; the target's rows (what its
own `migrate` wrote: regions, permissions…) are replaced by the source's, so every reference
keeps pointing where it did. One transaction: a failure leaves the target as it was.
"""

from types import SimpleNamespace

import environ
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models import QuerySet

from core.backup import applied_migrations

SOURCE = "copy_source"
BATCH = 2000


def _models():
    """Every model with a table of its own: concrete, managed, with the auto-created tables
    of many-to-many fields."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _copy_model(model):
    """Copy `model`'s rows as stored, bypassing managers (modeltranslation would read the
    page language's value for a translated field) and `save()` (auto_now would stamp today)."""
    fields = model._meta.local_concrete_fields
    names = [field.attname for field in fields]
    # A plain QuerySet: values as the database holds them, converted to Python types.
    rows = QuerySet(model=model, using=SOURCE).order_by("pk").values_list(*names)
    copied = 0
    batch = []
    for row in rows.iterator(chunk_size=BATCH):
        batch.append(SimpleNamespace(**dict(zip(names, row, strict=True))))
        if len(batch) == BATCH:
            QuerySet(model=model)._insert(batch, fields=fields, using=DEFAULT_DB_ALIAS, raw=True)
            copied += len(batch)
            batch = []
    if batch:
        QuerySet(model=model)._insert(batch, fields=fields, using=DEFAULT_DB_ALIAS, raw=True)
        copied += len(batch)
    return copied


class Command(BaseCommand):
    help = (
        "Copy every row of the database at --from (e.g. sqlite:////srv/portal/db.sqlite3) into "
        "the one DATABASE_URL names (e.g. the new PostgreSQL), with the same keys. Migrate "
        "both with this code first. Uploads are files: copy MEDIA_ROOT and PRIVATE_MEDIA_ROOT "
        "yourself."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from", dest="source", required=True, help="The source database's URL."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Go on even though the target already has users or organisations (lost).",
        )

    def handle(self, *args, source, replace=False, **options):
        config = environ.Env.db_url_config(source)
        connections.settings[SOURCE] = connections.configure_settings(
            {DEFAULT_DB_ALIAS: connections.settings[DEFAULT_DB_ALIAS], SOURCE: config}
        )[SOURCE]
        source_connection, target = connections[SOURCE], connections[DEFAULT_DB_ALIAS]
        if source_connection.settings_dict == target.settings_dict:
            raise CommandError("--from names the database DATABASE_URL already points at.")
        try:
            source_migrations = applied_migrations(source_connection)
        except Exception as error:
            raise CommandError(f"Cannot read the source database: {error}") from error
        if source_migrations != applied_migrations(target):
            raise CommandError(
                "The two databases are not at the same migrations: run `manage.py migrate` "
                "with this code on both (DATABASE_URL=<source> manage.py migrate, then "
                "manage.py migrate) and try again."
            )
        Organisation = apps.get_model("partners", "Organisation")
        if not replace and (
            get_user_model().objects.exists() or Organisation._base_manager.exists()
        ):
            raise CommandError(
                "The target database already has users or organisations. Run again with "
                "--replace to replace everything in it with the source's rows."
            )
        models = [m for m in _models() if router.allow_migrate_model(DEFAULT_DB_ALIAS, m)]
        tables = target.introspection.django_table_names(only_existing=True)
        with transaction.atomic(using=DEFAULT_DB_ALIAS):
            with target.cursor() as cursor:
                for statement in target.ops.sql_flush(
                    no_style(), tables, reset_sequences=False, allow_cascade=True
                ):
                    cursor.execute(statement)
            total = 0
            for model in models:
                total += _copy_model(model)
            with target.cursor() as cursor:
                for statement in target.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(statement)
        self.stdout.write(
            self.style.SUCCESS(f"Copied {total} rows of {len(models)} tables into {target.vendor}.")
        )
