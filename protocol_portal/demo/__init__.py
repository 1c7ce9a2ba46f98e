"""Demo content: the real facts of the seed articles, written by the project itself.

Each loader is idempotent: it updates records found by their natural key and creates only
what is missing, so `make run` can load the demo again on every start.
"""

from . import site


def load_all():
    """Load every part of the demo content; returns how many records each part holds."""
    counts = {}
    counts.update(site.load())
    return counts
