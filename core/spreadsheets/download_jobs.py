"""List downloads as background jobs: a coordinator asks for a list's file (organisations,
accessions, meetings, … as filtered), a job writes it, the download's page shows how far it has
come and then the file, after a reload or in another browser.

The job asks the list view itself for the file, as the requester, with the address they
downloaded from (its filters and sort, its language), so the very same filters and the same
access layer decide the rows as on the page; links in the file start with `PORTAL_URL`.
A download and its file are deleted a day after it was asked for (a daily duty).
"""

import logging
import re
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.test import RequestFactory
from django.urls import resolve
from django.utils import timezone, translation

from ..jobs import clear_progress, job, report_progress
from ..models import Download

logger = logging.getLogger(__name__)

# A download, its record and its file, is kept this long after it was asked for.
KEPT_FOR = timedelta(days=1)
FILE_NAME = re.compile(r'filename="([^"]+)"')


def progress_key(download_pk):
    return f"download:{download_pk}"


def start_download(*, user, path, file_format):
    """The download of the list at `path` in `file_format` for `user`, queued; the one
    already under way when the same user asked for the same file and it is not ready yet
    (a second click), unless that one is stuck."""
    with transaction.atomic():
        waiting = Download.objects.filter(
            requested_by=user,
            path=path,
            file_format=file_format,
            status__in=Download.WAITING,
            created_at__gte=timezone.now() - Download.STUCK_AFTER,
        ).first()
        if waiting is not None:
            return waiting
        download = Download.objects.create(requested_by=user, path=path, file_format=file_format)
        prepare_download.enqueue(download.pk)
    return download


def _ask_the_list(download, progress):
    """The list view's answer to `?export=` for the requester, in the language of its
    address, as if they had asked in a request to `PORTAL_URL`."""
    portal = urlsplit(settings.PORTAL_URL)
    address = urlsplit(download.path)
    query = f"{address.query}&" if address.query else ""
    request = RequestFactory().get(
        f"{address.path}?{query}export={download.file_format}",
        HTTP_HOST=portal.netloc,
        secure=portal.scheme == "https",
    )
    request.user = download.requested_by
    request.download_progress = progress
    language = translation.get_language_from_path(address.path) or settings.LANGUAGE_CODE
    with translation.override(language):
        request.LANGUAGE_CODE = language
        match = resolve(address.path)
        return match.func(request, *match.args, **match.kwargs)


def _reporter(download_pk):
    def progress(phase, done=None, total=None):
        report_progress(progress_key(download_pk), phase=phase, done=done, total=total)

    return progress


def _finish(download, *, failure=""):
    download.status = Download.Status.FAILED if failure else Download.Status.READY
    download.failure = failure
    download.finished_at = timezone.now()
    download.save()
    clear_progress(progress_key(download.pk))


@job()
def prepare_download(download_id):
    """Write the file of a queued download and keep it for its requester."""
    claimed = Download.objects.filter(pk=download_id, status=Download.Status.QUEUED).update(
        status=Download.Status.WORKING
    )
    if not claimed:
        return  # Prepared already, or deleted: a job does its work once.
    download = Download.objects.select_related("requested_by").get(pk=download_id)
    if not download.requested_by.is_active:
        _finish(download, failure=Download.Failure.FORBIDDEN)
        return
    try:
        response = _ask_the_list(download, _reporter(download.pk))
    except (PermissionDenied, Http404):
        _finish(download, failure=Download.Failure.FORBIDDEN)
        return
    except Exception:
        _finish(download, failure=Download.Failure.ERROR)
        raise
    named = FILE_NAME.search(response.get("Content-Disposition", ""))
    if response.status_code != 200 or named is None:
        # Not a list with a download, or the requester may no longer open it.
        _finish(download, failure=Download.Failure.FORBIDDEN)
        return
    download.file_name = named.group(1)
    download.file.save(download.file_name, ContentFile(response.content), save=False)
    _finish(download)


def prune_downloads(now=None):
    """Delete the downloads asked for more than a day ago, with their files; returns how
    many. Safe to run twice or in two workers at once."""
    cutoff = (now or timezone.now()) - KEPT_FOR
    count = 0
    for download in Download.objects.filter(created_at__lt=cutoff).only("pk", "file"):
        if download.file:
            download.file.delete(save=False)
        count += Download.objects.filter(pk=download.pk).delete()[0]
    return count
