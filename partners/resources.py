"""Organisations in spreadsheets: `OrganisationResource` imports and exports organisations
with one contact person per row, on the shared engine (`core.spreadsheets.resources`)."""

import copy

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from core.spreadsheets.columns import (
    BooleanWidget,
    ChoiceWidget,
    DateWidget,
    Lookups,
    MunicipalityWidget,
    RegionWidget,
    RegistrationIdWidget,
    SupportAreasWidget,
    TextWidget,
    cell_text,
    normalise,
)
from core.spreadsheets.resources import (
    Column,
    SpreadsheetResource,
    URLWidget,
    blank,
    errors_fields,
)
from core.spreadsheets.templates import choice_values

from .models import ContactPerson, Municipality, Organisation, Region, SupportArea, unique_slug


class OrganisationResource(SpreadsheetResource):
    """Organisations, one per row, with one contact person (added or updated by name, never
    deleted). Found by ЕИК / БУЛСТАТ, then by Bulgarian name; never duplicated."""

    name_bg = Column("Наименование (BG)", "Name (BG)", attribute="name_bg", widget=TextWidget())
    name_en = Column("Наименование (EN)", "Name (EN)", attribute="name_en", widget=TextWidget())
    short_name_bg = Column(
        "Кратко име (BG)", "Short name (BG)", attribute="short_name_bg", widget=TextWidget()
    )
    short_name_en = Column(
        "Кратко име (EN)", "Short name (EN)", attribute="short_name_en", widget=TextWidget()
    )
    registration_id = Column(
        "ЕИК / БУЛСТАТ",
        "Registration ID",
        attribute="registration_id",
        widget=RegistrationIdWidget(),
    )
    sector = Column(
        "Сектор", "Sector", attribute="sector", widget=ChoiceWidget(Organisation.Sector)
    )
    region = Column("Област", "Region", attribute="region", widget=RegionWidget())
    municipality = Column(
        "Община",
        "Municipality",
        attribute="municipality",
        widget=MunicipalityWidget(region_column="Област / Region"),
    )
    address_bg = Column("Адрес (BG)", "Address (BG)", attribute="address_bg", widget=TextWidget())
    address_en = Column("Адрес (EN)", "Address (EN)", attribute="address_en", widget=TextWidget())
    website = Column("Уебсайт", "Website", attribute="website", widget=URLWidget())
    public_email = Column(
        "Публичен имейл", "Public email", attribute="public_email", widget=TextWidget()
    )
    public_phone = Column(
        "Публичен телефон", "Public phone", attribute="public_phone", widget=TextWidget()
    )
    description_bg = Column(
        "Описание (BG)", "Description (BG)", attribute="description_bg", widget=TextWidget()
    )
    description_en = Column(
        "Описание (EN)", "Description (EN)", attribute="description_en", widget=TextWidget()
    )
    services = Column(
        "Предлагана подкрепа",
        "Support offered",
        attribute="services",
        widget=SupportAreasWidget(SupportArea),
    )
    partnership_status = Column(
        "Статус на партньорството",
        "Partnership status",
        attribute="partnership_status",
        widget=ChoiceWidget(
            Organisation.PartnershipStatus, default=Organisation.PartnershipStatus.PROSPECT
        ),
    )
    is_published = Column(
        "В публичния указател",
        "Listed in the directory",
        attribute="is_published",
        widget=BooleanWidget(),
    )
    contact_name = Column("Лице за контакт", "Contact person", widget=TextWidget())
    contact_position = Column("Длъжност", "Position", widget=TextWidget())
    contact_email = Column("Имейл на лицето", "Contact email", widget=TextWidget())
    contact_phone = Column("Телефон на лицето", "Contact phone", widget=TextWidget())
    contact_is_public = Column(
        "Лицето се показва публично", "Contact shown publicly", widget=BooleanWidget()
    )
    contact_consent_on = Column("Дата на съгласие", "Consent date", widget=DateWidget())

    required_columns = ("name_bg",)
    clean_exclude = ("slug", "logo")
    # ContactPerson field -> column key.
    CONTACT_COLUMNS = {
        "name": "contact_name",
        "position_bg": "contact_position",
        "email": "contact_email",
        "phone": "contact_phone",
        "is_public": "contact_is_public",
        "consent_on": "contact_consent_on",
    }

    class Meta:
        model = Organisation
        fields = (
            "name_bg",
            "name_en",
            "short_name_bg",
            "short_name_en",
            "registration_id",
            "sector",
            "region",
            "municipality",
            "address_bg",
            "address_en",
            "website",
            "public_email",
            "public_phone",
            "description_bg",
            "description_en",
            "services",
            "partnership_status",
            "is_published",
            "contact_name",
            "contact_position",
            "contact_email",
            "contact_phone",
            "contact_is_public",
            "contact_consent_on",
        )
        import_order = export_order = fields
        skip_diff = True
        report_skipped = True

    @staticmethod
    def export_queryset(queryset):
        """`queryset` with what an export reads, in a fixed number of queries."""
        return queryset.select_related("region", "municipality").prefetch_related(
            "services", "contacts"
        )

    # From the demo content's facts (protocol_portal/demo); the contact is illustrative.
    example = {
        "name_bg": "Сдружение „Център Динамика“",
        "name_en": "Association “Centre Dinamika”",
        "short_name_bg": "Център Динамика",
        "short_name_en": "Centre Dinamika",
        "sector": Organisation.Sector.CRISIS_CENTRE,
        "region": "Русе",
        "municipality": "Русе",
        "address_bg": "ул. „Панайот Хитов“ 9, Русе",
        "address_en": "9 Panayot Hitov St., Ruse",
        "description_bg": "Кризисен център за жени, преживели домашно насилие, и техните деца.",
        "description_en": "Crisis centre for women survivors of domestic violence and their "
        "children.",
        "services": "Психологическа подкрепа; Правни консултации; Заетост",
        "partnership_status": Organisation.PartnershipStatus.MEMBER,
        "is_published": "да",
        "contact_name": "Мария Иванова",
        "contact_position": "Координатор на протокола",
        "contact_is_public": "не",
    }

    def allowed_values(self):
        rows = choice_values("Сектор / Sector", Organisation.Sector)
        rows += choice_values(
            "Статус на партньорството / Partnership status", Organisation.PartnershipStatus
        )
        heading = "Предлагана подкрепа / Support offered"
        rows += [(heading, a.code, a.name_bg, a.name_en) for a in SupportArea.objects.all()]
        rows += [("Област / Region", r.code, r.name_bg, r.name_en) for r in Region.objects.all()]
        municipalities = Municipality.objects.select_related("region")
        rows += [
            ("Община / Municipality", m.region.code, m.name_bg, m.name_en)
            for m in municipalities.order_by("region__code", "name_bg")
        ]
        return rows + super().allowed_values()

    # --- Reference tables ---------------------------------------------------------------------

    def load_lookups(self, dataset):
        lookups = Lookups()
        for region in Region.objects.all():
            keys = (region.code, region.name_bg, region.name_en, region.slug)
            lookups.add("region", keys, region)
        for municipality in Municipality.objects.all():
            keys = (municipality.name_bg, municipality.name_en, municipality.slug)
            lookups.add("municipality", keys, municipality)
            lookups.add(f"municipality:{municipality.region_id}", keys, municipality)
        for area in SupportArea.objects.all():
            lookups.add("support_area", (area.code, area.name_bg, area.name_en), area)
        for organisation in Organisation.objects.select_related("municipality"):
            if organisation.registration_id:
                lookups.add("eik", (organisation.registration_id,), organisation)
            lookups.add("organisation", (organisation.name_bg,), organisation)
        self.slugs = None  # loaded on the first save: a dry run does not need them
        self.services = {}
        self.contacts = {}
        self.service_links = {}
        for pk, organisation_id, area_id in Organisation.services.through.objects.values_list(
            "pk", "organisation_id", "supportarea_id"
        ):
            self.services.setdefault(organisation_id, set()).add(area_id)
            self.service_links[(organisation_id, area_id)] = pk
        for contact in ContactPerson.objects.all():
            self.contacts.setdefault(contact.organisation_id, {})[normalise(contact.name)] = contact
        return lookups

    def before_save(self, instance):
        if not instance.slug:
            if self.slugs is None:
                self.slugs = set(Organisation.objects.values_list("slug", flat=True))
            instance.slug = unique_slug(
                Organisation,
                instance.name_bg or instance.name,
                taken=self.slugs,
                reserved=Organisation.RESERVED_SLUGS,
            )
        instance.refresh_search_text()

    # --- Matching -----------------------------------------------------------------------------

    def row_label(self, row):
        return cell_text(row.get(self.column("name_bg"))) or cell_text(
            row.get(self.column("name_en"))
        )

    def match(self, row):
        try:
            eik = self.value(row, "registration_id")
        except ValueError:
            eik = ""
        name = normalise(cell_text(row.get(self.column("name_bg"))))
        by_eik = self.lookups.find("eik", eik) if eik else None
        by_name = self.lookups.find("organisation", name) if name else None
        instance = by_eik
        if by_eik and by_name and by_name is not Lookups.AMBIGUOUS and by_name != by_eik:
            self.refuse(
                "registration_id",
                _(
                    "This ЕИК / БУЛСТАТ is that of “%(eik_owner)s”, but the name is that of "
                    "another organisation, “%(name_owner)s”."
                )
                % {"eik_owner": by_eik.name_bg, "name_owner": by_name.name_bg},
            )
        elif by_eik is None and by_name is Lookups.AMBIGUOUS:
            self.refuse(
                "name_bg",
                _(
                    "Several organisations have this name: give the ЕИК / БУЛСТАТ to say which "
                    "one is meant."
                ),
            )
        elif by_eik is None and by_name:
            if eik and by_name.registration_id and by_name.registration_id != eik:
                self.refuse(
                    "registration_id",
                    _(
                        "An organisation with this name is registered with another ЕИК / "
                        "БУЛСТАТ (%(eik)s)."
                    )
                    % {"eik": by_name.registration_id},
                )
            else:
                instance = by_name
        self._refuse_duplicate(instance, eik, name)
        if instance is not None and instance.archived_at:
            self._notes.append(
                _("This organisation is archived: the import updates it but does not restore it.")
            )
        return instance

    def _refuse_duplicate(self, instance, eik, name):
        """The same organisation twice in one file: the later row is refused."""
        keys = [("eik", eik)] if eik else []
        if name:
            keys.append(("name", name))
        if instance is not None:
            keys.append(("pk", instance.pk))
        earlier = next((self.seen[key] for key in keys if key in self.seen), None)
        if earlier is not None:
            self.refuse(
                NON_FIELD_ERRORS,
                _("The same organisation is already in row %(row)s of this file.")
                % {"row": earlier},
            )
            return
        for key in keys:
            self.seen[key] = self.row_number

    # --- Support areas and the contact person -------------------------------------------------

    def import_related(self, instance, row):
        errors = {}
        self._areas = None
        if self.column("services") in row:
            try:
                self._areas = self.value(row, "services")
            except ValueError as error:
                errors["services"] = [str(error)]
        contact_errors = self._read_contact(instance, row)
        errors.update(contact_errors)
        return errors

    def _read_contact(self, instance, row):
        self._contact, self._contact_changed = None, False
        present = {
            field: key for field, key in self.CONTACT_COLUMNS.items() if self.column(key) in row
        }
        if "name" not in present:
            return {}
        values, errors = {}, {}
        for field, key in present.items():
            try:
                values[field] = self.value(row, key)
            except ValueError as error:
                errors[key] = [str(error)]
        if not values.get("name"):
            if any(values.get(field) for field in present if field != "name") or errors:
                message = _("Give the contact person's name, or leave the contact columns empty.")
                return {"contact_name": [message]}
            return {}
        existing = self.contacts.get(instance.pk, {}).get(normalise(values["name"]))
        # A copy: a later row about the same organisation must not change the one saved.
        contact = copy.copy(existing) if existing else blank(ContactPerson)
        before = {field: getattr(contact, field) for field in present}
        for field, value in values.items():
            setattr(contact, field, value)
        try:
            contact.full_clean(
                exclude=["organisation", "position", *errors_fields(errors, self.CONTACT_COLUMNS)],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                key = self.CONTACT_COLUMNS.get(field, "contact_name")
                errors.setdefault(key, []).extend(messages)
        self._contact = contact
        self._contact_changed = existing is None or before != {
            field: getattr(contact, field) for field in present
        }
        return errors

    def related_changed(self, instance):
        if self._contact_changed:
            return True
        if self._areas is None:
            return False
        return {area.pk for area in self._areas} != self.services.get(instance.pk, set())

    def save_related(self, instance):
        if self._areas is not None:
            wanted = {area.pk: area for area in self._areas}
            had = self.services.get(instance.pk, set())
            # Through rows written directly and in batches: add() and remove() would first
            # read what is there, which the tables loaded for the file already say. A new
            # organisation has no key yet: its rows take it when the batch is written.
            through = Organisation.services.through
            self.history.add_rows(
                (through(organisation=instance, supportarea_id=pk) for pk in set(wanted) - had),
                row=self.row_number,
            )
            self.history.remove_rows(
                through,
                [self.service_links[(instance.pk, pk)] for pk in sorted(had - set(wanted))],
                row=self.row_number,
            )
            if instance.pk is not None:
                self.services[instance.pk] = set(wanted)
        if self._contact is not None and self._contact_changed:
            self._contact.organisation = instance
            self.save_tracked(self._contact, created=self._contact.pk is None)
            if instance.pk is not None:
                contacts = self.contacts.setdefault(instance.pk, {})
                contacts[normalise(self._contact.name)] = self._contact

    # --- Export of the contact columns: the first contact person, by name -------------------

    def _first_contact(self, organisation):
        contacts = sorted(organisation.contacts.all(), key=lambda person: (person.name, person.pk))
        return contacts[0] if contacts else None

    def _contact_value(self, organisation, field):
        contact = self._first_contact(organisation)
        if contact is None:
            return ""
        key = self.CONTACT_COLUMNS[field]
        return self.fields[key].widget.render(getattr(contact, field))

    def dehydrate_contact_name(self, organisation):
        return self._contact_value(organisation, "name")

    def dehydrate_contact_position(self, organisation):
        return self._contact_value(organisation, "position_bg")

    def dehydrate_contact_email(self, organisation):
        return self._contact_value(organisation, "email")

    def dehydrate_contact_phone(self, organisation):
        return self._contact_value(organisation, "phone")

    def dehydrate_contact_is_public(self, organisation):
        return self._contact_value(organisation, "is_public")

    def dehydrate_contact_consent_on(self, organisation):
        return self._contact_value(organisation, "consent_on")
