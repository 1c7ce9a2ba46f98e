import io
import re
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

from meetings.models import Attachment
from partners.models import Accession, Organisation
from tests.factories import AccessionFactory, AttachmentFactory, MeetingFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

GPS = 0x8825
ORIENTATION = 0x0112
RANDOM_NAME = r"[0-9a-f]{32}"


def photo_with_gps(width=40, height=20):
    """A JPEG as a phone writes it: GPS position, camera make and serial, a comment, and an
    orientation tag saying it must be turned 90° clockwise to be upright."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "PhoneMaker"
    exif[GPS] = {1: "N", 2: (42.0, 41.0, 30.0), 3: "E", 4: (23.0, 19.0, 5.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(
        buffer, "JPEG", exif=exif, comment=b"camera serial 1234"
    )
    return buffer.getvalue()


def pdf_with_metadata(*, encrypt=False, signed=False):
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": "Мария Иванова", "/Title": "Кризисен център, ул. Роза 5"})
    if signed:
        writer.root_object[NameObject("/AcroForm")] = DictionaryObject(
            {NameObject("/SigFlags"): NumberObject(3), NameObject("/Fields"): ArrayObject()}
        )
    if encrypt:
        writer.encrypt("", "owner-password")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_of(data):
    return Image.open(io.BytesIO(data))


def pdf_metadata(data):
    return dict(PdfReader(io.BytesIO(data)).metadata or {})


def png_claiming_pixels(width, height):
    """A PNG whose header claims `width` × `height` pixels, with no picture behind it."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


# On upload


def test_public_photo_is_served_without_its_gps_position_or_camera_data(client):
    attachment = AttachmentFactory(
        meeting=MeetingFactory(is_published=True),
        file=SimpleUploadedFile("IMG_crisis_centre.jpg", photo_with_gps()),
        is_public=True,
    )

    served = b"".join(client.get(f"/bg/meetings/attachments/{attachment.pk}/file/"))

    photo = image_of(served)
    assert (dict(photo.getexif()), "comment" in photo.info) == ({}, False)


def test_uploaded_photo_is_stored_upright():
    attachment = AttachmentFactory(file=SimpleUploadedFile("photo.jpg", photo_with_gps(40, 20)))

    assert image_of(attachment.file.read()).size == (20, 40)


def test_uploaded_logo_is_stored_without_exif():
    organisation = OrganisationFactory(logo=SimpleUploadedFile("logo.jpg", photo_with_gps()))

    assert dict(image_of(default_storage.open(organisation.logo.name).read()).getexif()) == {}


def test_uploaded_logo_is_stored_under_a_random_name():
    organisation = OrganisationFactory(
        logo=SimpleUploadedFile("Crisis Centre Sofia.JPG", photo_with_gps())
    )

    assert re.fullmatch(rf"logos/{RANDOM_NAME}\.jpg", organisation.logo.name)


def test_uploaded_attachment_is_stored_under_a_random_name():
    attachment = AttachmentFactory(file=SimpleUploadedFile("Иванова-показания.pdf", b"%PDF-1.4"))

    assert re.fullmatch(rf"meetings/{RANDOM_NAME}\.pdf", attachment.file.name)


def test_uploaded_image_is_stored_with_the_extension_of_its_real_format():
    png = io.BytesIO()
    Image.new("RGB", (2, 2)).save(png, "PNG")

    attachment = AttachmentFactory(file=SimpleUploadedFile("photo.jpg", png.getvalue()))

    assert attachment.file.name.endswith(".png")


def test_uploaded_pdf_is_stored_without_its_author_and_title():
    accession = AccessionFactory(document=SimpleUploadedFile("signed.pdf", pdf_with_metadata()))

    stored = storages["private"].open(accession.document.name).read()

    assert pdf_metadata(stored) == {}
    assert len(PdfReader(io.BytesIO(stored)).pages) == 1


def test_uploaded_encrypted_pdf_is_stored_unchanged():
    original = pdf_with_metadata(encrypt=True)

    accession = AccessionFactory(document=SimpleUploadedFile("signed.pdf", original))

    assert storages["private"].open(accession.document.name).read() == original


def test_uploaded_digitally_signed_pdf_is_stored_unchanged():
    original = pdf_with_metadata(signed=True)

    accession = AccessionFactory(document=SimpleUploadedFile("signed.pdf", original))

    assert storages["private"].open(accession.document.name).read() == original


def test_image_over_the_pixel_limit_is_refused_without_being_decoded():
    # 10 000 × 10 000 is over Pillow's limit but under twice it, where Pillow only warns.
    attachment = AttachmentFactory.build(
        meeting=MeetingFactory(),
        file=SimpleUploadedFile("photo.png", png_claiming_pixels(10_000, 10_000)),
    )

    with pytest.raises(ValidationError) as error:
        attachment.full_clean()

    assert list(error.value.message_dict) == ["file"]


# Files stored before: manage.py clean_uploads


def stored_logo(name="logos/crisis-centre-sofia.jpg"):
    """An organisation whose logo was stored as uploaded, before uploads were cleaned."""
    default_storage.delete(name)
    default_storage.save(name, ContentFile(photo_with_gps(40, 20)))
    organisation = OrganisationFactory()
    Organisation.objects.filter(pk=organisation.pk).update(logo=name)
    return organisation


def run_clean_uploads(*options):
    output = io.StringIO()
    call_command("clean_uploads", *options, stdout=output)
    return output.getvalue()


def test_clean_uploads_re_encodes_a_stored_photo_and_renames_it():
    organisation = stored_logo()

    run_clean_uploads()

    organisation.refresh_from_db()
    assert re.fullmatch(rf"logos/{RANDOM_NAME}\.jpg", organisation.logo.name)
    photo = image_of(default_storage.open(organisation.logo.name).read())
    assert (dict(photo.getexif()), photo.size) == ({}, (20, 40))


def test_clean_uploads_deletes_the_file_under_its_old_name(django_capture_on_commit_callbacks):
    stored_logo()

    with django_capture_on_commit_callbacks(execute=True):
        run_clean_uploads()

    assert default_storage.exists("logos/crisis-centre-sofia.jpg") is False


def test_clean_uploads_strips_a_stored_pdf_and_updates_its_record():
    accession = AccessionFactory()
    storages["private"].save("accessions/ivanova-signed.pdf", ContentFile(pdf_with_metadata()))
    Accession.objects.filter(pk=accession.pk).update(document="accessions/ivanova-signed.pdf")

    run_clean_uploads()

    accession.refresh_from_db()
    assert re.fullmatch(rf"accessions/{RANDOM_NAME}\.pdf", accession.document.name)
    assert pdf_metadata(storages["private"].open(accession.document.name).read()) == {}


def test_clean_uploads_reports_what_it_did():
    stored_logo()

    output = run_clean_uploads()

    assert output.startswith("1 images re-encoded without metadata; 0 PDFs stripped of metadata; ")
    assert "1 files given a random name" in output


def test_clean_uploads_dry_run_changes_nothing():
    organisation = stored_logo()

    output = run_clean_uploads("--dry-run")

    organisation.refresh_from_db()
    assert organisation.logo.name == "logos/crisis-centre-sofia.jpg"
    assert default_storage.open(organisation.logo.name).read() == photo_with_gps(40, 20)
    assert output.startswith("Would change (dry run): 1 images re-encoded")


def test_clean_uploads_a_second_time_changes_nothing():
    organisation = stored_logo()
    run_clean_uploads()
    organisation.refresh_from_db()
    cleaned_name = organisation.logo.name

    output = run_clean_uploads()

    organisation.refresh_from_db()
    assert organisation.logo.name == cleaned_name
    assert "0 images re-encoded" in output
    assert "0 files given a random name" in output


def test_clean_uploads_points_the_history_at_the_new_name():
    organisation = stored_logo()
    organisation.refresh_from_db()
    organisation.save()  # a version in the history with the old name

    run_clean_uploads()

    organisation.refresh_from_db()
    versions = organisation.history.order_by("history_id")
    assert [version.logo for version in versions] == ["", organisation.logo.name]


def test_clean_uploads_leaves_an_already_clean_attachment_alone():
    attachment = AttachmentFactory(file=SimpleUploadedFile("photo.jpg", photo_with_gps()))
    name = attachment.file.name

    run_clean_uploads()

    assert Attachment.objects.get(pk=attachment.pk).file.name == name
