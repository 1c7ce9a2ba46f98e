"""Every page answers HEAD as it answers GET (monitors, link checkers and crawlers use HEAD), and
no page takes a method other than GET, HEAD and POST."""

import pytest
from django.urls import reverse

from tests.factories import MeasureFactory, MeetingFactory, OrganisationFactory, ProjectFactory
from tests.portal.test_workspace_access import (  # noqa: F401  (other_records is a fixture)
    WORKSPACE_URLS,
    other_records,
    url_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_urls():
    organisation = OrganisationFactory(is_published=True)
    meeting = MeetingFactory(is_published=True)
    measure = MeasureFactory()
    project = ProjectFactory()
    return [
        "/",
        "/healthz",
        "/robots.txt",
        "/sitemap.xml",
        "/bg/",
        "/en/safety/",
        "/bg/network/",
        "/bg/partners/",
        "/bg/partners/?q=ruse&sort=name",
        reverse("partners:detail", args=[organisation.slug]),
        reverse("partners:open_data"),
        "/bg/partners/open-data/organisations.csv",
        "/bg/partners/open-data/organisations.json",
        reverse("partners:projects"),
        reverse("partners:project", args=[project.slug]),
        reverse("partners:join"),
        reverse("meetings:list"),
        reverse("meetings:detail", args=[meeting.slug]),
        reverse("meetings:public_feed"),
        reverse("meetings:detail_calendar", args=[meeting.slug]),
        reverse("measures:list"),
        reverse("measures:detail", args=[measure.slug]),
        "/bg/accounts/login/",
        "/bg/accounts/password_reset/",
    ]


def test_public_pages_answer_head_as_they_answer_get(client, public_urls):
    answers = {
        url: (client.get(url).status_code, client.head(url).status_code) for url in public_urls
    }

    assert {url: got for url, got in answers.items() if got[0] != got[1] or got[0] >= 400} == {}


def test_public_pages_refuse_other_methods(client, public_urls):
    refused = {url: client.put(url).status_code for url in public_urls}

    assert {url: status for url, status in refused.items() if status != 405} == {}


@pytest.mark.parametrize("name", WORKSPACE_URLS)
def test_workspace_page_answers_head_as_it_answers_get(
    coordinator_client,
    other_records,  # noqa: F811
    name,
):
    url = url_for(name, other_records)

    get, head = coordinator_client.get(url), coordinator_client.head(url)

    assert head.status_code == get.status_code, (url, get.status_code, head.status_code)
    assert head.content == b""


@pytest.mark.parametrize("name", WORKSPACE_URLS)
def test_workspace_page_refuses_methods_other_than_get_head_and_post(
    coordinator_client,
    other_records,  # noqa: F811
    name,
):
    url = url_for(name, other_records)

    assert coordinator_client.put(url).status_code == 405
    assert coordinator_client.delete(url).status_code == 405
