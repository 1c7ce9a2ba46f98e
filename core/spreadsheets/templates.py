"""The template file of an import: bilingual headers, an example row and, in the XLSX, a second
sheet with every allowed value of the coded columns."""

import tablib
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from .columns import ChoiceWidget
from .downloads import CONTENT_TYPES, dataset_response

YES_NO = ("Да / не / Yes / no", "1 / 0", "да / не", "yes / no")


def choice_values(heading, choices):
    """[(heading, code, Bulgarian, English)] of a TextChoices class, for the allowed values."""
    rows = []
    for code, label in choices.choices:
        with translation.override("bg"):
            bg = str(label)
        with translation.override("en"):
            en = str(label)
        rows.append((heading, code, bg, en))
    return rows


def example_row(resource):
    """The resource's example row (`resource.example`), in the columns' order; choices are
    written as their Bulgarian labels, as the exports write them."""
    row = []
    for key in resource.get_export_order():
        value, widget = resource.example.get(key, ""), resource.fields[key].widget
        if value and isinstance(widget, ChoiceWidget):
            value = widget.render(value)
        row.append(value)
    return row


def template_response(resource, basename, file_format):
    """The template to fill in, as `<basename>-template.csv` or `.xlsx`."""
    data = tablib.Dataset(headers=resource.get_export_headers(), title=_("Data")[:31])
    data.append(example_row(resource))
    if file_format == "csv":
        return dataset_response(data, f"{basename}-template", "csv")
    values = tablib.Dataset(
        headers=["Списък / List", "Код / Code", "Български", "English"],
        title=_("Allowed values")[:31],
    )
    for row in resource.allowed_values():
        values.append(row)
    book = tablib.Databook([data, values])
    response = HttpResponse(book.export("xlsx"), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{basename}-template.xlsx"'
    return response
