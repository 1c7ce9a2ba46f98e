"""The access layer every app builds on: who has a workspace, the guard of workspace pages, and
the lookup of one record that answers 404 to outsiders and 403 to readers asking to write."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from core.access import get_for_user, has_workspace, workspace_required
from partners.models import Accession
from tests.factories import AccessionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("coordinator", True),
        ("admin_user", True),
        ("own_partner", True),
        ("no_role_user", False),
        ("anonymous", False),
    ],
)
def test_has_workspace_is_for_coordinators_and_representatives_only(user_of, role, expected):
    assert has_workspace(user_of(role)) is expected


def _guarded_view():
    calls = []

    @workspace_required
    def view(request):
        calls.append(request.user)
        return HttpResponse("workspace")

    return view, calls


def test_workspace_required_refuses_a_user_without_a_role_before_the_view_runs(no_role_user):
    view, calls = _guarded_view()
    request = RequestFactory().get("/")
    request.user = no_role_user

    with pytest.raises(PermissionDenied):
        view(request)
    assert calls == []


@pytest.mark.parametrize("role", ["coordinator", "own_partner"])
def test_workspace_required_lets_coordinators_and_representatives_in(user_of, role):
    view, calls = _guarded_view()
    request = RequestFactory().get("/")
    request.user = user_of(role)

    assert view(request).content == b"workspace"
    assert calls == [request.user]


def test_get_for_user_gives_a_representative_its_own_record_to_read(own_partner, organisation):
    accession = AccessionFactory(organisation=organisation)

    assert get_for_user(Accession.objects, own_partner, accession.pk) == accession


@pytest.mark.parametrize("role", ["own_partner", "no_role_user", "anonymous"])
def test_get_for_user_answers_404_for_a_record_the_user_cannot_see(
    user_of, other_organisation, role
):
    accession = AccessionFactory(organisation=other_organisation)

    for write in (False, True):
        with pytest.raises(Http404):
            get_for_user(Accession.objects, user_of(role), accession.pk, write=write)


def test_get_for_user_answers_403_to_a_representative_asking_to_write_its_own_record(
    own_partner, organisation
):
    accession = AccessionFactory(organisation=organisation)

    with pytest.raises(PermissionDenied):
        get_for_user(Accession.objects, own_partner, accession.pk, write=True)


def test_get_for_user_gives_a_coordinator_any_record_to_write(coordinator, other_organisation):
    accession = AccessionFactory(organisation=other_organisation)

    assert get_for_user(Accession.objects, coordinator, accession.pk, write=True) == accession


def test_get_for_user_answers_404_for_a_record_that_does_not_exist(coordinator):
    with pytest.raises(Http404):
        get_for_user(Accession.objects, coordinator, 987654)
