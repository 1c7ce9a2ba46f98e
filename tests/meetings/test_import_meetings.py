"""Importing meetings with attendance from spreadsheets, and the meetings list export."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import ImportRun
from meetings.models import Attendance, Meeting
from tests.factories import (
    AttendanceFactory,
    MeetingFactory,
    OrganisationFactory,
    ProjectFactory,
    municipality,
)
from tests.spreadsheet_files import csv_file, download_as_upload, downloaded, xlsx_file, xlsx_rows

pytestmark = pytest.mark.django_db

HEADERS = [
    "Заглавие (BG) / Title (BG)",
    "Вид / Kind",
    "Начало / Starts at",
    "Община / Municipality",
    "Проект / Project",
    "Участници / Participants",
    "Публикувана / Published",
    "Присъстващи организации / Organisations present",
]


@pytest.fixture
def network(db):
    ProjectFactory(name="WEGO3")
    return {
        "knsb": OrganisationFactory(name_bg="Регионален съвет на КНСБ Русе", short_name_bg="КНСБ"),
        "ruse": OrganisationFactory(name_bg="Община Русе"),
        "dinamika": OrganisationFactory(
            name_bg="Сдружение „Център Динамика“", registration_id="000530632"
        ),
    }


def checked_run(client, file):
    response = client.post(reverse("meetings:manage_meeting_import"), {"file": file})
    assert response.status_code == 302, response.content.decode()[:3000]
    return ImportRun.objects.latest("pk")


def apply(client, run, **data):
    return client.post(reverse("meetings:manage_meeting_import_apply", args=[run.pk]), data)


def local(*args):
    return timezone.make_aware(datetime.datetime(*args))


SIGNING = [
    "Подписване на присъединяването на КНСБ Русе",
    "Подписване",
    "05.09.2023 11:00",
    "Русе",
    "WEGO3",
    "12",
    "да",
    "Община Русе (домакин); КНСБ; 000530632 (speaker)",
]


def test_meeting_import_creates_the_meeting_and_its_attendance(coordinator_client, network):
    run = checked_run(coordinator_client, csv_file([HEADERS, SIGNING], delimiter=";"))

    apply(coordinator_client, run)

    meeting = Meeting.objects.get()
    assert (meeting.kind, meeting.starts_at, meeting.participant_count) == (
        "signing",
        local(2023, 9, 5, 11, 0),
        12,
    )
    assert (meeting.municipality, meeting.project.name, meeting.is_published) == (
        municipality("ruse"),
        "WEGO3",
        True,
    )
    assert sorted(meeting.attendances.values_list("organisation__name_bg", "role")) == [
        ("Община Русе", "host"),
        ("Регионален съвет на КНСБ Русе", "participant"),
        ("Сдружение „Център Динамика“", "speaker"),
    ]


def test_unknown_attending_organisation_refuses_the_row(coordinator_client, network):
    row = [*SIGNING[:-1], "Община Русе; Несъществуваща фондация (домакин)"]

    run = checked_run(coordinator_client, csv_file([HEADERS, row]))

    result = run.report["rows"][0]
    assert result["action"] == "refused"
    assert result["errors"][0][0] == "Присъстващи организации / Organisations present"
    assert "Несъществуваща фондация" in result["errors"][0][1]
    assert Meeting.objects.count() == 0


def test_bad_meeting_rows_are_refused_with_their_reasons(coordinator_client, network):
    rows = [
        ["", "Подписване", "2023-09-05", "", "", "", "", ""],
        ["Среща без вид", "", "2023-09-05", "", "", "", "", ""],
        ["Среща с лоша дата", "vote", "31.02.2023", "", "", "", "", ""],
        ["Среща по непознат проект", "vote", "2023-09-06", "", "WEGO9", "", "", ""],
        ["Среща с много хора", "vote", "2023-09-07", "", "", "60+", "", ""],
    ]

    run = checked_run(coordinator_client, xlsx_file([HEADERS, *rows]))

    columns = [[column for column, _message in row["errors"]] for row in run.report["rows"]]
    assert columns == [
        ["Заглавие (BG) / Title (BG)"],
        ["Вид / Kind"],
        ["Начало / Starts at"],
        ["Проект / Project"],
        ["Участници / Participants"],
    ]


def test_reimport_by_title_and_date_adds_attendance_without_deleting(coordinator_client, network):
    meeting = MeetingFactory(
        title_bg="Подписване на присъединяването на КНСБ Русе",
        kind="signing",
        starts_at=local(2023, 9, 5, 11, 0),
    )
    AttendanceFactory(meeting=meeting, organisation=network["knsb"], role="host")
    observer = AttendanceFactory(meeting=meeting, organisation=OrganisationFactory())
    row = [
        SIGNING[0],
        "signing",
        "2023-09-05 11:00",
        "",
        "",
        "",
        "да",
        "КНСБ (Участник); Община Русе",
    ]

    run = checked_run(coordinator_client, csv_file([HEADERS, row]))
    apply(coordinator_client, run)

    assert run.report["rows"][0]["action"] == "update"
    assert Meeting.objects.count() == 1
    assert sorted(meeting.attendances.values_list("organisation_id", "role")) == sorted(
        [
            (network["knsb"].pk, "participant"),
            (network["ruse"].pk, "participant"),
            (observer.organisation_id, observer.role),
        ]
    )


def test_portal_id_that_does_not_exist_is_refused(coordinator_client, network):
    file = csv_file([["Portal ID", *HEADERS], ["999999", *SIGNING]])

    run = checked_run(coordinator_client, file)

    assert run.report["rows"][0]["errors"][0][0] == "Номер в портала / Portal ID"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_exported_meetings_import_back_unchanged(coordinator_client, network, file_format):
    meeting = MeetingFactory(
        title_bg="Пресконференция „Партньорство с кауза“",
        kind="press_conference",
        starts_at=local(2023, 1, 27, 11, 0),
        ends_at=local(2023, 1, 27, 12, 30),
        venue_bg="Зала 1, Областна администрация Русе",
        municipality=municipality("ruse"),
        participant_count=30,
    )
    AttendanceFactory(meeting=meeting, organisation=network["dinamika"], role="host")
    AttendanceFactory(meeting=meeting, organisation=network["ruse"], role="speaker")
    MeetingFactory(title_bg="Работна група", starts_at=local(2024, 3, 1, 10, 0), is_published=False)
    export = downloaded(
        coordinator_client, reverse("meetings:manage_meetings"), {"export": file_format}
    )

    run = checked_run(coordinator_client, download_as_upload(export, f"meetings.{file_format}"))

    assert [row["action"] for row in run.report["rows"]] == ["unchanged", "unchanged"]
    assert run.report["ignored_columns"] == []


@pytest.mark.parametrize("count", [1, 10])
def test_meeting_export_query_count_does_not_grow_with_rows(
    coordinator_client, django_assert_num_queries, count
):
    for meeting in MeetingFactory.create_batch(count, project=ProjectFactory()):
        AttendanceFactory.create_batch(2, meeting=meeting)

    with django_assert_num_queries(18):
        response = downloaded(
            coordinator_client, reverse("meetings:manage_meetings"), {"export": "csv"}
        )

    assert response.content.decode("utf-8-sig").count("\r\n") == count + 1


def test_partner_cannot_export_or_import_meetings(own_partner_client):
    export = own_partner_client.get(reverse("meetings:manage_meetings"), {"export": "csv"})
    upload = own_partner_client.get(reverse("meetings:manage_meeting_import"))

    assert (export.status_code, upload.status_code) == (403, 403)


def test_meeting_template_lists_kinds_and_roles_in_both_languages(coordinator_client):
    response = coordinator_client.get(reverse("meetings:manage_meeting_import_template_xlsx"))

    values = [tuple(row) for row in xlsx_rows(response.content, sheet=1)]
    assert ("Вид / Kind", "signing", "Подписване", "Signing") in values
    assert ("Роля / Role", "host", "Домакин", "Host") in values
    assert xlsx_rows(response.content)[0][1] == "Заглавие (BG) / Title (BG)"


def test_meeting_template_example_imports_once_its_organisations_exist(coordinator_client, network):
    template = coordinator_client.get(reverse("meetings:manage_meeting_import_template_csv"))

    run = checked_run(coordinator_client, download_as_upload(template, "template.csv"))

    assert [row["action"] for row in run.report["rows"]] == ["new"], run.report
    assert Attendance.objects.count() == 0
