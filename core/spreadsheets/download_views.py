"""A coordinator's list downloads: the buttons of a list post here, the job is queued, and the
download's page shows how far it has come, then the file. A download is its requester's alone:
anyone else gets 404, as if it did not exist."""

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from ..access import coordinator_required, get_for_user
from ..files import private_file_response
from ..jobs import read_progress
from ..models import Download
from .download_jobs import progress_key, start_download
from .downloads import CONTENT_TYPES
from .forms import DownloadForm


def _get_download_for_user(request, pk):
    return get_for_user(Download.objects, request.user, pk)


@require_POST
@coordinator_required
def download_start(request):
    """Queue the file of the list the form names (or find the one under way) and go to its
    page."""
    form = DownloadForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "manage/download_offer.html",
            {"form": form, "file_format": request.POST.get("file_format", "")},
            status=400,
        )
    download = start_download(
        user=request.user,
        path=form.cleaned_data["path"],
        file_format=form.cleaned_data["file_format"],
    )
    return redirect(download)


@require_safe
@coordinator_required
def download_page(request, pk):
    """While the job works: how far it has come; then the file's link, or why it failed."""
    download = _get_download_for_user(request, pk)
    progress = read_progress(progress_key(download.pk)) if download.is_waiting else None
    return render(request, "manage/download.html", {"download": download, "progress": progress})


@require_safe
@coordinator_required
def download_progress(request, pk):
    """For the page's script (js/import-progress.js): the download's status and, while the job
    works, {"phase", "done", "total"}; the script reloads the page when the status changes."""
    download = _get_download_for_user(request, pk)
    answer = {"status": download.status}
    if download.is_waiting:
        answer.update(read_progress(progress_key(download.pk)) or {})
    return JsonResponse(answer)


@require_safe
@coordinator_required
def download_file(request, pk):
    download = _get_download_for_user(request, pk)
    if download.status != Download.Status.READY:
        return redirect(download)
    return private_file_response(
        download.file,
        filename=download.file_name,
        content_type=CONTENT_TYPES[download.file_format],
    )
