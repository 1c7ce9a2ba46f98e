"""The protocol's network: who takes part, where, what they signed and promised, and the projects
that fund the work. Content fields marked translated in `translation.py` exist in Bulgarian
(required) and English."""

import datetime
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import connection, models
from django.db.models import Exists, Min, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.access import is_coordinator, organisation_scope
from core.choices import ChoiceLabels
from core.dates import add_months, local_midnight
from core.storage import private_storage
from core.transliteration import search_form, search_text, to_latin
from core.uploads import CleanFileField, CleanImageField, RandomName
from core.validators import (
    validate_document_file,
    validate_image_content,
    validate_image_file,
    validate_pdf_signature,
)

from .validators import validate_eik


def unique_slug(model, text, *, max_length=80, reserved=(), taken=None):
    """A slug from `text` (Cyrillic transliterated) not yet used by `model` nor `reserved` (fixed
    addresses beside the record pages): name, name-2, …

    `taken`, when given, is the set of slugs in use (a bulk import loads it once instead of a
    query per record); the new slug is added to it."""
    base = slugify(to_latin(text))[:max_length].strip("-") or "item"
    slug, number = base, 2
    while slug in reserved or (
        slug in taken if taken is not None else model._default_manager.filter(slug=slug).exists()
    ):
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)] + suffix
        number += 1
    if taken is not None:
        taken.add(slug)
    return slug


class SupportArea(models.Model):
    """A kind of help a survivor can be offered (employment, housing, childcare, …).

    One taxonomy shared by organisations' services, commitments and measures, so that a measure
    can list the partners able to carry it.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("support area")
        verbose_name_plural = _("support areas")

    def __str__(self):
        return self.name


class Region(models.Model):
    """One of Bulgaria's 28 regions (области), identified by its ISO 3166-2 code."""

    code = models.CharField(_("code"), max_length=5, unique=True, help_text=_("e.g. BG-18"))
    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        ordering = ["name_bg"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class Municipality(models.Model):
    """A municipality (община) of a region."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )
    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=60)

    class Meta:
        ordering = ["name_bg"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "slug"], name="partners_municipality_unique_slug_per_region"
            ),
        ]

    def __str__(self):
        return self.name


# The shortest word a trigram index can look up; shorter words scan search_text.
TRIGRAM = 3
# A word with LIKE's own characters is matched literally by `contains`, without the index.
WILDCARDS = set("%_\\")
SQLITE_SEARCH = "SELECT rowid FROM partners_org_search_fts WHERE search_text LIKE %s"


def search_condition(text, *, path=""):
    """Every word of `text` in an organisation's `search_text` (the Latin form of its names and
    description), so Cyrillic and Latin spellings find each other ("dinamika" finds
    „Динамика“); `path` reaches the organisation from another model ("organisation__")."""
    condition = Q()
    for word in search_form(text).split():
        if connection.vendor == "sqlite" and len(word) >= TRIGRAM and not WILDCARDS & set(word):
            # SQLite's trigram index (partners/search_index.py) answers the same LIKE.
            condition &= Q(**{f"{path}pk__in": RawSQL(SQLITE_SEARCH, [f"%{word}%"])})  # noqa: S611 (a parameter)
        else:
            condition &= Q(**{f"{path}search_text__contains": word})
    return condition


def published_condition(*, path=""):
    """The one definition of an organisation the public directory lists: published and not
    archived. `path` reaches the organisation from another model ("accession__organisation__")."""
    return Q(**{f"{path}is_published": True, f"{path}archived_at__isnull": True})


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Coordinators see every organisation, archived ones too; a representative, its own
        (even archived); anyone else, none."""
        return organisation_scope(self, user, "pk")

    def published(self):
        """Listed in the public directory: published and not archived."""
        return self.filter(published_condition())

    def active(self):
        return self.filter(archived_at__isnull=True)

    def choosable(self, *, keeping=()):
        """Organisations a workspace form may name: every one not archived, and those in
        `keeping` (ids or a queryset of them) that a record already names, so that it can still
        be saved after they were archived."""
        return self.filter(Q(archived_at__isnull=True) | Q(pk__in=keeping))

    def offering(self, support_area, today=None):
        """Organisations able to carry `support_area`: they offer it as a service, or have a
        public commitment to it that stands `today` (`Commitment.objects.public`)."""
        committed = (
            Commitment.objects.public(today)
            .filter(support_area=support_area)
            .values("accession__organisation_id")
        )
        return self.filter(Q(services=support_area) | Q(pk__in=committed)).distinct()

    def with_member_since(self):
        """Annotate `first_signed_on`: the date of the first signed accession."""
        return self.annotate(
            first_signed_on=Min(
                "accessions__signed_on", filter=Q(accessions__status__in=Accession.SIGNED)
            )
        )


class Organisation(ChoiceLabels, models.Model):
    """An institution, business, union or NGO of the network, at any stage of partnership."""

    class Sector(models.TextChoices):
        PUBLIC_INSTITUTION = "public_institution", _("Public institution")
        MUNICIPALITY = "municipality", _("Municipality")
        BUSINESS = "business", _("Business")
        BUSINESS_ASSOCIATION = "business_association", _("Business association")
        TRADE_UNION = "trade_union", _("Trade union")
        NGO = "ngo", _("NGO")
        CRISIS_CENTRE = "crisis_centre", _("Crisis centre")
        HEALTHCARE = "healthcare", _("Healthcare")
        EDUCATION = "education", _("Education")
        PROFESSIONAL_ASSOCIATION = "professional_association", _("Professional association")
        MEDIA = "media", _("Media")
        OTHER = "other", _("Other")

    class PartnershipStatus(models.TextChoices):
        PROSPECT = "prospect", _("Prospect")
        IN_TALKS = "in_talks", _("In talks")
        MEMBER = "member", _("Member")
        SUSPENDED = "suspended", _("Suspended")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("Part of the public address; made from the name once and then kept."),
    )
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("region"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("municipality"),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    public_email = models.EmailField(_("public email"), blank=True)
    public_phone = models.CharField(_("public phone"), max_length=30, blank=True)
    description = models.TextField(_("description"), blank=True)
    services = models.ManyToManyField(
        SupportArea,
        blank=True,
        related_name="organisations",
        verbose_name=_("support offered"),
    )
    logo = CleanImageField(
        _("logo"), upload_to=RandomName("logos"), blank=True, validators=[validate_image_file]
    )
    registration_id = models.CharField(
        _("ЕИК / БУЛСТАТ"),
        max_length=13,
        blank=True,
        validators=[validate_eik],
        help_text=_("9 or 13 digits, checked for typos."),
    )
    partnership_status = models.CharField(
        _("partnership status"),
        max_length=20,
        choices=PartnershipStatus.choices,
        default=PartnershipStatus.PROSPECT,
    )
    is_published = models.BooleanField(
        _("listed in the public directory"),
        default=False,
        help_text=_("A member can stay out of the public directory."),
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)
    # Latin, lower-case form of the names and description: search finds either script.
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    # Addresses under /partners/ that are not partner pages.
    RESERVED_SLUGS = frozenset({"open-data"})

    class Meta:
        # The id after the name: two organisations of one name keep their order from page to
        # page (and the name index below serves the order whole).
        ordering = ["name_bg", "id"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["registration_id"],
                condition=~Q(registration_id=""),
                name="partners_organisation_unique_registration_id",
                violation_error_message=_(
                    "Another organisation is already registered with this ЕИК / БУЛСТАТ."
                ),
            ),
            # [0-9], not \d: a database's \d may also match other scripts' digits.
            models.CheckConstraint(
                condition=Q(registration_id="")
                | Q(registration_id__regex=r"^([0-9]{9}|[0-9]{13})$"),
                name="partners_organisation_registration_id_digits",
            ),
        ]
        indexes = [
            # The directory and the workspace list filter on these.
            models.Index(fields=["is_published", "archived_at"], name="partners_org_directory_idx"),
            models.Index(fields=["partnership_status"], name="partners_org_status_idx"),
            models.Index(fields=["sector"], name="partners_org_sector_idx"),
            # Both lists are in name order: a page is read from the index, not sorted whole.
            models.Index(fields=["name_bg", "id"], name="partners_org_name_idx"),
            # The directory's own rows in its order: a page deep in the list is counted off this
            # small index alone (an index-only scan on PostgreSQL), not the table sorted whole.
            models.Index(
                fields=["name_bg", "id"],
                condition=published_condition(),
                name="partners_org_listed_name_idx",
            ),
            # The directory's filters by region (and sector) and by sector: the rows a filtered
            # page counts, read off an index instead of every organisation's row.
            models.Index(
                fields=["region", "sector"],
                condition=published_condition(),
                name="partners_org_listed_region_idx",
            ),
            models.Index(
                fields=["sector"],
                condition=published_condition(),
                name="partners_org_listed_sector_idx",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                Organisation, self.name_bg or self.name, reserved=self.RESERVED_SLUGS
            )
        self.refresh_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The partner page; it answers 404 while the organisation is out of the directory."""
        return reverse("partners:detail", args=[self.slug])

    def refresh_search_text(self):
        """Recompute `search_text`; bulk writes that skip save() must call it themselves."""
        self.search_text = " ".join(
            search_form(value)
            for value in (
                self.name_bg,
                self.name_en,
                self.short_name_bg,
                self.short_name_en,
                self.description_bg,
                self.description_en,
            )
            if value
        )

    @property
    def is_archived(self):
        return self.archived_at is not None

    @property
    def member_since(self):
        """Date of the first signed accession, or None: never stored, always derived."""
        if hasattr(self, "first_signed_on"):
            return self.first_signed_on
        signed = self.accessions.filter(status__in=Accession.SIGNED)
        return signed.aggregate(first=Min("signed_on"))["first"]

    def clean(self):
        errors = {}
        if self.municipality_id and self.region_id:
            if self.municipality.region_id != self.region_id:
                errors["municipality"] = _("This municipality is not in the chosen region.")
        elif self.municipality_id and not self.region_id:
            self.region_id = self.municipality.region_id
        if self.logo:
            try:
                validate_image_content(self.logo)
            except ValidationError as error:
                errors["logo"] = error
        if errors:
            raise ValidationError(errors)


class ContactPerson(models.Model):
    """A member of an organisation's staff whom coordinators talk to.

    Email and phone stay private unless the person agreed to be listed (consent date).
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=120)
    position = models.CharField(_("position"), max_length=120, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_public = models.BooleanField(
        _("shown publicly"),
        default=False,
        help_text=_("Only with the person's consent: shown on the organisation's public page."),
    )
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_public=False) | Q(consent_on__isnull=False),
                name="partners_contactperson_public_needs_consent",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.is_public and not self.consent_on:
            raise ValidationError(
                {"consent_on": _("A contact can be shown publicly only with a consent date.")}
            )
        if self.consent_on and self.consent_on > timezone.localdate():
            raise ValidationError({"consent_on": _("The consent date cannot be in the future.")})


class Representative(models.Model):
    """Links a user account to the one organisation it speaks for (a partner representative).

    An organisation may have several. A deactivated representative keeps the link (and its
    history) but its account cannot log in; removing it deletes the link, which the history
    keeps."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="representative",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="representatives",
        verbose_name=_("organisation"),
    )
    deactivated_at = models.DateTimeField(_("deactivated at"), null=True, blank=True)

    class Meta:
        ordering = ["organisation", "user"]
        verbose_name = _("partner representative")
        verbose_name_plural = _("partner representatives")

    def __str__(self):
        return f"{self.user} – {self.organisation}"

    @property
    def is_active(self):
        return self.deactivated_at is None


class Protocol(models.Model):
    """A territorial protocol for cooperation that organisations of a region join."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="protocols", verbose_name=_("region")
    )
    coordinator = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="coordinated_protocols",
        verbose_name=_("coordinating organisation"),
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    document = CleanFileField(
        _("document"),
        upload_to=RandomName("protocols"),
        blank=True,
        validators=[validate_document_file, validate_pdf_signature],
        help_text=_("The protocol's public text (PDF or office document, up to 10 MB)."),
    )

    class Meta:
        ordering = ["name_bg"]
        verbose_name = _("protocol")
        verbose_name_plural = _("protocols")

    def __str__(self):
        return self.name


def in_force_condition(today=None, *, path=""):
    """The one definition of an accession in force on `today` (default: the site's today): its
    status says so (signed or active), it was signed by then, and its validity has not ended
    (no `valid_until`, or `valid_until` today or later). `path` reaches the accession from
    another model ("accession__", "accessions__").

    The date decides, whatever the stored status: an accession past its `valid_until` is no
    longer in force even before anyone sets its status to expired."""
    today = today or timezone.localdate()
    # An archived accession (entered by mistake) is never in force.
    return Q(
        **{
            f"{path}status__in": Accession.IN_FORCE,
            f"{path}signed_on__lte": today,
            f"{path}archived_at__isnull": True,
        }
    ) & (Q(**{f"{path}valid_until__isnull": True}) | Q(**{f"{path}valid_until__gte": today}))


class AccessionQuerySet(models.QuerySet):
    def in_force(self, today=None):
        """Accessions in force on `today` (`in_force_condition`)."""
        return self.filter(in_force_condition(today))

    def ending_within(self, days, today=None):
        """Accessions in force on `today` whose validity ends within `days` days: their last
        valid day is between `today` and `today` + `days`, both included. Open-ended ones never
        end. "What needs me" and the reminders of ending accessions read this."""
        today = today or timezone.localdate()
        return self.in_force(today).filter(
            valid_until__range=(today, today + datetime.timedelta(days=days))
        )

    def visible_to(self, user):
        """Coordinators see every accession; a representative, its organisation's only; anyone
        else, none."""
        return organisation_scope(self, user, "organisation_id")


class Accession(ChoiceLabels, models.Model):
    """An organisation's signed joining of a protocol, with its commitments.

    Lifecycle: draft → signed → active → suspended / expired / withdrawn.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # The statuses of an accession that may be in force; whether it is, the date decides too
    # (`in_force_condition`).
    IN_FORCE = (Status.SIGNED, Status.ACTIVE)
    # The workspace flags an accession in force this many days before its validity ends.
    EXPIRY_WARNING_DAYS = 60
    # Signed at some point, whatever happened since; a draft's date is only planned.
    SIGNED = (Status.SIGNED, Status.ACTIVE, Status.SUSPENDED, Status.EXPIRED, Status.WITHDRAWN)
    # At most one accession per organisation and protocol in these states at a time.
    OPEN = (Status.DRAFT, Status.SIGNED, Status.ACTIVE, Status.SUSPENDED)

    protocol = models.ForeignKey(
        Protocol, on_delete=models.PROTECT, related_name="accessions", verbose_name=_("protocol")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="accessions",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Leave empty if open-ended.")
    )
    signatories = models.TextField(
        _("signatories"), blank=True, help_text=_("Who signed, one per line, with position.")
    )
    document = CleanFileField(
        _("signed document"),
        storage=private_storage,
        upload_to=RandomName("accessions"),
        blank=True,
        validators=[validate_document_file, validate_pdf_signature],
        help_text=_(
            "Private: readable only by coordinators and the organisation's representatives."
        ),
    )
    archived_at = models.DateTimeField(
        _("archived at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Entered by mistake but referred to elsewhere: kept, out of the lists."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AccessionQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on", "-created_at"]
        verbose_name = _("accession")
        verbose_name_plural = _("accessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(signed_on__isnull=False),
                name="partners_accession_signed_needs_date",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(signed_on__isnull=True)
                | Q(valid_until__gte=models.F("signed_on")),
                name="partners_accession_valid_after_signing",
            ),
            models.UniqueConstraint(
                fields=["protocol", "organisation"],
                condition=Q(status__in=["draft", "signed", "active", "suspended"]),
                name="partners_accession_one_open_per_organisation",
                violation_error_message=_(
                    "This organisation already has an accession to this protocol that is not "
                    "withdrawn or expired."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["status"], name="partners_accession_status_idx"),
            # The workspace list's order: a page is read from the index, not sorted whole.
            models.Index(
                fields=["-signed_on", "-created_at", "-id"], name="partners_accession_list_idx"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} → {self.protocol}"

    @property
    def is_open_ended(self):
        return self.valid_until is None

    @property
    def days_to_expiry(self):
        """Days from today to the last day of validity (0 on that day, negative after it);
        None when open-ended."""
        if self.valid_until is None:
            return None
        return (self.valid_until - timezone.localdate()).days

    @property
    def has_expired(self):
        """Its status still says in force, but its validity ended: it is no longer in force
        (the workspace shows it as expired until its status is changed)."""
        days = self.days_to_expiry
        return self.status in self.IN_FORCE and days is not None and days < 0

    @property
    def expires_soon(self):
        """In force by its status and its validity ends within `EXPIRY_WARNING_DAYS`."""
        days = self.days_to_expiry
        return (
            self.status in self.IN_FORCE
            and days is not None
            and 0 <= days <= self.EXPIRY_WARNING_DAYS
        )

    def clean(self):
        errors = {}
        if self.status != self.Status.DRAFT and not self.signed_on:
            errors["signed_on"] = _("A signed accession needs the date it was signed.")
        if self.signed_on and self.signed_on > timezone.localdate():
            errors["signed_on"] = _("The signing date cannot be in the future.")
        if self.valid_until and self.signed_on and self.valid_until < self.signed_on:
            errors["valid_until"] = _("The end of validity cannot be before the signing date.")
        if errors:
            raise ValidationError(errors)


class CommitmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Coordinators see every commitment; a representative, those of its organisation's
        accessions, public or not; anyone else, none."""
        return organisation_scope(self, user, "accession__organisation_id")

    def standing(self, today=None):
        """Commitments that stand on `today`: active, under an accession in force that day.
        Withdrawn, fulfilled and lapsed ones, and those of an accession past its validity, do
        not."""
        return self.filter(
            Q(status=Commitment.Status.ACTIVE) & in_force_condition(today, path="accession__")
        )

    def progress_due(self, today=None):
        """Commitments whose progress report is due on `today`: still active, of an accession in
        force, and with no progress update reported in the last `PROGRESS_REPORT_MONTHS` months
        (from `today` back to the same day that many months earlier, excluded).

        The months count from the last update; a commitment without one counts from when it was
        made: its accession's signing, or the commitment's creation in its history when it was
        added later (a commitment stored without history, by a bulk load, counts from the
        signing). "What needs me" and the reminders to report progress read this."""
        today = today or timezone.localdate()
        since = add_months(today, -settings.PROGRESS_REPORT_MONTHS)
        recent_update = CommitmentUpdate.objects.filter(
            commitment=OuterRef("pk"), reported_on__gt=since
        )
        added_since = Commitment.history.model.objects.filter(
            id=OuterRef("pk"),
            history_type="+",
            history_date__gte=local_midnight(since + datetime.timedelta(days=1)),
        )
        return self.standing(today).filter(
            ~Exists(recent_update), ~Exists(added_since), accession__signed_on__lte=since
        )

    def public(self, today=None):
        """What the public site shows and counts, everywhere (partner pages, the directory's
        support filter, a measure's partners, open data, the home page's figure): standing
        commitments marked shown publicly, of organisations the directory lists."""
        return self.standing(today).filter(
            Q(is_public=True) & published_condition(path="accession__organisation__")
        )


class Commitment(ChoiceLabels, models.Model):
    """One concrete promise of an accession, in one support area, optionally with a target."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        FULFILLED = "fulfilled", _("Fulfilled")
        LAPSED = "lapsed", _("Lapsed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    accession = models.ForeignKey(
        Accession,
        on_delete=models.CASCADE,
        related_name="commitments",
        verbose_name=_("accession"),
    )
    support_area = models.ForeignKey(
        SupportArea,
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("support area"),
    )
    text = models.TextField(_("commitment"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    target = models.PositiveIntegerField(
        _("target"), null=True, blank=True, help_text=_("How many, if the commitment is counted.")
    )
    target_unit = models.CharField(
        _("unit"), max_length=60, blank=True, help_text=_("e.g. “women trained”")
    )
    is_public = models.BooleanField(_("shown publicly"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["accession", "position", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        indexes = [
            models.Index(fields=["status"], name="partners_commitment_status_idx"),
            # The directory's support filter: the public, active commitments to one support area
            # and their accessions, read from the index alone (`Organisation.objects.offering`),
            # rather than every accession in force probed for its commitments.
            models.Index(
                fields=["support_area", "accession"],
                condition=Q(is_public=True, status="active"),
                name="partners_commit_public_idx",
            ),
        ]

    def __str__(self):
        return self.text[:80]


class CommitmentUpdateQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Coordinators see every progress update; a representative, those on its
        organisation's commitments, whoever reported them; anyone else, none."""
        return organisation_scope(self, user, "commitment__accession__organisation_id")


class CommitmentUpdate(models.Model):
    """A dated report of progress on a commitment."""

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="updates",
        verbose_name=_("commitment"),
    )
    reported_on = models.DateField(_("date"), default=timezone.localdate)
    amount = models.PositiveIntegerField(
        _("amount done"), default=0, help_text=_("Counted towards the commitment's target.")
    )
    note = models.TextField(_("note"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CommitmentUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self):
        return f"{self.reported_on}: {self.amount}"

    def clean(self):
        if self.reported_on and self.reported_on > timezone.localdate():
            raise ValidationError({"reported_on": _("Progress cannot be reported in advance.")})


class Project(models.Model):
    """A funded project that pays for the protocol's work.

    WEGO2, WEGO3 and “Partnership with a cause” in the demo content.
    """

    class Currency(models.TextChoices):
        EUR = "EUR", "EUR"
        BGN = "BGN", "BGN"

    name = models.CharField(_("short name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=250)
    programme = models.CharField(_("programme / funder"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    grant_amount = models.DecimalField(
        _("grant"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR
    )
    promoter = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="promoted_projects",
        verbose_name=_("promoter"),
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="partner_projects", verbose_name=_("partners")
    )
    website = models.URLField(_("website"), blank=True)
    archived_at = models.DateTimeField(
        _("archived at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Entered by mistake but referred to elsewhere: kept, out of the lists."),
    )
    # The names in Latin letters, for the workspace search in either script.
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="partners_project_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(grant_amount__isnull=True) | Q(grant_amount__gte=0),
                name="partners_project_grant_not_negative",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = search_text(self.name, self.title_bg, self.title_en)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("partners:project", args=[self.slug])

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end cannot be before the start.")})


class Deliverable(models.Model):
    """An expected result of a project, with its target and what is achieved so far."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="deliverables", verbose_name=_("project")
    )
    text = models.CharField(_("deliverable"), max_length=300)
    target = models.PositiveIntegerField(_("target"), null=True, blank=True)
    achieved = models.PositiveIntegerField(_("achieved"), default=0)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["project", "position", "pk"]
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")

    def __str__(self):
        return self.text


class JoinRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Join requests are the coordinators' alone: anyone else sees none."""
        return self if is_coordinator(user) else self.none()

    def awaiting_answer(self):
        """Requests a coordinator still has to answer: new or in progress."""
        return self.filter(status__in=JoinRequest.AWAITING_ANSWER)


class JoinRequest(ChoiceLabels, models.Model):
    """A request to join the protocol sent through the public form.

    It creates a prospect organisation (unpublished) and its private contact, so the request
    appears in the coordinators' list at once; the message is kept here. A request that seems to
    come from an organisation already known is accepted all the same (the form must not reveal
    what the coordinators know) and points at it in `possible_duplicate`.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("organisation"),
    )
    contact = models.ForeignKey(
        ContactPerson,
        on_delete=models.SET_NULL,
        null=True,
        related_name="join_requests",
        verbose_name=_("contact person"),
    )

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    possible_duplicate = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicate_join_requests",
        verbose_name=_("possible duplicate of"),
        help_text=_(
            "An organisation already known with the same ЕИК, name or email address. The sender "
            "was not told: the form accepts every request alike."
        ),
    )
    email = models.EmailField(_("email"))
    message = models.TextField(_("message"), blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    handled_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    objects = JoinRequestQuerySet.as_manager()

    AWAITING_ANSWER = (Status.NEW, Status.IN_PROGRESS)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        indexes = [
            # The duplicate check looks up earlier requests from the same address.
            models.Index(fields=["email", "received_at"], name="partners_join_email_idx"),
            # The queue filters by status, newest first; "what needs me" counts awaiting ones.
            models.Index(fields=["status", "received_at"], name="partners_join_status_idx"),
        ]

    def __str__(self):
        return str(self.organisation)

    def get_absolute_url(self):
        return reverse("partners:manage_join_request", args=[self.pk])

    @property
    def is_awaiting_answer(self):
        return self.status in self.AWAITING_ANSWER


class InvitationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Invitations are the coordinators' to manage: anyone else sees none."""
        return self if is_coordinator(user) else self.none()

    def pending(self, now=None):
        """Sent, not yet used, revoked or expired."""
        now = now or timezone.now()
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


class Invitation(models.Model):
    """A coordinator's invitation to a person to speak for an organisation: an emailed link,
    valid for `VALID_FOR` and once, to set a password and become its representative.

    Only a hash of the link's token is stored; resending makes a new token (the old link stops
    working) and a new expiry."""

    VALID_FOR = timedelta(days=7)

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    join_request = models.ForeignKey(
        "JoinRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("join request"),
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"))
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.name} <{self.email}> – {self.organisation}"

    @property
    def state(self):
        """ "accepted", "revoked", "expired" or "pending"."""
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    def get_state_display(self):
        return {
            "accepted": _("Accepted"),
            "revoked": _("Revoked"),
            "expired": _("Expired"),
            "pending": _("Waiting for an answer"),
        }[self.state]
