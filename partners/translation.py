"""Fields kept in Bulgarian (required where the field is) and English, then history tracking.

History is registered here, after the translated fields exist, so that the historical records
keep both languages (django-simple-history's advice for django-modeltranslation).
"""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as track_history

from core.tracking import TrackedHistory

from . import models


@register(models.SupportArea)
class SupportAreaTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = {"bg": ("name",)}


@register(models.Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = {"bg": ("name",)}


@register(models.Municipality)
class MunicipalityTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = {"bg": ("name",)}


@register(models.Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "short_name", "address", "description")
    required_languages = {"bg": ("name",)}


@register(models.ContactPerson)
class ContactPersonTranslation(TranslationOptions):
    fields = ("position",)
    required_languages = {}


@register(models.Protocol)
class ProtocolTranslation(TranslationOptions):
    fields = ("name", "text")
    required_languages = {"bg": ("name",)}


@register(models.Commitment)
class CommitmentTranslation(TranslationOptions):
    fields = ("text", "target_unit")
    required_languages = {"bg": ("text",)}


@register(models.Project)
class ProjectTranslation(TranslationOptions):
    fields = ("title", "programme", "description")
    required_languages = {"bg": ("title",)}


@register(models.Deliverable)
class DeliverableTranslation(TranslationOptions):
    fields = ("text",)
    required_languages = {"bg": ("text",)}


# A record's child rows and lists are part of its versions (core.tracking).
track_history(
    models.Organisation, records_class=TrackedHistory, rows=["contacts"], links=["services"]
)
track_history(models.Accession, records_class=TrackedHistory, rows=["commitments"])
track_history(
    models.Project, records_class=TrackedHistory, rows=["deliverables"], links=["partners"]
)
for tracked in (
    models.ContactPerson,
    models.Protocol,
    models.Commitment,
    models.CommitmentUpdate,
    models.Deliverable,
):
    track_history(tracked, records_class=TrackedHistory)
# Who answered a join request, invited, deactivated or removed a representative, and when. The
# sender's and invitee's own words and addresses stay out of the history (personal data is
# erased from the record alone, docs/safety.md); the link's token hash too.
track_history(
    models.JoinRequest, records_class=TrackedHistory, excluded_fields=["email", "message"]
)
track_history(
    models.Invitation,
    records_class=TrackedHistory,
    excluded_fields=["name", "email", "token_hash"],
)
track_history(models.Representative, records_class=TrackedHistory)
