"""Validators shared by the apps: the Bulgarian organisation ID and uploaded files."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


def _check_digit(digits, weights, fallback_weights):
    total = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    if total == 10:
        total = sum(int(d) * w for d, w in zip(digits, fallback_weights, strict=True)) % 11
    return 0 if total == 10 else total


def is_valid_eik(value):
    """True for a valid ЕИК / БУЛСТАТ: 9 digits, or 13 whose first 9 are valid; check digits."""
    if not value.isdigit() or len(value) not in (9, 13):
        return False
    if _check_digit(value[:8], range(1, 9), range(3, 11)) != int(value[8]):
        return False
    if len(value) == 13:
        return _check_digit(value[8:12], (2, 7, 3, 5), (4, 9, 5, 7)) == int(value[12])
    return True


def validate_eik(value):
    if not value.isdigit() or len(value) not in (9, 13):
        raise ValidationError(
            _("An ЕИК / БУЛСТАТ has 9 or 13 digits and nothing else."), code="eik_format"
        )
    if not is_valid_eik(value):
        raise ValidationError(
            _("This ЕИК / БУЛСТАТ has a wrong check digit: please check it for a typo."),
            code="eik_check_digit",
        )


@deconstructible
class FileValidator:
    """Refuses files over `max_bytes` or whose extension is not in `extensions`."""

    def __init__(self, *, extensions, max_bytes):
        self.extensions = tuple(extensions)
        self.max_bytes = max_bytes

    def __call__(self, file):
        extension = Path(file.name).suffix.lower().lstrip(".")
        if extension not in self.extensions:
            raise ValidationError(
                _("Files of type “%(extension)s” are not accepted. Accepted: %(accepted)s."),
                code="file_type",
                params={"extension": extension or "?", "accepted": ", ".join(self.extensions)},
            )
        if file.size > self.max_bytes:
            raise ValidationError(
                _("The file is %(size)s; the limit is %(limit)s."),
                code="file_size",
                params={"size": filesizeformat(file.size), "limit": filesizeformat(self.max_bytes)},
            )

    def __eq__(self, other):
        return (
            isinstance(other, FileValidator)
            and self.extensions == other.extensions
            and self.max_bytes == other.max_bytes
        )


IMAGE_EXTENSIONS = ("jpg", "jpeg", "png", "webp")
DOCUMENT_EXTENSIONS = ("pdf", "odt", "doc", "docx", "ods", "xls", "xlsx")

# Logos and photos: ImageField also makes Pillow open them, so a renamed non-image is refused.
validate_image_file = FileValidator(extensions=IMAGE_EXTENSIONS, max_bytes=2 * 1024 * 1024)
validate_document_file = FileValidator(extensions=DOCUMENT_EXTENSIONS, max_bytes=10 * 1024 * 1024)
validate_attachment_file = FileValidator(
    extensions=DOCUMENT_EXTENSIONS + IMAGE_EXTENSIONS, max_bytes=10 * 1024 * 1024
)


def validate_pdf_signature(file):
    """A file named .pdf must start like one: a renamed executable is not a signed accession."""
    if Path(file.name).suffix.lower() != ".pdf":
        return
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    header = file.read(5)
    file.seek(position)
    if header != b"%PDF-":
        raise ValidationError(_("This file is not a real PDF document."), code="file_content")
