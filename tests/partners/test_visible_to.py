"""What each role sees of the partners' records through `visible_to`: coordinators every record,
a partner's representative its own organisation's, anyone else nothing."""

import pytest
from django.utils import timezone

from partners.models import Accession, Commitment, CommitmentUpdate, Organisation
from tests.factories import (
    AccessionFactory,
    CommitmentFactory,
    CommitmentUpdateFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

# Which of the records named "own" (the own partner's organisation) and "other" each role sees.
OWN_AND_OTHER = [
    ("coordinator", {"own", "other"}),
    ("own_partner", {"own"}),
    ("other_partner", {"other"}),
    ("no_role_user", set()),
    ("anonymous", set()),
]


def visible(model, user, records):
    """The names of `records` that `model.objects.visible_to(user)` holds."""
    seen = set(model.objects.visible_to(user))
    return {name for name, record in records.items() if record in seen}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("coordinator", {"own", "other", "archived"}),
        ("own_partner", {"own"}),
        ("other_partner", {"other"}),
        ("no_role_user", set()),
        ("anonymous", set()),
    ],
)
def test_organisation_visible_to_is_every_one_for_coordinators_and_its_own_for_a_representative(
    user_of, organisation, other_organisation, role, expected
):
    records = {
        "own": organisation,
        "other": other_organisation,
        "archived": OrganisationFactory(archived_at=timezone.now(), is_published=False),
    }

    assert visible(Organisation, user_of(role), records) == expected
    assert Organisation.objects.visible_to(user_of(role)).count() == len(expected)


def test_organisation_visible_to_keeps_an_archived_organisation_for_its_representative(
    own_partner, organisation
):
    organisation.archived_at = timezone.now()
    organisation.save()

    assert list(Organisation.objects.visible_to(own_partner)) == [organisation]


@pytest.mark.parametrize(("role", "expected"), OWN_AND_OTHER)
def test_accession_visible_to_is_its_organisations_for_a_representative(
    user_of, organisation, other_organisation, role, expected
):
    records = {
        "own": AccessionFactory(organisation=organisation),
        "other": AccessionFactory(organisation=other_organisation),
    }

    assert visible(Accession, user_of(role), records) == expected


@pytest.mark.parametrize(("role", "expected"), OWN_AND_OTHER)
def test_commitment_visible_to_is_its_organisations_public_or_not_for_a_representative(
    user_of, organisation, other_organisation, role, expected
):
    records = {
        "own": CommitmentFactory(accession__organisation=organisation, is_public=False),
        "other": CommitmentFactory(accession__organisation=other_organisation),
    }

    assert visible(Commitment, user_of(role), records) == expected


@pytest.mark.parametrize(("role", "expected"), OWN_AND_OTHER)
def test_commitment_update_visible_to_is_on_its_organisations_commitments_for_a_representative(
    user_of, coordinator, organisation, other_organisation, role, expected
):
    records = {
        # Reported by a coordinator: whose commitment it is decides, not who reported.
        "own": CommitmentUpdateFactory(
            commitment__accession__organisation=organisation, reported_by=coordinator
        ),
        "other": CommitmentUpdateFactory(commitment__accession__organisation=other_organisation),
    }

    assert visible(CommitmentUpdate, user_of(role), records) == expected
