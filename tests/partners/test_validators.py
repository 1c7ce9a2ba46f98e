"""The ЕИК / БУЛСТАТ check and the upload validators, outside any model."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from core.validators import validate_attachment_file, validate_pdf_signature
from partners.validators import is_valid_eik, validate_eik
from tests.factories import PDF_BYTES

FORMAT_MESSAGE = "An ЕИК / БУЛСТАТ has 9 or 13 digits and nothing else."
CHECK_DIGIT_MESSAGE = "This ЕИК / БУЛСТАТ has a wrong check digit: please check it for a typo."


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# 176000331: 1·1 + 7·2 + 6·3 + 3·7 + 3·8 = 78 ≡ 1 (mod 11), and the ninth digit is 1.
# 1760003310017: the ninth to twelfth digits 1, 0, 0, 1 weighted 2, 7, 3, 5 give 7 ≡ 7.
# 100000086: 1·1 + 8·8 = 65 ≡ 10, so the second weights: 1·3 + 8·10 = 83 ≡ 6.
# 100000550: both sums leave 10 (76 and 98), so the check digit is 0.
@pytest.mark.parametrize("value", ["176000331", "1760003310017", "100000086", "100000550"])
def test_eik_valid_numbers_are_accepted(value):
    validate_eik(value)

    assert is_valid_eik(value) is True


# 1760003310015 ends in 5, but its digits 1, 0, 0, 1 weighted 2, 7, 3, 5 give 7.
@pytest.mark.parametrize("value", ["176000332", "1760003310015", "100000087", "1760003300017"])
def test_eik_wrong_check_digit_is_refused_with_the_check_digit_message(value):
    with pytest.raises(ValidationError) as error:
        validate_eik(value)

    assert error.value.code == "eik_check_digit"
    assert error.value.messages == [CHECK_DIGIT_MESSAGE]


@pytest.mark.parametrize(
    "value",
    ["17600033", "1760003311", "17600033100171", "17600033A", "BG176000331", "176 000 331", ""],
)
def test_eik_wrong_length_or_letters_is_refused_with_the_format_message(value):
    with pytest.raises(ValidationError) as error:
        validate_eik(value)

    assert error.value.code == "eik_format"
    assert error.value.messages == [FORMAT_MESSAGE]


@pytest.mark.parametrize(
    "value",
    [
        "١٧٦٠٠٠٣٣١",  # Arabic-Indic digits: str.isdigit() says yes, int() reads them
        "17600033¹",  # a superscript: str.isdigit() says yes, int() raises
        "１７６０００３３１",  # full-width digits
    ],
)
def test_eik_digits_of_other_scripts_are_refused_with_the_format_message(value):
    with pytest.raises(ValidationError) as error:
        validate_eik(value)

    assert error.value.messages == [FORMAT_MESSAGE]
    assert is_valid_eik(value) is False


def test_attachment_file_of_a_disallowed_extension_is_refused():
    upload = SimpleUploadedFile("setup.exe", b"MZ\x90\x00")

    with pytest.raises(ValidationError) as error:
        validate_attachment_file(upload)

    assert error.value.code == "file_type"


def test_attachment_file_without_extension_is_refused():
    upload = SimpleUploadedFile("minutes", PDF_BYTES)

    with pytest.raises(ValidationError) as error:
        validate_attachment_file(upload)

    assert error.value.code == "file_type"


def test_attachment_file_extension_is_matched_in_any_case():
    validate_attachment_file(SimpleUploadedFile("MINUTES.PDF", PDF_BYTES))


def test_attachment_file_over_ten_megabytes_is_refused():
    upload = SimpleUploadedFile("minutes.pdf", PDF_BYTES)
    upload.size = 10 * 1024 * 1024 + 1

    with pytest.raises(ValidationError) as error:
        validate_attachment_file(upload)

    assert error.value.code == "file_size"


def test_attachment_file_of_exactly_ten_megabytes_is_accepted():
    upload = SimpleUploadedFile("minutes.pdf", PDF_BYTES)
    upload.size = 10 * 1024 * 1024

    validate_attachment_file(upload)


def test_pdf_signature_refuses_a_pdf_name_without_pdf_content():
    upload = SimpleUploadedFile("signed.pdf", b"MZ\x90\x00 not a pdf")

    with pytest.raises(ValidationError) as error:
        validate_pdf_signature(upload)

    assert error.value.code == "file_content"


def test_pdf_signature_accepts_a_real_pdf_and_keeps_the_read_position():
    upload = SimpleUploadedFile("signed.pdf", PDF_BYTES)
    upload.seek(3)

    validate_pdf_signature(upload)

    assert upload.tell() == 3


def test_pdf_signature_ignores_files_not_named_pdf():
    validate_pdf_signature(SimpleUploadedFile("notes.docx", b"PK\x03\x04"))
