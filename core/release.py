"""Which release of the code renders the pages: a fingerprint of the portal's own code,
templates, translations and the static files' manifest, made once per process, at start-up
(`core.apps`).

Whole pages, partner cards and filters are kept in the shared cache, which outlives a release:
the fingerprint is part of every public-content version a process reads
(`core.public_cache.current_version`), so what one release rendered is never served by another.
During an upgrade old and new workers then keep pages apart, and after it the new templates,
texts and static file names show on the next request, without the cache being cleared."""

import hashlib
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings

# What a rendered page is made of: code, templates (emails' text ones too) and compiled
# translations.
RENDERING_SUFFIXES = (".py", ".html", ".txt", ".mo")


def fingerprint(folders, files=()):
    """A short digest of the names and contents of the rendering files under `folders`, and of
    `files` (those that exist). Names are taken from each folder down, so that hosts that install
    the portal in different places agree on one release."""
    digest = hashlib.blake2b(digest_size=8)
    named = sorted(
        (str(path.relative_to(Path(folder).parent)), path)
        for folder in folders
        for path in Path(folder).rglob("*")
        if path.suffix in RENDERING_SUFFIXES and path.is_file()
    )
    named += [(Path(file).name, Path(file)) for file in files if Path(file).is_file()]
    for name, path in named:
        digest.update(name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def release():
    """This process's release: the portal's own apps (not the libraries in the virtual
    environment), template folders, translations and the static files' manifest."""
    base = Path(settings.BASE_DIR).resolve()
    own_apps = [
        Path(config.path)
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == base
    ]
    folders = [
        *own_apps,
        *(Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", [])),
        *(Path(folder) for folder in settings.LOCALE_PATHS),
    ]
    manifest = Path(settings.STATIC_ROOT or base / "staticfiles") / "staticfiles.json"
    return fingerprint(folders, [manifest])
