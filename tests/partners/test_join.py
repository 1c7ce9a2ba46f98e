import pytest
from django.core import mail

from partners.models import ContactPerson, JoinRequest, Organisation
from tests.factories import CoordinatorFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

VALID = {
    "organisation_name": "Фирма „Пример“ ЕООД",
    "sector": "business",
    "registration_id": "176000331",
    "contact_name": "Управител",
    "email": "office@example.org",
    "message": "Можем да предложим работни места.",
    "consent": "on",
}


def test_join_request_becomes_an_unpublished_prospect_with_a_private_contact(client):
    response = client.post("/bg/join/", VALID)

    assert response.status_code == 302
    assert response["Location"] == "/bg/join/sent/"
    organisation = Organisation.objects.get(name_bg="Фирма „Пример“ ЕООД")
    assert organisation.partnership_status == "prospect"
    assert organisation.is_published is False
    assert organisation.registration_id == "176000331"
    contact = ContactPerson.objects.get(organisation=organisation)
    assert (contact.name, contact.email, contact.is_public) == (
        "Управител",
        "office@example.org",
        False,
    )
    assert JoinRequest.objects.get().message == "Можем да предложим работни места."


def test_join_request_emails_the_coordinators(client, django_capture_on_commit_callbacks):
    CoordinatorFactory(email="coordinator@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/bg/join/", VALID)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["coordinator@example.org"]
    assert "Фирма „Пример“ ЕООД" in mail.outbox[0].subject


def test_join_sent_page_tells_what_happens_next(client):
    html = client.get("/en/join/sent/").content.decode()

    assert "A coordinator will contact you" in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("organisation_name", "", "Това поле е задължително."),
        ("email", "not-an-address", "Въведете валиден имейл адрес."),
        ("registration_id", "176000332", "грешна контролна цифра"),
        ("consent", "", "Това поле е задължително."),
    ],
)
def test_join_bad_input_gets_a_message_next_to_the_field_and_stores_nothing(
    client, field, value, message
):
    data = {**VALID, field: value}
    if not value:
        data.pop(field)

    response = client.post("/bg/join/", data)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert Organisation.objects.count() == 0
    assert JoinRequest.objects.count() == 0


def test_join_bad_input_message_is_in_english_on_english_pages(client):
    response = client.post("/en/join/", {**VALID, "email": "nope"})

    assert response.context["form"].errors["email"] == ["Enter a valid email address."]


def test_join_request_for_a_known_name_is_accepted_like_a_new_one(client):
    OrganisationFactory(name_bg="Фирма „Пример“ ЕООД", is_published=False)

    response = client.post("/bg/join/", VALID)

    assert response.status_code == 302
    assert response["Location"] == "/bg/join/sent/"
    assert JoinRequest.objects.count() == 1


def test_join_request_for_a_known_registration_id_is_accepted_like_a_new_one(client):
    OrganisationFactory(registration_id="176000331", is_published=False)

    response = client.post("/bg/join/", VALID)

    assert response["Location"] == "/bg/join/sent/"
    assert JoinRequest.objects.get().organisation.partnership_status == "prospect"


def test_join_second_request_from_the_same_address_the_same_day_is_accepted(client):
    client.post("/bg/join/", VALID)

    response = client.post(
        "/bg/join/", {**VALID, "organisation_name": "Друга", "registration_id": ""}
    )

    assert response["Location"] == "/bg/join/sent/"
    assert JoinRequest.objects.count() == 2


def test_join_request_for_a_known_registration_id_is_flagged_for_the_coordinators(client):
    known = OrganisationFactory(registration_id="176000331", is_published=False)

    client.post("/bg/join/", {**VALID, "organisation_name": "Съвсем друго име"})

    assert JoinRequest.objects.get().possible_duplicate == known


def test_join_request_for_a_known_name_is_flagged_for_the_coordinators(client):
    known = OrganisationFactory(name_bg="Фирма „Пример“ ЕООД", registration_id="")

    client.post("/bg/join/", {**VALID, "registration_id": ""})

    assert JoinRequest.objects.get().possible_duplicate == known


def test_join_request_from_an_address_already_known_is_flagged_for_the_coordinators(client):
    client.post("/bg/join/", VALID)
    first = JoinRequest.objects.get()

    client.post("/bg/join/", {**VALID, "organisation_name": "Друга", "registration_id": ""})

    second = JoinRequest.objects.exclude(pk=first.pk).get()
    assert second.possible_duplicate == first.organisation


def test_join_request_for_a_new_organisation_is_not_flagged(client):
    OrganisationFactory(name_bg="Някой друг", registration_id="")

    client.post("/bg/join/", VALID)

    assert JoinRequest.objects.get().possible_duplicate is None


def test_join_request_duplicate_email_to_coordinators_names_the_known_organisation(
    client, django_capture_on_commit_callbacks
):
    CoordinatorFactory(email="coordinator@example.org")
    known = OrganisationFactory(name_bg="Известна организация", registration_id="176000331")

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/bg/join/", VALID)

    body = mail.outbox[0].body
    assert "Известна организация" in body
    assert known.name_bg in mail.outbox[0].alternatives[0][0]


def test_join_request_email_to_coordinators_links_to_the_queue_not_admin(
    client, django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_URL = "https://portal.example.org"
    CoordinatorFactory(email="coordinator@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/join/", VALID)

    join_request = JoinRequest.objects.get()
    link = f"https://portal.example.org/bg/manage/join-requests/{join_request.pk}/"
    assert link in mail.outbox[0].body
    assert f'href="{link}"' in mail.outbox[0].alternatives[0][0]
    assert "/admin/" not in mail.outbox[0].body
    assert "Заявка за присъединяване" in mail.outbox[0].subject


def test_join_honeypot_filled_stores_nothing_but_looks_sent(client):
    response = client.post("/bg/join/", {**VALID, "homepage": "https://spam.example"})

    assert response["Location"] == "/bg/join/sent/"
    assert Organisation.objects.count() == 0


def test_join_rate_limit_per_address_refuses_with_a_clear_message(client):
    for number in range(5):
        client.post("/bg/join/", {**VALID, "email": "x", "organisation_name": f"Org {number}"})

    response = client.post("/en/join/", VALID)

    assert response.status_code == 429
    assert "Too many requests from your connection" in response.content.decode()
    assert Organisation.objects.count() == 0
