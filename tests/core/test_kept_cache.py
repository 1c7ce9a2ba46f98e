"""The `kept` cache: each process's memory in front of the shared cache, for entries that never
change under their key (core/kept_cache.py)."""

from django.core.cache import caches

from core.kept_cache import LocalThenSharedCache


def _another_process():
    """What another worker sees: the same shared cache, a memory of its own (empty)."""
    kept = caches["kept"]
    kept.clear()
    return kept


def test_kept_entry_written_by_one_process_is_read_by_another():
    caches["kept"].set("card:1", "<li>Център Динамика</li>")

    assert _another_process().get("card:1") == "<li>Център Динамика</li>"


def test_kept_entry_is_served_from_the_process_memory_without_the_shared_cache():
    caches["kept"].set("card:1", "<li>Център Динамика</li>")
    caches["default"].delete("card:1")

    assert caches["kept"].get("card:1") == "<li>Център Динамика</li>"


def test_kept_entry_found_in_the_shared_cache_stays_in_the_process_memory():
    caches["default"].set("card:1", "<li>Център Динамика</li>")
    caches["kept"].get("card:1")
    caches["default"].delete("card:1")

    assert caches["kept"].get("card:1") == "<li>Център Динамика</li>"


def test_kept_get_many_combines_memory_and_shared_cache_and_keeps_what_it_found():
    kept = caches["kept"]
    kept.set("card:1", "one")
    caches["default"].set("card:2", "two")

    assert kept.get_many(["card:1", "card:2", "card:3"]) == {"card:1": "one", "card:2": "two"}
    caches["default"].clear()
    assert kept.get_many(["card:1", "card:2"]) == {"card:1": "one", "card:2": "two"}


def test_kept_missing_entry_returns_the_default():
    assert caches["kept"].get("card:404", "none") == "none"


def test_kept_memory_holds_at_most_its_max_entries():
    kept = LocalThenSharedCache(
        "kept-bounded", {"TIMEOUT": 60, "OPTIONS": {"SHARED": "default", "MAX_ENTRIES": 10}}
    )
    kept.clear()
    for number in range(30):
        kept.set(f"card:{number}", number)
    caches["default"].clear()

    held = kept.get_many([f"card:{number}" for number in range(30)])

    assert 0 < len(held) <= 10


def test_kept_clear_empties_the_process_memory_only():
    caches["kept"].set("card:1", "one")
    caches["kept"].clear()

    assert caches["default"].get("card:1") == "one"
