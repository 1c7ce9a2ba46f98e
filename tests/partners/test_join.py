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


def test_join_refuses_an_organisation_already_known(client):
    OrganisationFactory(name_bg="Фирма „Пример“ ЕООД")

    response = client.post("/bg/join/", VALID)

    assert "organisation_name" in response.context["form"].errors
    assert JoinRequest.objects.count() == 0


def test_join_refuses_a_second_request_from_the_same_address_the_same_day(client):
    client.post("/bg/join/", VALID)

    response = client.post(
        "/bg/join/", {**VALID, "organisation_name": "Друга", "registration_id": ""}
    )

    assert "email" in response.context["form"].errors
    assert JoinRequest.objects.count() == 1


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
