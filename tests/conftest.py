"""Role fixtures shared by every test: anonymous, own partner, other partner, a user with no
role, coordinator and admin (pytest-django's `admin_client`)."""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache, caches
from django.utils import translation

from .factories import CoordinatorFactory, OrganisationFactory, RepresentativeFactory, UserFactory


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language, whatever an earlier test activated."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: no rate-limit count or cached figure of an earlier
    test carries over (nor a kept entry in this process's memory)."""
    cache.clear()
    caches["kept"].clear()
    yield
    cache.clear()
    caches["kept"].clear()


@pytest.fixture
def organisation(db):
    """The organisation the `own_partner` user represents."""
    return OrganisationFactory(name_bg="Собствена организация", name_en="Own organisation")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name_bg="Чужда организация", name_en="Other organisation")


@pytest.fixture
def own_partner(organisation):
    return RepresentativeFactory(organisation=organisation).user


@pytest.fixture
def other_partner(other_organisation):
    return RepresentativeFactory(organisation=other_organisation).user


@pytest.fixture
def no_role_user(db):
    """A logged-in account that is neither a coordinator nor a partner's representative."""
    return UserFactory()


@pytest.fixture
def coordinator(db):
    return CoordinatorFactory()


@pytest.fixture
def user_of(request):
    """The user of a role named as its fixture ("coordinator", "own_partner", "other_partner",
    "no_role_user", "admin_user") or "anonymous", for tests parametrised over roles."""

    def user(role):
        return AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)

    return user


@pytest.fixture
def own_partner_client(client, own_partner):
    client.force_login(own_partner)
    return client


@pytest.fixture
def other_partner_client(client, other_partner):
    client.force_login(other_partner)
    return client


@pytest.fixture
def no_role_client(client, no_role_user):
    client.force_login(no_role_user)
    return client


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client
