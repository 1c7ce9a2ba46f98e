"""What the portal holds on one person, for coordinators: see it, download it (JSON) and erase
it. See `partners/personal_data.py` for what is held and what erasing does."""

import json

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from core.access import coordinator_required

from ..models import ContactPerson, JoinRequest
from ..personal_data import (
    contact_erase,
    contact_personal_data,
    join_request_erase,
    join_request_personal_data,
)


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I understand that this cannot be undone: the name, email and phone are deleted "
            "from the record, every earlier version and every join request."
        )
    )


def _get_contact(pk):
    return get_object_or_404(ContactPerson.objects.select_related("organisation"), pk=pk)


def _get_join_request(pk):
    return get_object_or_404(
        JoinRequest.objects.select_related("organisation", "contact__organisation"), pk=pk
    )


def _download(data, name):
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{name}-{timezone.localdate():%Y-%m-%d}.json"'
    )
    return response


def _page(request, *, data, erase, erased, organisation_id, title):
    """The personal data page of one person: what is held (`data`), the download link, and
    the erase form; erasing calls `erase()`, says `erased` and goes to the organisation."""
    form = EraseForm(request.POST if request.method == "POST" else None)
    back_url = reverse("partners:manage_organisation", args=[organisation_id])
    if request.method == "POST" and form.is_valid():
        erase()
        messages.success(request, erased)
        return redirect(back_url)
    person = data if "record" in data else data.get("contact") or {}
    return render(
        request,
        "partners/manage/personal_data.html",
        {
            "record": person.get("record"),
            "history": person.get("history", []),
            "join_requests": [
                *([data["join_request"]] if "join_request" in data else []),
                *person.get("join_requests", []),
            ],
            "form": form,
            "erase_url": request.path,
            "download_url": request.path + "download/",
            "back_url": back_url,
            "title": title,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def contact_personal_data_page(request, pk):
    contact = _get_contact(pk)
    return _page(
        request,
        data=contact_personal_data(contact),
        erase=lambda: contact_erase(contact=contact),
        erased=_("The contact person is erased, with every earlier version."),
        organisation_id=contact.organisation_id,
        title=_("Personal data of %(name)s") % {"name": contact.name},
    )


@require_safe
@coordinator_required
def contact_personal_data_download(request, pk):
    return _download(contact_personal_data(_get_contact(pk)), f"contact-{pk}")


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def join_request_personal_data_page(request, pk):
    join_request = _get_join_request(pk)
    return _page(
        request,
        data=join_request_personal_data(join_request),
        erase=lambda: join_request_erase(join_request=join_request),
        erased=_("The join request's personal data is erased."),
        organisation_id=join_request.organisation_id,
        title=_("Personal data of a join request"),
    )


@require_safe
@coordinator_required
def join_request_personal_data_download(request, pk):
    return _download(join_request_personal_data(_get_join_request(pk)), f"join-request-{pk}")
