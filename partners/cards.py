"""The directory's partner cards, each rendered once and kept (the `kept` cache: each worker's
memory in front of the shared cache, `core.kept_cache`).

A card shows an organisation's own fields, its support areas and the names of its region and
municipality, so its key holds what moves with any of them: the organisation's `updated_at`
(every save), the ids of its support areas (a link added without a save), the reference-data
version (a region or support area renamed) and the language.

A page's keys are made from two light queries (the rows' ids and `updated_at`, and their
support-area links), with no model instance built; all cards are then read with one
`get_many`. Only the cards missing from the cache read their organisations whole (with region,
municipality and support areas), are rendered, and are written with one `set_many`. Building the
twenty instances a page shows, with their translated fields, cost more than the rest of a cold
directory request's queries together.
"""

import hashlib
from collections import defaultdict

from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core import public_cache

from .models import Organisation

CARD_TEMPLATE = "partners/_partner_card.html"
# A day at most; the key changes with everything the card shows.
CARD_SECONDS = 24 * 60 * 60


def _card_key(pk, updated_at, service_ids, reference, language):
    identity = "|".join(
        [str(pk), updated_at.isoformat(), ",".join(map(str, service_ids)), reference, language]
    )
    return "partner-card:" + hashlib.blake2b(identity.encode(), digest_size=16).hexdigest()


def _service_ids(organisation_ids):
    links = Organisation.services.through.objects.filter(organisation_id__in=organisation_ids)
    services = defaultdict(list)
    for organisation_id, area_id in links.order_by("organisation_id", "supportarea_id").values_list(
        "organisation_id", "supportarea_id"
    ):
        services[organisation_id].append(area_id)
    return services


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
    rows = list(organisations.values_list("pk", "updated_at"))
    services = _service_ids([pk for pk, _updated in rows])
    reference = public_cache.current_version(public_cache.REFERENCE_KEY)
    language = get_language() or ""
    keys = {
        pk: _card_key(pk, updated_at, services[pk], reference, language) for pk, updated_at in rows
    }
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
        for pk, _updated in rows
        if keys[pk] in cards
    ]
