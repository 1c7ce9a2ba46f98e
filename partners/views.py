from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from .files import private_file_response
from .models import Accession


@require_GET
def accession_document(request, pk):
    """The signed accession document: coordinators and the organisation's representatives only.

    Anyone else gets 404, so the address does not even confirm that the accession exists.
    """
    accession = get_object_or_404(Accession.objects.visible_to(request.user), pk=pk)
    return private_file_response(accession.document)
