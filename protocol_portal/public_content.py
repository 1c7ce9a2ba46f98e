"""Which records the public pages show, for the public-page cache (`core.public_cache`).

Every model of the partners, meetings and measures apps, and the site settings (the safety bar's
hotline and the quick exit), moves the public-content version when it is saved or deleted or its
links change; a model added to those apps later is watched without a word here. Left out: the
history tables (written with the record they follow) and the records no public page shows.
"""

from django.apps import apps
from simple_history.models import HistoricalChanges

from core import public_cache

CONTENT_APPS = ("partners", "meetings", "measures")
# Never shown on a public page: a write to them leaves every public page as it was.
PRIVATE_MODELS = {"partners.joinrequest", "partners.representative", "meetings.calendarfeed"}
# Named in filter choices and on partner cards, which are kept until they change.
REFERENCE_MODELS = {"partners.region", "partners.municipality", "partners.supportarea"}


def public_models():
    models = [apps.get_model("protocol_portal", "SiteSettings")]
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models():
            if issubclass(model, HistoricalChanges) or model._meta.label_lower in PRIVATE_MODELS:
                continue
            models.append(model)
    return models


def watch_public_content():
    models = public_models()
    public_cache.watch(m for m in models if m._meta.label_lower not in REFERENCE_MODELS)
    public_cache.watch(
        (m for m in models if m._meta.label_lower in REFERENCE_MODELS), reference=True
    )
