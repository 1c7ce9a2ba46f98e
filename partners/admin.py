"""Django admin for the network: every record of the partners app, from which an administrator
can run the protocol. The helpers every app's admin shares are in `core.admin`."""

from django import forms
from django.contrib import admin, messages
from django.db import models, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from core.admin import HTTPS_URLS, RowsInlineMixin, TrackedHistoryAdmin, private_files
from core.transliteration import search_form

from .models import (
    Accession,
    Commitment,
    CommitmentUpdate,
    ContactPerson,
    Deliverable,
    JoinRequest,
    Municipality,
    Organisation,
    Project,
    Protocol,
    Region,
    Representative,
    SupportArea,
    in_force_condition,
)
from .services import organisation_archive

# --- Reference data ------------------------------------------------------------------------------


@admin.register(SupportArea)
class SupportAreaAdmin(TranslationAdmin):
    list_display = ["name", "code", "position", "organisation_count", "measure_count"]
    list_editable = ["position"]
    search_fields = ["code", "name_bg", "name_en"]
    fields = ["name", "code", "position"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                organisation_total=Count("organisations", distinct=True),
                measure_total=Count("measures", distinct=True),
            )
        )

    @admin.display(description=_("organisations offering it"), ordering="organisation_total")
    def organisation_count(self, area):
        return area.organisation_total

    @admin.display(description=_("measures"), ordering="measure_total")
    def measure_count(self, area):
        return area.measure_total


class MunicipalityInline(TranslationTabularInline):
    model = Municipality
    fields = ["name", "slug"]
    extra = 0
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Region)
class RegionAdmin(TranslationAdmin):
    list_display = ["name", "code", "slug", "municipality_count"]
    search_fields = ["code", "slug", "name_bg", "name_en"]
    fields = ["name", "code", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [MunicipalityInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(municipality_total=Count("municipalities"))

    @admin.display(description=_("municipalities"), ordering="municipality_total")
    def municipality_count(self, region):
        return region.municipality_total


@admin.register(Municipality)
class MunicipalityAdmin(TranslationAdmin):
    list_display = ["name", "region", "slug"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["slug", "name_bg", "name_en", "region__name_bg", "region__name_en"]
    fields = ["region", "name", "slug"]
    autocomplete_fields = ["region"]
    prepopulated_fields = {"slug": ["name_en"]}


# --- Organisations ------------------------------------------------------------------------------


class ArchivedFilter(admin.SimpleListFilter):
    title = _("archived")
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return [("no", _("Active")), ("yes", _("Archived"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(archived_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(archived_at__isnull=False)
        return queryset


class ContactPersonInline(TranslationTabularInline):
    model = ContactPerson
    fields = ["name", "position", "email", "phone", "is_public", "consent_on"]
    extra = 1


class RepresentativeInline(RowsInlineMixin, admin.TabularInline):
    model = Representative
    fields = ["user"]
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(TrackedHistoryAdmin, TranslationAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = [
        "name",
        "short_name",
        "sector",
        "region",
        "partnership_status",
        "is_published",
        "is_archived",
        "member_since",
        "updated_at",
    ]
    list_filter = [
        "partnership_status",
        "sector",
        "is_published",
        ArchivedFilter,
        "region",
        "services",
    ]
    list_select_related = ["region"]
    search_fields = [
        "name_bg",
        "name_en",
        "short_name_bg",
        "short_name_en",
        "registration_id",
        "public_email",
        "slug",
    ]
    search_help_text = _(
        "Name in Cyrillic or Latin letters (“dinamika” finds „Динамика“), ЕИК / БУЛСТАТ, email."
    )
    autocomplete_fields = ["region", "municipality", "services"]
    readonly_fields = ["member_since", "archived_at", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {"fields": ["name", "short_name", "slug", "sector", "registration_id"]},
        ),
        (
            _("Partnership"),
            {"fields": ["partnership_status", "is_published", "member_since", "archived_at"]},
        ),
        (
            _("Address and public contacts"),
            {
                "fields": [
                    "region",
                    "municipality",
                    "address",
                    "website",
                    "public_email",
                    "public_phone",
                ]
            },
        ),
        (_("Profile"), {"fields": ["description", "services", "logo"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]
    inlines = [ContactPersonInline, RepresentativeInline]
    actions = ["archive", "restore"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_member_since()

    def get_search_results(self, request, queryset, search_term):
        """Each word must be in a search field as typed, or in `search_text` in its Latin
        form: a Latin query finds Cyrillic names and the other way round."""
        for word in smart_split(search_term):
            if word[0] in "\"'" and word[0] == word[-1]:
                word = unescape_string_literal(word)
            matches = Q(search_text__contains=search_form(word))
            for field in self.get_search_fields(request):
                matches |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(matches)
        return queryset, False

    @admin.display(description=_("archived"), boolean=True, ordering="archived_at")
    def is_archived(self, organisation):
        return organisation.is_archived

    @admin.display(description=_("member since"), ordering="first_signed_on")
    def member_since(self, organisation):
        return organisation.member_since

    def has_delete_permission(self, request, obj=None):
        """Only admins delete for real (kept in history); everyone else archives."""
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    @admin.action(description=_("Archive selected organisations"), permissions=["change"])
    def archive(self, request, queryset):
        """Withdraw and unpublish, keeping the record; each change goes to history."""
        archived = 0
        with transaction.atomic():
            for organisation in queryset.filter(archived_at__isnull=True):
                organisation_archive(organisation=organisation)
                archived += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d organisation archived.",
                "%(count)d organisations archived.",
                archived,
            )
            % {"count": archived},
            messages.SUCCESS,
        )

    @admin.action(description=_("Restore selected archived organisations"), permissions=["change"])
    def restore(self, request, queryset):
        """Undo archiving; the record stays withdrawn and unlisted until someone decides."""
        restored = 0
        with transaction.atomic():
            for organisation in queryset.filter(archived_at__isnull=False):
                organisation.archived_at = None
                organisation.save(update_fields=["archived_at", "updated_at"])
                restored += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d organisation restored.",
                "%(count)d organisations restored.",
                restored,
            )
            % {"count": restored},
            messages.SUCCESS,
        )


@admin.register(ContactPerson)
class ContactPersonAdmin(TrackedHistoryAdmin, TranslationAdmin):
    list_display = ["name", "organisation", "position", "email", "phone", "is_public", "consent_on"]
    list_filter = ["is_public", "organisation__sector"]
    list_select_related = ["organisation"]
    search_fields = [
        "name",
        "email",
        "position_bg",
        "position_en",
        "organisation__name_bg",
        "organisation__name_en",
    ]
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "name", "position", "email", "phone", "is_public", "consent_on"]


@admin.register(Representative)
class RepresentativeAdmin(admin.ModelAdmin):
    list_display = ["user", "user_email", "organisation"]
    list_select_related = ["user", "organisation"]
    search_fields = [
        "user__username",
        "user__email",
        "organisation__name_bg",
        "organisation__name_en",
    ]
    autocomplete_fields = ["user", "organisation"]

    def get_queryset(self, request):
        # Its name shows both: autocompletes and the change form need them too.
        return super().get_queryset(request).select_related("user", "organisation")

    @admin.display(description=_("email"), ordering="user__email")
    def user_email(self, representative):
        return representative.user.email


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    """Requests sent through the public "join the protocol" form; each already created a prospect
    organisation. Coordinators read them, merge the possible duplicates (the form accepts them
    without a word) and mark them handled."""

    list_display = [
        "organisation",
        "possible_duplicate",
        "email",
        "language",
        "received_at",
        "status",
    ]
    list_filter = [
        "status",
        ("possible_duplicate", admin.EmptyFieldListFilter),
        "language",
    ]
    list_select_related = ["organisation", "possible_duplicate"]
    search_fields = ["email", "organisation__name_bg", "organisation__name_en", "message"]
    date_hierarchy = "received_at"
    readonly_fields = [
        "organisation",
        "possible_duplicate",
        "contact",
        "email",
        "message",
        "language",
        "received_at",
    ]
    fields = [*readonly_fields, "status", "handled_at", "decline_reason"]
    actions = ["mark_handled"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Mark selected requests as handled"))
    def mark_handled(self, request, queryset):
        updated = queryset.filter(status__in=JoinRequest.AWAITING_ANSWER).update(
            status=JoinRequest.Status.ACCEPTED, handled_at=timezone.now(), handled_by=request.user
        )
        self.message_user(
            request,
            ngettext("%d request marked as handled.", "%d requests marked as handled.", updated)
            % updated,
            messages.SUCCESS,
        )


# --- Protocols, accessions, commitments ----------------------------------------------------------


@admin.register(Protocol)
class ProtocolAdmin(TrackedHistoryAdmin, TranslationAdmin):
    list_display = ["name", "region", "coordinator", "established_on", "accessions_in_force"]
    list_filter = ["region"]
    list_select_related = ["region", "coordinator"]
    search_fields = ["slug", "name_bg", "name_en"]
    autocomplete_fields = ["region", "coordinator"]
    prepopulated_fields = {"slug": ["name_bg"]}
    fields = ["name", "slug", "region", "coordinator", "established_on", "text", "document"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                in_force_total=Count("accessions", filter=in_force_condition(path="accessions__"))
            )
        )

    @admin.display(description=_("accessions in force"), ordering="in_force_total")
    def accessions_in_force(self, protocol):
        return protocol.in_force_total


class CommitmentInline(RowsInlineMixin, TranslationStackedInline):
    model = Commitment
    fields = [
        "support_area",
        "text",
        ("status", "is_public", "position"),
        ("target", "target_unit"),
    ]
    autocomplete_fields = ["support_area"]
    show_change_link = True
    extra = 0


@admin.register(Accession)
class AccessionAdmin(TrackedHistoryAdmin):
    formfield_overrides = private_files("partners:accession_document")
    list_display = [
        "organisation",
        "protocol",
        "status",
        "signed_on",
        "valid_until",
        "commitment_count",
    ]
    list_filter = ["status", "protocol"]
    date_hierarchy = "signed_on"
    search_fields = [
        "organisation__name_bg",
        "organisation__name_en",
        "organisation__short_name_bg",
        "organisation__short_name_en",
        "protocol__name_bg",
        "protocol__name_en",
        "signatories",
    ]
    autocomplete_fields = ["protocol", "organisation"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["protocol", "organisation", "status"]}),
        (_("Signing"), {"fields": ["signed_on", "valid_until", "signatories", "document"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]
    inlines = [CommitmentInline]

    def get_queryset(self, request):
        # Its name shows both: autocompletes and the change form need them too.
        return (
            super()
            .get_queryset(request)
            .select_related("organisation", "protocol")
            .annotate(commitment_total=Count("commitments"))
        )

    @admin.display(description=_("commitments"), ordering="commitment_total")
    def commitment_count(self, accession):
        return accession.commitment_total


class CommitmentUpdateInline(RowsInlineMixin, admin.TabularInline):
    model = CommitmentUpdate
    fields = ["reported_on", "amount", "note", "reported_by"]
    autocomplete_fields = ["reported_by"]
    extra = 1
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}


@admin.register(Commitment)
class CommitmentAdmin(TrackedHistoryAdmin, TranslationAdmin):
    list_display = [
        "__str__",
        "organisation",
        "support_area",
        "status",
        "progress",
        "is_public",
    ]
    list_filter = ["status", "support_area", "accession__protocol", "is_public"]
    list_select_related = ["accession__organisation", "support_area"]
    search_fields = [
        "text_bg",
        "text_en",
        "accession__organisation__name_bg",
        "accession__organisation__name_en",
    ]
    autocomplete_fields = ["accession", "support_area"]
    fields = [
        "accession",
        "support_area",
        "text",
        ("status", "is_public", "position"),
        ("target", "target_unit"),
    ]
    inlines = [CommitmentUpdateInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(done_total=Sum("updates__amount"))

    @admin.display(description=_("organisation"), ordering="accession__organisation__name_bg")
    def organisation(self, commitment):
        return commitment.accession.organisation

    @admin.display(description=_("done / target"), ordering="done_total")
    def progress(self, commitment):
        done = commitment.done_total or 0
        return f"{done} / {commitment.target}" if commitment.target else done

    def save_formset(self, request, form, formset, change):
        """Updates added here are reported by the admin unless someone else is named."""
        for update in formset.save(commit=False):
            if update.reported_by_id is None:
                update.reported_by = request.user
            update.save()
        for deleted in formset.deleted_objects:
            deleted.delete()
        formset.save_m2m()


@admin.register(CommitmentUpdate)
class CommitmentUpdateAdmin(TrackedHistoryAdmin):
    list_display = ["reported_on", "commitment", "organisation", "amount", "reported_by"]
    list_filter = ["commitment__status", "commitment__support_area"]
    list_select_related = ["commitment__accession__organisation", "reported_by"]
    date_hierarchy = "reported_on"
    search_fields = [
        "note",
        "commitment__text_bg",
        "commitment__text_en",
        "commitment__accession__organisation__name_bg",
        "commitment__accession__organisation__name_en",
    ]
    autocomplete_fields = ["commitment", "reported_by"]
    fields = ["commitment", "reported_on", "amount", "note", "reported_by", "created_at"]
    readonly_fields = ["created_at"]

    @admin.display(
        description=_("organisation"), ordering="commitment__accession__organisation__name_bg"
    )
    def organisation(self, update):
        return update.commitment.accession.organisation

    def save_model(self, request, obj, form, change):
        if obj.reported_by_id is None:
            obj.reported_by = request.user
        super().save_model(request, obj, form, change)


# --- Projects -----------------------------------------------------------------------------------


class DeliverableInline(TranslationTabularInline):
    model = Deliverable
    fields = ["text", "target", "achieved", "position"]
    extra = 1


@admin.register(Project)
class ProjectAdmin(TrackedHistoryAdmin, TranslationAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = [
        "name",
        "title",
        "programme",
        "starts_on",
        "ends_on",
        "grant",
        "promoter",
        "partner_count",
    ]
    list_filter = ["currency", "starts_on"]
    list_select_related = ["promoter"]
    search_fields = ["name", "slug", "title_bg", "title_en", "programme_bg", "programme_en"]
    autocomplete_fields = ["promoter", "partners"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "title", "programme", "website"]}),
        (_("Period and funding"), {"fields": ["starts_on", "ends_on", "grant_amount", "currency"]}),
        (_("Partnership"), {"fields": ["promoter", "partners"]}),
        (_("Description"), {"fields": ["description"]}),
    ]
    inlines = [DeliverableInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(partner_total=Count("partners"))

    @admin.display(description=_("grant"), ordering="grant_amount")
    def grant(self, project):
        if project.grant_amount is None:
            return None
        return f"{project.grant_amount:,.2f} {project.currency}"

    @admin.display(description=_("partners"), ordering="partner_total")
    def partner_count(self, project):
        return project.partner_total


@admin.register(Deliverable)
class DeliverableAdmin(TrackedHistoryAdmin, TranslationAdmin):
    list_display = ["text", "project", "target", "achieved", "position"]
    list_filter = ["project"]
    list_select_related = ["project"]
    search_fields = ["text_bg", "text_en", "project__name"]
    autocomplete_fields = ["project"]
    fields = ["project", "text", "target", "achieved", "position"]
