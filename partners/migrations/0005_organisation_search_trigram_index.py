from django.db import migrations

# The directory search is `search_text LIKE '%word%'`: a B-tree index cannot serve it, a trigram
# GIN index can. PostgreSQL only; SQLite scans, which is fast enough for an embedded database.
CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS partners_org_search_trgm_idx "
    "ON partners_organisation USING gin (search_text gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS partners_org_search_trgm_idx"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("partners", "0004_eik_ascii_digits_and_constraint_messages")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
