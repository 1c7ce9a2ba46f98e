from datetime import timedelta

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .concurrency import VersionedFormMixin
from .models import ContactPerson, JoinRequest, Organisation, Region
from .validators import validate_eik


def _https_urls(db_field, **kwargs):
    """Model form fields as usual; an address typed without a scheme is taken as https."""
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class JoinForm(forms.Form):
    """An organisation asks to join the protocol. Knows its own rules: required fields, a valid
    ЕИК, no second request for the same organisation or from the same address within a day."""

    DUPLICATE_WINDOW = timedelta(days=1)

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
        name = " ".join(self.cleaned_data["organisation_name"].split())
        if Organisation.objects.filter(name_bg__iexact=name).exists():
            raise forms.ValidationError(
                _(
                    "An organisation with this name is already known to the coordinators. "
                    "They will contact you; there is no need to send the request again."
                ),
                code="duplicate",
            )
        return name

    def clean_registration_id(self):
        registration_id = self.cleaned_data["registration_id"]
        if (
            registration_id
            and Organisation.objects.filter(registration_id=registration_id).exists()
        ):
            raise forms.ValidationError(
                _("An organisation with this ЕИК / БУЛСТАТ is already known to the coordinators."),
                code="duplicate",
            )
        return registration_id

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        since = timezone.now() - self.DUPLICATE_WINDOW
        if JoinRequest.objects.filter(email__iexact=email, received_at__gte=since).exists():
            raise forms.ValidationError(
                _(
                    "We already received a request from this address today. The coordinators "
                    "will answer it; there is no need to send it again."
                ),
                code="duplicate",
            )
        return email


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
    fields=["name", "position_bg", "position_en", "email", "phone", "is_public", "consent_on"],
    widgets={"consent_on": forms.DateInput(attrs={"type": "date"})},
    extra=1,
    can_delete=True,
)
