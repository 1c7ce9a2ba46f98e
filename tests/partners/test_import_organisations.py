"""Importing organisations from spreadsheets in the workspace: the dry run reports every row,
applying is all or nothing, re-imports update, exports import back unchanged."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from core.jobs import report_progress
from core.models import ImportRun
from core.spreadsheets import jobs as import_jobs
from partners.models import ContactPerson, Organisation, SupportArea
from partners.resources import OrganisationResource
from partners.validators import is_valid_eik
from tests.factories import ContactPersonFactory, OrganisationFactory, municipality, region
from tests.html_tables import table_texts
from tests.spreadsheet_files import csv_file, download_as_upload, downloaded, xlsx_file, xlsx_rows

pytestmark = pytest.mark.django_db

HEADERS = [
    "Наименование (BG) / Name (BG)",
    "Наименование (EN) / Name (EN)",
    "ЕИК / БУЛСТАТ / Registration ID",
    "Сектор / Sector",
    "Област / Region",
    "Община / Municipality",
    "Предлагана подкрепа / Support offered",
    "Статус на партньорството / Partnership status",
    "В публичния указател / Listed in the directory",
    "Лице за контакт / Contact person",
    "Имейл на лицето / Contact email",
]


def eik(prefix):
    """A valid 9-digit ЕИК starting with the 8 digits of `prefix`."""
    return next(f"{prefix}{digit}" for digit in range(10) if is_valid_eik(f"{prefix}{digit}"))


def wrong_check_digit(prefix):
    return next(f"{prefix}{digit}" for digit in range(10) if not is_valid_eik(f"{prefix}{digit}"))


GOOD_ROWS = [
    [
        "Регионален съвет на КНСБ Русе",
        "KNSB Regional Council Ruse",
        eik("11122233"),
        "Синдикат",
        "Русе",
        "Русе",
        "Заетост; Правни консултации",
        "член",
        "да",
        "Петя Георгиева",
        "knsb@example.org",
    ],
    [
        "Сдружение „НАЯ“",
        "Association NAYA",
        "",
        "ngo",
        "Targovishte",
        "Търговище",
        "psychological-support",
        "in talks",
        "yes",
        "",
        "",
    ],
]
BAD_ROWS = [
    # Row 4: wrong check digit.
    [
        "Фирма с грешен ЕИК",
        "",
        wrong_check_digit("22233344"),
        "business",
        "Русе",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
    # Row 5: unknown region.
    ["Организация в Мордор", "", "", "ngo", "Мордор", "", "", "", "", "", ""],
    # Row 6: municipality outside the region.
    ["Читалище „Светлина“", "", "", "ngo", "Русе", "Карлово", "", "", "", "", ""],
    # Row 7: no Bulgarian name.
    ["", "English only", "", "ngo", "", "", "", "", "", "", ""],
    # Row 8: unknown sector.
    ["Клуб „Отворено общество“ – Русе", "", "", "Космос", "", "", "", "", "", "", ""],
    # Row 9: the same organisation as row 2.
    ["Регионален съвет на КНСБ Русе", "", "", "trade_union", "", "", "", "", "", "", ""],
]


def upload(client, file, kind="organisation"):
    return client.post(reverse(f"partners:manage_{kind}_import"), {"file": file})


def checked_run(client, file):
    response = upload(client, file)
    assert response.status_code == 302, response.content.decode()[:3000]
    return ImportRun.objects.latest("pk")


def apply(client, run, **data):
    return client.post(reverse("partners:manage_organisation_import_apply", args=[run.pk]), data)


def rows_by_number(run):
    return {row["number"]: row for row in run.report["rows"]}


def reasons(row):
    return " | ".join(f"{column}: {message}" for column, message in row["errors"])


def test_dry_run_reports_each_bad_row_with_its_reason_and_changes_nothing(coordinator_client):
    file = csv_file([HEADERS, *GOOD_ROWS, *BAD_ROWS])

    run = checked_run(coordinator_client, file)

    rows = rows_by_number(run)
    assert (run.rows_new, run.rows_refused) == (2, 6)
    assert [rows[n]["action"] for n in (2, 3)] == ["new", "new"]
    assert "контролна цифра" in reasons(rows[4])
    assert "ЕИК / БУЛСТАТ" in reasons(rows[4])
    assert "Мордор" in reasons(rows[5])
    assert "Община / Municipality" in reasons(rows[6])
    assert "Наименование (BG) / Name (BG)" in reasons(rows[7])
    assert "Космос" in reasons(rows[8])
    assert "row 2" in reasons(rows[9]) or "ред 2" in reasons(rows[9])
    assert Organisation.objects.count() == 0


def test_preview_page_shows_the_refused_rows_and_their_reasons(coordinator_client):
    run = checked_run(coordinator_client, csv_file([HEADERS, *GOOD_ROWS, *BAD_ROWS]))

    html = coordinator_client.get(
        reverse("partners:manage_organisation_import_run", args=[run.pk])
    ).content.decode()

    assert "Мордор" in html
    assert "Регионален съвет на КНСБ Русе" in html
    assert html.index("Организация в Мордор") < html.index("Сдружение „НАЯ“")


def test_windows_1251_csv_with_semicolons_imports(coordinator_client):
    file = csv_file([HEADERS, *GOOD_ROWS], encoding="cp1251", delimiter=";")

    run = checked_run(coordinator_client, file)
    apply(coordinator_client, run)

    knsb = Organisation.objects.get(registration_id=GOOD_ROWS[0][2])
    assert knsb.name_bg == "Регионален съвет на КНСБ Русе"
    assert knsb.sector == "trade_union"
    assert (knsb.region, knsb.municipality) == (region("BG-18"), municipality("ruse"))
    assert sorted(knsb.services.values_list("code", flat=True)) == ["employment", "legal-advice"]
    naya = Organisation.objects.get(name_bg="Сдружение „НАЯ“")
    assert (naya.partnership_status, naya.is_published) == ("in_talks", True)


def test_xlsx_with_date_cells_and_number_cells_imports(coordinator_client):
    headers = [*HEADERS, "Лицето се показва публично", "Consent date"]
    row = [*GOOD_ROWS[0], "да", datetime.datetime(2024, 9, 5)]
    row[2] = int(row[2])

    run = checked_run(coordinator_client, xlsx_file([headers, row]))
    apply(coordinator_client, run)

    contact = ContactPerson.objects.get(name="Петя Георгиева")
    assert (contact.is_public, contact.consent_on) == (True, datetime.date(2024, 9, 5))
    assert contact.organisation.registration_id == GOOD_ROWS[0][2]


def test_applying_a_file_with_refused_rows_changes_nothing(coordinator_client):
    existing = OrganisationFactory(name_bg="Сдружение „НАЯ“", partnership_status="member")
    before = (Organisation.objects.count(), Organisation.history.count())
    run = checked_run(coordinator_client, csv_file([HEADERS, *GOOD_ROWS, *BAD_ROWS]))

    response = apply(coordinator_client, run)

    assert response.status_code == 200
    assert "skip_refused" in response.context["form"].errors
    assert (Organisation.objects.count(), Organisation.history.count()) == before
    existing.refresh_from_db()
    assert existing.partnership_status == "member"
    run.refresh_from_db()
    assert run.status == "previewed"


def test_applying_with_skip_refused_saves_exactly_the_good_rows(coordinator_client):
    run = checked_run(coordinator_client, csv_file([HEADERS, *GOOD_ROWS, *BAD_ROWS]))

    response = apply(coordinator_client, run, skip_refused="on")

    assert response.status_code == 302
    assert sorted(Organisation.objects.values_list("name_bg", flat=True)) == [
        "Регионален съвет на КНСБ Русе",
        "Сдружение „НАЯ“",
    ]
    run.refresh_from_db()
    assert (run.status, run.skipped_refused, run.rows_new, run.rows_refused) == (
        "applied",
        True,
        2,
        6,
    )
    assert not run.file


def test_rows_refused_at_apply_time_roll_everything_back(coordinator_client):
    run = checked_run(coordinator_client, csv_file([HEADERS, *GOOD_ROWS]))
    # Meanwhile a second organisation of NAYA's name is added: the row no longer says which.
    OrganisationFactory(name_bg="Сдружение НАЯ", registration_id=eik("99988877"))
    OrganisationFactory(name_bg="Сдружение „НАЯ“")

    response = coordinator_client.get(apply(coordinator_client, run)["Location"])

    assert response.context["form"].apply_failed
    assert not Organisation.objects.filter(name_bg="Регионален съвет на КНСБ Русе").exists()
    run.refresh_from_db()
    assert (run.status, run.rows_refused) == ("previewed", 1)


def test_reimport_updates_by_eik_instead_of_duplicating(coordinator_client):
    knsb = OrganisationFactory(name_bg="КНСБ Русе", registration_id=GOOD_ROWS[0][2])

    run = checked_run(coordinator_client, csv_file([HEADERS, GOOD_ROWS[0]]))
    apply(coordinator_client, run)

    assert run.report["rows"][0]["action"] == "update"
    assert Organisation.objects.count() == 1
    knsb.refresh_from_db()
    assert knsb.name_bg == "Регионален съвет на КНСБ Русе"


def test_reimport_matches_by_name_ignoring_case_spaces_and_quotes(coordinator_client):
    naya = OrganisationFactory(name_bg='Сдружение  "НАЯ"', partnership_status="prospect")

    run = checked_run(coordinator_client, csv_file([HEADERS, GOOD_ROWS[1]]))
    apply(coordinator_client, run)

    assert Organisation.objects.count() == 1
    naya.refresh_from_db()
    assert naya.partnership_status == "in_talks"


def test_eik_of_one_organisation_and_name_of_another_is_refused(coordinator_client):
    OrganisationFactory(name_bg="Една организация", registration_id=GOOD_ROWS[0][2])
    OrganisationFactory(name_bg="Регионален съвет на КНСБ Русе")

    run = checked_run(coordinator_client, csv_file([HEADERS, GOOD_ROWS[0]]))

    assert run.report["rows"][0]["action"] == "refused"
    assert "Една организация" in reasons(run.report["rows"][0])


def test_history_records_carry_the_importing_user(coordinator_client, coordinator):
    run = checked_run(coordinator_client, csv_file([HEADERS, GOOD_ROWS[0]]))

    apply(coordinator_client, run)

    organisation = Organisation.objects.get()
    assert organisation.history.get().history_user == coordinator
    assert organisation.contacts.get().history.get().history_user == coordinator


def test_contacts_are_added_or_updated_by_name_and_never_deleted(coordinator_client):
    knsb = OrganisationFactory(name_bg="Регионален съвет на КНСБ Русе")
    ContactPersonFactory(organisation=knsb, name="Петя Георгиева", email="old@example.org")
    ivan = ContactPersonFactory(organisation=knsb, name="Иван Иванов")

    run = checked_run(coordinator_client, csv_file([HEADERS, GOOD_ROWS[0]]))
    apply(coordinator_client, run)

    assert sorted(knsb.contacts.values_list("name", "email")) == [
        ("Иван Иванов", ivan.email),
        ("Петя Георгиева", "knsb@example.org"),
    ]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_values_that_start_like_a_formula_import_back_as_they_were(coordinator_client, file_format):
    organisation = OrganisationFactory(
        name_bg="@Дом на доверието", description_bg="-по договорка", public_phone="+359 82 000 000"
    )
    ContactPersonFactory(organisation=organisation, name="Мария", phone="+359 88 123 4567")
    export = downloaded(
        coordinator_client, reverse("partners:manage_organisations"), {"export": file_format}
    )

    run = checked_run(coordinator_client, download_as_upload(export, f"list.{file_format}"))

    assert [row["action"] for row in run.report["rows"]] == ["unchanged"]


def test_archived_organisation_is_updated_noted_and_stays_archived(coordinator_client):
    archived = OrganisationFactory(
        name_bg="Сдружение „НАЯ“", archived_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    )

    run = checked_run(coordinator_client, csv_file([HEADERS, GOOD_ROWS[1]]))
    apply(coordinator_client, run)

    assert "archived" in " ".join(run.report["rows"][0]["notes"]) or "архив" in " ".join(
        run.report["rows"][0]["notes"]
    )
    archived.refresh_from_db()
    assert archived.archived_at is not None


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_exported_list_imports_back_unchanged(coordinator_client, file_format):
    knsb = OrganisationFactory(
        name_bg="Регионален съвет на КНСБ Русе",
        name_en="KNSB",
        registration_id=GOOD_ROWS[0][2],
        sector="trade_union",
        municipality=municipality("ruse"),
        description_bg="=Формула, която не е формула",
        website="https://knsb.example.org",
    )
    knsb.services.set([1, 2])
    ContactPersonFactory(
        organisation=knsb,
        name="Петя Георгиева",
        is_public=True,
        consent_on=datetime.date(2024, 9, 5),
    )
    OrganisationFactory(
        name_bg="Сдружение „НАЯ“", partnership_status="in_talks", is_published=False
    )
    export = downloaded(
        coordinator_client, reverse("partners:manage_organisations"), {"export": file_format}
    )

    run = checked_run(coordinator_client, download_as_upload(export, f"list.{file_format}"))

    assert [row["action"] for row in run.report["rows"]] == ["unchanged", "unchanged"]
    assert run.report["ignored_columns"] == []
    versions = Organisation.history.count()
    apply(coordinator_client, run)
    assert Organisation.objects.count() == 2
    assert Organisation.history.count() == versions


@pytest.mark.parametrize("count", [1, 12])
def test_organisation_export_query_count_does_not_grow_with_rows(
    coordinator_client, django_assert_num_queries, count
):
    for organisation in OrganisationFactory.create_batch(count):
        ContactPersonFactory(organisation=organisation)
        organisation.services.set([1, 2])

    with django_assert_num_queries(18):
        response = downloaded(
            coordinator_client, reverse("partners:manage_organisations"), {"export": "xlsx"}
        )

    assert len(xlsx_rows(response.content)) == count + 1


def _rows_half_new_half_changed(count):
    """`count` rows: the first half about organisations already in the portal, each with a
    contact person and support areas that the file changes; the second half new ones."""
    rows = [HEADERS]
    for number in range(count):
        registration_id = eik(f"{30_000_000 + number}")
        if number < count // 2:
            organisation = OrganisationFactory(registration_id=registration_id)
            organisation.services.set(SupportArea.objects.filter(code="employment"))
            ContactPersonFactory(organisation=organisation, name=f"Лице {number}")
            name = organisation.name_bg
        else:
            name = f"Нова организация {number}"
        place = ["Русе", "Русе"]
        contact = [f"Лице {number}", f"person{number}@example.org"]
        rows.append(
            [name, "", registration_id, "ngo", *place, "Правни консултации", "член", "да", *contact]
        )
    return rows


@pytest.mark.parametrize("count", [50, 150])
def test_applying_an_import_costs_the_same_queries_for_50_rows_as_for_150(
    coordinator_client, django_assert_num_queries, count
):
    run = checked_run(coordinator_client, csv_file(_rows_half_new_half_changed(count)))

    with django_assert_num_queries(35):
        apply(coordinator_client, run)

    run.refresh_from_db()
    assert (run.status, run.rows_new, run.rows_updated) == ("applied", count // 2, count // 2)
    assert ContactPerson.objects.filter(email__startswith="person").count() == count


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("big.csv", b"a" * (10 * 1024 * 1024 + 1), "10"),
        ("empty.csv", b"", "empty"),
        ("photo.png", b"\x89PNG\r\n", "CSV"),
        ("broken.xlsx", b"PK\x03\x04 not really a workbook", "XLSX"),
        ("binary.csv", b"\x00\x01\x02garbage" * 20, "CSV"),
        ("no-header.csv", "Нещо,Друго\r\n1,2\r\n".encode(), "header"),
    ],
)
def test_a_file_the_portal_cannot_read_gets_an_error_next_to_the_field(
    coordinator_client, settings, name, content, message
):
    settings.LANGUAGE_CODE = "en"
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = coordinator_client.post(
        reverse("partners:manage_organisation_import").replace("/bg/", "/en/"),
        {"file": SimpleUploadedFile(name, content)},
    )

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert message in errors
    assert ImportRun.objects.count() == 0


def test_missing_required_column_is_named(coordinator_client):
    response = upload(coordinator_client, csv_file([["Name (EN)"], ["Only English"]]))

    assert "Наименование (BG) / Name (BG)" in " ".join(response.context["form"].errors["file"])


def test_headers_are_recognised_by_either_half_or_key_in_any_case(coordinator_client):
    file = csv_file(
        [
            ["  name (bg) ", "SECTOR", "registration_id"],
            ["Сдружение „НАЯ“", "неправителствена  организация", ""],
        ]
    )

    run = checked_run(coordinator_client, file)

    assert run.report["rows"][0]["action"] == "new"


@pytest.mark.parametrize(
    "name",
    [
        "manage_organisation_import",
        "manage_organisation_import_template_xlsx",
        "manage_organisation_import_template_csv",
    ],
)
def test_import_pages_answer_403_to_a_partner_and_send_visitors_to_login(client, own_partner, name):
    url = reverse(f"partners:{name}")
    anonymous = client.get(url)
    client.force_login(own_partner)

    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    assert client.get(url).status_code == 403


def test_a_second_apply_of_the_same_import_is_refused_and_applies_nothing(coordinator_client):
    run = checked_run(coordinator_client, csv_file([HEADERS, *GOOD_ROWS]))
    apply(coordinator_client, run)

    response = apply(coordinator_client, run)

    assert Organisation.objects.count() == len(GOOD_ROWS)
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "Това внасяне вече не чака да бъде приложено." in page


def test_an_apply_job_run_twice_applies_the_import_once(coordinator_client):
    run = checked_run(coordinator_client, csv_file([HEADERS, *GOOD_ROWS]))
    ImportRun.objects.filter(pk=run.pk).update(status="applying")
    arguments = (run.pk, "partners.resources.OrganisationResource", run.created_by_id, "bg", False)

    import_jobs.apply_import.call(*arguments)
    import_jobs.apply_import.call(*arguments)

    run.refresh_from_db()
    assert (run.status, Organisation.objects.count()) == ("applied", len(GOOD_ROWS))


def test_partner_cannot_apply_an_import(own_partner_client, coordinator):
    run = ImportRun.objects.create(kind="organisations", file_name="x.csv", created_by=coordinator)

    response = apply(own_partner_client, run, skip_refused="on")

    assert response.status_code == 403


def test_partner_cannot_download_the_organisation_list(own_partner_client):
    response = own_partner_client.get(reverse("partners:manage_organisations"), {"export": "csv"})

    assert response.status_code == 403


def test_xlsx_template_has_bilingual_headers_an_example_and_the_allowed_values(
    coordinator_client,
):
    response = coordinator_client.get(reverse("partners:manage_organisation_import_template_xlsx"))

    data, values = xlsx_rows(response.content), xlsx_rows(response.content, sheet=1)
    assert data[0][0] == "Наименование (BG) / Name (BG)"
    assert data[1][0] == "Сдружение „Център Динамика“"
    assert ("Област / Region", "BG-18", "Русе", "Ruse") in [tuple(row) for row in values]


def test_template_files_import_as_new_organisations(coordinator_client):
    for name in ("template_csv", "template_xlsx"):
        template = coordinator_client.get(reverse(f"partners:manage_organisation_import_{name}"))
        extension = name.rsplit("_", 1)[-1]

        run = checked_run(coordinator_client, download_as_upload(template, f"t.{extension}"))

        assert [row["action"] for row in run.report["rows"]] == ["new"], run.report


def test_cancelling_deletes_the_stored_file(coordinator_client):
    run = checked_run(coordinator_client, csv_file([HEADERS, GOOD_ROWS[0]]))
    storage, name = run.file.storage, run.file.name
    assert storage.exists(name)

    coordinator_client.post(reverse("partners:manage_organisation_import_cancel", args=[run.pk]))

    run.refresh_from_db()
    assert (run.status, storage.exists(name)) == ("cancelled", False)


def test_stale_checked_imports_are_cancelled_and_their_files_deleted(coordinator_client):
    stale = checked_run(coordinator_client, csv_file([HEADERS, GOOD_ROWS[0]]))
    fresh = checked_run(coordinator_client, csv_file([HEADERS, GOOD_ROWS[1]]))
    ImportRun.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    storage, stale_name, fresh_name = stale.file.storage, stale.file.name, fresh.file.name

    call_command("clear_stale_imports", stdout=io.StringIO())

    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert (stale.status, storage.exists(stale_name)) == ("cancelled", False)
    assert (fresh.status, storage.exists(fresh_name)) == ("previewed", True)


def test_progress_of_an_import_being_checked_is_readable_at_its_own_address(
    coordinator_client,
):
    run = checked_run(coordinator_client, csv_file([HEADERS, GOOD_ROWS[0]]))
    ImportRun.objects.filter(pk=run.pk).update(status="checking")
    report_progress(import_jobs.progress_key(run.pk), phase="check", done=40, total=100)
    url = reverse("partners:manage_organisation_import_progress", args=[run.pk])

    response = coordinator_client.get(url)

    assert response.json() == {"status": "checking", "phase": "check", "done": 40, "total": 100}


def test_page_of_an_import_being_applied_shows_its_progress_and_no_buttons(coordinator_client):
    run = checked_run(coordinator_client, csv_file([HEADERS, GOOD_ROWS[0]]))
    ImportRun.objects.filter(pk=run.pk).update(status="applying")
    report_progress(import_jobs.progress_key(run.pk), phase="apply", done=3, total=8)

    page = coordinator_client.get(
        reverse("partners:manage_organisation_import_run", args=[run.pk])
    ).content.decode()

    assert "Записване на редовете: 3 от 8" in page
    assert "Приложи внасянето" not in page


def test_an_import_whose_worker_was_lost_is_marked_failed_by_the_daily_clean_up(
    coordinator_client,
):
    run = checked_run(coordinator_client, csv_file([HEADERS, GOOD_ROWS[0]]))
    ImportRun.objects.filter(pk=run.pk).update(
        status="applying", updated_at=timezone.now() - datetime.timedelta(hours=7)
    )

    call_command("clear_stale_imports", stdout=io.StringIO())

    run.refresh_from_db()
    assert run.status == "failed"
    assert Organisation.objects.count() == 0


def test_a_database_failure_while_applying_saves_nothing_and_says_where(
    coordinator_client, monkeypatch
):
    run = checked_run(coordinator_client, csv_file([HEADERS, *GOOD_ROWS]))
    saves = []

    def fail_on_second_save(resource, instance):
        saves.append(instance)
        if len(saves) == 2:
            raise IntegrityError("disk full")

    monkeypatch.setattr(OrganisationResource, "before_save", fail_on_second_save)

    response = coordinator_client.get(apply(coordinator_client, run)["Location"])

    assert response.context["form"].apply_failed
    assert Organisation.objects.count() == 0
    run.refresh_from_db()
    assert run.status == "previewed"
    assert "3" in run.report["errors"][0]
    assert "disk full" in reasons(rows_by_number(run)[3])


def test_a_record_the_database_refuses_in_a_batch_is_named_and_nothing_is_saved(
    coordinator_client, monkeypatch
):
    OrganisationFactory(slug="taken")
    run = checked_run(coordinator_client, csv_file([HEADERS, *GOOD_ROWS]))

    def slug_taken_meanwhile(resource, instance):
        # As if another writer took row 3's address after the import chose it.
        instance.slug = "taken" if instance.name_bg == GOOD_ROWS[1][0] else "fresh"

    monkeypatch.setattr(OrganisationResource, "before_save", slug_taken_meanwhile)

    response = coordinator_client.get(apply(coordinator_client, run)["Location"])

    assert response.context["form"].apply_failed
    assert Organisation.objects.count() == 1
    run.refresh_from_db()
    assert (run.status, run.rows_new, run.rows_refused) == ("previewed", 1, 1)
    assert "3" in run.report["errors"][0]
    assert "slug" in reasons(rows_by_number(run)[3])


def test_import_that_changes_only_services_shows_the_change_in_history(coordinator_client):
    knsb = OrganisationFactory(
        name_bg=GOOD_ROWS[0][0],
        name_en=GOOD_ROWS[0][1],
        registration_id=GOOD_ROWS[0][2],
        sector="trade_union",
        municipality=municipality("ruse"),
    )
    knsb.services.set(SupportArea.objects.filter(code="employment"))
    export = downloaded(
        coordinator_client, reverse("partners:manage_organisations"), {"export": "csv"}
    )
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    services = rows[0].index("Предлагана подкрепа / Support offered")
    rows[1][services] = "Заетост; Правни консултации"
    apply(coordinator_client, checked_run(coordinator_client, csv_file(rows)))

    response = coordinator_client.get(f"/en/manage/organisations/{knsb.pk}/history/")

    changes = table_texts(response)[None]["tbody"]
    assert changes[0] == ["support offered", "Employment", "Employment, Legal advice"]
