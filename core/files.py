from django.http import FileResponse, Http404

INLINE_EXTENSIONS = {"jpg", "jpeg", "png", "webp"}


def private_file_response(field_file, *, filename=None, content_type=None):
    """Send a stored file that the caller has already checked the user may read, under its
    stored name or `filename`, its type guessed from the name unless `content_type` says it.

    Documents download as attachments, photos show inline; neither is kept in shared caches.
    """
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    name = filename or field_file.name.rsplit("/", 1)[-1]
    inline = name.lower().rsplit(".", 1)[-1] in INLINE_EXTENSIONS
    response = FileResponse(handle, as_attachment=not inline, filename=name)
    if content_type:
        response["Content-Type"] = content_type
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
