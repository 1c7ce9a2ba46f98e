"""Clean the files stored before uploads were cleaned on the way in (see `core.uploads`).

For every file field that cleans its uploads (logos, protocol and accession documents, meeting
attachments): an image with metadata or an orientation to apply is re-encoded, a PDF loses its
metadata where that is safe, and a file under its uploader's name moves to a random one; the
record, and the earlier versions in its history, then point at the new name and the old file is
deleted. Run it once after upgrading, and whenever files were copied in by hand. It is
idempotent: a second run finds nothing to do. `--dry-run` reports what it would do.
"""

from collections import Counter
from pathlib import PurePosixPath

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from core import public_cache
from core.uploads import (
    IMAGE_SUFFIXES,
    CleanUploadMixin,
    UnreadableImage,
    clean_image,
    clean_pdf,
    has_random_name,
    image_is_clean,
    safe_suffix,
)

OUTCOMES = {
    "image": "images re-encoded without metadata",
    "pdf": "PDFs stripped of metadata",
    "renamed": "files given a random name",
    "unchanged": "files already clean",
    "unreadable": "images that do not open (left as they are)",
    "missing": "records whose file is missing",
}


class Command(BaseCommand):
    help = (
        "Re-encode stored images without metadata, strip stored PDFs' metadata and give every "
        "stored upload a random name, updating the records. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change, change nothing"
        )

    def handle(self, *args, dry_run, **options):
        counts = Counter()
        for model, field in _cleaned_file_fields():
            rows = (
                model._default_manager.exclude(**{field.attname: ""})
                .order_by("pk")
                .values_list("pk", field.attname)
            )
            for pk, name in rows.iterator():
                counts.update(_clean_stored_file(model, field, pk, name, dry_run=dry_run))
        prefix = "Would change (dry run): " if dry_run else ""
        self.stdout.write(
            prefix + "; ".join(f"{counts[key]} {label}" for key, label in OUTCOMES.items()) + "."
        )


def _cleaned_file_fields():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, CleanUploadMixin):
                yield model, field


def _clean_stored_file(model, field, pk, name, *, dry_run):
    """The outcomes for one stored file (a list of `OUTCOMES` keys)."""
    storage = field.storage
    if not storage.exists(name):
        return ["missing"]
    with storage.open(name, "rb") as stored:
        data = stored.read()
    outcomes, suffix = [], safe_suffix(name)
    if suffix in IMAGE_SUFFIXES:
        try:
            if not image_is_clean(data):
                data, suffix = clean_image(data)
                outcomes.append("image")
        except UnreadableImage:
            return ["unreadable"]
    elif suffix == ".pdf":
        stripped = clean_pdf(data)
        if stripped is not None:
            data = stripped
            outcomes.append("pdf")
    if not has_random_name(name):
        outcomes.append("renamed")
    if not outcomes:
        return ["unchanged"]
    if not dry_run:
        _store_again(model, field, pk, name, data, suffix)
    return outcomes


@transaction.atomic
def _store_again(model, field, pk, old_name, data, suffix):
    """Store `data` under a new random name, point the record and its history at it, and delete
    the old file once that is committed."""
    storage = field.storage
    new_name = storage.save(
        field.generate_filename(None, str(PurePosixPath(old_name).with_suffix(suffix))),
        ContentFile(data),
    )
    model._default_manager.filter(pk=pk).update(**{field.attname: new_name})
    # update() sends no signal: a public logo or photo changed its address.
    public_cache.bump()
    history = getattr(model._meta, "simple_history_manager_attribute", None)
    if history:
        getattr(model, history).model.objects.filter(**{field.attname: old_name}).update(
            **{field.attname: new_name}
        )
    # A file copied in by hand may be shared by two records: it goes once neither uses it.
    if not model._default_manager.filter(**{field.attname: old_name}).exists():
        transaction.on_commit(lambda: storage.delete(old_name))
