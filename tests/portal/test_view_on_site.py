import pytest
from django.contrib.contenttypes.models import ContentType

from tests.factories import MeasureFactory, MeetingFactory, OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("make", "admin_path", "public_path"),
    [
        (lambda: OrganisationFactory(slug="naya"), "partners/organisation", "/bg/partners/naya/"),
        (lambda: ProjectFactory(slug="safe-work"), "partners/project", "/bg/projects/safe-work/"),
        (
            lambda: MeetingFactory(slug="2025-03-network"),
            "meetings/meeting",
            "/bg/meetings/2025-03-network/",
        ),
        (
            lambda: MeasureFactory(slug="shelter-jobs"),
            "measures/measure",
            "/bg/measures/shelter-jobs/",
        ),
    ],
    ids=["organisation", "project", "meeting", "measure"],
)
def test_admin_change_page_view_on_site_opens_the_public_page(
    admin_client, make, admin_path, public_path
):
    record = make()
    view_on_site = f"/admin/r/{ContentType.objects.get_for_model(record).pk}/{record.pk}/"

    change_page = admin_client.get(f"/admin/{admin_path}/{record.pk}/change/").content.decode()
    followed = admin_client.get(view_on_site)

    assert view_on_site in change_page
    assert followed["Location"] == f"http://testserver{public_path}"
    assert admin_client.get(public_path).status_code == 200
