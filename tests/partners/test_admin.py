import datetime

import factory
import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.forms import MultiWidget
from django.urls import reverse
from django.utils import timezone

from partners.models import (
    Accession,
    Commitment,
    CommitmentUpdate,
    ContactPerson,
    Deliverable,
    Municipality,
    Organisation,
    Project,
    Protocol,
    Region,
    Representative,
    SupportArea,
)
from tests.factories import (
    PDF_BYTES,
    AccessionFactory,
    CommitmentFactory,
    CommitmentUpdateFactory,
    ContactPersonFactory,
    DeliverableFactory,
    OrganisationFactory,
    ProjectFactory,
    ProtocolFactory,
    RepresentativeFactory,
    UserFactory,
    municipality,
    region,
    support_area,
)

pytestmark = pytest.mark.django_db


class SupportAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportArea

    code = factory.Sequence(lambda n: f"area-{n}")
    name_bg = factory.Sequence(lambda n: f"Област на подкрепа {n}")
    name_en = factory.Sequence(lambda n: f"Support area {n}")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    code = factory.Sequence(lambda n: f"T-{n}")
    name_bg = factory.Sequence(lambda n: f"Област {n}")
    name_en = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    region = factory.LazyFunction(region)
    name_bg = factory.Sequence(lambda n: f"Община {n}")
    name_en = factory.Sequence(lambda n: f"Municipality {n}")
    slug = factory.Sequence(lambda n: f"municipality-{n}")


# --- Builders: `rows` records for a changelist; one record with `children` rows per inline -------


def support_areas(rows):
    SupportArea.objects.all().delete()  # reference data: the list is to hold exactly `rows`
    for area in SupportAreaFactory.create_batch(rows):
        OrganisationFactory().services.add(area)


def regions(rows):
    Municipality.objects.all().delete()  # reference data, as above
    Region.objects.all().delete()
    for each in RegionFactory.create_batch(rows):
        MunicipalityFactory(region=each)


def municipalities(rows):
    Municipality.objects.all().delete()
    MunicipalityFactory.create_batch(rows, region=factory.Iterator(Region.objects.all()))


def organisation(children=1):
    """A member with services, place, a signed accession, contacts and representatives."""
    member = OrganisationFactory(municipality=municipality())
    member.services.add(support_area("employment"), support_area("housing"))
    AccessionFactory(organisation=member, protocol=ProtocolFactory(coordinator=member))
    ContactPersonFactory.create_batch(children, organisation=member)
    RepresentativeFactory.create_batch(children, organisation=member)
    return member


def organisations(rows):
    for _ in range(rows):
        organisation()


def accession(children=1):
    signed = AccessionFactory()
    CommitmentFactory.create_batch(children, accession=signed)
    return signed


def commitment(children=1):
    promise = CommitmentFactory(target=10)
    CommitmentUpdateFactory.create_batch(
        children, commitment=promise, reported_by=factory.SubFactory(UserFactory)
    )
    return promise


def project(children=1):
    funded = ProjectFactory(promoter=OrganisationFactory(), grant_amount="116332.32")
    funded.partners.add(*OrganisationFactory.create_batch(2))
    DeliverableFactory.create_batch(children, project=funded)
    return funded


def region_with_municipalities(children=1):
    new = RegionFactory()
    MunicipalityFactory.create_batch(children, region=new)
    return new


def batch(make):
    """A builder of `rows` records from a builder of one."""
    return lambda rows: [make() for _ in range(rows)]


def change_form_data(response):
    """What a browser posts from the change form in `response` when nothing is edited: the
    main form, every inline row (blank rows with their defaults) and the management forms."""
    forms = [response.context["adminform"].form]
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update(
            {management.add_prefix(name): management[name].value() for name in management.fields}
        )
        forms.extend(inline.formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None or value is False or isinstance(value, FieldFile):
                continue
            if field.show_hidden_initial:  # callable defaults: tells a blank row from a new one
                data[form.add_initial_prefix(name)] = value
            if isinstance(field.widget, MultiWidget):  # date and time of a datetime
                for index, part in enumerate(field.widget.decompress(value)):
                    data[f"{form.add_prefix(name)}_{index}"] = part
            else:
                data[form.add_prefix(name)] = "on" if value is True else value
    return data


def get_changelist(client, model, query=None):
    return client.get(reverse(f"admin:partners_{model}_changelist"), query or {})


# --- Query budgets ------------------------------------------------------------------------------

# (model, builder of `rows` records, queries of its changelist)
CHANGELISTS = [
    ("supportarea", support_areas, 6),
    ("region", regions, 6),
    ("municipality", municipalities, 7),
    ("organisation", organisations, 8),
    ("contactperson", batch(ContactPersonFactory), 6),
    ("representative", batch(RepresentativeFactory), 6),
    ("protocol", batch(lambda: AccessionFactory().protocol), 7),
    ("accession", batch(accession), 9),
    ("commitment", batch(commitment), 8),
    ("commitmentupdate", batch(lambda: CommitmentUpdateFactory(reported_by=UserFactory())), 9),
    ("project", batch(project), 6),
    ("deliverable", batch(DeliverableFactory), 7),
]


@pytest.mark.parametrize("rows", [1, 15])
@pytest.mark.parametrize(
    ("model", "build", "queries"), [pytest.param(*case, id=case[0]) for case in CHANGELISTS]
)
def test_changelist_makes_as_many_queries_for_many_rows_as_for_one(
    admin_client, django_assert_num_queries, model, build, queries, rows
):
    build(rows)
    ContentType.objects.clear_cache()  # the same start whatever ran before

    with django_assert_num_queries(queries):
        response = get_changelist(admin_client, model)

    assert response.status_code == 200
    assert response.context["cl"].result_count == rows


# (model, builder of one record with `children` rows in each inline, queries of its change form,
# numbers of inline rows to try: only models with inlines try several)
CHANGE_FORMS = [
    ("supportarea", lambda children: support_area(), 5, [1]),
    ("region", region_with_municipalities, 6, [1, 4]),
    ("municipality", lambda children: municipality(), 6, [1]),
    ("organisation", organisation, 11, [1, 4]),
    ("contactperson", lambda children: ContactPersonFactory(), 6, [1]),
    ("representative", lambda children: RepresentativeFactory(), 7, [1]),
    ("protocol", lambda children: ProtocolFactory(), 7, [1]),
    ("accession", accession, 8, [1, 4]),
    ("commitment", commitment, 10, [1, 4]),
    (
        "commitmentupdate",
        lambda children: CommitmentUpdateFactory(reported_by=UserFactory()),
        7,
        [1],
    ),
    ("project", project, 9, [1, 4]),
    ("deliverable", lambda children: DeliverableFactory(), 6, [1]),
]


@pytest.mark.parametrize(
    ("model", "build", "queries", "children"),
    [
        pytest.param(model, build, queries, children, id=f"{model}-{children}")
        for model, build, queries, sizes in CHANGE_FORMS
        for children in sizes
    ],
)
def test_change_form_makes_fixed_queries_whatever_its_inline_rows(
    admin_client, django_assert_num_queries, model, build, queries, children
):
    record = build(children)
    ContentType.objects.clear_cache()

    with django_assert_num_queries(queries):
        response = admin_client.get(reverse(f"admin:partners_{model}_change", args=[record.pk]))

    assert response.status_code == 200


# --- Search in either script --------------------------------------------------------------------


@pytest.fixture
def dinamika():
    return OrganisationFactory(name_bg="Сдружение „Център Динамика“", name_en="")


def test_organisation_search_finds_cyrillic_name_by_latin_query(admin_client, dinamika):
    OrganisationFactory(name_bg="Фондация „Джендър алтернативи“", name_en="")

    response = get_changelist(admin_client, "organisation", {"q": "dinamika"})

    assert list(response.context["cl"].result_list) == [dinamika]


def test_organisation_search_finds_name_by_lower_case_cyrillic_query(admin_client, dinamika):
    response = get_changelist(admin_client, "organisation", {"q": "център динамика"})

    assert list(response.context["cl"].result_list) == [dinamika]


def test_organisation_search_finds_latin_name_by_cyrillic_query(admin_client):
    latin = OrganisationFactory(name_bg="Dinamika Consult OOD", name_en="")
    OrganisationFactory(name_bg="Клуб „Отворено общество“", name_en="")

    response = get_changelist(admin_client, "organisation", {"q": "Динамика"})

    assert list(response.context["cl"].result_list) == [latin]


def test_organisation_search_finds_knsb_by_latin_letters(admin_client):
    knsb = OrganisationFactory(name_bg="Регионален съвет на КНСБ Русе", name_en="")
    OrganisationFactory(name_bg="Русенска Търговско Индустриална Компания", name_en="")

    response = get_changelist(admin_client, "organisation", {"q": "knsb"})

    assert list(response.context["cl"].result_list) == [knsb]


def test_organisation_search_needs_every_word_in_either_script(admin_client, dinamika):
    OrganisationFactory(name_bg="Център за развитие на устойчиви общности", name_en="")

    response = get_changelist(admin_client, "organisation", {"q": "tsentar динамика"})

    assert list(response.context["cl"].result_list) == [dinamika]


def test_organisation_autocomplete_finds_cyrillic_name_by_latin_query(admin_client, dinamika):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "partners",
            "model_name": "contactperson",
            "field_name": "organisation",
            "term": "dinamika",
        },
    )

    assert [result["id"] for result in response.json()["results"]] == [str(dinamika.pk)]


# --- History ------------------------------------------------------------------------------------


def test_organisation_history_shows_a_change_made_in_admin(admin_client, admin_user):
    member = OrganisationFactory(name_bg="Асоциация за жените адвокати")
    ContactPersonFactory(organisation=member)
    url = reverse("admin:partners_organisation_change", args=[member.pk])
    data = change_form_data(admin_client.get(url))
    data["name_bg"] = "Асоциация на жените адвокати"

    saved = admin_client.post(url, data)
    history = admin_client.get(reverse("admin:partners_organisation_history", args=[member.pk]))

    assert saved.status_code == 302
    latest = member.history.latest()
    assert (latest.history_type, latest.name_bg) == ("~", "Асоциация на жените адвокати")
    assert latest.history_user == admin_user
    assert history.status_code == 200
    assert "Асоциация на жените адвокати" in history.content.decode()


def test_organisation_deletion_is_kept_in_history(admin_client, admin_user):
    member = OrganisationFactory(name_bg="Изтрита организация")
    ContactPersonFactory(organisation=member)
    pk = member.pk

    deleted = admin_client.post(
        reverse("admin:partners_organisation_delete", args=[pk]), {"post": "yes"}
    )
    history = admin_client.get(reverse("admin:partners_organisation_history", args=[pk]))

    assert deleted.status_code == 302
    assert not Organisation.objects.filter(pk=pk).exists()
    record = Organisation.history.filter(id=pk).latest()
    assert (record.history_type, record.name_bg, record.history_user) == (
        "-",
        "Изтрита организация",
        admin_user,
    )
    assert ContactPerson.history.filter(organisation_id=pk, history_type="-").count() == 1
    assert history.status_code == 200


def test_organisation_real_deletion_is_for_admins_only(client):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(content_type__app_label="partners"))
    client.force_login(staff)
    member = OrganisationFactory()

    response = client.post(
        reverse("admin:partners_organisation_delete", args=[member.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Organisation.objects.filter(pk=member.pk).exists()


# --- Archiving ----------------------------------------------------------------------------------


def test_archive_action_archives_and_unpublishes_selected_organisations(admin_client, admin_user):
    chosen = OrganisationFactory.create_batch(2, is_published=True)
    other = OrganisationFactory(is_published=True)

    response = admin_client.post(
        reverse("admin:partners_organisation_changelist"),
        {"action": "archive", "_selected_action": [each.pk for each in chosen]},
    )

    assert response.status_code == 302
    for each in chosen:
        each.refresh_from_db()
        assert each.archived_at is not None
        assert (each.is_published, each.partnership_status) == (False, "withdrawn")
        assert each.history.latest().history_user == admin_user
    other.refresh_from_db()
    assert (other.archived_at, other.is_published, other.partnership_status) == (
        None,
        True,
        "member",
    )


def test_restore_action_takes_organisations_out_of_the_archive(admin_client):
    archived = OrganisationFactory(
        archived_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
        is_published=False,
        partnership_status=Organisation.PartnershipStatus.WITHDRAWN,
    )

    response = admin_client.post(
        reverse("admin:partners_organisation_changelist"),
        {"action": "restore", "_selected_action": [archived.pk]},
    )

    assert response.status_code == 302
    archived.refresh_from_db()
    assert (archived.archived_at, archived.is_published, archived.partnership_status) == (
        None,
        False,
        "withdrawn",
    )


def test_archived_filter_lists_archived_organisations_only(admin_client):
    OrganisationFactory()
    archived = OrganisationFactory(archived_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))

    response = get_changelist(admin_client, "organisation", {"archived": "yes"})

    assert list(response.context["cl"].result_list) == [archived]


# --- Private documents and progress -------------------------------------------------------------


def test_accession_form_links_the_document_through_the_permission_check(admin_client):
    signed = AccessionFactory()
    signed.document.save("signed.pdf", ContentFile(PDF_BYTES))

    response = admin_client.get(reverse("admin:partners_accession_change", args=[signed.pk]))

    content = response.content.decode()
    assert f'href="/bg/partners/accessions/{signed.pk}/document/"' in content
    assert "/media/accessions/" not in content


def test_progress_added_in_commitment_form_is_reported_by_the_admin(admin_client, admin_user):
    promise = CommitmentFactory()
    url = reverse("admin:partners_commitment_change", args=[promise.pk])
    data = change_form_data(admin_client.get(url))
    data.update({"updates-0-reported_on": "2025-02-01", "updates-0-amount": "3"})

    response = admin_client.post(url, data)

    assert response.status_code == 302
    update = CommitmentUpdate.objects.get(commitment=promise)
    assert (update.amount, update.reported_by) == (3, admin_user)


def test_commitment_list_shows_progress_towards_target(admin_client):
    promise = CommitmentFactory(target=10)
    CommitmentUpdateFactory.create_batch(2, commitment=promise, amount=3)

    response = get_changelist(admin_client, "commitment")

    assert "6 / 10" in response.content.decode()


# --- The admin as a whole -----------------------------------------------------------------------


def test_every_partners_model_is_in_admin():
    models = [
        SupportArea,
        Region,
        Municipality,
        Organisation,
        ContactPerson,
        Representative,
        Protocol,
        Accession,
        Commitment,
        CommitmentUpdate,
        Project,
        Deliverable,
    ]

    assert [model for model in models if not admin.site.is_registered(model)] == []


def test_organisation_admin_speaks_the_language_asked_for(admin_client):
    member = OrganisationFactory(name_bg="Сдружение „НАЯ“", name_en="Association NAYA")
    url = reverse("admin:partners_organisation_change", args=[member.pk])

    english = admin_client.get(url, headers={"accept-language": "en"}).content.decode()
    bulgarian = admin_client.get(url, headers={"accept-language": "bg"}).content.decode()

    assert "Address and public contacts" in english
    assert 'lang="en"' in english
    assert 'lang="bg"' in bulgarian
    assert "Association NAYA" in english


@pytest.mark.django_db
def test_join_requests_are_listed_and_marked_handled_in_admin(admin_client):
    from partners.models import JoinRequest

    organisation = OrganisationFactory(partnership_status="prospect", is_published=False)
    join_request = JoinRequest.objects.create(
        organisation=organisation, email="office@example.org", language="bg"
    )

    listing = admin_client.get("/admin/partners/joinrequest/")
    admin_client.post(
        "/admin/partners/joinrequest/",
        {"action": "mark_handled", "_selected_action": [join_request.pk]},
    )

    assert "office@example.org" in listing.content.decode()
    join_request.refresh_from_db()
    assert join_request.handled_at is not None


def test_protocol_changelist_counts_only_accessions_in_force_by_their_dates(admin_client):
    protocol = ProtocolFactory()
    AccessionFactory(protocol=protocol)
    AccessionFactory(
        protocol=protocol, valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )

    response = get_changelist(admin_client, "protocol")

    [listed] = response.context["cl"].result_list
    assert listed.in_force_total == 1


@pytest.mark.django_db
def test_join_request_list_filters_the_possible_duplicates(admin_client):
    from partners.models import JoinRequest

    known = OrganisationFactory(name_bg="Известна организация")
    JoinRequest.objects.create(
        organisation=OrganisationFactory(is_published=False),
        possible_duplicate=known,
        email="again@example.org",
        language="bg",
    )
    JoinRequest.objects.create(
        organisation=OrganisationFactory(is_published=False),
        email="new@example.org",
        language="bg",
    )

    listing = admin_client.get(
        "/admin/partners/joinrequest/", {"possible_duplicate__isempty": "0"}
    ).content.decode()

    assert ("again@example.org" in listing, "new@example.org" in listing) == (True, False)
    assert "Известна организация" in listing
