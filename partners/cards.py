"""The directory's partner cards, each rendered once and kept (the `kept` cache: each worker's
memory in front of the shared cache, `core.kept_cache`).

A card shows an organisation's own fields, its support areas and the names of its region and
municipality: public content, so a card is kept under the public-content version
(`core.public_cache`), which every write that can change what the public sees moves, in any
process, with the release and the language. The same version keys the whole pages, so a card
is as fresh as the page around it.

A page's keys are then made from its ids alone (one light query, no model instance built); all
cards are read with one `get_many`. Only the cards missing from the cache read their
organisations whole (with region, municipality and support areas), are rendered, and are
written with one `set_many`. Building the twenty instances a page shows, with their translated
fields, cost more than the rest of a cold directory request's queries together.

Keyed by each organisation's own `updated_at` and support-area links instead, a card would
outlive writes to other records, but reading those links cost a cold directory request a query
(a tenth of its time); writes are rare beside reads, and a card is rendered in a fraction of a
millisecond.
"""

from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core import public_cache

from .models import Organisation

CARD_TEMPLATE = "partners/_partner_card.html"
# A day at most; the key changes with everything the card shows.
CARD_SECONDS = 24 * 60 * 60


def _card_key(pk, version, language):
    return f"partner-card:{version}:{language}:{pk}"


def _render(organisation_ids):
    organisations = (
        Organisation.objects.filter(pk__in=organisation_ids)
        .select_related("region", "municipality")
        .prefetch_related("services")
    )
    return {
        organisation.pk: render_to_string(CARD_TEMPLATE, {"organisation": organisation})
        for organisation in organisations
    }


def partner_cards(organisations):
    """The cards of `organisations` (a queryset: a page of the directory), as HTML in its
    order."""
    ids = list(organisations.values_list("pk", flat=True))
    version = public_cache.current_version()
    language = get_language() or ""
    keys = {pk: _card_key(pk, version, language) for pk in ids}
    kept = caches["kept"]
    cards = kept.get_many(list(keys.values()))
    missing = [pk for pk, key in keys.items() if key not in cards]
    if missing:
        rendered = {keys[pk]: html for pk, html in _render(missing).items()}
        kept.set_many(rendered, CARD_SECONDS)
        cards.update(rendered)
    # A row deleted between the page's query and the cards' is left out, rather than a 500.
    return [
        mark_safe(cards[keys[pk]])  # noqa: S308 (our own rendered templates)
        for pk in ids
        if keys[pk] in cards
    ]
