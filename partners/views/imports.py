"""Importing organisations with a contact person each from spreadsheets: the shared import
pages (`core.spreadsheets.views`) for the organisation resource."""

from django.utils.translation import gettext_lazy as _

from core.models import ImportRun
from core.spreadsheets.views import ImportPages

from ..resources import OrganisationResource

ORGANISATIONS = ImportPages(
    kind=ImportRun.Kind.ORGANISATIONS,
    resource_class=OrganisationResource,
    title=_("Import organisations"),
    list_url_name="partners:manage_organisations",
    namespace="partners",
    name="manage_organisation_import",
    basename="organisations",
)
