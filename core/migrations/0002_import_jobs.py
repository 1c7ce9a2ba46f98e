import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    # The table is still created by the partners app's migrations (see 0001), and the core app
    # comes first: this migration changes Django's state only, and partners 0016 adds the
    # column once the table is there.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="importrun",
                    name="updated_at",
                    field=models.DateTimeField(
                        auto_now=True,
                        default=django.utils.timezone.now,
                        verbose_name="last changed",
                    ),
                    preserve_default=False,
                ),
                migrations.AlterField(
                    model_name="importrun",
                    name="status",
                    field=models.CharField(
                        choices=[
                            ("checking", "Being checked"),
                            ("previewed", "Checked, not applied"),
                            ("applying", "Being applied"),
                            ("applied", "Applied"),
                            ("cancelled", "Cancelled"),
                            ("failed", "Failed"),
                        ],
                        default="previewed",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
            ]
        ),
    ]
