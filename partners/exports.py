"""What the workspace's accession and project lists put in their CSV and XLSX downloads.

Export-only django-import-export resources. Each file has the rows of the list exactly as the
page filtered, searched and sorted them, every page of them. Headers and choice labels are in
the language of the page the download was asked from; names and titles too, except where a
column is marked BG or EN; dates, numbers and the portal id keep their own type, so a
spreadsheet can sort and add them up.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from core.spreadsheets.downloads import ListExport, column, joined

from .models import Accession, Commitment, Project


class AccessionExport(ListExport):
    """Accessions with their organisation, protocol, dates and commitments."""

    link_url_name = "partners:manage_accession"

    id = column(_("Portal ID"), "pk")
    organisation = column(_("Organisation"), "organisation__name")
    registration_id = column(_("ЕИК / БУЛСТАТ"), "organisation__registration_id")
    protocol = column(_("Protocol"), "protocol__name")
    status = column(_("Status"), "get_status_display")
    signed_on = column(_("Signed on"), "signed_on")
    valid_until = column(_("Valid until"), "valid_until")
    commitment_count = column(_("Commitments"), "commitment_count")
    support_areas = column(_("Support areas of the commitments"))
    link = column(_("Link"))

    class Meta:
        model = Accession
        fields = (
            "id",
            "organisation",
            "registration_id",
            "protocol",
            "status",
            "signed_on",
            "valid_until",
            "commitment_count",
            "support_areas",
            "link",
        )

    def filter_export(self, queryset, **kwargs):
        """The list's queryset (already with `commitment_count`), plus the commitments'
        support areas in one more query."""
        commitments = Commitment.objects.select_related("support_area")
        return queryset.prefetch_related(Prefetch("commitments", queryset=commitments))

    def dehydrate_support_areas(self, accession):
        return joined(commitment.support_area for commitment in accession.commitments.all())


class ProjectExport(ListExport):
    """Projects with their funding, promoter, partners and the sums of their deliverables."""

    link_url_name = "partners:manage_project"

    id = column(_("Portal ID"), "pk")
    name = column(_("Short name"), "name")
    title_bg = column(_("Title (BG)"), "title_bg")
    title_en = column(_("Title (EN)"), "title_en")
    programme = column(_("Programme / funder"), "programme")
    starts_on = column(_("Start"), "starts_on")
    ends_on = column(_("End"), "ends_on")
    grant_amount = column(_("Grant"), "grant_amount")
    currency = column(_("Currency"), "currency")
    promoter = column(_("Promoter"), "promoter__name")
    partners = column(_("Partners"))
    deliverable_count = column(_("Expected results"), "deliverable_count")
    achieved = column(_("Achieved (sum)"))
    target = column(_("Target (sum)"))
    link = column(_("Link"))

    class Meta:
        model = Project
        fields = (
            "id",
            "name",
            "title_bg",
            "title_en",
            "programme",
            "starts_on",
            "ends_on",
            "grant_amount",
            "currency",
            "promoter",
            "partners",
            "deliverable_count",
            "achieved",
            "target",
            "link",
        )

    def filter_export(self, queryset, **kwargs):
        """The list's queryset (with its counts), plus partners and deliverables: the sums are
        added up here, as a SUM beside the list's COUNT over partners would multiply."""
        return queryset.prefetch_related("partners", "deliverables")

    def dehydrate_partners(self, project):
        return joined(partner.name for partner in project.partners.all())

    def dehydrate_achieved(self, project):
        return sum(deliverable.achieved for deliverable in project.deliverables.all())

    def dehydrate_target(self, project):
        targets = [deliverable.target for deliverable in project.deliverables.all()]
        return sum(target for target in targets if target is not None)
