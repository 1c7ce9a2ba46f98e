"""Validators of uploaded files, shared by every app: type, size and real content."""

import warnings
from pathlib import Path

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError


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

# Logos and photos. The forms' ImageField makes Pillow open an upload, but the model's
# full_clean() does not: models call validate_image_content() in clean() for that.
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


def validate_image_content(file):
    """A new upload must open as an image: a renamed document or script is refused.

    A file already in storage was checked when it came in and is not read again.
    """
    if getattr(file, "_committed", False):
        return
    position = file.tell()
    try:
        file.seek(0)
        with warnings.catch_warnings():
            # Pillow only warns between its pixel limit and twice it: refused here as above it.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image.verify()
    # A decompression bomb (a small file claiming billions of pixels) is refused like junk.
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
    ) as error:
        raise ValidationError(_("This file is not a valid image."), code="invalid_image") from error
    finally:
        file.seek(position)
