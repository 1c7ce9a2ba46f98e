"""ImportRun now belongs to the core app (core 0001 takes it over with its table): the model
leaves this app's state, and its content type moves with it, so the permissions granted to the
Coordinators group (0008) stay attached."""

from django.db import migrations


def content_type_to_core(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label="core", model="importrun").exists():
        return
    ContentType.objects.filter(app_label="partners", model="importrun").update(app_label="core")


def content_type_to_partners(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label="partners", model="importrun").exists():
        return
    ContentType.objects.filter(app_label="core", model="importrun").update(app_label="partners")


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0008_import_run_coordinators_permissions"),
        ("core", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ImportRun")],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_core, content_type_to_partners),
    ]
