"""The directory's order: stable from page to page, and read from an index at any depth."""

import pytest
from django.db import connection

from partners.models import Organisation
from tests.factories import CommitmentFactory, region, support_area

pytestmark = pytest.mark.django_db


def test_organisations_of_one_name_keep_their_order_from_page_to_page(client):
    Organisation.objects.bulk_create(
        Organisation(name_bg="Община", slug=f"obshtina-{n}", is_published=True) for n in range(30)
    )

    first = client.get("/bg/partners/", {"page": 1}).context["cards"]
    second = client.get("/bg/partners/", {"page": 2}).context["cards"]

    assert len(set(first) | set(second)) == 30


def test_deep_directory_page_can_be_read_from_the_index_of_listed_names():
    # A network of 10,000 organisations, 3,000 of them listed. Written in bulk: a transactional
    # test may find the regions a factory needs flushed.
    Organisation.objects.bulk_create(
        Organisation(name_bg=f"Организация {n:04}", slug=f"org-{n}", is_published=n % 10 < 3)
        for n in range(10000)
    )
    if connection.vendor == "postgresql":
        # Whether PostgreSQL reads the page off the index alone depends on the visibility map
        # that VACUUM writes, which a test's open transactions keep it from writing; `make
        # bench` shows the choice on a vacuumed database. Here: that the index serves the
        # page's order and condition at all, with the table scan and sort taken away.
        with connection.cursor() as cursor:
            for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
                cursor.execute(f"SET LOCAL {setting} = off")

    page = Organisation.objects.published().values_list("pk")[2400:2420]

    assert "partners_org_listed_name_idx" in page.explain()


@pytest.mark.parametrize("filters", [{"sector": "ngo"}, {"region": "BG-18", "sector": "ngo"}])
def test_filtered_directory_is_counted_from_an_index_of_listed_organisations(filters):
    ruse, sofia = region("BG-18"), region("BG-22")
    Organisation.objects.bulk_create(
        Organisation(
            name_bg=f"Организация {n:04}",
            slug=f"org-{n}",
            is_published=n % 10 < 3,
            sector=("ngo", "business")[n % 2],
            region=(ruse, sofia)[n % 3 == 0],
        )
        for n in range(3000)
    )
    if connection.vendor == "postgresql":
        # As above: that the index serves the filter at all, the table scan taken away.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
    if "region" in filters:
        filters = {**filters, "region": region(filters["region"])}

    filtered = Organisation.objects.published().filter(**filters)

    assert filtered.count() == sum(
        1
        for n in range(3000)
        if n % 10 < 3
        and ("sector" not in filters or ("ngo", "business")[n % 2] == filters["sector"])
        and ("region" not in filters or (ruse, sofia)[n % 3 == 0] == filters["region"])
    )
    # What the page's count reads: the rows that match, in no order, off the index of listed
    # organisations by sector or by region and sector rather than the table.
    plan = filtered.order_by().values("pk").explain()
    assert "partners_org_listed_sector_idx" in plan or "partners_org_listed_region_idx" in plan


def test_support_filter_reads_the_public_commitments_to_an_area_from_their_index():
    area = support_area("employment")
    CommitmentFactory.create_batch(3, support_area=area, is_public=True)
    CommitmentFactory(support_area=area, is_public=False)
    if connection.vendor == "postgresql":
        # As above: the planner's choice on a few rows is not the choice on the network's
        # 10,000 commitments (`make bench`); here, that the index serves the condition at all.
        with connection.cursor() as cursor:
            for setting in ("enable_seqscan", "enable_bitmapscan"):
                cursor.execute(f"SET LOCAL {setting} = off")

    offering = Organisation.objects.published().offering(area)

    assert offering.count() == 3
    assert "partners_commit_public_idx" in offering.explain()
