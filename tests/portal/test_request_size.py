"""A request body larger than any form takes is refused before it is read, with a page in the
visitor's language, and changes nothing."""

import io
import os

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from partners.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lang", "message"), [("bg", "Файлът е твърде голям"), ("en", "The file is too large")]
)
def test_request_larger_than_the_limit_is_refused_unread_in_the_page_language(
    coordinator_client, lang, message
):
    response = coordinator_client.post(
        f"/{lang}/manage/organisations/new/",
        {"name_bg": "Голяма", "sector": "ngo"},
        CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + 1),
    )

    assert response.status_code == 413
    assert message in response.content.decode()
    assert "0800 1 86 76" in response.content.decode()
    assert not Organisation.objects.filter(name_bg="Голяма").exists()


def test_upload_within_the_request_limit_but_over_the_field_limit_gets_the_field_message(
    coordinator_client, organisation
):
    noise = Image.frombytes("RGB", (1024, 1024), os.urandom(3 * 1024 * 1024))
    content = io.BytesIO()
    noise.save(content, "PNG")
    logo = SimpleUploadedFile("logo.png", content.getvalue(), "image/png")

    response = coordinator_client.post(
        f"/en/manage/organisations/{organisation.pk}/edit/", {"name_bg": "X", "logo": logo}
    )

    assert response.status_code == 200
    assert "the limit is 2.0" in response.content.decode()


def test_upload_limits_are_set_deliberately():
    assert settings.MAX_REQUEST_BYTES > settings.MAX_UPLOAD_BYTES
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= settings.MAX_UPLOAD_BYTES
