"""A large, realistic, deterministic data set for trying the portal at scale.

`plan_data()` decides every value from a `random.Random(seed)` and the reference data alone (no
clock, no database), so the same seed and the same options give the same data on any day.
`write_plan()` then inserts it with `bulk_create`, which skips `save()`: slugs and
`search_text` are made here, and no history records are written for the generated rows.

Names are fictitious (see `word_lists.py`); emails use example.org and no phone numbers are made
up. Used by `manage.py generate_data`.
"""

import datetime
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import translation
from django.utils.text import slugify

from core import public_cache
from core.access import COORDINATORS_GROUP
from core.transliteration import search_text, to_latin
from meetings.models import ActionItem, Attendance, Meeting
from partners.models import (
    Accession,
    Commitment,
    CommitmentUpdate,
    ContactPerson,
    Municipality,
    Organisation,
    Protocol,
    Region,
    Representative,
    SupportArea,
)
from partners.validators import _check_digit

from .word_lists import (
    ACTIONS,
    BUSINESS_FORMS,
    BUSINESS_ROOTS,
    BUSINESS_TRADES,
    COMMITMENTS,
    CRISIS_FORMS,
    FIRST_NAMES,
    KIND_WEIGHTS,
    MEETING_TITLES,
    NGO_FORMS,
    NGO_NAMES,
    PLACE_NAMES,
    POSITIONS,
    REGIONAL_NAMES,
    ROOT_NAMES,
    SECTOR_PHRASES,
    SECTOR_SERVICES,
    SECTOR_WEIGHTS,
    STREETS,
    SURNAMES,
    TOPICS,
    VENUES,
)

SOFIA = ZoneInfo("Europe/Sofia")
SOFIA_MUNICIPALITY = "stolichna"
BATCH_SIZE = 1000
# The generated history runs between these dates, not up to "today": the same seed must give
# the same data whenever it runs. Meetings go on for a few months after, as upcoming ones.
HISTORY_STARTS = datetime.date(2022, 1, 3)
HISTORY_ENDS = datetime.date(2026, 10, 30)
UPCOMING_DAYS = 120

Sector = Organisation.Sector
Status = Organisation.PartnershipStatus


# --- Reference data -------------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """The regions, municipalities and support areas generation draws from, in a fixed order."""

    # (code, Bulgarian, English)
    regions: list
    # region code -> [(slug, Bulgarian, English)]
    municipalities: dict
    # (code, Bulgarian, English)
    areas: list

    @classmethod
    def from_database(cls):
        municipalities = {}
        for municipality in Municipality.objects.select_related("region").order_by("pk"):
            municipalities.setdefault(municipality.region.code, []).append(
                (municipality.slug, municipality.name_bg, municipality.name_en)
            )
        return cls(
            regions=[(r.code, r.name_bg, r.name_en) for r in Region.objects.order_by("code")],
            municipalities=municipalities,
            areas=[(a.code, a.name_bg, a.name_en) for a in SupportArea.objects.order_by("pk")],
        )


def town_names(region_code, name_bg, name_en):
    """The region's main town: the region's own name but for the two around Sofia."""
    if region_code in ("BG-22", "BG-23"):
        return "София", "Sofia"
    return name_bg, name_en


def eik(rng, taken, *, branch=False):
    """A new valid ЕИК: 8 random digits and the check digit (a 13-digit one for a branch)."""
    while True:
        digits = str(rng.randrange(10_000_000, 100_000_000))
        value = digits + str(_check_digit(digits, range(1, 9), range(3, 11)))
        if branch:
            value += f"{rng.randrange(1, 1000):03d}"
            value += str(_check_digit(value[8:12], (2, 7, 3, 5), (4, 9, 5, 7)))
        if value not in taken:
            taken.add(value)
            return value


class Slugs:
    """Unique slugs made in memory, as `partners.models.unique_slug` would, without a query
    per row: `taken` holds the slugs the table already has."""

    def __init__(self, taken, *, max_length):
        self.taken = set(taken)
        self.max_length = max_length
        self.next_number = {}

    def make(self, text):
        base = slugify(to_latin(text))[: self.max_length].strip("-") or "item"
        slug, number = base, self.next_number.get(base, 2)
        while slug in self.taken:
            suffix = f"-{number}"
            slug = base[: self.max_length - len(suffix)] + suffix
            number += 1
        self.next_number[base] = number
        self.taken.add(slug)
        return slug


# --- Planning: plain data, no database ------------------------------------------------------


@dataclass
class Plan:
    organisations: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    protocols: list = field(default_factory=list)
    accessions: list = field(default_factory=list)
    meetings: list = field(default_factory=list)


def _day_between(rng, start, end):
    return start + datetime.timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _weighted(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class _Planner:
    def __init__(self, rng, reference, taken_slugs, taken_meeting_slugs, taken_eiks):
        self.rng = rng
        self.reference = reference
        self.slugs = Slugs(taken_slugs, max_length=80)
        self.meeting_slugs = Slugs(taken_meeting_slugs, max_length=90)
        self.eiks = set(taken_eiks)
        self.names = set()
        self.area_names = {code: (bg, en) for code, bg, en in reference.areas}
        # The protocol's three regions and the capital are busier than the rest.
        self.region_weights = {
            code: {"BG-18": 12, "BG-25": 8, "BG-16": 10, "BG-22": 10}.get(code, 2)
            for code, _bg, _en in reference.regions
        }
        self.regions = {code: (bg, en) for code, bg, en in reference.regions}

    def region_town(self, region_code):
        """The region's main town in Bulgarian and English, or the country for national ones."""
        if region_code:
            return town_names(region_code, *self.regions[region_code])
        return "България", "Bulgaria"

    def place(self, region_code, municipality):
        """The town in Bulgarian and English: the municipality's, else the region's."""
        if municipality and municipality[0] != SOFIA_MUNICIPALITY:
            return municipality[1], municipality[2]
        return self.region_town(region_code)

    def name(self, sector, region_code, municipality):
        """(sector, Bulgarian name, English name): unique names; a sector whose names run out in
        this place gives way to a business or an NGO."""
        rng = self.rng
        town_bg, town_en = self.place(region_code, municipality)
        for _attempt in range(6):
            if sector == Sector.MUNICIPALITY:
                if not municipality:
                    break
                if municipality[0] == SOFIA_MUNICIPALITY:
                    bg, en = "Столична община", "Sofia Municipality"
                else:
                    bg, en = f"Община {town_bg}", f"{town_en} Municipality"
            elif sector in PLACE_NAMES and (
                sector not in ROOT_NAMES or rng.random() < 0.6 or _attempt > 2
            ):
                bg, en = rng.choice(PLACE_NAMES[sector])
                where_bg, where_en = (
                    self.region_town(region_code) if bg in REGIONAL_NAMES else (town_bg, town_en)
                )
                bg, en = bg.format(where_bg), en.format(where_en)
            elif sector in ROOT_NAMES:
                form_bg, form_en = rng.choice(ROOT_NAMES[sector])
                root_bg, root_en = rng.choice(BUSINESS_ROOTS)
                bg, en = form_bg.format(root_bg), form_en.format(root_en)
            elif sector in (Sector.NGO, Sector.CRISIS_CENTRE):
                forms = CRISIS_FORMS if sector == Sector.CRISIS_CENTRE else NGO_FORMS
                form_bg, form_en = rng.choice(forms)
                word_bg, word_en = rng.choice(NGO_NAMES)
                bg, en = form_bg.format(word_bg), form_en.format(word_en)
                if rng.random() < 0.5:
                    bg, en = f"{bg} – {town_bg}", f"{en} – {town_en}"
            else:
                sector = Sector.BUSINESS
                root_bg, root_en = rng.choice(BUSINESS_ROOTS)
                trade_bg, trade_en = rng.choice(BUSINESS_TRADES)
                form_bg, form_en = rng.choice(BUSINESS_FORMS)
                core_bg, core_en = f"{root_bg} {trade_bg}", f"{root_en} {trade_en}"
                if f"„{core_bg}“ {form_bg}" in self.names:
                    number = rng.randint(2, 99)
                    core_bg, core_en = f"{core_bg} {number}", f"{core_en} {number}"
                bg, en = f"„{core_bg}“ {form_bg}", f'"{core_en}" {form_en}'
            if bg not in self.names:
                self.names.add(bg)
                return sector, bg, en
        fallback = Sector.BUSINESS if rng.random() < 0.6 else Sector.NGO
        return self.name(fallback, region_code, municipality)

    def organisation(self, index):
        rng, reference = self.rng, self.reference
        if index < len(reference.regions):
            region_code = reference.regions[index][0]  # every region has organisations
        elif rng.random() < 0.03:
            region_code = None  # national
        else:
            region_code = _weighted(rng, self.region_weights)
        options = reference.municipalities.get(region_code, [])
        municipality = rng.choice(options) if options and rng.random() < 0.9 else None
        town_bg, town_en = self.place(region_code, municipality)
        sector = _weighted(rng, SECTOR_WEIGHTS)
        if region_code is None and (sector in PLACE_NAMES or sector == Sector.MUNICIPALITY):
            sector = Sector.NGO  # a national body here is a network or a foundation
        sector, name_bg, name_en = self.name(sector, region_code, municipality)
        preferred = SECTOR_SERVICES[sector]
        services = rng.sample(preferred, rng.randint(1, min(3, len(preferred))))
        if rng.random() < 0.1:
            extra = rng.choice(reference.areas)[0]
            if extra not in services:
                services.append(extra)
        phrase_bg, phrase_en = SECTOR_PHRASES[sector]
        offers_bg = ", ".join(self.area_names[code][0].lower() for code in services)
        offers_en = ", ".join(self.area_names[code][1].lower() for code in services)
        slug = self.slugs.make(name_bg)
        fields = {
            "name_bg": name_bg,
            "name_en": name_en,
            "slug": slug,
            "sector": sector,
            "description_bg": f"{phrase_bg} от {town_bg}. В подкрепа на жени, преживели "
            f"насилие, предлага: {offers_bg}.",
            "description_en": f"{phrase_en} from {town_en}. For women survivors of violence "
            f"it offers: {offers_en}.",
            "registration_id": eik(rng, self.eiks, branch=rng.random() < 0.05)
            if rng.random() < 0.9
            else "",
            "partnership_status": Status.PROSPECT if rng.random() < 0.65 else Status.IN_TALKS,
        }
        if region_code and rng.random() < 0.7:
            street, number = rng.choice(STREETS), rng.randint(1, 120)
            fields["address_bg"] = f"гр. {town_bg}, ул. „{street}“ {number}"
            fields["address_en"] = f"{number} {to_latin(street)} St., {town_en}"
        if rng.random() < 0.4:
            fields["website"] = f"https://{slug}.example.org/"
        if rng.random() < 0.5:
            fields["public_email"] = f"office@{slug}.example.org"
        return {
            "fields": fields,
            "region": region_code,
            "municipality": municipality[0] if municipality else None,
            "services": services,
        }

    def contacts(self, index, organisation, how_many):
        rng = self.rng
        for _ in range(how_many):
            first, gender = rng.choice(FIRST_NAMES)
            surname = rng.choice(SURNAMES) + ("а" if gender == "f" else "")
            position_bg, position_en = rng.choice(POSITIONS)
            is_public = rng.random() < 0.3
            login = f"{to_latin(first)}.{to_latin(surname)}".lower()
            yield (
                index,
                {
                    "name": f"{first} {surname}",
                    "position_bg": position_bg,
                    "position_en": position_en,
                    "email": f"{login}@{organisation['fields']['slug']}.example.org",
                    "is_public": is_public,
                    "consent_on": _day_between(rng, HISTORY_STARTS, HISTORY_ENDS)
                    if is_public
                    else None,
                },
            )


def plan_data(
    *,
    seed,
    organisations,
    meetings,
    reference,
    contacts_per_organisation=3,
    accessions=None,
    commitments_per_accession=4,
    updates_per_commitment=2,
    attendance_per_meeting=6,
    action_items_per_meeting=2,
    taken_slugs=(),
    taken_meeting_slugs=(),
    taken_eiks=(),
):
    """Every value of the data set, from `seed` and `reference` only: the same arguments give
    the same plan. `taken_*` are values the database already holds and must not repeat."""
    rng = random.Random(seed)  # noqa: S311  (repeatable test data, not secrets)
    planner = _Planner(rng, reference, taken_slugs, taken_meeting_slugs, taken_eiks)
    plan = Plan()

    for index in range(organisations):
        organisation = planner.organisation(index)
        plan.organisations.append(organisation)
        plan.contacts.extend(
            planner.contacts(index, organisation, rng.randint(0, contacts_per_organisation))
        )

    by_region = {}
    for index, organisation in enumerate(plan.organisations):
        by_region.setdefault(organisation["region"], []).append(index)
    for code, bg, en in reference.regions:
        members = by_region.get(code)
        if not members:
            continue
        crisis = [
            i for i in members if plan.organisations[i]["fields"]["sector"] == "crisis_centre"
        ]
        plan.protocols.append(
            {
                "region": code,
                "slug": slugify(to_latin(f"Териториален протокол за взаимодействие област {bg}")),
                "name_bg": f"Териториален протокол за взаимодействие – област {bg}",
                "name_en": f"Territorial Protocol for Cooperation – {en} region",
                "coordinator": (crisis or members)[0],
                "established_on": _day_between(
                    rng, HISTORY_STARTS, HISTORY_STARTS + datetime.timedelta(days=540)
                ),
            }
        )
    protocol_of_region = {p["region"]: i for i, p in enumerate(plan.protocols)}
    for protocol in plan.protocols:
        coordinator = plan.organisations[protocol["coordinator"]]["fields"]
        coordinator["partnership_status"] = Status.MEMBER

    _plan_accessions(
        rng, plan, protocol_of_region, accessions, commitments_per_accession, updates_per_commitment
    )
    for organisation in plan.organisations:
        fields = organisation["fields"]
        member = fields["partnership_status"] == Status.MEMBER
        fields["is_published"] = rng.random() < (0.85 if member else 0.1)
        if rng.random() < 0.02:
            fields["archived_at"] = datetime.datetime.combine(
                _day_between(rng, HISTORY_STARTS, HISTORY_ENDS), datetime.time(12), SOFIA
            )

    _plan_meetings(
        rng,
        planner,
        plan,
        by_region,
        protocol_of_region,
        meetings,
        attendance_per_meeting,
        action_items_per_meeting,
    )
    return plan


def _plan_accessions(rng, plan, protocol_of_region, how_many, per_accession, updates):
    if not plan.protocols:
        return
    if how_many is None:
        how_many = round(len(plan.organisations) * 0.4)
    statuses = {
        "active": 55, "signed": 15, "draft": 12, "suspended": 6, "expired": 6, "withdrawn": 6,
    }  # fmt: skip
    organisation_status = {
        "active": Status.MEMBER, "signed": Status.MEMBER, "draft": Status.IN_TALKS,
        "suspended": Status.SUSPENDED, "expired": Status.IN_TALKS, "withdrawn": Status.WITHDRAWN,
    }  # fmt: skip
    # Coordinators run their protocols rather than join them.
    coordinators = {protocol["coordinator"] for protocol in plan.protocols}
    candidates = [i for i in range(len(plan.organisations)) if i not in coordinators]
    for index in sorted(rng.sample(candidates, min(how_many, len(candidates)))):
        organisation = plan.organisations[index]
        if organisation["region"] in protocol_of_region:
            protocol = protocol_of_region[organisation["region"]]
        else:
            protocol = rng.randrange(len(plan.protocols))
        established_on = plan.protocols[protocol]["established_on"]
        status = _weighted(rng, statuses)
        organisation["fields"]["partnership_status"] = organisation_status[status]
        signed_on, valid_until = None, None
        if status == "expired":
            signed_on = _day_between(rng, established_on, HISTORY_ENDS - datetime.timedelta(400))
            valid_until = signed_on + datetime.timedelta(days=365)
        elif status != "draft":
            signed_on = _day_between(rng, established_on, HISTORY_ENDS)
            if rng.random() < 0.25:
                valid_until = HISTORY_ENDS + datetime.timedelta(days=rng.randint(30, 900))
        name_bg = organisation["fields"]["name_bg"]
        coordinator = plan.organisations[plan.protocols[protocol]["coordinator"]]
        commitments = []
        areas = organisation["services"]
        for position in range(rng.randint(1, max(per_accession, 1)) if per_accession else 0):
            area = rng.choice(areas) if rng.random() < 0.7 else rng.choice(list(COMMITMENTS))
            text_bg, text_en, unit_bg, unit_en = rng.choice(COMMITMENTS[area])
            if status in ("withdrawn",):
                commitment_status = Commitment.Status.WITHDRAWN
            elif status == "expired":
                commitment_status = rng.choice(
                    [Commitment.Status.FULFILLED, Commitment.Status.LAPSED]
                )
            elif status == "draft":
                commitment_status = Commitment.Status.ACTIVE
            else:
                commitment_status = rng.choices(list(Commitment.Status), weights=[70, 20, 7, 3])[0]
            counted = rng.random() < 0.4
            commitment = {
                "support_area": area,
                "text_bg": text_bg,
                "text_en": text_en,
                "status": commitment_status,
                "target": rng.randint(2, 30) if counted else None,
                "target_unit_bg": unit_bg if counted else "",
                "target_unit_en": unit_en if counted else "",
                "is_public": rng.random() < 0.9,
                "position": position,
                "updates": [],
            }
            if signed_on:
                days = sorted(
                    _day_between(rng, signed_on, valid_until or HISTORY_ENDS)
                    for _ in range(rng.randint(0, updates))
                )
                for day in days:
                    amount = rng.randint(1, 5)
                    commitment["updates"].append(
                        {
                            "reported_on": min(day, HISTORY_ENDS),
                            "amount": amount,
                            "note": f"Изпълнени {amount} {unit_bg} през периода.",
                        }
                    )
            commitments.append(commitment)
        plan.accessions.append(
            {
                "organisation": index,
                "protocol": protocol,
                "status": status,
                "signed_on": signed_on,
                "valid_until": valid_until,
                "signatories": ""
                if status == "draft"
                else f"Представляващ, {name_bg}\nКоординатор, {coordinator['fields']['name_bg']}",
                "commitments": commitments,
            }
        )


def _plan_meetings(
    rng, planner, plan, by_region, protocol_of_region, how_many, attendance, actions
):
    reference = planner.reference
    last_day = HISTORY_ENDS + datetime.timedelta(days=UPCOMING_DAYS)
    span = (last_day - HISTORY_STARTS).days
    everyone = range(len(plan.organisations))
    # Chronological order, so that "a later meeting" is simply one further down the list.
    starts = sorted(
        datetime.datetime.combine(
            HISTORY_STARTS + datetime.timedelta(days=rng.randint(0, span)),
            datetime.time(rng.randint(9, 16), rng.choice((0, 30))),
            SOFIA,
        )
        for _ in range(how_many)
    )
    for index, starts_at in enumerate(starts):
        day = starts_at.date()
        past = day <= HISTORY_ENDS
        region_code = _weighted(rng, planner.region_weights) if rng.random() < 0.95 else None
        options = reference.municipalities.get(region_code, [])
        municipality = rng.choice(options) if options and rng.random() < 0.8 else None
        town_bg, town_en = planner.place(region_code, municipality)
        local = by_region.get(region_code) or everyone

        attendees = []
        if plan.organisations and attendance:
            wanted = min(rng.randint(1, attendance), len(plan.organisations))
            chosen = set()
            while len(attendees) < wanted:
                pool = local if rng.random() < 0.7 else everyone
                candidate = pool[rng.randrange(len(pool))]
                if candidate not in chosen:
                    chosen.add(candidate)
                    if not attendees:
                        role, people = Attendance.Role.HOST, rng.randint(1, 4)
                    else:
                        role = rng.choices(list(Attendance.Role)[1:], weights=[75, 12, 8, 5])[0]
                        people = rng.randint(1, 3)
                    attendees.append((candidate, role, people))
        host = plan.organisations[attendees[0][0]]["fields"] if attendees else None
        kind = _weighted(rng, KIND_WEIGHTS)
        title_bg, title_en = rng.choice(MEETING_TITLES[kind])
        if "{host}" in title_bg and not host:
            kind = Meeting.Kind.PARTNER_MEETING
            title_bg, title_en = MEETING_TITLES[kind][0]
        values = {
            "place": town_bg,
            "place_en": town_en,
            "host": host["name_bg"] if host else "",
            "host_en": host["name_en"] if host else "",
        }
        title_bg, title_en = title_bg.format(**values), title_en.format(**values)
        topic_bg, topic_en = rng.choice(TOPICS)
        people = sum(count for _organisation, _role, count in attendees)
        is_published = rng.random() < (0.65 if past else 0.4)
        fields = {
            "slug": planner.meeting_slugs.make(f"{day:%Y-%m-%d}-{title_bg}"),
            "kind": kind,
            "title_bg": title_bg,
            "title_en": title_en,
            "starts_at": starts_at,
            "ends_at": starts_at
            + (
                datetime.timedelta(days=rng.randint(1, 2), hours=6)
                if rng.random() < 0.03
                else datetime.timedelta(minutes=rng.choice((60, 90, 120, 180)))
            ),
            "participant_count": people + rng.randint(0, 15) if past else None,
            "is_published": is_published,
        }
        if region_code is None:
            fields["venue_bg"], fields["venue_en"] = "Онлайн", "Online"
        elif rng.random() < 0.85:
            venue_bg, venue_en = rng.choice(VENUES)
            fields["venue_bg"], fields["venue_en"] = (
                f"{venue_bg}, {town_bg}",
                f"{venue_en}, {town_en}",
            )
        fields["agenda_bg"] = (
            f"1. Представяне на участниците.\n2. Обсъждане на {topic_bg}.\n3. Следващи стъпки."
        )
        fields["agenda_en"] = f"1. Introductions.\n2. Discussion of {topic_en}.\n3. Next steps."
        if past and (is_published or rng.random() < 0.3):
            fields["public_summary_bg"] = (
                f"Представители на {len(attendees)} организации обсъдиха {topic_bg} и "
                "договориха следващите стъпки."
            )
            fields["public_summary_en"] = (
                f"Representatives of {len(attendees)} organisations discussed {topic_en} and "
                "agreed on the next steps."
            )
        if rng.random() < 0.3:
            fields["private_notes"] = "Да се проследи изпълнението на договореното."

        items = []
        for _ in range(rng.randint(0, actions) if actions else 0):
            text_bg, text_en = rng.choice(ACTIONS)
            due_on = day + datetime.timedelta(days=rng.randint(7, 90))
            item = {
                "text_bg": text_bg,
                "text_en": text_en,
                "due_on": due_on,
                "status": ActionItem.Status.OPEN,
                "done_on": None,
                "not_done_reason": "",
                "responsible": None,
                "taken_over_by": None,
            }
            if attendees and rng.random() < 0.8:
                item["responsible"] = rng.choice(attendees)[0]
            if past:
                outcome = rng.random()
                if outcome < (0.6 if due_on <= HISTORY_ENDS else 0.2):
                    item["status"] = ActionItem.Status.DONE
                    done_on = _day_between(rng, day, due_on + datetime.timedelta(days=20))
                    item["done_on"] = min(done_on, HISTORY_ENDS)
                elif outcome > 0.85 and due_on <= HISTORY_ENDS:
                    item["status"] = ActionItem.Status.NOT_DONE
                    item["not_done_reason"] = rng.choice(list(ActionItem.NotDoneReason))
                    if index + 1 < how_many and rng.random() < 0.5:
                        item["taken_over_by"] = rng.randint(
                            index + 1, min(index + 200, how_many - 1)
                        )
            items.append(item)

        plan.meetings.append(
            {
                "fields": fields,
                "protocol": protocol_of_region.get(region_code) if rng.random() < 0.7 else None,
                "region": region_code,
                "municipality": municipality[0] if municipality else None,
                "attendance": attendees,
                "actions": items,
            }
        )


# --- Writing: bulk inserts ------------------------------------------------------------------


# Bulgarian active: the untranslated columns of translated fields take the Bulgarian text.
@translation.override("bg")
def write_plan(plan, *, batch_size=BATCH_SIZE, representatives=None, coordinators=0):
    """Insert `plan` in batches; returns how many rows of each kind were created.

    Users too: a partner representative (`rep-<slug>`, `<slug>@example.org`, no usable password)
    for each of the first `representatives` organisations that joined a protocol (default: every
    one), and `coordinators` members of the Coordinators group."""
    regions = {region.code: region.pk for region in Region.objects.all()}
    municipalities = {
        (code, slug): pk
        for code, slug, pk in Municipality.objects.values_list("region__code", "slug", "pk")
    }
    areas = dict(SupportArea.objects.values_list("code", "pk"))

    organisations = []
    for row in plan.organisations:
        organisation = Organisation(
            **row["fields"],
            region_id=regions.get(row["region"]),
            municipality_id=municipalities.get((row["region"], row["municipality"])),
        )
        organisation.refresh_search_text()
        organisations.append(organisation)
    Organisation.objects.bulk_create(organisations, batch_size=batch_size)
    Services = Organisation.services.through
    Services.objects.bulk_create(
        [
            Services(organisation_id=organisation.pk, supportarea_id=areas[code])
            for organisation, row in zip(organisations, plan.organisations, strict=True)
            for code in row["services"]
        ],
        batch_size=batch_size,
    )
    ContactPerson.objects.bulk_create(
        [ContactPerson(organisation_id=organisations[i].pk, **f) for i, f in plan.contacts],
        batch_size=batch_size,
    )

    # One protocol a region: an earlier run's is joined again, not repeated.
    protocols, new_protocols = [], 0
    for row in plan.protocols:
        protocol, created = Protocol.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "name_bg": row["name_bg"],
                "name_en": row["name_en"],
                "region_id": regions[row["region"]],
                "coordinator": organisations[row["coordinator"]],
                "established_on": row["established_on"],
            },
        )
        protocols.append(protocol)
        new_protocols += created

    accessions = [
        Accession(
            protocol=protocols[row["protocol"]],
            organisation=organisations[row["organisation"]],
            status=row["status"],
            signed_on=row["signed_on"],
            valid_until=row["valid_until"],
            signatories=row["signatories"],
        )
        for row in plan.accessions
    ]
    Accession.objects.bulk_create(accessions, batch_size=batch_size)
    commitments, commitment_rows = [], []
    for accession, row in zip(accessions, plan.accessions, strict=True):
        for commitment in row["commitments"]:
            fields = {k: v for k, v in commitment.items() if k not in ("support_area", "updates")}
            commitments.append(
                Commitment(
                    accession=accession,
                    support_area_id=areas[commitment["support_area"]],
                    **fields,
                )
            )
            commitment_rows.append(commitment)
    Commitment.objects.bulk_create(commitments, batch_size=batch_size)
    updates = CommitmentUpdate.objects.bulk_create(
        [
            CommitmentUpdate(commitment=commitment, **update)
            for commitment, row in zip(commitments, commitment_rows, strict=True)
            for update in row["updates"]
        ],
        batch_size=batch_size,
    )

    meetings = [
        Meeting(
            **row["fields"],
            protocol=protocols[row["protocol"]] if row["protocol"] is not None else None,
            municipality_id=municipalities.get((row["region"], row["municipality"])),
        )
        for row in plan.meetings
    ]
    for meeting in meetings:
        meeting.search_text = search_text(meeting.title_bg, meeting.title_en)
    Meeting.objects.bulk_create(meetings, batch_size=batch_size)
    attendance = Attendance.objects.bulk_create(
        [
            Attendance(meeting=meeting, organisation=organisations[i], role=role, people=people)
            for meeting, row in zip(meetings, plan.meetings, strict=True)
            for i, role, people in row["attendance"]
        ],
        batch_size=batch_size,
    )
    action_items = []
    for meeting, row in zip(meetings, plan.meetings, strict=True):
        for item in row["actions"]:
            fields = dict(item)
            responsible, taken_over_by = fields.pop("responsible"), fields.pop("taken_over_by")
            action_items.append(
                ActionItem(
                    meeting=meeting,
                    responsible=organisations[responsible] if responsible is not None else None,
                    taken_over_by=meetings[taken_over_by] if taken_over_by is not None else None,
                    **fields,
                )
            )
    ActionItem.objects.bulk_create(action_items, batch_size=batch_size)
    users = _write_users(accessions, representatives, coordinators, batch_size)
    # bulk_create sends no signal: the public pages learn of the new records here.
    public_cache.bump()
    return {
        "organisations": len(organisations),
        "contact persons": len(plan.contacts),
        "protocols": new_protocols,
        "accessions": len(accessions),
        "commitments": len(commitments),
        "progress updates": len(updates),
        "meetings": len(meetings),
        "attendance": len(attendance),
        "action items": len(action_items),
        **users,
    }


def _write_users(accessions, representatives, coordinators, batch_size):
    """Representatives for the organisations of `accessions` (each once), and coordinators."""
    User = get_user_model()
    joined = list(dict.fromkeys(accession.organisation for accession in accessions))
    if representatives is not None:
        joined = joined[:representatives]
    users = [
        User(username=f"rep-{organisation.slug}"[:150], email=f"{organisation.slug}@example.org")
        for organisation in joined
    ]
    for user in users:
        user.set_unusable_password()
    User.objects.bulk_create(users, batch_size=batch_size)
    Representative.objects.bulk_create(
        [
            Representative(user=user, organisation=organisation)
            for user, organisation in zip(users, joined, strict=True)
        ],
        batch_size=batch_size,
    )
    group = Group.objects.get(name=COORDINATORS_GROUP)
    start = User.objects.filter(username__startswith="generated-coordinator-").count()
    made = []
    for number in range(start, start + coordinators):
        user = User(
            username=f"generated-coordinator-{number}",
            email=f"coordinator-{number}@example.org",
        )
        user.set_unusable_password()
        made.append(user)
    User.objects.bulk_create(made)
    group.user_set.add(*made)
    return {"representatives": len(users), "coordinators": len(made)}
