import datetime

import pytest
from django.urls import URLResolver, get_resolver
from django.utils import timezone, translation

from tests.factories import (
    AccessionFactory,
    CommitmentFactory,
    ContactPersonFactory,
    MeetingFactory,
    OrganisationFactory,
    PilotFactory,
)

pytestmark = pytest.mark.django_db


def test_home_shows_key_figures_from_the_records(client):
    member = OrganisationFactory()
    OrganisationFactory(partnership_status="prospect")
    OrganisationFactory(is_published=False)
    accession = AccessionFactory(organisation=member, protocol__coordinator=member)
    CommitmentFactory.create_batch(3, accession=accession)
    MeetingFactory.create_batch(2)
    MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=10))
    PilotFactory()

    figures = client.get("/bg/").context["figures"]

    assert figures == {"partners": 1, "commitments": 3, "meetings": 2, "measures_piloted": 1}


def test_home_meetings_figure_leaves_out_unpublished_meetings(client):
    MeetingFactory()
    MeetingFactory(is_published=False)

    assert client.get("/bg/").context["figures"]["meetings"] == 1


def test_home_commitments_figure_leaves_out_private_commitments(client):
    accession = AccessionFactory()
    CommitmentFactory(accession=accession)
    CommitmentFactory(accession=accession, is_public=False)

    assert client.get("/bg/").context["figures"]["commitments"] == 1


def test_home_commitments_figure_leaves_out_organisations_not_in_the_directory(client):
    CommitmentFactory(accession__organisation__is_published=False)
    CommitmentFactory(accession__organisation__archived_at=timezone.now())

    assert client.get("/bg/").context["figures"]["commitments"] == 0


def test_home_commitments_figure_leaves_out_accessions_past_their_validity(client):
    CommitmentFactory(accession__valid_until=timezone.localdate() - datetime.timedelta(days=1))

    assert client.get("/bg/").context["figures"]["commitments"] == 0


def test_home_commitments_figure_counts_what_the_partner_pages_show(client):
    organisation = OrganisationFactory()
    accession = AccessionFactory(organisation=organisation)
    CommitmentFactory.create_batch(2, accession=accession)
    CommitmentFactory(accession=accession, is_public=False)
    CommitmentFactory(accession=accession, status="fulfilled")

    figure = client.get("/bg/").context["figures"]["commitments"]
    shown = client.get(f"/bg/partners/{organisation.slug}/").context["commitments"]

    assert figure == len(shown) == 2


def test_home_shows_the_latest_published_meetings(client):
    MeetingFactory(title_bg="Публикувана")
    MeetingFactory(title_bg="Непубликувана", is_published=False)

    html = client.get("/bg/").content.decode()

    assert "Публикувана" in html
    assert "Непубликувана" not in html


@pytest.mark.parametrize("count", [1, 10])
def test_home_query_count_does_not_grow_with_rows(client, django_assert_num_queries, count):
    OrganisationFactory.create_batch(count)
    MeetingFactory.create_batch(count)

    with django_assert_num_queries(6):
        assert client.get("/bg/").status_code == 200
    # The whole page is then served from the shared cache, until the public content changes.
    with django_assert_num_queries(0):
        assert client.get("/bg/").status_code == 200
    # Another address of the page renders it again, with the key figures (and the site
    # settings) from the cache.
    with django_assert_num_queries(1):
        assert client.get("/bg/?from=newsletter").status_code == 200


def test_sitemap_lists_public_pages_in_both_languages_and_nothing_private(client):
    listed = OrganisationFactory(slug="listed")
    OrganisationFactory(slug="draft", is_published=False)
    OrganisationFactory(slug="archived", archived_at=timezone.now())
    MeetingFactory(slug="internal-meeting", is_published=False)

    xml = client.get("/sitemap.xml").content.decode()

    assert f"/bg/partners/{listed.slug}/" in xml
    assert f"/en/partners/{listed.slug}/" in xml
    assert 'hreflang="en"' in xml
    assert "/partners/draft/" not in xml
    assert "/partners/archived/" not in xml
    assert "internal-meeting" not in xml


def test_robots_keeps_crawlers_out_of_the_workspace_and_admin(client):
    text = client.get("/robots.txt").content.decode()

    assert "Disallow: /bg/manage/" in text
    assert "Disallow: /en/manage/" in text
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def _routes(resolver, prefix=""):
    """(literal start of the route, view) of every URL the portal answers, in each language."""
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route)
        else:
            yield "/" + route.split("<", 1)[0].lstrip("^"), pattern.callback


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_robots_keeps_crawlers_out_of_every_private_page_and_feed(client, lang):
    disallowed = [
        line.removeprefix("Disallow: ")
        for line in client.get("/robots.txt").content.decode().splitlines()
        if line.startswith("Disallow: ")
    ]
    with translation.override(lang):
        private = [
            route
            for route, view in _routes(get_resolver())
            if getattr(view, "login_required", True) or "/feed/" in route
        ]

    assert private
    assert [route for route in private if not route.startswith(tuple(disallowed))] == []


@pytest.mark.parametrize(
    ("url", "title"),
    [("/bg/partners/", "Указател на партньорите"), ("/en/partners/", "Partner directory")],
)
def test_public_pages_have_title_description_and_open_graph_in_their_language(client, url, title):
    html = client.get(url).content.decode()

    assert f"<title>{title}" in html
    assert '<meta name="description" content="' in html
    assert '<meta property="og:title"' in html
    assert '<link rel="alternate" hreflang="en"' in html


def test_public_pages_answer_304_when_unchanged(client):
    OrganisationFactory()
    first = client.get("/bg/partners/")

    second = client.get("/bg/partners/", headers={"if-none-match": first["ETag"]})

    assert second.status_code == 304


def test_private_contacts_appear_on_no_public_page(client):
    organisation = OrganisationFactory(slug="org")
    ContactPersonFactory(organisation=organisation, name="Secret Role", email="secret@example.org")
    MeetingFactory(private_notes="secret note")

    for url in ["/bg/", "/bg/partners/", "/bg/partners/org/", "/bg/meetings/", "/sitemap.xml"]:
        html = client.get(url).content.decode()
        assert "secret" not in html.lower(), url


def test_favicon_ico_leads_to_the_self_hosted_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.ico"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("url", ["/bg/", "/en/partners/", "/bg/no-such-page/"])
def test_every_page_names_its_self_hosted_icon(client, url):
    html = client.get(url).content.decode()

    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
