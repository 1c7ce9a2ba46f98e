"""The `kept` cache: entries that never change under their key, held in each process's memory in
front of the shared cache.

Partner cards, filter choices, meeting years, the site settings and the layout's kept parts
(safety bar, a visitor's navigation, footer) are kept under keys that name everything they show
(a public-content or reference-data version, an `updated_at`, the language, the release): a
change makes a new key, and what is under an old one is never read again. Such an entry can
live in a worker's own memory as safely as in Redis, and reading it there costs no round trip
and no transfer of its bytes. A process reads its own memory first, then the shared cache (and
keeps what it found), and writes both, so the other workers find an entry one of them made.

Nothing else may go here: an entry whose key stays while its content changes (a counter, a lock,
a rate limit, a page's progress) would be served stale by processes that kept it.

The local memory is Django's `LocMemCache`: bounded by `MAX_ENTRIES`, dropping the least
recently used third when full. When the shared cache cannot be reached, the versions in the
keys are new on every request (`core.public_cache.current_version`), so nothing kept is reused.
"""

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache

_MISSING = object()


class LocalThenSharedCache(BaseCache):
    """Reads this process's memory, then the shared cache (`OPTIONS["SHARED"]`, an alias);
    writes both. Keys are passed to each as given: each applies its own prefix and version."""

    def __init__(self, location, params):
        super().__init__(params)
        options = params.get("OPTIONS", {})
        self._shared_alias = options.get("SHARED", "default")
        self._local = LocMemCache(
            location or "kept",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "OPTIONS": {"MAX_ENTRIES": options.get("MAX_ENTRIES", 5000)},
            },
        )

    @property
    def _shared(self):
        return caches[self._shared_alias]

    def get(self, key, default=None, version=None):
        value = self._local.get(key, _MISSING, version=version)
        if value is _MISSING:
            value = self._shared.get(key, _MISSING, version=version)
            if value is _MISSING:
                return default
            self._local.set(key, value, version=version)
        return value

    def get_many(self, keys, version=None):
        found = self._local.get_many(keys, version=version)
        missing = [key for key in keys if key not in found]
        if missing:
            shared = self._shared.get_many(missing, version=version)
            self._local.set_many(shared, version=version)
            found.update(shared)
        return found

    def _timeout(self, timeout):
        # This alias's TIMEOUT for both, not each backend's own default.
        return self.default_timeout if timeout is DEFAULT_TIMEOUT else timeout

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        timeout = self._timeout(timeout)
        self._local.set(key, value, timeout, version=version)
        self._shared.set(key, value, timeout, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        timeout = self._timeout(timeout)
        self._local.set_many(data, timeout, version=version)
        return self._shared.set_many(data, timeout, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        timeout = self._timeout(timeout)
        added = self._shared.add(key, value, timeout, version=version)
        if added:
            self._local.set(key, value, timeout, version=version)
        return added

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        timeout = self._timeout(timeout)
        self._local.touch(key, timeout, version=version)
        return self._shared.touch(key, timeout, version=version)

    def has_key(self, key, version=None):
        return self._local.has_key(key, version=version) or self._shared.has_key(
            key, version=version
        )

    def delete(self, key, version=None):
        self._local.delete(key, version=version)
        return self._shared.delete(key, version=version)

    def clear(self):
        """This process's memory only: the shared cache holds other entries too, which its own
        alias clears."""
        self._local.clear()
