"""Nothing lost: every change of a core record is kept with who made it and when."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from simple_history.middleware import HistoryRequestMiddleware

from partners.models import Organisation
from tests.factories import (
    AccessionFactory,
    ActionItemFactory,
    CommitmentFactory,
    ContactPersonFactory,
    IndicatorFactory,
    MeasureFactory,
    MeetingFactory,
    OrganisationFactory,
    PilotFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def chronological(model, pk):
    return model.history.filter(id=pk).order_by("history_date", "history_id")


def test_organisation_change_is_recorded_with_the_user_who_made_it(coordinator):
    organisation = OrganisationFactory(name_bg="Център Динамика")

    organisation.name_bg = "Център за обществена подкрепа"
    organisation._history_user = coordinator
    organisation.save()

    latest = organisation.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == coordinator
    assert latest.name_bg == "Център за обществена подкрепа"
    assert latest.prev_record.name_bg == "Център Динамика"


def test_organisation_change_in_a_request_is_recorded_with_the_requesting_user(coordinator):
    organisation = OrganisationFactory(name_bg="Център Динамика")

    def rename(request):
        organisation.name_bg = "Център за обществена подкрепа"
        organisation.save()
        return HttpResponse()

    request = RequestFactory().post("/manage/")
    request.user = coordinator
    HistoryRequestMiddleware(rename)(request)

    latest = organisation.history.latest()
    assert latest.history_user == coordinator
    assert latest.name_bg == "Център за обществена подкрепа"


def test_organisation_deletion_keeps_a_record_with_who_deleted_it(coordinator):
    organisation = OrganisationFactory()
    pk = organisation.pk

    organisation._history_user = coordinator
    organisation.delete()

    assert Organisation.objects.filter(pk=pk).exists() is False
    latest = Organisation.history.filter(id=pk).latest()
    assert latest.history_type == "-"
    assert latest.history_user == coordinator


def test_organisation_history_keeps_both_languages_of_translated_fields():
    organisation = OrganisationFactory(
        name_bg="Център Динамика",
        name_en="Dynamics Centre",
        description_bg="Подкрепа за жени",
        description_en="Support for women",
    )

    record = organisation.history.latest()

    assert (record.name_bg, record.name_en) == ("Център Динамика", "Dynamics Centre")
    assert (record.description_bg, record.description_en) == (
        "Подкрепа за жени",
        "Support for women",
    )


def test_organisation_history_can_restore_an_earlier_version():
    organisation = OrganisationFactory(name_bg="Център Динамика", name_en="Dynamics Centre")
    organisation.name_bg = "Грешно име"
    organisation.save()

    organisation.history.earliest().instance.save()

    organisation.refresh_from_db()
    assert (organisation.name_bg, organisation.name_en) == ("Център Динамика", "Dynamics Centre")


TRACKED_FACTORIES = [
    OrganisationFactory,
    AccessionFactory,
    CommitmentFactory,
    ContactPersonFactory,
    MeetingFactory,
    ActionItemFactory,
    MeasureFactory,
    PilotFactory,
    IndicatorFactory,
]


@pytest.mark.parametrize(
    "factory", TRACKED_FACTORIES, ids=lambda factory: factory._meta.model.__name__
)
def test_history_records_creation_and_deletion_with_the_user(factory):
    user = UserFactory()
    record = factory()
    model, pk = type(record), record.pk

    record._history_user = user
    record.delete()

    history = chronological(model, pk)
    assert [entry.history_type for entry in history] == ["+", "-"]
    assert [entry.history_user for entry in history] == [None, user]


@pytest.mark.parametrize(
    "factory", TRACKED_FACTORIES, ids=lambda factory: factory._meta.model.__name__
)
def test_saving_an_unchanged_record_writes_no_history(factory):
    record = factory()
    model, pk = type(record), record.pk

    model.objects.get(pk=pk).save()

    assert [entry.history_type for entry in chronological(model, pk)] == ["+"]
