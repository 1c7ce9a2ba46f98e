from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import (
    password_validators_help_text_html,
    validate_password,
)
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedFormMixin
from core.dates import PlausibleDatesMixin, PlausibleDatesModelForm
from core.widgets import DateInput

from .models import (
    Accession,
    Commitment,
    CommitmentUpdate,
    ContactPerson,
    Deliverable,
    Organisation,
    Project,
    Region,
    unique_slug,
)
from .validators import validate_eik
from .widgets import OrganisationSelect, OrganisationSelectMultiple


def _https_urls(db_field, **kwargs):
    """Model form fields as usual; an address typed without a scheme is taken as https."""
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class JoinForm(forms.Form):
    """An organisation asks to join the protocol. Knows its own rules: required fields and a
    valid ЕИК. It never says whether an organisation, ЕИК or address is already known: every
    well-formed request is accepted alike, and `join_request_submit` flags a possible duplicate
    for the coordinators instead."""

    organisation_name = forms.CharField(label=_("Organisation name"), max_length=200)
    sector = forms.ChoiceField(label=_("Sector"), choices=Organisation.Sector.choices)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False
    )
    registration_id = forms.CharField(
        label=_("ЕИК / БУЛСТАТ"),
        max_length=13,
        required=False,
        validators=[validate_eik],
        help_text=_("9 or 13 digits, if you have it at hand."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    contact_name = forms.CharField(label=_("Your name"), max_length=120)
    contact_position = forms.CharField(label=_("Your position"), max_length=120, required=False)
    email = forms.EmailField(label=_("Email"))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    message = forms.CharField(
        label=_("How would your organisation like to help?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the protocol's coordinators keep these contact details to answer "
            "this request."
        )
    )
    # Left empty by people, filled in by spam robots; hidden from view and from screen readers.
    homepage = forms.CharField(label=_("Leave this field empty"), required=False)

    def is_spam(self):
        return bool(self.data.get("homepage"))

    def clean_organisation_name(self):
        return " ".join(self.cleaned_data["organisation_name"].split())

    def clean_email(self):
        return self.cleaned_data["email"].lower()


PROFILE_FIELDS = [
    "name_bg",
    "name_en",
    "short_name_bg",
    "short_name_en",
    "address_bg",
    "address_en",
    "website",
    "public_email",
    "public_phone",
    "description_bg",
    "description_en",
    "services",
    "logo",
]


class PartnerProfileForm(VersionedFormMixin, forms.ModelForm):
    """What a partner's representative may change: its public profile."""

    class Meta:
        model = Organisation
        fields = PROFILE_FIELDS
        widgets = {"services": forms.CheckboxSelectMultiple}
        formfield_callback = _https_urls


class OrganisationForm(PartnerProfileForm):
    """What a coordinator may change: the profile, and where the organisation stands."""

    class Meta(PartnerProfileForm.Meta):
        fields = [
            *PROFILE_FIELDS[:4],
            "sector",
            "registration_id",
            "region",
            "municipality",
            "partnership_status",
            "is_published",
            *PROFILE_FIELDS[4:],
        ]


ContactFormSet = forms.inlineformset_factory(
    Organisation,
    ContactPerson,
    form=PlausibleDatesModelForm,
    fields=["name", "position_bg", "position_en", "email", "phone", "is_public", "consent_on"],
    widgets={"consent_on": DateInput},
    extra=1,
    can_delete=True,
)


# --- Accessions, commitments and projects in the workspace ----------------------------------


class AccessionForm(PlausibleDatesMixin, VersionedFormMixin, forms.ModelForm):
    """An organisation's accession to a protocol, as coordinators record it. The model knows the
    rules: a signing date once signed and not in the future, validity not before signing, one
    open accession per organisation and protocol, and the signed document's type and size."""

    class Meta:
        model = Accession
        fields = [
            "organisation",
            "protocol",
            "status",
            "signed_on",
            "valid_until",
            "signatories",
            "document",
        ]
        widgets = {
            "signed_on": DateInput,
            "valid_until": DateInput,
            "organisation": OrganisationSelect,
            "signatories": forms.Textarea(attrs={"rows": 3}),
            # No "currently" link: private storage has no public address, and the page links
            # the stored document through the view that checks permission.
            "document": forms.FileInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.choosable(
            keeping=[self.instance.organisation_id]
        )


class SharedChoicesFormSet(forms.BaseInlineFormSet):
    """An inline formset whose rows share the choices of their select fields, read once, rather
    than one query per row and field."""

    shared_choice_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.shared_choice_fields:
            choices = list(self.form.base_fields[name].choices)
            for form in self.forms:
                form.fields[name].choices = choices


class CommitmentBaseFormSet(SharedChoicesFormSet):
    shared_choice_fields = ("support_area",)


CommitmentFormSet = forms.inlineformset_factory(
    Accession,
    Commitment,
    formset=CommitmentBaseFormSet,
    fields=[
        "support_area",
        "text_bg",
        "text_en",
        "status",
        "target",
        "target_unit_bg",
        "target_unit_en",
        "is_public",
    ],
    widgets={
        "text_bg": forms.Textarea(attrs={"rows": 2}),
        "text_en": forms.Textarea(attrs={"rows": 2}),
    },
    extra=1,
    # Commitments are withdrawn or lapse, never deleted: their progress reports hang on them.
    can_delete=False,
)


class CommitmentUpdateForm(PlausibleDatesMixin, forms.ModelForm):
    """A progress report on one commitment: no date in the future, no negative amount, and only
    while the commitment is being worked on."""

    OPEN_FOR_PROGRESS = (Commitment.Status.ACTIVE, Commitment.Status.FULFILLED)

    class Meta:
        model = CommitmentUpdate
        fields = ["reported_on", "amount", "note"]
        widgets = {"reported_on": DateInput, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, commitment, **kwargs):
        kwargs.setdefault("prefix", f"update-{commitment.pk}")
        super().__init__(*args, **kwargs)
        self.instance.commitment = commitment
        self.fields["reported_on"].initial = timezone.localdate

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.commitment.status not in self.OPEN_FOR_PROGRESS:
            raise forms.ValidationError(
                _("Progress can be reported only on an active or fulfilled commitment."),
                code="closed",
            )
        return cleaned_data


class ProjectForm(PlausibleDatesMixin, VersionedFormMixin, forms.ModelForm):
    """A funded project. The address (slug) is made from the short name when left empty."""

    class Meta:
        model = Project
        fields = [
            "name",
            "slug",
            "title_bg",
            "title_en",
            "programme_bg",
            "programme_en",
            "description_bg",
            "description_en",
            "starts_on",
            "ends_on",
            "grant_amount",
            "currency",
            "promoter",
            "partners",
            "website",
        ]
        widgets = {
            "starts_on": DateInput,
            "ends_on": DateInput,
            "description_bg": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "promoter": OrganisationSelect,
            "partners": OrganisationSelectMultiple,
        }
        formfield_callback = _https_urls

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["promoter"].queryset = Organisation.objects.choosable(
            keeping=[self.instance.promoter_id]
        )
        partners = self.instance.partners.values("pk") if self.instance.pk else []
        self.fields["partners"].queryset = Organisation.objects.choosable(keeping=partners)
        self.fields["slug"].help_text = _(
            "Part of the public address. Left empty, it is made from the short name."
        )

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        name = self.cleaned_data.get("name")
        if not slug and name:
            slug = unique_slug(Project, name, max_length=60)
        return slug


DeliverableFormSet = forms.inlineformset_factory(
    Project,
    Deliverable,
    fields=["text_bg", "text_en", "target", "achieved"],
    extra=1,
    can_delete=True,
)


# --- The join requests queue, invitations and representatives ---------------------------------

ACCEPTED_STATUSES = [
    (Organisation.PartnershipStatus.IN_TALKS, Organisation.PartnershipStatus.IN_TALKS.label),
    (Organisation.PartnershipStatus.MEMBER, Organisation.PartnershipStatus.MEMBER.label),
]


class JoinRequestAcceptForm(forms.Form):
    """Accept a join request: its organisation moves to "in talks" or "member"."""

    partnership_status = forms.ChoiceField(
        label=_("Partnership status from now on"),
        choices=ACCEPTED_STATUSES,
        initial=Organisation.PartnershipStatus.IN_TALKS,
        widget=forms.RadioSelect,
    )


class JoinRequestMergeForm(JoinRequestAcceptForm):
    """Accept a join request as coming from an organisation already known: the request and its
    contact move there."""

    into = forms.ModelChoiceField(
        label=_("Organisation already known"),
        queryset=Organisation.objects.active().select_related("municipality"),
        widget=OrganisationSelect,
    )

    field_order = ["into", "partnership_status"]

    def __init__(self, *args, join_request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = self.fields["into"].queryset.exclude(
            pk=join_request.organisation_id
        )


class JoinRequestDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the request; sent to the requester only if you tick the box."),
    )
    notify = forms.BooleanField(
        label=_("Email the reason to the requester, in the language of the request"),
        required=False,
    )


class InvitationForm(forms.Form):
    """A coordinator invites a person to represent an organisation."""

    name = forms.CharField(label=_("Name"), max_length=120)
    email = forms.EmailField(label=_("Email"))
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
    )

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        users = get_user_model().objects.filter(Q(username__iexact=email) | Q(email__iexact=email))
        if users.exists():
            raise forms.ValidationError(
                _("An account with this email address already exists."), code="taken"
            )
        return email


class InvitationAcceptForm(forms.Form):
    """The invitee chooses a password, checked by the site's password rules."""

    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            user = get_user_model()(
                username=self.invitation.email,
                email=self.invitation.email,
                first_name=self.invitation.name,
            )
            try:
                validate_password(password1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        users = get_user_model().objects.filter(username__iexact=self.invitation.email)
        if users.exists():
            raise forms.ValidationError(
                _("An account with this email address already exists: log in instead."),
                code="taken",
            )
        return cleaned
