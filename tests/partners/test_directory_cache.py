"""The directory's cold path: partner cards rendered once and kept until what they show
changes, and filter choices kept until the reference data change."""

import pytest
from django import forms
from django.test import Client

from partners import cards
from partners.models import Organisation, Region
from protocol_portal.templatetags.portal import field_choices
from tests.factories import OrganisationFactory, region, support_area

pytestmark = pytest.mark.django_db


def _cards(*organisations):
    listed = Organisation.objects.filter(pk__in=[o.pk for o in organisations]).order_by("pk")
    return cards.partner_cards(listed)


@pytest.fixture
def renders(monkeypatch):
    """How many cards were rendered rather than read from the cache."""
    rendered = []
    original = cards.render_to_string

    def counting(template, context):
        rendered.append(context["organisation"].pk)
        return original(template, context)

    monkeypatch.setattr(cards, "render_to_string", counting)
    return rendered


def test_partner_card_is_rendered_once_and_then_read_from_the_cache(renders):
    first, second = OrganisationFactory.create_batch(2)
    _cards(first, second)

    again = _cards(first, second)

    assert renders == [first.pk, second.pk]
    assert first.name_bg in again[0] and second.name_bg in again[1]


def test_partner_card_shows_a_renamed_organisation(renders):
    organisation = OrganisationFactory(name_bg="Старо име")
    _cards(organisation)

    organisation.name_bg = "Ново име"
    organisation.save()

    assert "Ново име" in _cards(organisation)[0]


def test_partner_card_shows_a_support_area_linked_without_a_save():
    organisation = OrganisationFactory()
    _cards(organisation)

    organisation.services.add(support_area("employment"))

    assert support_area("employment").name_bg in _cards(organisation)[0]


def test_partner_card_shows_a_renamed_region():
    organisation = OrganisationFactory(region=region("BG-18"))
    _cards(organisation)

    ruse = region("BG-18")
    ruse.name_bg = "Русенска"
    ruse.save()

    assert "Русенска" in _cards(organisation)[0]


def _reads_of_reference_data(queries):
    tables = (
        'FROM "partners_region"',
        'FROM "partners_municipality"',
        'FROM "partners_supportarea"',
    )
    return [q["sql"] for q in queries.captured_queries if any(t in q["sql"] for t in tables)]


def test_directory_filter_choices_cost_no_query_once_kept(django_assert_max_num_queries):
    OrganisationFactory()
    client = Client()
    with django_assert_max_num_queries(100) as first:
        client.get("/bg/partners/")

    with django_assert_max_num_queries(100) as second:
        client.get("/bg/partners/?sort=name")

    # Regions, municipalities and support areas: read the first time only.
    assert _reads_of_reference_data(first)
    assert not _reads_of_reference_data(second)


def test_directory_filter_choices_follow_a_renamed_region():
    Client().get("/bg/partners/")
    ruse = region("BG-18")
    ruse.name_bg = "Русенска"
    ruse.save()

    page = Client().get("/bg/partners/?sort=name").content.decode()

    assert ">Русенска</option>" in page


def test_partner_card_escapes_markup_in_the_name_also_when_read_from_the_cache(renders):
    organisation = OrganisationFactory(name_bg="<script>alert(1)</script> Сдружение")
    rendered = _cards(organisation)[0]
    kept = _cards(organisation)[0]

    assert renders == [organisation.pk]
    for card in (rendered, kept):
        assert "<script>" not in card
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Сдружение" in card


def test_directory_filter_escapes_markup_in_a_region_name():
    ruse = region("BG-18")
    ruse.name_bg = '"><script>alert(1)</script>'
    ruse.save()

    page = Client().get("/bg/partners/").content.decode()

    assert "<script>alert(1)</script>" not in page
    assert ">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</option>" in page


def test_filter_choices_of_a_narrowed_list_are_not_those_kept_for_all_regions():
    class AllRegions(forms.Form):
        region = forms.ModelChoiceField(Region.objects.all())

    class RuseOnly(forms.Form):
        region = forms.ModelChoiceField(Region.objects.filter(code="BG-18"))

    everywhere = field_choices(AllRegions()["region"])
    narrowed = field_choices(RuseOnly()["region"])

    assert len(everywhere) > 2
    assert [label for _value, label in narrowed] == ["---------", str(region("BG-18"))]
