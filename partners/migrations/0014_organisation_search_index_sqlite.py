from django.db import migrations

from partners.search_index import drop_search_index, ensure_search_index


# The directory search on SQLite: a trigram full-text index over search_text (FTS5), kept in step
# by triggers; see partners/search_index.py. PostgreSQL has its trigram GIN index (0005).
def create(apps, schema_editor):
    ensure_search_index(schema_editor.connection)


def drop(apps, schema_editor):
    drop_search_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("partners", "0013_archive_and_search_projects")]

    operations = [migrations.RunPython(create, drop)]
