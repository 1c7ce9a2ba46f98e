"""The column of core 0002 (ImportRun.updated_at) in the table that the partners app's
migrations created: core, the ground floor, cannot wait for them itself."""

from django.db import migrations


def add_updated_at(apps, schema_editor):
    ImportRun = apps.get_model("core", "ImportRun")
    schema_editor.add_field(ImportRun, ImportRun._meta.get_field("updated_at"))


def remove_updated_at(apps, schema_editor):
    ImportRun = apps.get_model("core", "ImportRun")
    schema_editor.remove_field(ImportRun, ImportRun._meta.get_field("updated_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0014_organisation_search_index_sqlite"),
        ("core", "0002_import_jobs"),
    ]

    operations = [migrations.RunPython(add_updated_at, remove_updated_at)]
