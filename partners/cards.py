"""The directory's partner cards, each rendered once and kept in the shared cache.

A card shows an organisation's own fields, its support areas and the names of its region and
municipality, so its key holds what moves with any of them: the organisation's `updated_at`
(every save), the ids of its support areas (a link added without a save), the reference-data
version (a region or support area renamed) and the language. All cards of a page are read with
one `get_many` and the missing ones written with one `set_many`.
"""

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core import public_cache

CARD_TEMPLATE = "partners/_partner_card.html"
# A day at most; the key changes with everything the card shows.
CARD_SECONDS = 24 * 60 * 60


def _card_key(organisation, reference):
    services = ",".join(str(area.pk) for area in organisation.services.all())
    identity = "|".join(
        [
            str(organisation.pk),
            organisation.updated_at.isoformat(),
            services,
            reference,
            get_language() or "",
        ]
    )
    return "partner-card:" + hashlib.blake2b(identity.encode(), digest_size=16).hexdigest()


def partner_cards(organisations):
    """The cards of `organisations` (with their region, municipality and services read), as HTML
    in the same order."""
    reference = public_cache.current_version(public_cache.REFERENCE_KEY)
    keys = [_card_key(organisation, reference) for organisation in organisations]
    cards = cache.get_many(keys)
    missing = {
        key: render_to_string(CARD_TEMPLATE, {"organisation": organisation})
        for key, organisation in zip(keys, organisations, strict=True)
        if key not in cards
    }
    if missing:
        cache.set_many(missing, CARD_SECONDS)
        cards.update(missing)
    return [mark_safe(cards[key]) for key in keys]  # noqa: S308 (our own rendered templates)
