"""The forms of an import: the file to check, then the go-ahead to apply it."""

from django import forms
from django.utils.translation import gettext_lazy as _

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
