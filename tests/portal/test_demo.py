"""`manage.py load_demo`: the real facts of the seed articles, idempotent, without personal
names."""

import datetime
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

from measures.models import Measure, Pilot, Vote, add_months
from meetings.models import ActionItem, Meeting
from partners.models import Accession, ContactPerson, Organisation, Project
from protocol_portal.demo import meetings as demo_meetings
from protocol_portal.demo import partners as demo_partners

DOMAIN_APPS = ("partners", "meetings", "measures", "protocol_portal")
# The people the seed articles name: none of them may appear in the demo content.
SEED_PERSONAL_NAMES = (
    "Диана", "Деана", "Петя", "Боянка", "Георгиева", "Димова", "Димитрова",
    "Diana", "Deana", "Petya", "Boyanka", "Georgieva", "Dimova", "Dimitrova",
)  # fmt: skip


def load_demo():
    call_command("load_demo", stdout=io.StringIO())


def domain_models():
    """Every model of the project's apps except the history tables, which may grow."""
    return [
        model
        for label in DOMAIN_APPS
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
    ]


def row_counts():
    return {model._meta.label: model._default_manager.count() for model in domain_models()}


@pytest.mark.django_db
def test_load_demo_twice_gives_the_same_counts_for_every_model():
    load_demo()
    first = row_counts()
    load_demo()

    assert row_counts() == first
    assert first["partners.Organisation"] == 20
    assert first["meetings.Meeting"] == 5
    assert first["measures.Measure"] == 7


def history_counts():
    return {
        model._meta.label: model._default_manager.count()
        for label in DOMAIN_APPS
        for model in apps.get_app_config(label).get_models()
        if model.__name__.startswith("Historical")
    }


@pytest.mark.django_db
def test_load_demo_twice_writes_no_history_the_second_time():
    load_demo()
    first = history_counts()
    load_demo()

    assert history_counts() == first


@pytest.mark.django_db
def test_load_demo_records_pass_model_validation():
    load_demo()

    for model in domain_models():
        for record in model._default_manager.all():
            record.full_clean()


@pytest.mark.django_db
def test_load_demo_knsb_accession_is_signed_on_5_september_with_its_commitments():
    load_demo()

    accession = Accession.objects.get(organisation__slug=demo_partners.KNSB_RUSE)
    commitments = list(accession.commitments.select_related("support_area"))

    assert accession.signed_on == datetime.date(2024, 9, 5)
    assert accession.status == Accession.Status.ACTIVE
    assert accession.protocol.coordinator.slug == demo_partners.CENTRE_DINAMIKA
    assert [c.support_area.code for c in commitments] == [
        "employment",
        "qualification",
        "qualification",
        "financial-literacy",
        "business-start-up",
        "other",
        "legal-advice",
        "employment",
        "awareness-training",
    ]
    assert all(c.text_bg and c.text_en for c in commitments)


@pytest.mark.django_db
def test_load_demo_women_lawyers_joined_about_a_month_before_knsb():
    load_demo()

    knsb = Accession.objects.get(organisation__slug=demo_partners.KNSB_RUSE)
    lawyers = Accession.objects.get(organisation__slug=demo_partners.WOMEN_LAWYERS)

    assert 25 <= (knsb.signed_on - lawyers.signed_on).days <= 35


@pytest.mark.django_db
def test_load_demo_measure_7_has_the_most_votes_then_6_and_2():
    load_demo()

    measures = Measure.objects.filter(project__slug=demo_partners.WEGO3)
    vote = Vote.objects.get(meeting__slug=demo_meetings.VOTE_MEETINGS)
    ranking = [tally.measure.number for tally in vote.tallies.order_by("-votes_for")]

    assert sorted(measures.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6, 7]
    assert ranking[:3] == [7, 6, 2]
    assert vote.meeting.participant_count > 60
    assert vote.ballots_cast <= vote.eligible == vote.meeting.participant_count
    assert max(t.votes_for for t in vote.tallies.all()) <= vote.ballots_cast


@pytest.mark.django_db
def test_load_demo_measure_7_is_piloted_for_nine_months_in_one_region():
    load_demo()

    pilot = Pilot.objects.get(measure__number=7, measure__project__slug=demo_partners.WEGO3)

    assert pilot.region.code == "BG-18"
    assert pilot.ends_on == add_months(pilot.starts_on, 9)
    assert pilot.indicators.count() >= 1
    assert pilot.milestones.count() >= 1


@pytest.mark.django_db
def test_load_demo_partnership_with_a_cause_has_its_grant_and_34_reception_centres():
    load_demo()

    project = Project.objects.get(slug=demo_partners.PARTNERSHIP_WITH_A_CAUSE)

    assert project.grant_amount == Decimal("116332.32")
    assert project.currency == Project.Currency.EUR
    assert (project.starts_on, project.ends_on) == (
        datetime.date(2022, 10, 3),
        datetime.date(2024, 4, 3),
    )
    assert project.promoter.slug == demo_partners.CENTRE_DINAMIKA
    assert set(project.partners.values_list("slug", flat=True)) == {
        demo_partners.OPEN_SOCIETY_CLUB,
        demo_partners.RUSE_DISTRICT_ADMINISTRATION,
    }
    reception = project.deliverables.get(text_en__contains="reception centres")
    assert reception.target == 34
    assert project.deliverables.count() == 11


@pytest.mark.django_db
def test_load_demo_press_conference_is_on_27_january_2023_in_hall_1():
    load_demo()

    meeting = Meeting.objects.get(slug=demo_meetings.PRESS_CONFERENCE)

    assert meeting.starts_at.astimezone(demo_meetings.SOFIA).date() == datetime.date(2023, 1, 27)
    assert meeting.venue_en == "Hall 1, Regional Administration – Ruse"
    assert meeting.project.slug == demo_partners.PARTNERSHIP_WITH_A_CAUSE


@pytest.mark.django_db
def test_load_demo_meetings_have_attendance_summaries_and_action_items():
    load_demo()

    for meeting in Meeting.objects.all():
        assert meeting.attendances.exists()
        assert meeting.public_summary_bg and meeting.public_summary_en
    statuses = set(ActionItem.objects.values_list("status", flat=True))
    assert {ActionItem.Status.DONE, ActionItem.Status.OPEN} <= statuses


@pytest.mark.django_db
def test_load_demo_contacts_and_signatories_are_roles_not_people():
    load_demo()

    contact_names = set(ContactPerson.objects.values_list("name", flat=True))
    signatories = {
        line
        for text in Accession.objects.values_list("signatories", flat=True)
        for line in text.splitlines()
    }

    assert contact_names <= demo_partners.CONTACT_NAMES
    assert signatories <= demo_partners.SIGNATORY_ROLES
    assert not ContactPerson.objects.exclude(phone="").exists()
    assert all(
        email.endswith("example.org")
        for email in ContactPerson.objects.exclude(email="").values_list("email", flat=True)
    )


@pytest.mark.django_db
def test_load_demo_no_text_names_a_person_from_the_seeds():
    load_demo()

    for model in domain_models():
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        if not text_fields:
            continue
        for values in model._default_manager.values_list(*text_fields):
            for value in values:
                assert not any(name in (value or "") for name in SEED_PERSONAL_NAMES), value


@pytest.mark.django_db
def test_load_demo_every_organisation_has_bulgarian_and_english_names():
    load_demo()

    names = list(Organisation.objects.values_list("name_bg", "name_en", "search_text"))

    assert names
    assert all(name_bg and name_en and search_text for name_bg, name_en, search_text in names)
