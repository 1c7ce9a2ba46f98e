from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from partners.files import private_file_response

from .models import Attachment


@login_not_required
@require_GET
def attachment_file(request, pk):
    """A meeting's file: public ones of published meetings for everyone, the rest for
    coordinators; anyone else gets 404."""
    attachment = get_object_or_404(Attachment.objects.visible_to(request.user), pk=pk)
    return private_file_response(attachment.file)
