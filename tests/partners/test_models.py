"""The rules of the partners app's models, in `clean()` and in the database."""

import datetime
import io
from decimal import Decimal

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from PIL import Image

from partners.models import Accession, Commitment, ContactPerson, Organisation
from tests.factories import (
    AccessionFactory,
    CommitmentFactory,
    CommitmentUpdateFactory,
    ContactPersonFactory,
    OrganisationFactory,
    ProjectFactory,
    ProtocolFactory,
    UserFactory,
    municipality,
    region,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    """Messages are asserted in English, the source language."""
    with translation.override("en"):
        yield


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, "PNG")
    return buffer.getvalue()


def tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


# ЕИК / БУЛСТАТ on the organisation


@pytest.mark.parametrize("value", ["176000331", "1760003310017"])
def test_organisation_valid_registration_id_is_accepted(value):
    organisation = OrganisationFactory(registration_id=value)

    organisation.full_clean()

    organisation.refresh_from_db()
    assert organisation.registration_id == value


def test_organisation_registration_id_with_wrong_check_digit_is_refused():
    organisation = OrganisationFactory.build(registration_id="176000332")

    with translation.override("en"), pytest.raises(ValidationError) as error:
        organisation.full_clean()

    assert error.value.message_dict["registration_id"] == [
        "This ЕИК / БУЛСТАТ has a wrong check digit: please check it for a typo."
    ]


@pytest.mark.parametrize("value", ["12345678", "17600033A", "1760003310"])
def test_organisation_registration_id_of_wrong_format_is_refused(value):
    organisation = OrganisationFactory.build(registration_id=value)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        organisation.full_clean()

    assert error.value.message_dict["registration_id"] == [
        "An ЕИК / БУЛСТАТ has 9 or 13 digits and nothing else."
    ]


def test_organisation_registration_id_is_unique_when_given():
    OrganisationFactory(registration_id="176000331")

    with transaction.atomic(), pytest.raises(IntegrityError):
        OrganisationFactory(registration_id="176000331")


def test_organisation_duplicate_registration_id_is_refused_by_full_clean():
    OrganisationFactory(registration_id="176000331")
    organisation = OrganisationFactory.build(registration_id="176000331")

    with translation.override("en"), pytest.raises(ValidationError) as error:
        organisation.full_clean()

    assert error.value.messages == [
        "Another organisation is already registered with this ЕИК / БУЛСТАТ."
    ]


def test_organisation_registration_id_may_be_empty_for_many():
    OrganisationFactory(registration_id="")
    OrganisationFactory(registration_id="")

    assert Organisation.objects.filter(registration_id="").count() == 2


@pytest.mark.parametrize("value", ["17600033A", "12345", "BG176000331", "١٧٦٠٠٠٣٣١"])
def test_organisation_registration_id_is_refused_by_the_database_without_clean(value):
    with transaction.atomic(), pytest.raises(IntegrityError):
        OrganisationFactory(registration_id=value)


# Slug and search text


def test_organisation_slug_is_the_transliterated_bulgarian_name():
    organisation = OrganisationFactory(name_bg="Център Динамика", name_en="Dynamics Centre")

    assert organisation.slug == "tsentar-dinamika"


def test_organisation_slug_is_unique_for_the_same_name():
    first = OrganisationFactory(name_bg="Център Динамика")
    second = OrganisationFactory(name_bg="Център Динамика")

    assert first.slug == "tsentar-dinamika"
    assert second.slug == "tsentar-dinamika-2"


def test_organisation_slug_never_takes_the_open_data_address():
    organisation = OrganisationFactory(name_bg="Open Data")

    assert organisation.slug == "open-data-2"


def test_organisation_slug_stays_when_the_name_changes():
    organisation = OrganisationFactory(name_bg="Център Динамика")

    organisation.name_bg = "Фондация Щастие"
    organisation.save()

    organisation.refresh_from_db()
    assert organisation.slug == "tsentar-dinamika"


def test_organisation_search_text_is_latin_lower_case_of_both_languages():
    organisation = OrganisationFactory(
        name_bg="Център Динамика", name_en="Dynamics Centre", short_name_bg="ЦД"
    )

    organisation.refresh_from_db()
    assert organisation.search_text == "tsentar dinamika dynamics centre tsd"


def test_organisation_search_text_follows_a_name_change():
    organisation = OrganisationFactory(name_bg="Център Динамика", name_en="")

    organisation.name_bg = "Фондация Щастие"
    organisation.save()

    organisation.refresh_from_db()
    assert organisation.search_text == "fondatsia shtastie"


# Region and municipality


def test_organisation_municipality_outside_the_region_is_refused():
    organisation = OrganisationFactory.build(
        region=region("BG-18"), municipality=municipality("popovo", "BG-25")
    )

    with translation.override("en"), pytest.raises(ValidationError) as error:
        organisation.full_clean()

    assert error.value.message_dict["municipality"] == [
        "This municipality is not in the chosen region."
    ]


def test_organisation_municipality_inside_the_region_is_accepted():
    organisation = OrganisationFactory.build(
        region=region("BG-18"), municipality=municipality("ruse", "BG-18")
    )

    organisation.full_clean()


def test_organisation_region_is_taken_from_the_municipality_when_empty():
    organisation = OrganisationFactory.build(
        region=None, municipality=municipality("popovo", "BG-25")
    )

    organisation.full_clean()

    assert organisation.region == region("BG-25")


# Directory


def test_organisation_published_excludes_unpublished_and_archived():
    listed = OrganisationFactory(is_published=True)
    OrganisationFactory(is_published=False)
    OrganisationFactory(is_published=True, archived_at=timezone.now())

    assert list(Organisation.objects.published()) == [listed]


# Member since


def test_organisation_member_since_is_the_first_signed_accession_date():
    organisation = OrganisationFactory()
    AccessionFactory(organisation=organisation, signed_on=datetime.date(2024, 9, 5))
    AccessionFactory(organisation=organisation, signed_on=datetime.date(2023, 3, 8))

    assert organisation.member_since == datetime.date(2023, 3, 8)


def test_organisation_member_since_is_none_without_accessions():
    organisation = OrganisationFactory()

    assert organisation.member_since is None


def test_organisation_member_since_ignores_a_draft_with_a_planned_date():
    organisation = OrganisationFactory()
    AccessionFactory(organisation=organisation, signed_on=datetime.date(2024, 9, 5))
    AccessionFactory(
        organisation=organisation,
        status=Accession.Status.DRAFT,
        signed_on=datetime.date(2022, 1, 10),
    )

    assert organisation.member_since == datetime.date(2024, 9, 5)


def test_organisation_member_since_is_none_with_only_a_draft():
    organisation = OrganisationFactory()
    AccessionFactory(
        organisation=organisation,
        status=Accession.Status.DRAFT,
        signed_on=datetime.date(2022, 1, 10),
    )

    assert organisation.member_since is None


def test_organisation_member_since_annotation_matches_the_property():
    member = OrganisationFactory()
    AccessionFactory(organisation=member, signed_on=datetime.date(2024, 9, 5))
    AccessionFactory(organisation=member, signed_on=datetime.date(2023, 3, 8))
    AccessionFactory(
        organisation=member, status=Accession.Status.DRAFT, signed_on=datetime.date(2022, 1, 10)
    )
    prospect = OrganisationFactory()

    annotated = {
        organisation.pk: organisation.member_since
        for organisation in Organisation.objects.with_member_since().filter(
            pk__in=[member.pk, prospect.pk]
        )
    }

    assert annotated == {member.pk: datetime.date(2023, 3, 8), prospect.pk: None}


def test_organisation_member_since_annotation_needs_no_extra_query(django_assert_num_queries):
    organisation = OrganisationFactory()
    AccessionFactory(organisation=organisation, signed_on=datetime.date(2024, 9, 5))

    with django_assert_num_queries(1):
        annotated = Organisation.objects.with_member_since().get(pk=organisation.pk)
        assert annotated.member_since == datetime.date(2024, 9, 5)


# Logo


class LogoForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["logo"]


def test_organisation_logo_that_is_not_an_image_is_refused_by_the_form():
    organisation = OrganisationFactory()
    upload = SimpleUploadedFile("logo.png", b"MZ\x90\x00 a renamed program", "image/png")

    form = LogoForm(data={}, files={"logo": upload}, instance=organisation)

    assert form.is_valid() is False
    assert list(form.errors) == ["logo"]


def test_organisation_logo_that_is_not_an_image_is_refused_by_full_clean():
    organisation = OrganisationFactory.build()
    organisation.logo = SimpleUploadedFile("logo.png", b"MZ\x90\x00 a renamed program")

    with pytest.raises(ValidationError) as error:
        organisation.full_clean()

    assert list(error.value.message_dict) == ["logo"]


def test_organisation_logo_that_is_an_image_is_accepted():
    organisation = OrganisationFactory()
    upload = SimpleUploadedFile("logo.png", png_bytes(), "image/png")

    form = LogoForm(data={}, files={"logo": upload}, instance=organisation)

    assert form.is_valid(), form.errors
    form.save()
    organisation.refresh_from_db()
    assert organisation.logo.read() == png_bytes()


def test_organisation_logo_of_a_disallowed_extension_is_refused():
    organisation = OrganisationFactory.build()
    organisation.logo = SimpleUploadedFile("logo.gif", b"GIF89a")

    with pytest.raises(ValidationError) as error:
        organisation.full_clean()

    assert list(error.value.message_dict) == ["logo"]


# Contact persons


def test_contact_person_public_without_consent_date_is_refused():
    contact = ContactPersonFactory.build(is_public=True, consent_on=None)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        contact.full_clean()

    assert error.value.message_dict["consent_on"] == [
        "A contact can be shown publicly only with a consent date."
    ]


def test_contact_person_public_without_consent_date_is_refused_by_the_database():
    with transaction.atomic(), pytest.raises(IntegrityError):
        ContactPersonFactory(is_public=True, consent_on=None)


def test_contact_person_public_with_consent_date_is_stored():
    contact = ContactPersonFactory(is_public=True, consent_on=datetime.date(2025, 2, 1))

    contact.full_clean()

    assert ContactPerson.objects.get(pk=contact.pk).consent_on == datetime.date(2025, 2, 1)


def test_contact_person_consent_date_in_the_future_is_refused():
    contact = ContactPersonFactory.build(is_public=True, consent_on=tomorrow())

    with translation.override("en"), pytest.raises(ValidationError) as error:
        contact.full_clean()

    assert error.value.message_dict["consent_on"] == ["The consent date cannot be in the future."]


# Accessions


def test_accession_signed_without_date_is_refused():
    accession = AccessionFactory.build(status=Accession.Status.SIGNED, signed_on=None)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        accession.full_clean()

    assert error.value.message_dict["signed_on"] == [
        "A signed accession needs the date it was signed."
    ]


@pytest.mark.parametrize("status", ["signed", "active", "suspended", "expired", "withdrawn"])
def test_accession_past_draft_without_date_is_refused_by_the_database(status):
    with transaction.atomic(), pytest.raises(IntegrityError):
        AccessionFactory(status=status, signed_on=None)


def test_accession_draft_without_date_is_stored():
    accession = AccessionFactory(status=Accession.Status.DRAFT, signed_on=None)

    accession.full_clean()

    assert Accession.objects.get(pk=accession.pk).signed_on is None


def test_accession_valid_until_before_signing_is_refused():
    accession = AccessionFactory.build(
        signed_on=datetime.date(2024, 9, 5), valid_until=datetime.date(2024, 9, 4)
    )

    with translation.override("en"), pytest.raises(ValidationError) as error:
        accession.full_clean()

    assert error.value.message_dict["valid_until"] == [
        "The end of validity cannot be before the signing date."
    ]


def test_accession_valid_until_before_signing_is_refused_by_the_database():
    with transaction.atomic(), pytest.raises(IntegrityError):
        AccessionFactory(signed_on=datetime.date(2024, 9, 5), valid_until=datetime.date(2024, 9, 4))


def test_accession_valid_until_on_the_signing_day_is_stored():
    accession = AccessionFactory(
        signed_on=datetime.date(2024, 9, 5), valid_until=datetime.date(2024, 9, 5)
    )

    accession.full_clean()

    assert Accession.objects.get(pk=accession.pk).valid_until == datetime.date(2024, 9, 5)


def test_accession_signing_date_in_the_future_is_refused():
    accession = AccessionFactory.build(signed_on=tomorrow())

    with translation.override("en"), pytest.raises(ValidationError) as error:
        accession.full_clean()

    assert error.value.message_dict["signed_on"] == ["The signing date cannot be in the future."]


def test_accession_second_open_one_for_the_same_protocol_is_refused_by_the_database():
    first = AccessionFactory()

    with transaction.atomic(), pytest.raises(IntegrityError):
        AccessionFactory(organisation=first.organisation, protocol=first.protocol, status="draft")


def test_accession_second_open_one_for_the_same_protocol_is_refused_by_full_clean():
    first = AccessionFactory()
    second = AccessionFactory.build(organisation=first.organisation, protocol=first.protocol)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        second.full_clean()

    assert error.value.message_dict["__all__"] == [
        "This organisation already has an accession to this protocol that is not withdrawn or "
        "expired."
    ]


@pytest.mark.parametrize("closed", ["withdrawn", "expired"])
def test_accession_closed_one_does_not_block_a_new_one(closed):
    first = AccessionFactory(status=closed)

    second = AccessionFactory(organisation=first.organisation, protocol=first.protocol)

    assert list(first.organisation.accessions.order_by("pk")) == [first, second]


def test_accession_same_organisation_may_join_another_protocol():
    first = AccessionFactory()

    second = AccessionFactory(organisation=first.organisation, protocol=ProtocolFactory())

    assert first.organisation.accessions.count() == 2
    assert second.protocol != first.protocol


def test_accession_without_valid_until_is_open_ended():
    assert AccessionFactory.build(valid_until=None).is_open_ended is True


def test_accession_with_valid_until_is_not_open_ended():
    accession = AccessionFactory.build(valid_until=datetime.date(2027, 1, 1))

    assert accession.is_open_ended is False


def test_accession_visible_to_a_coordinator_is_every_accession(coordinator):
    accessions = [AccessionFactory(), AccessionFactory()]

    assert list(Accession.objects.visible_to(coordinator).order_by("pk")) == accessions


def test_accession_visible_to_a_representative_is_its_own_organisations(own_partner, organisation):
    own = AccessionFactory(organisation=organisation)
    AccessionFactory()

    assert list(Accession.objects.visible_to(own_partner)) == [own]


def test_accession_visible_to_an_anonymous_visitor_is_none():
    AccessionFactory()

    assert list(Accession.objects.visible_to(AnonymousUser())) == []


def test_accession_visible_to_a_user_without_an_organisation_is_none():
    AccessionFactory()

    assert list(Accession.objects.visible_to(UserFactory())) == []


# Commitments and progress


def test_commitment_update_in_the_future_is_refused():
    update = CommitmentUpdateFactory.build(commitment=CommitmentFactory(), reported_on=tomorrow())

    with translation.override("en"), pytest.raises(ValidationError) as error:
        update.full_clean()

    assert error.value.message_dict["reported_on"] == ["Progress cannot be reported in advance."]


def test_commitment_update_today_is_accepted():
    update = CommitmentUpdateFactory.build(
        commitment=CommitmentFactory(), reported_on=timezone.localdate()
    )

    update.full_clean()


def test_commitment_update_negative_amount_is_refused():
    update = CommitmentUpdateFactory.build(commitment=CommitmentFactory(), amount=-1)

    with pytest.raises(ValidationError) as error:
        update.full_clean()

    assert list(error.value.message_dict) == ["amount"]


def test_commitment_update_negative_amount_is_refused_by_the_database():
    with transaction.atomic(), pytest.raises(IntegrityError):
        CommitmentUpdateFactory(amount=-1)


def test_commitment_negative_target_is_refused():
    commitment = CommitmentFactory.build(accession=AccessionFactory(), target=-1)

    with pytest.raises(ValidationError) as error:
        commitment.full_clean()

    assert list(error.value.message_dict) == ["target"]


def test_commitment_negative_target_is_refused_by_the_database():
    with transaction.atomic(), pytest.raises(IntegrityError):
        CommitmentFactory(target=-1)


# Projects


def test_project_end_before_start_is_refused():
    project = ProjectFactory.build(
        starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2024, 12, 31)
    )

    with translation.override("en"), pytest.raises(ValidationError) as error:
        project.full_clean()

    assert error.value.message_dict["ends_on"] == ["The end cannot be before the start."]


def test_project_end_before_start_is_refused_by_the_database():
    with transaction.atomic(), pytest.raises(IntegrityError):
        ProjectFactory(starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2024, 12, 31))


def test_project_negative_grant_is_refused():
    project = ProjectFactory.build(grant_amount=Decimal("-0.01"))

    with pytest.raises(ValidationError) as error:
        project.full_clean()

    assert list(error.value.message_dict) == ["grant_amount"]


def test_project_negative_grant_is_refused_by_the_database():
    with transaction.atomic(), pytest.raises(IntegrityError):
        ProjectFactory(grant_amount=Decimal("-1"))


def test_project_zero_grant_is_stored():
    project = ProjectFactory(grant_amount=Decimal("0"))

    project.full_clean()

    project.refresh_from_db()
    assert project.grant_amount == Decimal("0")


# --- In force and standing: decided by status and date -------------------------------------------


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def test_accession_in_force_leaves_out_one_past_its_valid_until():
    AccessionFactory(valid_until=days_from_today(-1))

    assert list(Accession.objects.in_force()) == []


def test_accession_in_force_includes_one_on_its_last_valid_day():
    accession = AccessionFactory(valid_until=days_from_today(0))

    assert list(Accession.objects.in_force()) == [accession]


def test_accession_in_force_on_a_day_before_its_signing_leaves_it_out():
    AccessionFactory(signed_on=datetime.date(2024, 9, 5))

    assert list(Accession.objects.in_force(datetime.date(2024, 9, 4))) == []


@pytest.mark.parametrize("status", ["draft", "suspended", "expired", "withdrawn"])
def test_accession_in_force_leaves_out_one_whose_status_ended_it(status):
    AccessionFactory(status=status)

    assert list(Accession.objects.in_force()) == []


@pytest.mark.parametrize("status", ["fulfilled", "lapsed", "withdrawn"])
def test_commitment_standing_leaves_out_one_no_longer_active(status):
    CommitmentFactory(status=status)

    assert list(Commitment.objects.standing()) == []


def test_commitment_standing_leaves_out_one_of_an_accession_past_its_validity():
    CommitmentFactory(accession__valid_until=days_from_today(-1))

    assert list(Commitment.objects.standing()) == []


def test_commitment_public_is_standing_shown_publicly_and_of_a_listed_organisation():
    shown = CommitmentFactory()
    CommitmentFactory(is_public=False)
    CommitmentFactory(accession__organisation__is_published=False)
    CommitmentFactory(accession__organisation__archived_at=timezone.now())
    CommitmentFactory(status="withdrawn")

    assert list(Commitment.objects.public()) == [shown]


def test_accession_past_its_valid_until_but_still_signed_shows_as_expired():
    accession = AccessionFactory(valid_until=days_from_today(-1))

    assert (accession.has_expired, accession.expires_soon) == (True, False)


def test_accession_within_the_warning_days_of_its_end_expires_soon():
    accession = AccessionFactory(valid_until=days_from_today(Accession.EXPIRY_WARNING_DAYS))

    assert (accession.has_expired, accession.expires_soon, accession.days_to_expiry) == (
        False,
        True,
        Accession.EXPIRY_WARNING_DAYS,
    )


def test_accession_beyond_the_warning_days_of_its_end_does_not_expire_soon():
    accession = AccessionFactory(valid_until=days_from_today(Accession.EXPIRY_WARNING_DAYS + 1))

    assert (accession.has_expired, accession.expires_soon) == (False, False)


def test_accession_withdrawn_before_its_end_is_not_flagged_as_expired():
    accession = AccessionFactory(status="withdrawn", valid_until=days_from_today(-1))

    assert (accession.has_expired, accession.expires_soon) == (False, False)
