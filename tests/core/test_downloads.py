"""List downloads prepared in the background: asked for with the list's buttons, followed on
the download's page, served to their requester alone, deleted after a day. (The files' contents
are tested with each list: tests/*/test_*export*.py.)"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.jobs import report_progress
from core.models import Download
from core.spreadsheets.download_jobs import prepare_download, progress_key, prune_downloads
from tests.factories import AccessionFactory, CoordinatorFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ORGANISATIONS = "/bg/manage/organisations/"


def ask(client, path=ORGANISATIONS, file_format="csv"):
    return client.post(reverse("core:download_start"), {"path": path, "file_format": file_format})


def waiting_download(user, **fields):
    """A download the worker has not finished yet (the tests' jobs run at once otherwise)."""
    return Download.objects.create(
        requested_by=user, path=ORGANISATIONS, file_format="csv", **fields
    )


def test_typed_export_address_offers_to_prepare_the_file_and_prepares_nothing(coordinator_client):
    response = coordinator_client.get(ORGANISATIONS, {"export": "xlsx", "sector": "ngo"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Подготви файла в Excel (XLSX)" in html
    assert f'name="path" value="{ORGANISATIONS}?sector=ngo"' in html
    assert Download.objects.count() == 0


def test_asking_for_a_list_goes_to_its_download_with_the_file_ready(coordinator_client):
    OrganisationFactory(name_bg="Сдружение „НАЯ“")

    response = ask(coordinator_client)

    download = Download.objects.get()
    assert response["Location"] == f"/bg/manage/downloads/{download.pk}/"
    page = coordinator_client.get(response["Location"]).content.decode()
    today = timezone.localdate()
    assert f"Изтегли organisations-{today:%Y-%m-%d}.csv" in page
    assert f'href="/bg/manage/downloads/{download.pk}/file/"' in page


def test_download_file_is_sent_under_the_lists_name_and_not_stored_by_caches(coordinator_client):
    ask(coordinator_client, file_format="xlsx")
    download = Download.objects.get()

    response = coordinator_client.get(reverse("core:download_file", args=[download.pk]))

    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="organisations-{today:%Y-%m-%d}.xlsx"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"PK")


def test_download_keeps_the_filters_without_the_page_number(coordinator_client):
    ask(coordinator_client, path=f"{ORGANISATIONS}?sector=ngo&page=3&export=csv")

    assert Download.objects.get().path == f"{ORGANISATIONS}?sector=ngo"


def test_second_click_while_the_file_is_prepared_goes_to_the_same_download(
    coordinator_client, coordinator
):
    waiting = waiting_download(coordinator)

    response = ask(coordinator_client)

    assert response["Location"] == f"/bg/manage/downloads/{waiting.pk}/"
    assert Download.objects.count() == 1


def test_asking_again_for_a_download_stuck_for_half_an_hour_starts_a_new_one(
    coordinator_client, coordinator
):
    stuck = waiting_download(coordinator, status="working")
    Download.objects.filter(pk=stuck.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=31)
    )

    page = coordinator_client.get(stuck.get_absolute_url()).content.decode()
    response = ask(coordinator_client)

    assert "вероятно е прекъснат" in page
    assert response["Location"] != stuck.get_absolute_url()
    assert Download.objects.get(pk=stuck.pk).status == "working"
    assert Download.objects.exclude(pk=stuck.pk).get().status == "ready"


def test_download_of_an_address_outside_the_portal_is_refused_with_a_message(coordinator_client):
    response = ask(coordinator_client, path="https://example.org/bg/manage/organisations/")

    assert response.status_code == 400
    assert "Това не е адрес на списък в портала." in response.content.decode()
    assert Download.objects.count() == 0


def test_download_of_a_page_that_has_no_file_fails_and_says_so(coordinator_client):
    response = ask(coordinator_client, path="/bg/manage/")

    page = coordinator_client.get(response["Location"]).content.decode()
    assert Download.objects.get().status == "failed"
    assert "Нямате право да изтеглите този списък." in page


def test_download_being_prepared_shows_how_far_it_has_come(coordinator_client, coordinator):
    download = waiting_download(coordinator, status="working")
    report_progress(progress_key(download.pk), phase="rows", done=400, total=10000)

    page = coordinator_client.get(download.get_absolute_url()).content.decode()

    assert "Файлът се подготвя" in page
    assert "Четене на редовете: 400 от 10000" in page
    assert 'data-rows="Четене на редовете: %(done)s от %(total)s"' in page


def test_download_progress_address_gives_the_status_and_the_rows(coordinator_client, coordinator):
    download = waiting_download(coordinator, status="working")
    report_progress(progress_key(download.pk), phase="rows", done=400, total=10000)

    answer = coordinator_client.get(reverse("core:download_progress", args=[download.pk])).json()

    assert answer == {"status": "working", "phase": "rows", "done": 400, "total": 10000}


def test_file_of_a_download_not_ready_yet_sends_back_to_its_page(coordinator_client, coordinator):
    download = waiting_download(coordinator)

    response = coordinator_client.get(reverse("core:download_file", args=[download.pk]))

    assert response["Location"] == download.get_absolute_url()


@pytest.mark.parametrize("name", ["core:download", "core:download_progress", "core:download_file"])
def test_another_coordinators_download_answers_404(coordinator_client, name):
    colleague = CoordinatorFactory()
    download = waiting_download(colleague, status="ready", file_name="organisations.csv")

    assert coordinator_client.get(reverse(name, args=[download.pk])).status_code == 404


def test_accessions_download_asked_by_a_coordinator_who_lost_the_role_fails(
    coordinator_client, coordinator
):
    AccessionFactory()
    download = waiting_download(coordinator)
    download.path = "/bg/manage/accessions/"
    download.save()
    coordinator.groups.clear()

    prepare_download.call(download.pk)

    download.refresh_from_db()
    assert (download.status, download.failure, download.file.name) == ("failed", "forbidden", "")


@pytest.mark.parametrize("status", ["queued", "working", "ready", "failed"])
def test_download_page_query_count_is_the_same_in_every_status(
    coordinator_client, coordinator, django_assert_num_queries, status
):
    download = waiting_download(coordinator, status=status, file_name="organisations.csv")

    with django_assert_num_queries(5):
        response = coordinator_client.get(download.get_absolute_url())

    assert response.status_code == 200


def test_downloads_older_than_a_day_are_deleted_with_their_files(coordinator_client):
    ask(coordinator_client)
    old = Download.objects.get()
    storage, name = old.file.storage, old.file.name
    Download.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=1, minutes=1)
    )
    ask(coordinator_client, file_format="xlsx")

    deleted = prune_downloads()

    assert deleted == 1
    assert list(Download.objects.values_list("file_format", flat=True)) == ["xlsx"]
    assert not storage.exists(name)


def test_daily_duties_delete_the_old_downloads(coordinator):
    old = waiting_download(coordinator, status="failed")
    Download.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )

    call_command("run_duties", "--now", stdout=io.StringIO())

    assert Download.objects.count() == 0
