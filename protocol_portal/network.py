"""The network at a glance (`/<lang>/network/`, and on the coordinators' dashboard): accessions
signed and ended month by month since the first protocol began, partner organisations by sector
year by year, and a tile map of Bulgaria's 28 regions with each region's partners and
commitments in force.

Public records only, as everywhere on the public site: organisations the directory lists
(`Organisation.objects.published()`), their accessions, and the commitments the public site
counts (`Commitment.objects.public()`). Every figure comes from a fixed number of queries (one
per figure), whatever the size of the network; the charts are SVG drawn here, on the server.
"""

import datetime

from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.models import Accession, Commitment, Organisation, Protocol, Region

# The tile map: one square per region, each where the region lies relative to its neighbours
# (north-west Vidin at the top left, the Black Sea regions on the right, the Rhodopes at the
# bottom). Our own layout, drawn from the regions' positions on the map of Bulgaria's
# ISO 3166-2:BG subdivisions; it keeps neighbours next to each other, not areas or borders.
# ISO code -> (column, row).
TILE_GRID = {
    "BG-05": (0, 0),  # Vidin
    "BG-12": (1, 0),  # Montana
    "BG-06": (2, 0),  # Vratsa
    "BG-15": (3, 0),  # Pleven
    "BG-18": (4, 0),  # Ruse
    "BG-17": (5, 0),  # Razgrad
    "BG-19": (6, 0),  # Silistra
    "BG-08": (7, 0),  # Dobrich
    "BG-14": (0, 1),  # Pernik
    "BG-22": (1, 1),  # Sofia City
    "BG-23": (2, 1),  # Sofia Province
    "BG-11": (3, 1),  # Lovech
    "BG-04": (4, 1),  # Veliko Tarnovo
    "BG-25": (5, 1),  # Targovishte
    "BG-27": (6, 1),  # Shumen
    "BG-03": (7, 1),  # Varna
    "BG-10": (0, 2),  # Kyustendil
    "BG-13": (2, 2),  # Pazardzhik
    "BG-16": (3, 2),  # Plovdiv
    "BG-07": (4, 2),  # Gabrovo
    "BG-24": (5, 2),  # Stara Zagora
    "BG-20": (6, 2),  # Sliven
    "BG-02": (7, 2),  # Burgas
    "BG-01": (1, 3),  # Blagoevgrad
    "BG-21": (3, 3),  # Smolyan
    "BG-09": (4, 3),  # Kardzhali
    "BG-26": (5, 3),  # Haskovo
    "BG-28": (6, 3),  # Yambol
}
# Whole numbers only: a template would write a fraction with the page language's decimal comma.
TILE_WIDTH, TILE_HEIGHT, TILE_GAP = 132, 72, 6
# Shades by the number of partner organisations; portal.css gives each its fill and a text
# colour of at least 4.5:1 contrast on it. The numbers are written on every tile, so the shade
# only repeats what the text says.
SHADE_LIMITS = [(0, 0), (1, 1), (2, 2), (3, 4), (5, None)]

# The month chart's geometry.
CHART_HEIGHT, BAR_WIDTH, BAR_GAP, CHART_PAD = 160, 10, 2, 36


def _shade(count):
    for level, (low, high) in enumerate(SHADE_LIMITS):
        if count >= low and (high is None or count <= high):
            return level
    return len(SHADE_LIMITS) - 1


def shade_legend():
    rows = []
    for level, (low, high) in enumerate(SHADE_LIMITS):
        if high is None:
            label = _("%(low)s or more") % {"low": low}
        elif low == high:
            label = str(low)
        else:
            label = _("%(low)s to %(high)s") % {"low": low, "high": high}
        rows.append({"level": level, "label": label})
    return rows


# --- Regions ---------------------------------------------------------------------------------


def region_rows(today=None):
    """All 28 regions by name, each with its partner organisations in the directory, the
    commitments in force the public site counts and its tile's place. Three queries."""
    organisations = dict(
        Organisation.objects.published()
        .filter(region__isnull=False)
        .values_list("region")
        .annotate(count=Count("pk"))
        .order_by()
    )
    commitments = dict(
        Commitment.objects.public(today)
        .filter(accession__organisation__region__isnull=False)
        .values_list("accession__organisation__region")
        .annotate(count=Count("pk"))
        .order_by()
    )
    rows = []
    for region in Region.objects.all():
        column, row = TILE_GRID[region.code]
        count = organisations.get(region.pk, 0)
        rows.append(
            {
                "region": region,
                "organisations": count,
                "commitments": commitments.get(region.pk, 0),
                "shade": _shade(count),
                "x": column * (TILE_WIDTH + TILE_GAP),
                "y": row * (TILE_HEIGHT + TILE_GAP),
                "position": (row, column),
            }
        )
    return rows


# --- Accessions by month -------------------------------------------------------------------


def _month(day):
    return datetime.date(day.year, day.month, 1)


def _next_month(month):
    return datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def accession_ended_on(*, status, valid_until, changed_on, today):
    """The first day an accession signed at some point was no longer in force, or None while
    it is. Its validity ending decides (as `in_force_condition` does); one suspended, withdrawn
    or expired before that ended on the day its status last changed."""
    if valid_until is not None and valid_until < today:
        return valid_until + datetime.timedelta(days=1)
    if status not in Accession.IN_FORCE:
        return changed_on
    return None


def accession_months(today=None):
    """Month by month from the first protocol's establishment (or the first signing, if
    earlier) to this month: accessions signed, accessions ended, and accessions in force at the
    month's end (this month: today). Accessions of organisations the directory lists; two
    queries."""
    today = today or timezone.localdate()
    signed = [
        {
            "signed_on": signed_on,
            "ended_on": accession_ended_on(
                status=status,
                valid_until=valid_until,
                changed_on=timezone.localtime(updated_at).date(),
                today=today,
            ),
        }
        for signed_on, valid_until, status, updated_at in Accession.objects.filter(
            status__in=Accession.SIGNED, organisation__in=Organisation.objects.published()
        ).values_list("signed_on", "valid_until", "status", "updated_at")
    ]
    began = Protocol.objects.aggregate(first=Min("established_on"))["first"]
    starts = [day for day in [began, *(row["signed_on"] for row in signed)] if day]
    if not starts:
        return []
    joined, ended = {}, {}
    for row in signed:
        joined[_month(row["signed_on"])] = joined.get(_month(row["signed_on"]), 0) + 1
        if row["ended_on"] is not None and row["ended_on"] <= today:
            ended[_month(row["ended_on"])] = ended.get(_month(row["ended_on"]), 0) + 1
    months, month, in_force = [], _month(min(starts)), 0
    while month <= _month(today):
        in_force += joined.get(month, 0) - ended.get(month, 0)
        months.append(
            {
                "month": month,
                "joined": joined.get(month, 0),
                "ended": ended.get(month, 0),
                "in_force": in_force,
            }
        )
        month = _next_month(month)
    return months


def month_chart(months):
    """Where the month chart draws each bar: accessions in force at each month's end as bars,
    the month's signings marked above the axis and its endings below it."""
    top = max([row["in_force"] for row in months] + [row["ended"] for row in months] + [1])
    scale = (CHART_HEIGHT - 2 * CHART_PAD) / top
    base = CHART_HEIGHT - CHART_PAD
    bars = []
    for index, row in enumerate(months):
        x = CHART_PAD + index * (BAR_WIDTH + BAR_GAP)
        height = round(row["in_force"] * scale)
        bars.append(
            {
                **row,
                "x": x,
                "y": base - height,
                "height": height,
                "mark_y": base - height - 6,
                "ended_y": base + 4,
                # Each January, and the first month unless a January follows too soon.
                "label": row["month"].month == 1 or (index == 0 and row["month"].month < 10),
            }
        )
    return {
        "bars": bars,
        "width": CHART_PAD * 2 + len(months) * (BAR_WIDTH + BAR_GAP),
        "height": CHART_HEIGHT,
        "base": base,
        "top": top,
        "top_y": CHART_PAD,
    }


# --- Sectors by year ---------------------------------------------------------------------------


def sector_years(today=None):
    """Partner organisations in the directory by sector, counted at the end of each year since
    the first joined (by their first signed accession, `with_member_since`); one query."""
    today = today or timezone.localdate()
    joined = (
        Organisation.objects.published()
        .with_member_since()
        .filter(first_signed_on__isnull=False)
        .values_list("sector", "first_signed_on")
    )
    first_years = {}
    for sector, first_signed_on in joined:
        first_years.setdefault(sector, []).append(first_signed_on.year)
    if not first_years:
        return {"years": [], "rows": [], "totals": []}
    years = list(range(min(min(y) for y in first_years.values()), today.year + 1))
    rows = []
    for value, label in Organisation.Sector.choices:
        if value not in first_years:
            continue
        counts = [sum(1 for year in first_years[value] if year <= end) for end in years]
        rows.append({"key": value, "label": label, "counts": counts})
    totals = [sum(row["counts"][index] for row in rows) for index in range(len(years))]
    top = max([1, *(count for row in rows for count in row["counts"])])
    for row in rows:
        row["cells"] = [
            {"count": count, "width": round(count / top * 100)} for count in row["counts"]
        ]
    return {"years": years, "rows": rows, "totals": totals}


def network_glance(today=None):
    """Everything the network page (and the dashboard's copy of it) shows."""
    today = today or timezone.localdate()
    months = accession_months(today)
    regions = region_rows(today)
    return {
        "months": months,
        "month_chart": month_chart(months) if months else None,
        "months_with_changes": [row for row in months if row["joined"] or row["ended"]],
        "in_force": months[-1]["in_force"] if months else 0,
        "sectors": sector_years(today),
        "regions": regions,
        # Row by row, west to east: the order a keyboard visits the tiles in.
        "tiles": sorted(regions, key=lambda item: item["position"]),
        "regions_with_partners": [row for row in regions if row["organisations"]],
        "map_width": 8 * (TILE_WIDTH + TILE_GAP) - TILE_GAP,
        "map_height": 4 * (TILE_HEIGHT + TILE_GAP) - TILE_GAP,
        "tile_width": TILE_WIDTH,
        "tile_height": TILE_HEIGHT,
        "shades": shade_legend(),
        "today": today,
    }
