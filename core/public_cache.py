"""Whole public pages kept in the shared cache for visitors, invalidated exactly.

Every public page is a function of the public content (organisations, their contacts' public
switch, accessions, commitments, meetings, measures, votes, pilots, projects, reference data,
the site settings), the language, the address and the day. One value in the shared cache, the
*public-content version*, names the current state of all that content: every write that can
change what the public sees replaces it, so a page stored under the previous version is never
read again, in any process sharing the cache. The version is part of each page's cache key and
of its ETag, so a browser holding the page revalidates with a 304 and nothing is rendered.

What moves the version:
- a save or deletion of any model of the watched apps (and of the site settings), and a change
  of their many-to-many links: `watch()` connects the signals, once, at start-up;
- writes that send no signal (`bulk_create`, `QuerySet.update`, raw SQL) call `bump()`
  themselves: the imports' batches, `generate_data`, `clean_uploads`.

The version moves at once (so reads later in the same transaction see the change) and again
after the transaction commits: a page another process rendered from the data before the commit,
under the version of the first move, is then never served.

What is stored: a GET of a view marked with `@public_page` (see `PublicPageCacheMiddleware`),
answered 200 to a visitor who carries no session or messages cookie, without setting any cookie
(a CSRF token sets one, so the join form and the log-in never qualify) and not marked private.
"""

import hashlib
import re
import uuid
from functools import wraps

from asgiref.local import Local
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags

from .release import release

VERSION_KEY = "public-content-version"
# Regions, municipalities and support areas: the choices of the filter forms and the names on
# partner cards. Rarely changed; a change moves the public-content version as well.
REFERENCE_KEY = "reference-data-version"
PAGE_KEY_PREFIX = "public-page"
# A stored page is dropped after a day at most; the day is in the key anyway (pages that show
# "upcoming" meetings or commitments "that stand today" change with the date).
PAGE_SECONDS = 24 * 60 * 60
# Only addresses with a language prefix: the language is then the address's, not the browser's.
LANGUAGES = "|".join(code for code, _name in settings.LANGUAGES)
LANGUAGE_PATH = re.compile(rf"^/(?:{LANGUAGES})/")


# The versions a request has read, so that the page's key, its cards, its filter choices and
# the site settings cost one read of the shared cache, not one each: set when a request starts
# and dropped when it ends (`remember_during_requests`), so a worker or a command always reads
# the cache. A write in the request moves them here too.
_request = Local()


def _new_version():
    return uuid.uuid4().hex[:16]


def current_version(key=VERSION_KEY):
    """The public-content version (or, with `REFERENCE_KEY`, the reference-data version): read
    from the shared cache (both at once, once per request), set on first use."""
    remembered = getattr(_request, "versions", None)
    if remembered is not None and key in remembered:
        return remembered[key] + release()
    versions = cache.get_many([VERSION_KEY, REFERENCE_KEY])
    for name in (VERSION_KEY, REFERENCE_KEY):
        if name not in versions:
            cache.add(name, _new_version(), None)
            versions[name] = cache.get(name)
        # None: the shared cache cannot be reached (Redis down). A version of this request
        # alone makes every key and ETag new, so nothing stale is served and pages are made
        # afresh.
        versions[name] = versions[name] or _new_version()
    if remembered is not None:
        remembered.update(versions)
    # What this release of the code rendered is never served by another (`core.release`).
    return versions[key] + release()


def _set_versions(versions):
    cache.set_many(versions, None)
    remembered = getattr(_request, "versions", None)
    if remembered is not None:
        remembered.update(versions)


def _replace_public():
    _set_versions({VERSION_KEY: _new_version()})


def _replace_reference():
    _set_versions({VERSION_KEY: _new_version(), REFERENCE_KEY: _new_version()})


def _remember(**kwargs):
    _request.versions = {}


def _forget(**kwargs):
    _request.versions = None


def remember_during_requests():
    """Keep the versions a request reads for the rest of that request (connected once, at
    start-up)."""
    request_started.connect(_remember, dispatch_uid="public-cache-remember")
    request_finished.connect(_forget, dispatch_uid="public-cache-forget")


def bump(using="default", *, reference=False):
    """Public content changed (or is changing in the current transaction): move the version now
    and once more when the transaction commits (once per transaction however many rows). With
    `reference`, the reference data changed too (regions, municipalities, support areas)."""
    replace = _replace_reference if reference else _replace_public
    replace()
    connection = connections[using]
    if connection.in_atomic_block and any(item[1] is replace for item in connection.run_on_commit):
        return
    transaction.on_commit(replace, using=using)


def _on_write(sender, using="default", **kwargs):
    bump(using)


def _on_reference_write(sender, using="default", **kwargs):
    bump(using, reference=True)


def watch(models, *, reference=False):
    """Move the version on every save, deletion and many-to-many change of `models`; with
    `reference`, the reference-data version too (what filter choices and partner cards show)."""
    receiver = _on_reference_write if reference else _on_write
    for model in models:
        key = f"public-cache-{model._meta.label_lower}"
        post_save.connect(receiver, sender=model, dispatch_uid=key + "-save")
        post_delete.connect(receiver, sender=model, dispatch_uid=key + "-delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                receiver, sender=field.remote_field.through, dispatch_uid=key + "-" + field.name
            )


def public_page(view):
    """Mark a public view whose answer to a visitor may be kept whole in the shared cache: it
    must depend on nothing but the public content, the language, the address (query string
    included), the `HX-Request` header and the day."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.public_page = True
        return view(request, *args, **kwargs)

    return wrapped


def _etag(version, key):
    digest = hashlib.blake2b(f"{version}:{key}".encode(), digest_size=12).hexdigest()
    return f'"{digest}"'


class PublicPageCacheMiddleware:
    """Serves a stored public page to a visitor before sessions, authentication or the view run,
    answers 304 to a browser that holds the current version, and stores what qualifies.

    Sits after the security, CSP and conditional-GET middleware (they apply to every answer,
    stored or not) and before the session middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._may_be_shared(request):
            return self.get_response(request)
        version = current_version()
        key = self._key(request, version)
        etag = _etag(version, key)
        if etag in parse_etags(request.headers.get("If-None-Match", "")):
            response = self._not_modified(etag)
        else:
            response = cache.get(key)
        if response is not None:
            response["X-Public-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self._may_store(request, response):
            response["ETag"] = etag
            patch_cache_control(response, no_cache=True)
            if request.method == "GET":
                cache.set(key, response, PAGE_SECONDS)
            response["X-Public-Cache"] = "miss"
        return response

    @staticmethod
    def _may_be_shared(request):
        return (
            request.method in ("GET", "HEAD")
            and LANGUAGE_PATH.match(request.path_info) is not None
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
        )

    @staticmethod
    def _key(request, version):
        htmx = request.headers.get("HX-Request") == "true"
        address = hashlib.blake2b(
            # Pages name their own address (canonical link, feed address): scheme and host too.
            f"{request.scheme}://{request.get_host()}{request.get_full_path()}|{htmx}".encode(),
            digest_size=16,
        ).hexdigest()
        return f"{PAGE_KEY_PREFIX}:{version}:{timezone.localdate().isoformat()}:{address}"

    @staticmethod
    def _not_modified(etag):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        patch_cache_control(response, no_cache=True)
        return response

    @staticmethod
    def _may_store(request, response):
        user = getattr(request, "user", None)
        cache_control = response.get("Cache-Control", "")
        return (
            getattr(request, "public_page", False)
            and not getattr(request, "login_required", True)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and (user is None or not user.is_authenticated)
            and "private" not in cache_control
            and "no-store" not in cache_control
        )
