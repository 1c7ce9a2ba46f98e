"""Every workspace address, walked as each role: anonymous visitors are sent to login, a
logged-in user with no role gets 403 everywhere, and a partner's representative never reaches
another organisation's records, by link or typed URL."""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from core.concurrency import version_of
from core.models import Download
from partners.models import JoinRequest
from protocol_portal.models import SiteSettings
from tests.factories import (
    AccessionFactory,
    ActionItemFactory,
    AttachmentFactory,
    AttendanceFactory,
    CommitmentFactory,
    ContactPersonFactory,
    CoordinatorFactory,
    IndicatorFactory,
    InvitationFactory,
    MeetingFactory,
    PilotFactory,
    ProjectFactory,
    RepresentativeFactory,
)

pytestmark = pytest.mark.django_db

# Pages a representative may open without an id: they show only its own organisation's records.
OWN_SCOPE_PAGES = {
    "dashboard",
    "needs",
    "reminders:settings",
    "partners:manage_accessions",
    "meetings:manage_meetings",
    "meetings:manage_calendar",
    "meetings:manage_action_items",
    "manage_search",
}
# Writes a representative may make without an id: they change only the user's own settings.
OWN_ACCOUNT_WRITES = {"meetings:manage_calendar_reset"}


def workspace_url_names():
    def walk(resolver, namespace=None):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                route = str(pattern.pattern)
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                if route.startswith("manage/") or name == "dashboard":
                    yield name

    return sorted(set(walk(get_resolver())))


WORKSPACE_URLS = workspace_url_names()


@pytest.fixture
def other_records(other_organisation):
    """One record of each kind belonging to another organisation than the user's own."""
    # Ending soon, with an overdue action item: what a "What needs me" page would list.
    accession = AccessionFactory(
        organisation=other_organisation,
        valid_until=timezone.localdate() + datetime.timedelta(days=30),
    )
    meeting = MeetingFactory(title_bg="Чужда среща", is_published=False)
    AttendanceFactory(meeting=meeting, organisation=other_organisation)
    pilot = PilotFactory()
    contact = ContactPersonFactory(organisation=other_organisation, name="Чужд контакт")
    return {
        "organisation": other_organisation,
        "accession": accession,
        "commitment": CommitmentFactory(accession=accession, text_bg="Чужд ангажимент"),
        "meeting": meeting,
        "action_item": ActionItemFactory(
            meeting=meeting,
            responsible=other_organisation,
            text_bg="Чужда задача",
            due_on=timezone.localdate() - datetime.timedelta(days=1),
        ),
        "attachment": AttachmentFactory(meeting=meeting),
        "project": ProjectFactory(),
        "measure": pilot.measure,
        "pilot": pilot,
        "indicator": IndicatorFactory(pilot=pilot),
        "contact": contact,
        "join_request": JoinRequest.objects.create(
            organisation=other_organisation, contact=contact, email="a@example.org", language="bg"
        ),
        "site_settings": SiteSettings.load(),
        "invitation": InvitationFactory(organisation=other_organisation),
        "representative": RepresentativeFactory(organisation=other_organisation),
        # A list download is its requester's alone: here, another coordinator's.
        "download": Download.objects.create(
            requested_by=CoordinatorFactory(),
            path="/bg/manage/organisations/",
            file_format="csv",
            status="ready",
            file_name="organisations.csv",
        ),
    }


def state(record):
    """What a record is now: its version where it keeps a history, else its stored values."""
    if hasattr(record, "history"):
        return version_of(record)
    return type(record).objects.filter(pk=record.pk).values().first()


def url_for(name, records):
    """The address of `name` with the ids of `records` filled in."""
    kind = next(
        (
            kind
            for kind in (
                "commitment_update",
                "action_item",
                "reading",
                "vote_for_meeting",
                "contact",
                "join_request",
                "site_settings",
                "invitation",
                "representative",
                "download",
            )
            if kind in name
        ),
        None,
    ) or next(
        kind
        for kind in ("organisation", "accession", "project", "meeting", "pilot", "measure", "")
        if kind in name.split(":")[-1]
    )
    subject = {
        "commitment_update": records["accession"],
        "action_item": records["action_item"],
        "reading": records["indicator"],
        "vote_for_meeting": records["meeting"],
    }.get(kind) or records.get(kind)
    candidates = [
        {},
        {"pk": getattr(subject, "pk", None)},
        {"pk": getattr(subject, "pk", None), "history_id": (state(subject) if subject else 0) or 0},
        {"pk": records["accession"].pk, "commitment_pk": records["commitment"].pk},
        {"meeting_pk": records["meeting"].pk},
        {"measure_pk": records["measure"].pk},
        {"pk": getattr(subject, "pk", None), "figure": "meetings"},
    ]
    for kwargs in candidates:
        try:
            return reverse(name, kwargs=kwargs)
        except Exception:  # noqa: S112  (try the next shape of address)
            continue
    raise AssertionError(f"no address for {name}")


def test_every_workspace_page_is_covered_by_this_matrix():
    assert len(WORKSPACE_URLS) >= 40


@pytest.mark.parametrize("name", WORKSPACE_URLS)
def test_workspace_address_sends_anonymous_visitors_to_login(client, other_records, name):
    url = url_for(name, other_records)

    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302, url
        assert response["Location"].startswith("/bg/accounts/login/"), url


@pytest.mark.parametrize("name", WORKSPACE_URLS)
def test_workspace_address_answers_403_to_a_user_with_no_role(no_role_client, other_records, name):
    url = url_for(name, other_records)
    versions = {kind: state(record) for kind, record in other_records.items()}

    answers = {no_role_client.get(url).status_code, no_role_client.post(url).status_code}

    # The same answer on every page, whatever the record; 405 only for a method the address
    # does not serve at all.
    assert answers - {405} == {403}, (url, answers)
    assert {kind: state(record) for kind, record in other_records.items()} == versions


@pytest.mark.parametrize("name", WORKSPACE_URLS)
def test_workspace_address_never_opens_another_organisations_records_to_a_partner(
    own_partner_client, other_records, name
):
    url = url_for(name, other_records)
    versions = {kind: state(record) for kind, record in other_records.items()}

    got, posted = own_partner_client.get(url), own_partner_client.post(url)

    if name in OWN_SCOPE_PAGES:
        html = got.content.decode()
        assert got.status_code == 200, url
        assert "Чужд ангажимент" not in html
        assert "Чужда среща" not in html
        assert "Чужда задача" not in html
    else:
        assert got.status_code in {403, 404, 405}, (url, got.status_code)
    allowed = {200, 403, 404, 405} | ({302} if name in OWN_ACCOUNT_WRITES else set())
    assert posted.status_code in allowed, (url, posted.status_code)
    assert {kind: state(record) for kind, record in other_records.items()} == versions


@pytest.mark.parametrize(
    "name", ["partners:accession_document", "meetings:attachment_file"], ids=["accession", "file"]
)
def test_private_files_of_another_organisation_answer_404_to_a_partner(
    own_partner_client, other_records, name
):
    subject = other_records["accession" if "accession" in name else "attachment"]

    assert own_partner_client.get(reverse(name, args=[subject.pk])).status_code == 404


@pytest.mark.parametrize(
    "name", ["partners:accession_document", "meetings:attachment_file"], ids=["accession", "file"]
)
def test_private_files_answer_404_to_a_user_with_no_role(no_role_client, other_records, name):
    subject = other_records["accession" if "accession" in name else "attachment"]

    assert no_role_client.get(reverse(name, args=[subject.pk])).status_code == 404


def test_workspace_address_of_another_users_download_answers_404_to_a_coordinator(
    coordinator_client, other_records
):
    names = [name for name in WORKSPACE_URLS if name.startswith("core:download")]
    urls = [url_for(name, other_records) for name in names if name != "core:download_start"]

    answers = {url: coordinator_client.get(url).status_code for url in urls}

    assert len(urls) == 3
    assert set(answers.values()) == {404}, answers


@pytest.mark.parametrize(
    "name",
    [
        name
        for name in WORKSPACE_URLS
        if any(kind in name for kind in ("join_request", "invit", "representative"))
    ],
)
def test_workspace_address_of_the_network_answers_a_coordinator(
    coordinator_client, other_records, name
):
    url = url_for(name, other_records)

    got = coordinator_client.get(url)

    # 405: a write that only takes POST; a page answers, none refuses a coordinator.
    assert got.status_code in {200, 302, 405}, (url, got.status_code)
