"""The public directory as open data: one record per organisation the directory lists.

`COLUMNS` is the one definition of the files' columns: the CSV header, the JSON keys and the
documentation page all come from it, so they cannot drift apart. Every value is something the
public site already shows (the directory and the partner pages); nothing private is read:
no ЕИК, no contact person, no partnership status, nothing of accessions but the date of the
first signing and the support areas of the public commitments that stand today.

Keys are stable and the same in every language; values are not translated, except the
`_bg` / `_en` pairs.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from functools import cache

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.spreadsheets.downloads import neutralise_formula

from .models import Commitment, Organisation

CSV_LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    key: str
    description: str
    # value(organisation, source) -> the value; `source` is the `Source` of this download.
    value: object


# A slug that stands for each organisation's in the address reversed once per language.
SLUG_STAND_IN = "0-slug-0"


@dataclass(frozen=True)
class Source:
    """What one download needs beyond each organisation's own row."""

    request: object
    committed: dict
    # {language: the public page's full address with SLUG_STAND_IN}: reversing the address
    # of each of 10,000 organisations twice took longer than the rest of the file.
    addresses: dict = field(default_factory=dict)

    def public_url(self, organisation, language):
        address = self.addresses.get(language)
        if address is None:
            with translation.override(language):
                path = reverse("partners:detail", args=[SLUG_STAND_IN])
            address = self.addresses[language] = self.request.build_absolute_uri(path)
        return address.replace(SLUG_STAND_IN, organisation.slug, 1)


def _field(name):
    return lambda organisation, source: getattr(organisation, name) or ""


@cache
def _label(choices, code, language):
    """The label of `code` in `language`; a few codes, each looked up once."""
    with translation.override(language):
        return str(choices(code).label) if code else ""


def _place_name(place, language):
    """The region's or municipality's name in `language`, the Bulgarian one if it has none."""
    if place is None:
        return ""
    return getattr(place, f"name_{language}") or place.name_bg


def _pair(key, description_bg, description_en, value):
    """`key_bg` and `key_en`: the same fact in each language, given by
    `value(organisation, source, language)`."""
    return [
        Column(
            f"{key}_{language}",
            description,
            lambda organisation, source, language=language: value(organisation, source, language),
        )
        for language, description in (("bg", description_bg), ("en", description_en))
    ]


def _translated(field):
    return lambda organisation, source, language: getattr(organisation, f"{field}_{language}") or ""


COLUMNS = [
    Column(
        "id",
        _("Portal id of the organisation: never reused, never changes."),
        lambda organisation, source: organisation.pk,
    ),
    Column(
        "slug",
        _("Its part of the public page's address; kept when the name changes."),
        _field("slug"),
    ),
    *_pair(
        "url",
        _("Address of its public page in Bulgarian"),
        _("Address of its public page in English"),
        lambda organisation, source, language: source.public_url(organisation, language),
    ),
    *_pair("name", _("Name in Bulgarian"), _("Name in English"), _translated("name")),
    *_pair(
        "short_name",
        _("Short name in Bulgarian"),
        _("Short name in English"),
        _translated("short_name"),
    ),
    Column(
        "sector",
        _("Sector, as a code (the codes are listed on the open data page)."),
        _field("sector"),
    ),
    *_pair(
        "sector",
        _("Sector in Bulgarian"),
        _("Sector in English"),
        lambda organisation, source, language: _label(
            Organisation.Sector, organisation.sector, language
        ),
    ),
    Column(
        "region",
        _("Region, as its ISO 3166-2 code; empty if not given."),
        lambda organisation, source: organisation.region.code if organisation.region else "",
    ),
    *_pair(
        "region",
        _("Region in Bulgarian"),
        _("Region in English"),
        lambda organisation, source, language: _place_name(organisation.region, language),
    ),
    *_pair(
        "municipality",
        _("Municipality in Bulgarian"),
        _("Municipality in English"),
        lambda organisation, source, language: _place_name(organisation.municipality, language),
    ),
    *_pair("address", _("Address in Bulgarian"), _("Address in English"), _translated("address")),
    Column("website", _("Website"), _field("website")),
    Column("public_email", _("Public email address"), _field("public_email")),
    Column("public_phone", _("Public phone number"), _field("public_phone")),
    *_pair(
        "description",
        _("Description in Bulgarian"),
        _("Description in English"),
        _translated("description"),
    ),
    Column(
        "support_offered",
        _("Support areas it offers as services, as codes (listed on the open data page)."),
        lambda organisation, source: [area.code for area in organisation.services.all()],
    ),
    Column(
        "committed_support",
        _(
            "Support areas of its public commitments that stand today (active, under an "
            "accession in force), as codes. The directory's “support offered” filter finds an "
            "organisation by either list."
        ),
        lambda organisation, source: source.committed.get(organisation.pk, []),
    ),
    Column(
        "member_since",
        _("Date it first signed the protocol; empty if it has not signed yet."),
        lambda organisation, source: organisation.first_signed_on,
    ),
    Column(
        "updated_at",
        _("When its record last changed, in UTC."),
        lambda organisation, source: organisation.updated_at,
    ),
]

KEYS = [column.key for column in COLUMNS]


def organisations():
    """Exactly the organisations of the public directory, in the order of their ids."""
    return (
        Organisation.objects.published()
        .with_member_since()
        .select_related("region", "municipality")
        .prefetch_related("services")
        .order_by("pk")
    )


def committed_support():
    """{organisation id: [support area codes]} of the public commitments that stand today
    (`Commitment.objects.public`), in one query: the commitments the partner pages show."""
    pairs = (
        Commitment.objects.public()
        .order_by("support_area__position", "support_area__code")
        .values_list("accession__organisation_id", "support_area__code")
        .distinct()
    )
    committed = {}
    for organisation_id, code in pairs:
        committed.setdefault(organisation_id, []).append(code)
    return committed


def records(request):
    """One dict per listed organisation, keyed as `COLUMNS`, each value in its own type
    (text, number, list of codes, date, datetime). Three queries, however many there are."""
    source = Source(request=request, committed=committed_support())
    return [
        {column.key: column.value(organisation, source) for column in COLUMNS}
        for organisation in organisations()
    ]


def json_value(value):
    """Dates as YYYY-MM-DD, moments in UTC to the second (ISO 8601); the rest as it is."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def csv_value(value):
    """As in JSON, with a list as codes separated by ";" and nothing as an empty cell; a text
    that a spreadsheet would run as a formula gets the site's usual leading apostrophe."""
    value = json_value(value)
    if value is None:
        return ""
    if isinstance(value, list):
        return CSV_LIST_SEPARATOR.join(value)
    return neutralise_formula(value)


def as_csv(rows):
    """UTF-8 with a byte order mark (so Excel reads the Cyrillic right), a header of the keys."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(KEYS)
    for row in rows:
        writer.writerow([csv_value(row[key]) for key in KEYS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_json(request, rows):
    """The document: when it was made, where it is described, the columns, the records."""
    return {
        "generated_at": json_value(timezone.now()),
        "documentation": request.build_absolute_uri(reverse("partners:open_data")),
        "count": len(rows),
        "columns": {column.key: str(column.description) for column in COLUMNS},
        "organisations": [{key: json_value(value) for key, value in row.items()} for row in rows],
    }
