"""Uploaded files keep their content and nothing else: a random name, no metadata.

A photo taken at a crisis centre carries the place in its EXIF data (GPS position), the camera's
serial number and often a telling file name; a PDF carries its author and the software that
made it. Every upload therefore goes through `clean_upload()` before it is stored:

- its name becomes random (`RandomName`), keeping only a safe lower-case extension;
- an image is decoded and written again in its own format (JPEG, PNG, WebP; anything else as
  PNG), upright (the EXIF orientation applied) and without EXIF, XMP, ICC profile or comments;
  an image over Pillow's pixel limit is refused, not decoded;
- a PDF loses its document information (/Info) and XMP metadata with pypdf, unless it is
  encrypted, digitally signed (rewriting would break the signature) or cannot be parsed: then it
  is kept byte for byte rather than risk a corrupt or invalid document;
- office documents keep their content (and their metadata): only their name changes.

The model fields `CleanFileField` and `CleanImageField` call it when a new file is saved, so the
admin, the workspace, imports and scripts all go through it; `manage.py clean_uploads` does the
same for files stored before.
"""

import io
import re
import uuid
import warnings
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db import models
from django.utils.deconstruct import deconstructible
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp"})
# The formats an image is written back in, with the extension its new name gets.
_IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
# What Pillow reads from the files it writes itself: anything else in an image's info (exif,
# xmp, icc_profile, comment, PNG text chunks, Photoshop blocks…) is metadata to remove.
_PLAIN_IMAGE_INFO = frozenset(
    {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi", "progressive", "progression"}
    | {"transparency", "gamma", "aspect", "loop", "duration", "background", "timestamp"}
)
_SAFE_SUFFIX = re.compile(r"\.[a-z0-9]{1,5}")
_RANDOM_STEM = re.compile(r"[0-9a-f]{32}")


class UnreadableImage(ValueError):
    """The upload does not decode as an image, or claims more pixels than Pillow's limit."""


@deconstructible
class RandomName:
    """`upload_to` for a random name under `folder`: the uploader's file name says nothing of
    where the photo was taken or who wrote the document."""

    def __init__(self, folder):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename):
        return f"{self.folder}/{uuid.uuid4().hex}{safe_suffix(filename)}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and self.folder == other.folder


def safe_suffix(filename):
    """The name's extension in lower case if it is a plain one (letters and digits), else ''."""
    suffix = PurePosixPath(filename).suffix.lower()
    return suffix if _SAFE_SUFFIX.fullmatch(suffix) else ""


def has_random_name(name):
    path = PurePosixPath(name)
    return bool(_RANDOM_STEM.fullmatch(path.stem)) and path.suffix == safe_suffix(name)


def open_image(data):
    """The image in `data`, decoded; a decompression bomb is refused before any decoding."""
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice it; both are refused here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            image.load()
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as error:
        raise UnreadableImage(str(error)) from error
    return image


def image_is_clean(data):
    """True if the image carries no metadata and no orientation to apply."""
    image = open_image(data)
    return (
        image.format in _IMAGE_FORMATS
        and not set(image.info) - _PLAIN_IMAGE_INFO
        and not image.getexif()
    )


def clean_image(data):
    """(bytes, suffix): the image upright, in its own format (PNG if not JPEG, PNG or WebP),
    without any metadata. Raises `UnreadableImage`."""
    image = open_image(data)
    image_format = image.format if image.format in _IMAGE_FORMATS else "PNG"
    upright = ImageOps.exif_transpose(image)
    # Only what the pixels need: the writers take EXIF, XMP, ICC profiles and comments from here.
    upright.info = {key: value for key, value in upright.info.items() if key == "transparency"}
    options = {}
    if image_format == "JPEG":
        if upright.mode not in {"L", "RGB", "CMYK"}:
            upright = upright.convert("RGB")
        options = {"quality": 90}
    elif image_format == "WEBP":
        options = {"quality": 90}
    elif upright.mode not in {"1", "L", "LA", "I", "P", "RGB", "RGBA"}:
        upright = upright.convert("RGBA" if "A" in upright.getbands() else "RGB")
    output = io.BytesIO()
    upright.save(output, image_format, **options)
    return output.getvalue(), _IMAGE_FORMATS[image_format]


def clean_pdf(data):
    """The PDF without its /Info dictionary and XMP metadata, or None when it must be kept as it
    is: encrypted, digitally signed, or not parsed cleanly (better kept than corrupted)."""
    reader = _readable_pdf(data)
    if reader is None or not _metadata_of(reader):
        return None
    # pypdf raises many kinds of errors on damaged files; any of them means "keep it as it is".
    try:
        writer = PdfWriter(clone_from=reader)
        writer.metadata = None
        writer.root_object.pop(NameObject("/Metadata"), None)
        for page in writer.pages:
            page.pop(NameObject("/Metadata"), None)
            page.pop(NameObject("/PieceInfo"), None)
        output = io.BytesIO()
        writer.write(output)
        cleaned = output.getvalue()
        check = PdfReader(io.BytesIO(cleaned), strict=True)
        if len(check.pages) != len(reader.pages) or _metadata_of(check):
            return None
    except Exception:  # see above: any error means "keep it as it is"
        return None
    return cleaned


def _readable_pdf(data):
    """A reader of `data` if it is a PDF we may rewrite, else None."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted or _is_signed(reader):
            return None
        len(reader.pages)
    except Exception:  # any parsing error means "keep it as it is"
        return None
    return reader


def _is_signed(reader):
    root = reader.trailer["/Root"].get_object()
    if "/Perms" in root:
        return True
    form = root.get("/AcroForm")
    if form is None:
        return False
    form = form.get_object()
    if form.get("/SigFlags", 0):
        return True
    return any(field.get_object().get("/FT") == "/Sig" for field in form.get("/Fields", []))


def _metadata_of(reader):
    root = reader.trailer["/Root"].get_object()
    info = reader.trailer.get("/Info")
    return bool(
        (info is not None and info.get_object())
        or "/Metadata" in root
        or any("/Metadata" in page or "/PieceInfo" in page for page in reader.pages)
    )


def clean_content(name, data):
    """(name, bytes) of an upload made safe to keep: see the module's docstring. The name's
    extension follows the image format actually written. Raises `UnreadableImage`."""
    suffix = safe_suffix(name)
    if suffix in IMAGE_SUFFIXES:
        data, suffix = clean_image(data)
    elif suffix == ".pdf":
        data = clean_pdf(data) or data
    return str(PurePosixPath(name).with_suffix("")) + suffix, data


def clean_upload(field_file):
    """Replace a new, not yet stored upload by its cleaned content (and its name's extension by
    the format written)."""
    upload = field_file.file
    upload.seek(0)
    name, data = clean_content(field_file.name, upload.read())
    field_file.file = ContentFile(data, name=name)
    field_file.name = name


class CleanUploadMixin:
    def pre_save(self, model_instance, add):
        field_file = getattr(model_instance, self.attname)
        if field_file and not field_file._committed:
            clean_upload(field_file)
        return super().pre_save(model_instance, add)


class CleanFileField(CleanUploadMixin, models.FileField):
    """A `FileField` whose new files are cleaned (`clean_upload`) before they are stored."""


class CleanImageField(CleanUploadMixin, models.ImageField):
    """An `ImageField` whose new files are re-encoded without metadata before they are stored."""
