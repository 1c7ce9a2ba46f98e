"""The directory search's index on SQLite: a trigram full-text table over `search_text`.

On PostgreSQL a trigram GIN index serves `search_text LIKE '%word%'` (migration 0005). SQLite's
B-tree indexes cannot, but its FTS5 `trigram` tokenizer can: `partners_org_search_fts` holds
each organisation's `search_text` under its id, kept in step by triggers (so `bulk_create`,
imports and raw SQL are covered), and a word of three letters or more is looked up there.

Django rebuilds a SQLite table to alter it, which drops the table's triggers:
`ensure_search_index` runs after every `migrate` (and from migration 0014), puts back what is
missing and then refills the index from the table.
"""

FTS_TABLE = "partners_org_search_fts"
_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS partners_org_search_fts USING fts5(search_text, "
    "content='partners_organisation', content_rowid='id', tokenize='trigram')"
)
_TRIGGERS = {
    "partners_org_search_insert": (
        "AFTER INSERT ON partners_organisation BEGIN "
        "INSERT INTO partners_org_search_fts(rowid, search_text) "
        "VALUES (new.id, new.search_text); END"
    ),
    "partners_org_search_delete": (
        "AFTER DELETE ON partners_organisation BEGIN "
        "INSERT INTO partners_org_search_fts(partners_org_search_fts, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); END"
    ),
    "partners_org_search_update": (
        "AFTER UPDATE ON partners_organisation BEGIN "
        "INSERT INTO partners_org_search_fts(partners_org_search_fts, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); "
        "INSERT INTO partners_org_search_fts(rowid, search_text) "
        "VALUES (new.id, new.search_text); END"
    ),
}


def ensure_search_index(connection):
    """Create the SQLite search index and its triggers where missing, then refill it if anything
    was missing. Does nothing on other databases."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {name for (name,) in cursor.fetchall()}
        if "partners_organisation" not in present:
            return
        missing = [name for name in (FTS_TABLE, *_TRIGGERS) if name not in present]
        if not missing:
            return
        cursor.execute(_TABLE)
        for name, body in _TRIGGERS.items():
            cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
        cursor.execute(
            "INSERT INTO partners_org_search_fts(partners_org_search_fts) VALUES ('rebuild')"
        )


def drop_search_index(connection):
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in _TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute("DROP TABLE IF EXISTS partners_org_search_fts")


def post_migrate(using="default", **kwargs):
    from django.db import connections

    ensure_search_index(connections[using])
