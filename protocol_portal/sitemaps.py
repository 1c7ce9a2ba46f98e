from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from measures.models import Measure
from meetings.models import Meeting
from partners.models import Organisation, Project


class _Bilingual(Sitemap):
    """Each page in Bulgarian and English, with hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True


class StaticPages(_Bilingual):
    def items(self):
        return [
            "home",
            "safety",
            "network",
            "partners:directory",
            "partners:open_data",
            "partners:projects",
            "partners:join",
            "measures:list",
            "meetings:list",
        ]

    def location(self, item):
        return reverse(item)


class Partners(_Bilingual):
    """Only what the public directory shows: published, not archived."""

    def items(self):
        return Organisation.objects.published().only("slug", "updated_at").order_by("pk")

    def location(self, organisation):
        return reverse("partners:detail", args=[organisation.slug])

    def lastmod(self, organisation):
        return organisation.updated_at


class Meetings(_Bilingual):
    def items(self):
        return Meeting.objects.published().only("slug", "updated_at").order_by("pk")

    def location(self, meeting):
        return reverse("meetings:detail", args=[meeting.slug])

    def lastmod(self, meeting):
        return meeting.updated_at


class Measures(_Bilingual):
    def items(self):
        return Measure.objects.filter(archived_at__isnull=True).only("slug").order_by("pk")

    def location(self, measure):
        return reverse("measures:detail", args=[measure.slug])


class Projects(_Bilingual):
    def items(self):
        return Project.objects.filter(archived_at__isnull=True).only("slug").order_by("pk")

    def location(self, project):
        return reverse("partners:project", args=[project.slug])


SITEMAPS = {
    "pages": StaticPages,
    "partners": Partners,
    "meetings": Meetings,
    "measures": Measures,
    "projects": Projects,
}
