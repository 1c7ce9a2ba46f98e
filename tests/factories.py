"""factory_boy factories for every model; reference data (support areas, regions,
municipalities) comes from the migration and is looked up, not made."""

import datetime
import hashlib

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from core.access import COORDINATORS_GROUP
from measures.models import Indicator, IndicatorReading, Measure, Pilot, Vote, VoteTally
from meetings.models import ActionItem, Attachment, Attendance, Meeting
from partners.models import (
    Accession,
    Commitment,
    CommitmentUpdate,
    ContactPerson,
    Deliverable,
    Invitation,
    JoinRequest,
    Municipality,
    Organisation,
    Project,
    Protocol,
    Region,
    Representative,
    SupportArea,
)
from protocol_portal.models import LoginEvent

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def region(code="BG-18"):
    return Region.objects.get(code=code)


def municipality(slug="ruse", region_code="BG-18"):
    return Municipality.objects.get(slug=slug, region__code=region_code)


def support_area(code="employment"):
    return SupportArea.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("a-long-test-password")


class CoordinatorFactory(UserFactory):
    @factory.post_generation
    def coordinators_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=COORDINATORS_GROUP))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name_bg = factory.Sequence(lambda n: f"Организация {n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    sector = Organisation.Sector.NGO
    region = factory.LazyFunction(region)
    partnership_status = Organisation.PartnershipStatus.MEMBER
    is_published = True


class RepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Representative

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    organisation = factory.SubFactory(
        OrganisationFactory,
        partnership_status=Organisation.PartnershipStatus.PROSPECT,
        is_published=False,
    )
    contact = factory.SubFactory(
        "tests.factories.ContactPersonFactory",
        organisation=factory.SelfAttribute("..organisation"),
        email=factory.SelfAttribute("..email"),
    )
    email = factory.Sequence(lambda n: f"sender{n}@example.org")
    message = "Искаме да помогнем."
    language = "bg"


class InvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation; its link's token is `token` (kept only as a hash in the record)."""

    class Meta:
        model = Invitation
        exclude = ["token"]

    organisation = factory.SubFactory(OrganisationFactory)
    name = "Мария Иванова"
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    language = "bg"
    token = factory.Sequence(lambda n: f"token-{n}")
    token_hash = factory.LazyAttribute(
        lambda invitation: hashlib.sha256(invitation.token.encode()).hexdigest()
    )
    sent_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda invitation: invitation.sent_at + Invitation.VALID_FOR)


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    position_bg = "Координатор"
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    phone = "082 000 000"


class ProtocolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Protocol

    name_bg = factory.Sequence(lambda n: f"Протокол {n}")
    slug = factory.Sequence(lambda n: f"protocol-{n}")
    region = factory.LazyFunction(region)
    coordinator = factory.SubFactory(OrganisationFactory, sector=Organisation.Sector.CRISIS_CENTRE)
    established_on = datetime.date(2022, 1, 1)


class AccessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accession

    protocol = factory.SubFactory(ProtocolFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = Accession.Status.SIGNED
    signed_on = datetime.date(2024, 9, 5)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    accession = factory.SubFactory(AccessionFactory)
    support_area = factory.LazyFunction(support_area)
    text_bg = factory.Sequence(lambda n: f"Ангажимент {n}")
    text_en = factory.Sequence(lambda n: f"Commitment {n}")


class CommitmentUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitmentUpdate

    commitment = factory.SubFactory(CommitmentFactory)
    reported_on = datetime.date(2025, 1, 15)
    amount = 1


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"PRJ{n}")
    slug = factory.Sequence(lambda n: f"prj-{n}")
    title_bg = factory.Sequence(lambda n: f"Проект {n}")
    title_en = factory.Sequence(lambda n: f"Project {n}")
    starts_on = datetime.date(2024, 1, 1)
    ends_on = datetime.date(2025, 12, 31)


class DeliverableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deliverable

    project = factory.SubFactory(ProjectFactory)
    text_bg = factory.Sequence(lambda n: f"Резултат {n}")
    target = 10


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    title_bg = factory.Sequence(lambda n: f"Среща {n}")
    title_en = factory.Sequence(lambda n: f"Meeting {n}")
    kind = Meeting.Kind.PARTNER_MEETING
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))
    is_published = True


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    people = 2


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    text_bg = factory.Sequence(lambda n: f"Задача {n}")
    responsible = factory.SubFactory(OrganisationFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    meeting = factory.SubFactory(MeetingFactory)
    file = factory.django.FileField(filename="minutes.pdf", data=PDF_BYTES)
    caption_bg = "Протокол от срещата"
    is_public = False


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    number = factory.Sequence(lambda n: n + 1)
    slug = factory.Sequence(lambda n: f"measure-{n}")
    title_bg = factory.Sequence(lambda n: f"Мярка {n}")
    title_en = factory.Sequence(lambda n: f"Measure {n}")
    support_area = factory.LazyFunction(support_area)


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    meeting = factory.SubFactory(MeetingFactory, kind=Meeting.Kind.VOTE)
    eligible = 60
    ballots_cast = 55


class VoteTallyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VoteTally

    vote = factory.SubFactory(VoteFactory)
    measure = factory.SubFactory(MeasureFactory)
    votes_for = 30


class PilotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pilot

    measure = factory.SubFactory(MeasureFactory)
    region = factory.LazyFunction(region)
    starts_on = datetime.date(2025, 3, 1)
    status = Pilot.Status.RUNNING


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    pilot = factory.SubFactory(PilotFactory)
    name_bg = factory.Sequence(lambda n: f"Показател {n}")
    unit_bg = "жени"
    baseline = 0
    target = 20


class IndicatorReadingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorReading

    indicator = factory.SubFactory(IndicatorFactory)
    measured_on = factory.Sequence(lambda n: datetime.date(2025, 4, 1) + datetime.timedelta(n))
    value = 5


class LoginEventFactory(factory.django.DjangoModelFactory):
    """One attempt to log in; a failed one unless told."""

    class Meta:
        model = LoginEvent

    user = factory.SubFactory(UserFactory)
    username = factory.LazyAttribute(lambda event: event.user.username if event.user else "")
    ip_address = "192.0.2.1"
    outcome = LoginEvent.Outcome.FAILED
