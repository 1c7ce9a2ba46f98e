import pytest
from django.core.files.base import ContentFile

from tests.factories import PDF_BYTES, AccessionFactory, AttachmentFactory, MeetingFactory


@pytest.fixture
def own_accession(organisation):
    accession = AccessionFactory(organisation=organisation)
    accession.document.save("signed.pdf", ContentFile(PDF_BYTES))
    return accession


def _url(accession):
    return f"/bg/partners/accessions/{accession.pk}/document/"


def test_accession_document_sends_anonymous_visitors_to_login(client, own_accession):
    response = client.get(_url(own_accession))

    assert response.status_code == 302
    assert response["Location"].startswith("/bg/accounts/login/")


def test_accession_document_is_hidden_from_other_partners(other_partner_client, own_accession):
    response = other_partner_client.get(_url(own_accession))

    assert response.status_code == 404


def test_accession_document_is_served_to_its_own_partner(own_partner_client, own_accession):
    response = own_partner_client.get(_url(own_accession))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"


def test_accession_document_is_served_to_coordinators(coordinator_client, own_accession):
    response = coordinator_client.get(_url(own_accession))

    assert response.status_code == 200


def test_accession_document_has_no_public_media_address(settings, own_accession):
    stored = own_accession.document.path

    assert str(settings.PRIVATE_MEDIA_ROOT) in stored
    assert not stored.startswith(str(settings.MEDIA_ROOT))


@pytest.mark.django_db
def test_private_attachment_is_refused_to_anonymous_and_partners(client, own_partner):
    attachment = AttachmentFactory(is_public=False)
    url = f"/bg/meetings/attachments/{attachment.pk}/file/"

    assert client.get(url).status_code == 404
    client.force_login(own_partner)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_public_attachment_of_unpublished_meeting_stays_hidden(client):
    attachment = AttachmentFactory(is_public=True, meeting=MeetingFactory(is_published=False))

    assert client.get(f"/bg/meetings/attachments/{attachment.pk}/file/").status_code == 404


@pytest.mark.django_db
def test_public_attachment_of_published_meeting_is_served_to_anyone(client):
    attachment = AttachmentFactory(is_public=True)

    response = client.get(f"/en/meetings/attachments/{attachment.pk}/file/")

    assert response.status_code == 200


@pytest.mark.django_db
def test_private_attachment_is_served_to_coordinators(coordinator_client):
    attachment = AttachmentFactory(is_public=False)

    response = coordinator_client.get(f"/bg/meetings/attachments/{attachment.pk}/file/")

    assert response.status_code == 200


def test_private_files_have_no_address_to_link_to(own_accession):
    with pytest.raises(ValueError, match="no public address"):
        own_accession.document.url  # noqa: B018
