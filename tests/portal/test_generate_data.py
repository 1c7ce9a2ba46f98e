"""`manage.py generate_data`: exact counts, valid and unique IDs and slugs, repeatable data."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from core.transliteration import search_form
from meetings.models import ActionItem, Attendance, Meeting
from partners.models import Accession, ContactPerson, Organisation, Protocol, Representative
from partners.validators import is_valid_eik
from protocol_portal.demo.generator import Reference, plan_data


def generate(**options):
    output = io.StringIO()
    call_command("generate_data", stdout=output, **options)
    return output.getvalue()


def generated_values():
    return (
        list(Organisation.objects.order_by("pk").values_list("name_bg", "name_en", "slug")),
        list(Organisation.objects.order_by("pk").values_list("registration_id", flat=True)),
        list(Meeting.objects.order_by("pk").values_list("slug", "title_en", "starts_at")),
        list(ContactPerson.objects.order_by("pk").values_list("name", "email")),
    )


@pytest.mark.django_db
def test_generate_data_makes_exactly_the_requested_organisations_and_meetings():
    output = generate(organisations=50, meetings=200, seed=3)

    assert Organisation.objects.count() == 50
    assert Meeting.objects.count() == 200
    assert Attendance.objects.exists()
    assert Accession.objects.filter(commitments__isnull=False).exists()
    assert "organisations" in output
    assert "meetings" in output


@pytest.mark.django_db
def test_generate_data_eiks_are_valid_and_unique():
    generate(organisations=50, meetings=200, seed=3)

    eiks = list(
        Organisation.objects.exclude(registration_id="").values_list("registration_id", flat=True)
    )

    assert len(eiks) > 30
    assert all(is_valid_eik(value) for value in eiks)
    assert len(set(eiks)) == len(eiks)


@pytest.mark.django_db
def test_generate_data_every_organisation_has_search_text_and_a_unique_slug():
    generate(organisations=50, meetings=200, seed=3)

    rows = list(Organisation.objects.values_list("slug", "name_bg", "search_text"))
    meeting_slugs = list(Meeting.objects.values_list("slug", flat=True))

    assert all(slug and search_form(name) in text for slug, name, text in rows)
    assert len({slug for slug, _name, _text in rows}) == 50
    assert all(meeting_slugs)
    assert len(set(meeting_slugs)) == 200


@pytest.mark.django_db
def test_generate_data_covers_all_28_regions():
    generate(organisations=50, meetings=0, seed=3)

    regions = Organisation.objects.exclude(region=None).values("region").distinct().count()

    assert regions == 28


@pytest.mark.django_db
def test_generate_data_records_pass_model_validation():
    generate(organisations=30, meetings=60, seed=5)

    for model in (Organisation, ContactPerson, Protocol, Accession, Meeting, ActionItem):
        for record in model.objects.all():
            record.full_clean()


@pytest.mark.django_db
def test_generate_data_same_seed_on_an_empty_database_gives_the_same_data():
    generate(organisations=50, meetings=200, seed=11)
    first = generated_values()
    Meeting.objects.all().delete()
    Accession.objects.all().delete()
    Protocol.objects.all().delete()
    Organisation.objects.all().delete()
    get_user_model().objects.all().delete()

    generate(organisations=50, meetings=200, seed=11)

    assert generated_values() == first


@pytest.mark.django_db
def test_generate_data_gives_the_joined_organisations_representatives_and_adds_coordinators():
    generate(organisations=60, meetings=10, seed=5, representatives=4, coordinators=2)

    representatives = Representative.objects.select_related("user", "organisation")
    assert representatives.count() == 4
    for representative in representatives:
        assert representative.organisation.accessions.exists()
        assert representative.user.email.endswith("@example.org")
        assert not representative.user.has_usable_password()
    assert get_user_model().objects.filter(groups__name="Coordinators").count() == 2


@pytest.mark.django_db
def test_plan_data_same_seed_same_plan_other_seed_other_names():
    reference = Reference.from_database()

    def names(seed):
        plan = plan_data(seed=seed, organisations=80, meetings=100, reference=reference)
        return [o["fields"]["name_bg"] for o in plan.organisations], plan

    first_names, first_plan = names(1)
    again_names, again_plan = names(1)

    assert again_names == first_names
    assert again_plan == first_plan
    assert names(2)[0] != first_names


@pytest.mark.django_db
def test_generate_data_after_the_demo_and_again_keeps_slugs_unique():
    call_command("load_demo", stdout=io.StringIO())
    demo_organisations = Organisation.objects.count()

    generate(organisations=40, meetings=50, seed=1)
    protocols = Protocol.objects.count()
    generate(organisations=40, meetings=50, seed=1)

    slugs = list(Organisation.objects.values_list("slug", flat=True))
    assert len(slugs) == demo_organisations + 80
    assert len(set(slugs)) == len(slugs)
    assert Meeting.objects.values("slug").distinct().count() == Meeting.objects.count()
    # The second run joins the protocols the first one made instead of repeating them.
    assert Protocol.objects.count() == protocols


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("option", "flag"),
    [
        ("organisations", "--organisations"),
        ("meetings", "--meetings"),
        ("contacts_per_organisation", "--contacts-per-organisation"),
        ("attendance_per_meeting", "--attendance-per-meeting"),
    ],
)
def test_generate_data_refuses_negative_numbers(option, flag):
    with pytest.raises(CommandError, match=f"{flag} must be zero or more"):
        generate(**{option: -1})

    assert Organisation.objects.count() == 0
