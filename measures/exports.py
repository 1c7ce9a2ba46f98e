"""What the workspace's measure list puts in its CSV and XLSX downloads (see
`core/spreadsheets/downloads.py` for the conventions every list download follows)."""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.spreadsheets.downloads import ListExport, column, joined

from .models import Measure, Pilot, VoteTally


class MeasureExport(ListExport):
    """Measures with their support area, status, project, vote result and pilots; the vote
    columns are empty for a measure never voted on."""

    link_url_name = "measures:manage_measure"

    id = column(_("Portal ID"), "pk")
    number = column(_("Number"), "number")
    title_bg = column(_("Title (BG)"), "title_bg")
    title_en = column(_("Title (EN)"), "title_en")
    support_area = column(_("Support area"), "support_area__name")
    status = column(_("Status"), "get_status_display")
    project = column(_("Project"), "project__name")
    voted_on = column(_("Last voted on"))
    votes_for = column(_("Votes for"))
    ballots_cast = column(_("Ballots cast"))
    pilot_count = column(_("Pilots"), "pilot_total")
    pilot_regions = column(_("Pilot regions"))
    link = column(_("Link"))

    class Meta:
        model = Measure
        fields = (
            "id",
            "number",
            "title_bg",
            "title_en",
            "support_area",
            "status",
            "project",
            "voted_on",
            "votes_for",
            "ballots_cast",
            "pilot_count",
            "pilot_regions",
            "link",
        )

    def filter_export(self, queryset, **kwargs):
        """The list's queryset (with its vote and pilot totals), plus the tallies with their
        votes and the pilots with their regions: two more queries."""
        tallies = VoteTally.objects.select_related("vote__meeting").order_by(
            "-vote__meeting__starts_at"
        )
        pilots = Pilot.objects.select_related("region").order_by("starts_on")
        return queryset.prefetch_related(
            Prefetch("tallies", queryset=tallies, to_attr="export_tallies"),
            Prefetch("pilots", queryset=pilots, to_attr="export_pilots"),
        )

    # The page's "votes for" adds up every vote on the measure (usually one): the ballots cast
    # are added up over the same votes, so the two compare.

    def dehydrate_voted_on(self, measure):
        if not measure.export_tallies:
            return None
        return timezone.localdate(measure.export_tallies[0].vote.meeting.starts_at)

    def dehydrate_votes_for(self, measure):
        if not measure.export_tallies:
            return None
        return measure.votes_total

    def dehydrate_ballots_cast(self, measure):
        if not measure.export_tallies:
            return None
        return sum(tally.vote.ballots_cast for tally in measure.export_tallies)

    def dehydrate_pilot_regions(self, measure):
        return joined(pilot.region for pilot in measure.export_pilots)
