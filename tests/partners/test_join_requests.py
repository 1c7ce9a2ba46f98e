"""The coordinators' join requests queue: list, detail with possible duplicates, and the
answers (take up, accept, merge, decline), each kept in the request's history."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from partners.models import ContactPerson, JoinRequest, Organisation
from tests.factories import JoinRequestFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def url(name, join_request=None):
    args = [join_request.pk] if join_request else []
    return reverse(f"partners:{name}", args=args)


def test_join_request_queue_shows_requests_awaiting_an_answer_by_default(coordinator_client):
    waiting = JoinRequestFactory(organisation__name_bg="Чакаща фирма")
    JoinRequestFactory(organisation__name_bg="Приета фирма", status="accepted")

    html = coordinator_client.get(url("manage_join_requests")).content.decode()

    assert waiting.organisation.name_bg in html
    assert "Приета фирма" not in html


def test_join_request_queue_filters_by_status(coordinator_client):
    JoinRequestFactory(organisation__name_bg="Чакаща фирма")
    JoinRequestFactory(organisation__name_bg="Отказана фирма", status="declined")

    html = coordinator_client.get(url("manage_join_requests"), {"status": "declined"}).content
    html = html.decode()

    assert "Отказана фирма" in html
    assert "Чакаща фирма" not in html


def test_join_request_queue_search_finds_a_name_typed_in_latin(coordinator_client):
    JoinRequestFactory(organisation__name_bg="Русенска компания")
    JoinRequestFactory(organisation__name_bg="Пловдивска фирма")

    html = coordinator_client.get(url("manage_join_requests"), {"q": "rusenska"}).content
    html = html.decode()

    assert "Русенска компания" in html
    assert "Пловдивска фирма" not in html


@pytest.mark.parametrize("count", [1, 6])
def test_join_request_queue_query_count_does_not_grow_with_rows(
    coordinator_client, django_assert_num_queries, count
):
    JoinRequestFactory.create_batch(count)

    with django_assert_num_queries(6):
        response = coordinator_client.get(url("manage_join_requests"))

    assert response.status_code == 200


def test_awaiting_answer_is_new_and_in_progress_requests():
    new = JoinRequestFactory()
    in_progress = JoinRequestFactory(status="in_progress")
    JoinRequestFactory(status="accepted")
    JoinRequestFactory(status="declined")

    assert set(JoinRequest.objects.awaiting_answer()) == {new, in_progress}


def test_join_request_detail_shows_duplicates_by_registration_id_name_and_email(
    coordinator_client,
):
    join_request = JoinRequestFactory(
        organisation__name_bg="Фирма Пример", email="office@example.org"
    )
    by_name = OrganisationFactory(name_bg="Firma Primer", registration_id="")
    by_email = OrganisationFactory(name_bg="Друга", public_email="office@example.org")
    unrelated = OrganisationFactory(name_bg="Съвсем различна")

    html = coordinator_client.get(url("manage_join_request", join_request)).content.decode()

    assert by_name.name in html
    assert by_email.name in html
    assert unrelated.name not in html


def test_join_request_take_up_moves_it_to_in_progress_with_who(coordinator_client, coordinator):
    join_request = JoinRequestFactory()

    coordinator_client.post(url("manage_join_request_start", join_request))

    join_request.refresh_from_db()
    assert join_request.status == "in_progress"
    assert join_request.history.first().history_user == coordinator


def test_join_request_accept_moves_its_organisation_to_the_chosen_status(coordinator_client):
    join_request = JoinRequestFactory()

    response = coordinator_client.post(
        url("manage_join_request_accept", join_request), {"accept-partnership_status": "member"}
    )

    assert response.status_code == 302
    join_request.refresh_from_db()
    assert join_request.status == "accepted"
    assert join_request.organisation.partnership_status == "member"


def test_join_request_accept_is_kept_in_history_with_who(coordinator_client, coordinator):
    join_request = JoinRequestFactory()

    coordinator_client.post(
        url("manage_join_request_accept", join_request),
        {"accept-partnership_status": "in_talks"},
    )

    latest = join_request.history.first()
    assert (latest.status, latest.history_user) == ("accepted", coordinator)
    assert join_request.organisation.history.first().history_user == coordinator


def test_join_request_accept_with_a_bad_status_changes_nothing(coordinator_client):
    join_request = JoinRequestFactory()

    response = coordinator_client.post(
        url("manage_join_request_accept", join_request), {"accept-partnership_status": "x"}
    )

    assert response.status_code == 200
    assert "accept-partnership_status" in response.content.decode()
    join_request.refresh_from_db()
    assert join_request.status == "new"


def test_join_request_merge_moves_request_and_contact_and_archives_the_prospect(
    coordinator_client,
):
    join_request = JoinRequestFactory()
    prospect = join_request.organisation
    known = OrganisationFactory(partnership_status="prospect")

    coordinator_client.post(
        url("manage_join_request_merge", join_request),
        {"merge-into": known.pk, "merge-partnership_status": "in_talks"},
    )

    join_request.refresh_from_db()
    prospect.refresh_from_db()
    known.refresh_from_db()
    assert join_request.organisation == known
    assert ContactPerson.objects.get(pk=join_request.contact_id).organisation == known
    assert known.partnership_status == "in_talks"
    assert prospect.is_archived is True


def test_join_request_decline_keeps_the_reason_and_emails_it_in_the_request_language(
    coordinator_client, django_capture_on_commit_callbacks
):
    join_request = JoinRequestFactory(language="en", email="sender@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            url("manage_join_request_decline", join_request),
            {"decline-reason": "Не работим извън региона.", "decline-notify": "on"},
        )

    join_request.refresh_from_db()
    assert (join_request.status, join_request.decline_reason) == (
        "declined",
        "Не работим извън региона.",
    )
    assert mail.outbox[0].to == ["sender@example.org"]
    assert mail.outbox[0].subject == "Your request to join the protocol"
    assert "Не работим извън региона." in mail.outbox[0].body


def test_join_request_decline_without_the_box_sends_no_email(
    coordinator_client, django_capture_on_commit_callbacks
):
    join_request = JoinRequestFactory()

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            url("manage_join_request_decline", join_request), {"decline-reason": "Не сега."}
        )

    assert mail.outbox == []


def test_join_request_decline_without_a_reason_says_so_next_to_the_field(coordinator_client):
    join_request = JoinRequestFactory()

    response = coordinator_client.post(url("manage_join_request_decline", join_request), {})

    assert "Това поле е задължително." in response.content.decode()
    join_request.refresh_from_db()
    assert join_request.status == "new"


def test_join_request_already_answered_cannot_be_answered_again(coordinator_client):
    join_request = JoinRequestFactory(status="declined")

    coordinator_client.post(
        url("manage_join_request_accept", join_request), {"accept-partnership_status": "member"}
    )

    join_request.refresh_from_db()
    assert join_request.status == "declined"
    assert join_request.organisation.partnership_status == Organisation.PartnershipStatus.PROSPECT


def test_join_request_sender_email_stays_out_of_its_history(coordinator_client):
    join_request = JoinRequestFactory(email="private@example.org")

    coordinator_client.post(url("manage_join_request_start", join_request))

    assert not hasattr(join_request.history.first(), "email")


def test_join_requests_marked_handled_before_the_queue_become_accepted():
    migration = importlib.import_module("partners.migrations.0012_join_queue_and_invitations")
    handled = JoinRequestFactory(handled_at=timezone.now())
    unhandled = JoinRequestFactory()

    migration.handled_means_accepted(django_apps, None)

    handled.refresh_from_db()
    unhandled.refresh_from_db()
    assert (handled.status, unhandled.status) == ("accepted", "new")


def test_join_request_queue_with_an_unknown_status_says_so_next_to_the_filter(
    coordinator_client,
):
    response = coordinator_client.get(url("manage_join_requests"), {"status": "bogus"})

    assert response.status_code == 200
    assert "Направете валиден избор." in response.content.decode()
