"""`make bench`, imports: a 10,000-row organisations file (CSV, as Bulgarian Excel saves it)
through the importer, timed: reading, the dry run, applying, and checking the same file again
(every row then unchanged).

Runs against DATABASE_URL (`make bench` starts a throwaway PostgreSQL server for it); without
one, against a throwaway SQLite file:

    .venv/bin/python bench/import_10k.py
"""

import csv
import io
import os
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
# About one row in a hundred is refused (a wrong ЕИК check digit), as in a real file.
REFUSED_EVERY = 100


def _environment(folder):
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    os.environ.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_HTTPS="false",
        PRIVATE_MEDIA_ROOT=str(folder / "private"),
        MEDIA_ROOT=str(folder / "media"),
        LOG_LEVEL="WARNING",
        # The import runs in this one process: its own memory is a cache for it.
        SINGLE_PROCESS="true",
        # The jobs run in this process as they would in the worker, so they are what is timed.
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        DJANGO_SETTINGS_MODULE="protocol_portal.settings",
    )
    sys.path.insert(0, str(BASE_DIR))


def _eik(number, *, valid=True):
    from partners.validators import is_valid_eik

    prefix = f"{number:08d}"
    digits = [d for d in range(10) if is_valid_eik(f"{prefix}{d}") == valid]
    return f"{prefix}{digits[0]}"


def _file(resource_class):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from partners.models import Municipality

    places = list(Municipality.objects.select_related("region"))
    sectors = ["Неправителствена организация", "business", "Община", "trade union", "Education"]
    areas = ["Заетост", "Квалификация и преквалификация", "housing", "Legal advice"]
    headers = resource_class().get_export_headers()
    keys = resource_class().get_export_order()
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for number in range(1, ROWS + 1):
        place = places[number % len(places)]
        values = {
            "name_bg": f"Организация „Проба {number}“ ЕООД",
            "name_en": f"Test Organisation {number} Ltd",
            "registration_id": _eik(20_000_000 + number, valid=number % REFUSED_EVERY != 0),
            "sector": sectors[number % len(sectors)],
            "region": place.region.name_bg,
            "municipality": place.name_bg,
            "address_bg": f"ул. „Проба“ {number}",
            "website": f"www.proba{number}.example.bg",
            "public_email": f"office{number}@example.bg",
            "services": "; ".join(areas[: 1 + number % len(areas)]),
            "partnership_status": "член" if number % 3 else "в преговори",
            "is_published": "да" if number % 2 else "не",
            "contact_name": f"Лице за контакт {number}",
            "contact_position": "Управител",
            "contact_email": f"person{number}@example.bg",
        }
        writer.writerow([values.get(key, "") for key in keys])
    return SimpleUploadedFile("proba-10000.csv", text.getvalue().encode("cp1251"))


def _timed(label, function, results):
    started = time.perf_counter()
    value = function()
    results.append((label, time.perf_counter() - started))
    return value


def main():
    folder = Path(tempfile.mkdtemp(prefix="portal-bench-import-"))
    try:
        _environment(folder)
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django.core.management import call_command
        from django.db import connection

        from core.access import COORDINATORS_GROUP
        from core.models import ImportRun
        from core.spreadsheets.jobs import start_apply, start_check
        from core.spreadsheets.reading import read_table
        from partners.models import Organisation
        from partners.resources import OrganisationResource

        call_command("migrate", verbosity=0)
        user = get_user_model().objects.create_user(f"bench-{secrets.token_hex(4)}")
        user.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
        upload = _file(OrganisationResource)
        before = Organisation.objects.count()
        results = []

        def check():
            # What the upload form does (read the file once), then the check job.
            read_table(upload, upload.name, OrganisationResource)
            run = start_check(
                kind=ImportRun.Kind.ORGANISATIONS,
                resource_class=OrganisationResource,
                upload=upload,
                user=user,
                language="bg",
            )
            run.refresh_from_db()
            return run

        def apply():
            start_apply(
                run=run,
                resource_class=OrganisationResource,
                user=user,
                skip_refused=True,
                language="bg",
            )
            run.refresh_from_db()
            return run.status == ImportRun.Status.APPLIED

        run = _timed("dry run (read + check)", check, results)
        counts = dict(run.report["counts"])
        applied = _timed("apply (read + save)", apply, results)
        again = _timed("dry run again (unchanged)", check, results)
        created = Organisation.objects.count() - before
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    size = upload.size / 1e6
    print(f"\nImport of {ROWS} organisations on {connection.vendor}, a {size:.1f} MB CSV file")
    print(f"dry run counts: {counts}; applied: {applied}; organisations created: {created}")
    print(f"second dry run counts: {again.report['counts']}\n")
    print(f"| {'step':<28} | {'seconds':>8} | {'rows/s':>8} |")
    print(f"|{'-' * 30}|{'-' * 10}|{'-' * 10}|")
    for label, seconds in results:
        print(f"| {label:<28} | {seconds:>8.1f} | {ROWS / seconds:>8.0f} |")


if __name__ == "__main__":
    main()
