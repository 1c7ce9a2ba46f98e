"""Meetings with their attendance in spreadsheets: one meeting per row, the organisations present
listed in one cell ("Община Русе (домакин); КНСБ"). Built on the partners app's importer.

A row finds its meeting by the portal ID (exports carry it), else by Bulgarian title and start
date. Attendance is added or updated, never deleted; an unknown organisation refuses the row.
"""

import copy
import re

from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Prefetch, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from import_export import widgets

from core.spreadsheets.columns import (
    LIST_SEPARATOR,
    BooleanWidget,
    ChoiceWidget,
    DateTimeWidget,
    Lookups,
    MunicipalityWidget,
    ProjectWidget,
    TextWidget,
    cell_text,
    choice_labels,
    normalise,
)
from core.spreadsheets.resources import Column, SpreadsheetResource
from core.spreadsheets.templates import choice_values
from core.transliteration import search_text
from partners.models import Municipality, Organisation, Project

from .models import Attendance, Meeting

# "Name (role)": the part in brackets is a role only when it names one.
WITH_ROLE = re.compile(r"^(?P<name>.*?)\s*\((?P<role>[^()]*)\)\s*$")


class CountWidget(widgets.Widget):
    """A whole number, or empty."""

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).replace(" ", "")
        if not text:
            return None
        if not text.isdigit():
            raise ValueError(_("Write a whole number, such as 60."))
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class MeetingResource(SpreadsheetResource):
    """Meetings and the organisations present at each."""

    portal_id = Column("Номер в портала", "Portal ID", widget=TextWidget())
    title_bg = Column("Заглавие (BG)", "Title (BG)", attribute="title_bg", widget=TextWidget())
    title_en = Column("Заглавие (EN)", "Title (EN)", attribute="title_en", widget=TextWidget())
    kind = Column("Вид", "Kind", attribute="kind", widget=ChoiceWidget(Meeting.Kind))
    starts_at = Column("Начало", "Starts at", attribute="starts_at", widget=DateTimeWidget())
    ends_at = Column("Край", "Ends at", attribute="ends_at", widget=DateTimeWidget())
    venue_bg = Column("Място (BG)", "Venue (BG)", attribute="venue_bg", widget=TextWidget())
    venue_en = Column("Място (EN)", "Venue (EN)", attribute="venue_en", widget=TextWidget())
    municipality = Column(
        "Община", "Municipality", attribute="municipality", widget=MunicipalityWidget()
    )
    project = Column("Проект", "Project", attribute="project", widget=ProjectWidget())
    participant_count = Column(
        "Участници", "Participants", attribute="participant_count", widget=CountWidget()
    )
    is_published = Column(
        "Публикувана", "Published", attribute="is_published", widget=BooleanWidget()
    )
    public_summary_bg = Column(
        "Публично резюме (BG)",
        "Public summary (BG)",
        attribute="public_summary_bg",
        widget=TextWidget(),
    )
    public_summary_en = Column(
        "Публично резюме (EN)",
        "Public summary (EN)",
        attribute="public_summary_en",
        widget=TextWidget(),
    )
    organisations = Column("Присъстващи организации", "Organisations present", widget=TextWidget())

    required_columns = ("title_bg",)
    clean_exclude = ("slug",)

    class Meta:
        model = Meeting
        fields = (
            "portal_id",
            "title_bg",
            "title_en",
            "kind",
            "starts_at",
            "ends_at",
            "venue_bg",
            "venue_en",
            "municipality",
            "project",
            "participant_count",
            "is_published",
            "public_summary_bg",
            "public_summary_en",
            "organisations",
        )
        import_order = export_order = fields
        skip_diff = True
        report_skipped = True

    # From the demo content's facts; the year is illustrative, the organisations must exist.
    example = {
        "title_bg": "Подписване на присъединяването на Регионален съвет на КНСБ Русе",
        "title_en": "Signing of the accession of KNSB Regional Council Ruse",
        "kind": Meeting.Kind.SIGNING,
        "starts_at": "2023-09-05 11:00",
        "venue_bg": "Русе",
        "venue_en": "Ruse",
        "municipality": "Русе",
        "project": "WEGO3",
        "participant_count": "12",
        "is_published": "да",
        "organisations": "Регионален съвет на КНСБ Русе (домакин); Сдружение „Център Динамика“",
    }

    @staticmethod
    def export_queryset(queryset):
        """`queryset` with what an export reads, in a fixed number of queries."""
        attendances = Attendance.objects.select_related("organisation")
        return queryset.select_related("municipality", "project").prefetch_related(
            Prefetch("attendances", queryset=attendances)
        )

    def allowed_values(self):
        rows = choice_values("Вид / Kind", Meeting.Kind)
        rows += choice_values("Роля / Role", Attendance.Role)
        rows += [
            ("Община / Municipality", m.region.code, m.name_bg, m.name_en)
            for m in Municipality.objects.select_related("region").order_by(
                "region__code", "name_bg"
            )
        ]
        projects = Project.objects.all()
        rows += [("Проект / Project", p.name, p.title_bg, p.title_en) for p in projects]
        return rows + super().allowed_values()

    # --- Reference tables ---------------------------------------------------------------------

    def load_lookups(self, dataset):
        lookups = Lookups()
        for municipality in Municipality.objects.all():
            keys = (municipality.name_bg, municipality.name_en, municipality.slug)
            lookups.add("municipality", keys, municipality)
        for project in Project.objects.all():
            lookups.add("project", (project.name, project.slug), project)
        for organisation in Organisation.objects.only(
            "registration_id", "name_bg", "name_en", "short_name_bg", "short_name_en"
        ):
            lookups.add("org_eik", (organisation.registration_id,), organisation)
            lookups.add("org_name", (organisation.name_bg,), organisation)
            keys = (organisation.name_en, organisation.short_name_bg, organisation.short_name_en)
            lookups.add("org_other", keys, organisation)
        self.roles = choice_labels(Attendance.Role)
        self.slugs = None  # loaded on the first save: a dry run does not need them
        self._load_meetings(dataset, lookups)
        return lookups

    def _load_meetings(self, dataset, lookups):
        """The meetings the file may name: by portal ID, or starting on one of its dates."""
        ids, dates = set(), set()
        headers = dataset.headers or []
        for row in dataset.dict:
            if self.column("portal_id") in headers:
                text = cell_text(row.get(self.column("portal_id")))
                if text.isdigit():
                    ids.add(int(text))
            if self.column("starts_at") in headers:
                try:
                    starts_at = self.value(row, "starts_at")
                except ValueError:
                    continue
                if starts_at:
                    dates.add(timezone.localdate(starts_at))
        meetings = Meeting.objects.filter(Q(pk__in=ids) | Q(starts_at__date__in=dates))
        self.meetings = {meeting.pk: meeting for meeting in meetings}
        for meeting in self.meetings.values():
            key = f"{normalise(meeting.title_bg)}|{timezone.localdate(meeting.starts_at)}"
            lookups.add("meeting", (key,), meeting)
        self.attendance = {}
        for attendance in Attendance.objects.filter(meeting_id__in=self.meetings):
            self.attendance.setdefault(attendance.meeting_id, {})[attendance.organisation_id] = (
                attendance
            )

    # --- Matching -----------------------------------------------------------------------------

    def row_label(self, row):
        title = cell_text(row.get(self.column("title_bg")))
        start = cell_text(row.get(self.column("starts_at")))
        return f"{title} ({start})" if title and start else title

    def match(self, row):
        meeting = None
        portal_id = cell_text(row.get(self.column("portal_id")))
        if portal_id:
            meeting = self.meetings.get(int(portal_id)) if portal_id.isdigit() else None
            if meeting is None:
                self.refuse(
                    "portal_id",
                    _("No meeting has the portal ID “%(value)s”.") % {"value": portal_id},
                )
            key = ("pk", portal_id)
        else:
            try:
                starts_at = self.value(row, "starts_at")
            except ValueError:
                starts_at = None
            title = normalise(cell_text(row.get(self.column("title_bg"))))
            key = ("title", f"{title}|{timezone.localdate(starts_at) if starts_at else ''}")
            found = self.lookups.find("meeting", key[1]) if title and starts_at else None
            if found is Lookups.AMBIGUOUS:
                self.refuse(
                    NON_FIELD_ERRORS,
                    _(
                        "Several meetings have this title and date: give the portal ID to say "
                        "which one is meant."
                    ),
                )
            else:
                meeting = found
        keys = [key] + ([("pk", str(meeting.pk))] if meeting else [])
        earlier = next((self.seen[k] for k in keys if k in self.seen), None)
        if earlier is not None:
            self.refuse(
                NON_FIELD_ERRORS,
                _("The same meeting is already in row %(row)s of this file.") % {"row": earlier},
            )
        else:
            for k in keys:
                self.seen[k] = self.row_number
        return meeting

    # --- Attendance ---------------------------------------------------------------------------

    def import_related(self, instance, row):
        self._attendance = []
        if self.column("organisations") not in row:
            return {}
        unknown, ambiguous = [], []
        had = self.attendance.get(instance.pk, {}) if instance.pk else {}
        for part in cell_text(row.get(self.column("organisations"))).split(LIST_SEPARATOR):
            part = part.strip()
            if not part:
                continue
            name, role = part, None
            with_role = WITH_ROLE.match(part)
            if with_role and normalise(with_role["role"]) in self.roles:
                name, role = with_role["name"], self.roles[normalise(with_role["role"])]
            organisation = self._organisation(name)
            if organisation is None:
                unknown.append(name)
            elif organisation is Lookups.AMBIGUOUS:
                ambiguous.append(name)
            else:
                self._attendance.append((organisation, role, had.get(organisation.pk)))
        errors = []
        if unknown:
            errors.append(
                _("Unknown organisation: %(names)s. Import or add it first.")
                % {"names": ", ".join(unknown)}
            )
        if ambiguous:
            errors.append(
                _("More than one organisation is called %(names)s: write its ЕИК / БУЛСТАТ.")
                % {"names": ", ".join(ambiguous)}
            )
        return {"organisations": errors} if errors else {}

    def _organisation(self, text):
        for table in ("org_eik", "org_name", "org_other"):
            found = self.lookups.find(table, text)
            if found is not None:
                return found
        return None

    def related_changed(self, instance):
        return any(
            existing is None or (role and existing.role != role)
            for _organisation, role, existing in self._attendance
        )

    def before_save(self, instance):
        if not instance.slug:
            if self.slugs is None:
                self.slugs = set(Meeting.objects.values_list("slug", flat=True))
            instance.slug = instance.new_slug(taken=self.slugs)
        # Written in bulk, without save(): what save() fills, filled here.
        instance.search_text = search_text(instance.title_bg, instance.title_en)

    def save_related(self, instance):
        # A new meeting has no key yet: its attendance takes it when the batch is written.
        had = self.attendance.setdefault(instance.pk, {}) if instance.pk else {}
        for organisation, role, existing in self._attendance:
            if existing is None:
                attendance = Attendance(
                    meeting=instance,
                    organisation=organisation,
                    role=role or Attendance.Role.PARTICIPANT,
                )
                self.save_tracked(attendance, created=True)
                had[organisation.pk] = attendance
            elif role and existing.role != role:
                existing = copy.copy(existing)
                existing.role = role
                self.save_tracked(existing, created=False)
                had[organisation.pk] = existing

    # --- Export -------------------------------------------------------------------------------

    def dehydrate_portal_id(self, meeting):
        return str(meeting.pk)

    def dehydrate_organisations(self, meeting):
        with translation.override("bg"):
            return f"{LIST_SEPARATOR} ".join(
                f"{attendance.organisation.name_bg} ({attendance.get_role_display()})"
                for attendance in meeting.attendances.all()
            )
