"""ImportRun moves here from the partners app with its table (`partners_importrun`) as it is:
this migration changes Django's state only, and partners 0009 removes the model from there."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import core.models
import core.storage


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ImportRun",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[("organisations", "Organisations"), ("meetings", "Meetings")],
                                max_length=20,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "file",
                            models.FileField(
                                blank=True,
                                storage=core.storage.private_storage,
                                upload_to=core.models._import_file_name,
                                verbose_name="file",
                            ),
                        ),
                        ("file_name", models.CharField(max_length=255, verbose_name="file name")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("previewed", "Checked, not applied"),
                                    ("applied", "Applied"),
                                    ("cancelled", "Cancelled"),
                                ],
                                default="previewed",
                                max_length=20,
                                verbose_name="status",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="uploaded at")),
                        (
                            "applied_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="applied at"),
                        ),
                        (
                            "skipped_refused",
                            models.BooleanField(default=False, verbose_name="refused rows skipped"),
                        ),
                        ("rows_new", models.PositiveIntegerField(default=0, verbose_name="new")),
                        ("rows_updated", models.PositiveIntegerField(default=0, verbose_name="updated")),
                        (
                            "rows_unchanged",
                            models.PositiveIntegerField(default=0, verbose_name="unchanged"),
                        ),
                        ("rows_refused", models.PositiveIntegerField(default=0, verbose_name="refused")),
                        ("report", models.JSONField(blank=True, default=dict, verbose_name="report")),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="uploaded by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "spreadsheet import",
                        "verbose_name_plural": "spreadsheet imports",
                        "db_table": "partners_importrun",
                        "ordering": ["-created_at", "-pk"],
                        "indexes": [
                            models.Index(fields=["kind", "-created_at"], name="partners_importrun_kind_idx")
                        ],
                    },
                ),
            ],
            # The table exists (made by partners 0007) or will exist (a fresh database runs
            # partners 0007 too): nothing to do in the database.
            database_operations=[],
        ),
    ]
