"""Demo content: the real facts of the seed articles, written by the project itself.

Each loader is idempotent: it updates records found by their natural key and creates only
what is missing, so `make run` can load the demo again on every start.
"""

from django.utils import translation

from . import measures, meetings, partners, site


def load_all():
    """Load every part of the demo content; returns how many records each part holds."""
    counts = {}
    # Bulgarian is the default language: untranslated columns then hold the Bulgarian text.
    with translation.override("bg"):
        for part in (site, partners, meetings, measures):
            counts.update(part.load())
    return counts
