"""What a spreadsheet cell may hold and how it becomes a value of a record (and back).

The widgets of the import / export resources: text, ЕИК, choices by code or label in either
language, yes / no, dates, and references to reference data (regions, municipalities, support
areas, projects) looked up in tables loaded once per file. Shared by the resources of every app.
"""

import datetime
import re

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from import_export import widgets

from .downloads import restore_formula_text

QUOTES = str.maketrans("", "", "\"'„“”«»‘’`")
LIST_SEPARATOR = ";"
YES = {"да", "д", "yes", "y", "1", "true", "x", "истина", "вярно"}
NO = {"не", "н", "no", "n", "0", "false", "", "лъжа"}
# Words people put before a place name: "Област Русе", "обл. Русе", "Община Бяла".
PLACE_PREFIX = re.compile(r"^(област|обл\.|община|общ\.|region|municipality)\s+", re.IGNORECASE)


def normalise(value):
    """The form in which names and labels are compared: case, spacing and quotes ignored."""
    return " ".join(str(value).translate(QUOTES).split()).casefold()


def cell_text(value):
    """A cell as text: numbers without a trailing ".0", the export's formula guard removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return restore_formula_text(str(value)).strip()


def choice_labels(choices):
    """{normalised code or label in Bulgarian or English: code} of a TextChoices class."""
    table = {}
    for code, label in choices.choices:
        table[normalise(code)] = code
        for language in ("bg", "en"):
            with translation.override(language):
                table[normalise(str(label))] = code
    return table


class Lookups:
    """Reference tables of one import, each {normalised key: value}, loaded once per file."""

    AMBIGUOUS = object()

    def __init__(self):
        self.tables = {}

    def add(self, table, keys, value):
        target = self.tables.setdefault(table, {})
        for key in keys:
            if not key:
                continue
            key = normalise(key)
            if target.get(key, value) is not value:
                target[key] = self.AMBIGUOUS
            else:
                target[key] = value

    def find(self, table, text):
        """The value filed under `text`, None when unknown, AMBIGUOUS when several."""
        return self.tables.get(table, {}).get(normalise(text))


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return cell_text(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class RegistrationIdWidget(TextWidget):
    """ЕИК / БУЛСТАТ: spaces dropped; a number cell that lost its leading zeros gets them back."""

    def clean(self, value, row=None, **kwargs):
        text = "".join(cell_text(value).split())
        if isinstance(value, (int, float)) and text.isdigit() and len(text) not in (9, 13):
            text = text.zfill(9 if len(text) < 9 else 13)
        return text


class ChoiceWidget(widgets.Widget):
    """A choice by its code or its label in Bulgarian or English; exported as the Bulgarian
    label, which reads well in Excel and imports back."""

    def __init__(self, choices, *, default=None):
        super().__init__()
        self.choices = choices
        self.default = default
        self._labels = None

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            if self.default is None:
                raise ValueError(_("This column cannot be empty."))
            return self.default
        if self._labels is None:
            self._labels = choice_labels(self.choices)
        code = self._labels.get(normalise(text))
        if code is None:
            raise ValueError(_("“%(value)s” is not one of the allowed values.") % {"value": text})
        return code

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        with translation.override("bg"):
            return str(self.choices(value).label)


class BooleanWidget(widgets.Widget):
    """да / не, yes / no, 1 / 0, true / false, x; an empty cell is "no"."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = normalise(cell_text(value))
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(_("Write “да” or “не” (yes or no)."))

    def render(self, value, obj=None, **kwargs):
        return "да" if value else "не"


DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")
TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%H.%M")


def parse_date(text):
    text = text.removesuffix("г.").strip()
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    raise ValueError(_("Write the date as 2024-09-05 or 05.09.2024."))


class DateWidget(widgets.Widget):
    """ISO dates, dd.mm.yyyy, or date cells."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value)
        return parse_date(text) if text else None

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class DateTimeWidget(widgets.Widget):
    """A date with an optional time ("2024-09-05 10:30", "05.09.2024 10:30", date-time cells),
    in the portal's time zone; without a time, midnight."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            moment = value
        elif isinstance(value, datetime.date):
            moment = datetime.datetime.combine(value, datetime.time())
        else:
            text = cell_text(value).replace("T", " ")
            if not text:
                return None
            day, _space, clock = text.partition(" ")
            moment = datetime.datetime.combine(parse_date(day), self._time(clock.strip()))
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment

    def _time(self, text):
        if not text:
            return datetime.time()
        text = text.removesuffix("ч.").strip()
        for time_format in TIME_FORMATS:
            try:
                return datetime.datetime.strptime(text, time_format).time()
            except ValueError:
                continue
        raise ValueError(_("Write the time as 10:30."))

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        local = timezone.localtime(value)
        return f"{local:%Y-%m-%d %H:%M:%S}" if local.second else f"{local:%Y-%m-%d %H:%M}"


class LookupWidget(widgets.Widget):
    """A reference to a record found by name (or code) in the import's lookup tables.

    `lookups` is set by the resource before each import; `table` says which table; `unknown`
    and `ambiguous` are the messages for a name not found or found more than once.
    """

    table = ""
    lookups = None

    def unknown(self, text):
        raise NotImplementedError

    def ambiguous(self, text):
        return _("“%(value)s” matches more than one record; be more precise.") % {"value": text}

    def find(self, text):
        found = self.lookups.find(self.table, text)
        if found is None:
            found = self.lookups.find(self.table, PLACE_PREFIX.sub("", text.strip()))
        if found is None:
            raise ValueError(self.unknown(text))
        if found is Lookups.AMBIGUOUS:
            raise ValueError(self.ambiguous(text))
        return found

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        return self.find(text) if text else None

    def render(self, value, obj=None, **kwargs):
        return value.name_bg if value else ""


class RegionWidget(LookupWidget):
    table = "region"

    def unknown(self, text):
        return _("Unknown region “%(value)s”.") % {"value": text}


class MunicipalityWidget(LookupWidget):
    """A municipality by name; the same name in several regions is told apart by the row's
    region (a municipality outside that region is left for the model to refuse)."""

    table = "municipality"

    def __init__(self, region_column=None):
        super().__init__()
        self.region_column = region_column

    def unknown(self, text):
        return _("Unknown municipality “%(value)s”.") % {"value": text}

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        region_text = cell_text((row or {}).get(self.region_column))
        region = self.lookups.find("region", region_text) if region_text else None
        if region and region is not Lookups.AMBIGUOUS:
            in_region = self.lookups.find(f"municipality:{region.pk}", text)
            if in_region is None:
                in_region = self.lookups.find(
                    f"municipality:{region.pk}", PLACE_PREFIX.sub("", text)
                )
            if in_region is not None:
                return in_region
        return self.find(text)


class ProjectWidget(LookupWidget):
    table = "project"

    def unknown(self, text):
        return _("Unknown project “%(value)s”.") % {"value": text}

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class SupportAreasWidget(widgets.ManyToManyWidget):
    """Several support areas, separated by ";", each by code or name in either language."""

    lookups = None

    def __init__(self, model):
        super().__init__(model, separator=LIST_SEPARATOR)

    def clean(self, value, row=None, **kwargs):
        areas, unknown = [], []
        for part in cell_text(value).split(LIST_SEPARATOR):
            if not part.strip():
                continue
            area = self.lookups.find("support_area", part)
            if area is None or area is Lookups.AMBIGUOUS:
                unknown.append(part.strip())
            elif area not in areas:
                areas.append(area)
        if unknown:
            raise ValueError(
                _("Unknown support area: %(values)s.") % {"values": ", ".join(unknown)}
            )
        return areas

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return f"{LIST_SEPARATOR} ".join(area.name_bg for area in value.all())
