"""The directory search is served by an index: PostgreSQL's trigram GIN index, SQLite's trigram
full-text table (partners/search_index.py), and finds the same organisations either way."""

import pytest
from django.db import connection

from partners.models import Organisation, search_condition
from partners.search_index import ensure_search_index
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

# What each database's plan names when the index serves the search.
INDEX_IN_PLAN = {
    "postgresql": "partners_org_search_trgm_idx",
    "sqlite": "partners_org_search_fts VIRTUAL TABLE INDEX",
}


def _found(text):
    return sorted(
        Organisation.objects.published()
        .filter(search_condition(text))
        .values_list("name_bg", flat=True)
    )


# VACUUM runs outside a transaction: GIN's cost estimate reads the statistics it writes.
@pytest.mark.django_db(transaction=True)
def test_directory_search_plan_uses_the_trigram_index():
    # A directory of 2,000 published organisations, planned with fresh statistics as a live
    # database has them; the planner chooses freely.
    # Written in bulk: a transactional test may find the regions a factory needs flushed.
    names = [f"organizatsiya {n}" for n in range(2000)] + ["sdruzhenie dinamika"]
    Organisation.objects.bulk_create(
        Organisation(name_bg=name, slug=name.replace(" ", "-"), search_text=name, is_published=True)
        for name in names
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE partners_organisation")

    plan = Organisation.objects.published().filter(search_condition("dinamika")).explain()

    assert INDEX_IN_PLAN[connection.vendor] in plan, plan


def test_directory_search_finds_words_in_either_script_through_the_index():
    OrganisationFactory(name_bg="Център Динамика", name_en="Centre Dinamika")
    OrganisationFactory(name_bg="Фондация Джендър", name_en="Gender Foundation")

    assert _found("динамика") == _found("DINAMIKA") == ["Център Динамика"]


def test_directory_search_finds_organisations_written_in_bulk():
    Organisation.objects.bulk_create(
        [Organisation(name_bg="Сдружение НАЯ", search_text="sdruzhenie naya", is_published=True)]
    )

    assert _found("naya") == ["Сдружение НАЯ"]


def test_directory_search_follows_a_rename():
    organisation = OrganisationFactory(name_bg="Старо име")
    organisation.name_bg = "Ново име"
    organisation.save()

    assert (_found("staro"), _found("novo")) == ([], ["Ново име"])


def test_directory_search_with_short_words_and_wildcards_matches_literally():
    OrganisationFactory(name_bg="ОУ 100%", name_en="School")

    assert (_found("ou"), _found("100%"), _found("_00")) == (["ОУ 100%"], ["ОУ 100%"], [])


def test_search_index_dropped_by_a_table_rebuild_is_put_back():
    organisation = OrganisationFactory(name_bg="Център Динамика")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE partners_org_search_fts")
            cursor.execute("DROP TRIGGER partners_org_search_update")

    ensure_search_index(connection)
    organisation.name_bg = "Център Динамика – Русе"
    organisation.save()

    assert _found("ruse dinamika") == ["Център Динамика – Русе"]
