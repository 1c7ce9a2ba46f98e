"""The forms of an import (the file to check, then the go-ahead to apply it) and of a list
download."""

from urllib.parse import urlsplit

from django import forms
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .downloads import list_address
from .reading import check_upload, read_table


class ImportUploadForm(forms.Form):
    """Step 1 of an import: the file, read at once so that a file the portal cannot use is
    refused here, next to the field, before anything is stored."""

    file = forms.FileField(
        label=_("Spreadsheet file"),
        help_text=_(
            "CSV (UTF-8 or Windows-1251; commas, semicolons or tabs) or Excel (XLSX), up to "
            "10 MB. The first row holds the column headers, as in the template."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, resource_class, **kwargs):
        super().__init__(*args, **kwargs)
        self.resource_class = resource_class
        self.table = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload)
        return upload

    def clean(self):
        upload = self.cleaned_data.get("file")
        if upload is not None:
            try:
                self.table = read_table(upload, upload.name, self.resource_class)
            except forms.ValidationError as error:
                self.add_error("file", error)
        return self.cleaned_data


class ImportApplyForm(forms.Form):
    """Step 2: apply the checked file; with refused rows, only when told to skip them."""

    skip_refused = forms.BooleanField(
        label=_("Skip the refused rows and import the others"), required=False
    )

    def __init__(self, *args, run, **kwargs):
        super().__init__(*args, **kwargs)
        self.run = run

    def clean(self):
        if self.run.rows_refused and not self.cleaned_data.get("skip_refused"):
            self.add_error(
                "skip_refused",
                _(
                    "Some rows are refused: tick this box to import the other rows without "
                    "them, or correct the file and upload it again."
                ),
            )
        return self.cleaned_data


class DownloadForm(forms.Form):
    """What a list's download buttons send: the list's address with its filters, and the
    format. Filled in by the page, so an error means the address was not one of the portal's
    lists; the job decides, as the user, whether the list has a file for them."""

    path = forms.CharField(label=_("List"), max_length=2000, widget=forms.HiddenInput)
    file_format = forms.ChoiceField(
        label=_("Format"), choices=[("csv", _("CSV")), ("xlsx", _("Excel (XLSX)"))]
    )

    def clean_path(self):
        value = self.cleaned_data["path"]
        address = urlsplit(value)
        if address.scheme or address.netloc or not value.startswith("/"):
            raise forms.ValidationError(_("This is not the address of a list of the portal."))
        try:
            # An address keeps its language: resolved in it, whichever this page's is.
            with translation.override(translation.get_language_from_path(address.path)):
                resolve(address.path)
        except Resolver404 as missing:
            raise forms.ValidationError(
                _("This is not the address of a list of the portal.")
            ) from missing
        return list_address(address.path, address.query)
