"""`manage.py backup` / `restore` / `copy_database`: an installation brought back row for row
and file for file, and the refusals that keep an operator from losing data.

Each test runs the commands as an operator would, in processes of their own over throwaway
databases: two SQLite files, or (under scripts/with-postgres.sh) two databases on the
throwaway PostgreSQL server DATABASE_URL points at.
"""

import hashlib
import io
import json
import os
import secrets
import sqlite3
import subprocess
import sys
import tarfile
from contextlib import contextmanager
from pathlib import Path

import environ
import pytest

from tests.servers import BASE_DIR

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))


def environment(database_url, folder):
    env = dict(os.environ)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "protocol_portal.settings",
            "DEBUG": "false",
            "SINGLE_PROCESS": "true",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(folder / "media"),
            "PRIVATE_MEDIA_ROOT": str(folder / "private_media"),
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def manage(env, *args, expect_failure=False):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if expect_failure:
        assert result.returncode != 0, result.stdout
    elif result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result


@contextmanager
def postgres_databases(*names):
    """Databases of these names on the throwaway server, dropped afterwards."""
    import psycopg2

    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    server = {
        "host": config["HOST"],
        "port": config["PORT"],
        "user": config["USER"],
        "password": config["PASSWORD"],
        "dbname": "postgres",
    }
    admin = psycopg2.connect(**server)
    admin.autocommit = True
    suffix = secrets.token_hex(4)
    databases = [f"{name}_{suffix}" for name in names]
    try:
        with admin.cursor() as cursor:
            for database in databases:
                cursor.execute(f'CREATE DATABASE "{database}"')
        base = f"postgres://{config['USER']}@{config['HOST']}:{config['PORT']}"
        yield [f"{base}/{database}" for database in databases]
    finally:
        with admin.cursor() as cursor:
            for database in databases:
                cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.close()


@contextmanager
def throwaway_databases(tmp_path, *names):
    """One database URL per name: on PostgreSQL when the suite runs there, else SQLite files."""
    if ON_POSTGRES:
        with postgres_databases(*names) as urls:
            yield urls
    else:
        yield [f"sqlite:///{tmp_path / name}.sqlite3" for name in names]


def table_rows(database_url):
    """{table: every row, sorted}, read with the database's own driver, not through Django."""
    if database_url.startswith("sqlite"):
        db = sqlite3.connect(database_url.removeprefix("sqlite:///"))
        tables_sql = (
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    else:
        import psycopg2

        db = psycopg2.connect(database_url)
        tables_sql = "SELECT table_name FROM information_schema.tables WHERE table_schema='public'"
    try:
        cursor = db.cursor()
        cursor.execute(tables_sql)
        tables = sorted(row[0] for row in cursor.fetchall())
        result = {}
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')
            rows = [
                tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                for row in cursor.fetchall()
            ]
            result[table] = sorted(rows, key=repr)
        return result
    finally:
        db.close()


def file_hashes(folder):
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def fill(env, folder):
    """The demo content (with its history), generated data and a public and a private upload."""
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    manage(env, "generate_data", "--organisations=30", "--meetings=60", "--seed=2")
    (folder / "media" / "logos").mkdir(parents=True)
    (folder / "media" / "logos" / "logo.png").write_bytes(secrets.token_bytes(2048))
    (folder / "private_media" / "accessions").mkdir(parents=True)
    (folder / "private_media" / "accessions" / "signed.pdf").write_bytes(secrets.token_bytes(4096))


@pytest.fixture(scope="module")
def sqlite_source(tmp_path_factory):
    """A filled installation on SQLite, made once for the module."""
    folder = tmp_path_factory.mktemp("sqlite-source")
    env = environment(f"sqlite:///{folder / 'db.sqlite3'}", folder)
    fill(env, folder)
    return env


@pytest.fixture(scope="module")
def source(tmp_path_factory, sqlite_source):
    """A filled installation on the suite's engine, made once for the module."""
    if not ON_POSTGRES:
        yield sqlite_source
        return
    folder = tmp_path_factory.mktemp("source")
    with postgres_databases("source") as (url,):
        env = environment(url, folder)
        fill(env, folder)
        yield env


@pytest.fixture(scope="module")
def archive(source, tmp_path_factory):
    path = tmp_path_factory.mktemp("archive") / "backup.tar"
    manage(source, "backup", f"--output={path}")
    return path


@pytest.fixture
def target(tmp_path):
    """An empty installation: a database with no tables, no uploads."""
    with throwaway_databases(tmp_path, "target") as (url,):
        yield environment(url, tmp_path / "target")


def test_restore_brings_back_every_row_and_every_file(source, archive, target):
    manage(target, "restore", str(archive))

    source_rows = table_rows(source["DATABASE_URL"])
    assert source_rows["partners_historicalorganisation"]  # history is part of what came back
    assert len(source_rows["partners_organisation"]) == 50
    assert table_rows(target["DATABASE_URL"]) == source_rows
    for folder in ("media", "private_media"):
        assert file_hashes(Path(target[folder.upper() + "_ROOT"])) == file_hashes(
            Path(source[folder.upper() + "_ROOT"])
        )
    assert file_hashes(Path(target["PRIVATE_MEDIA_ROOT"])) != {}


def test_restore_refuses_a_database_with_tables_and_changes_nothing(source, archive, target):
    manage(target, "migrate", "--noinput")
    before = table_rows(target["DATABASE_URL"])

    refused = manage(target, "restore", str(archive), expect_failure=True)

    assert "--replace" in refused.stderr
    assert table_rows(target["DATABASE_URL"]) == before
    manage(target, "restore", "--replace", str(archive))
    assert table_rows(target["DATABASE_URL"]) == table_rows(source["DATABASE_URL"])


def test_restore_refuses_an_archive_whose_file_differs_from_its_manifest(archive, target, tmp_path):
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as original, tarfile.open(damaged, "w") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read()
            if member.name == "media/logos/logo.png":
                data = b"X" + data[1:]
            copy.addfile(member, io.BytesIO(data))

    refused = manage(target, "restore", str(damaged), expect_failure=True)

    assert "media/logos/logo.png is damaged" in refused.stderr
    assert table_rows(target["DATABASE_URL"]) == {}


def test_backup_manifest_lists_engine_migrations_and_checksums(archive):
    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile("manifest.json"))
        names = sorted(m.name for m in opened.getmembers() if m.name != "manifest.json")
    assert manifest["engine"] == ("postgresql" if ON_POSTGRES else "sqlite")
    assert "0001_initial" in manifest["migrations"]["partners"]
    assert sorted(manifest["files"]) == names
    assert "private_media/accessions/signed.pdf" in names


def dumped(env):
    """Every model's rows as Django reads them (types alike on SQLite and PostgreSQL)."""
    output = manage(env, "dumpdata", "--all", "--indent=0").stdout
    return sorted(json.dumps(row, sort_keys=True) for row in json.loads(output))


def test_copy_database_moves_every_row_from_sqlite(sqlite_source, tmp_path):
    with throwaway_databases(tmp_path, "new") as (target_url,):
        target = environment(target_url, tmp_path / "new")
        manage(target, "migrate", "--noinput")

        manage(target, "copy_database", f"--from={sqlite_source['DATABASE_URL']}")

        assert dumped(target) == dumped(sqlite_source)
        # New rows get fresh keys after the copied ones.
        manage(target, "generate_data", "--organisations=2", "--meetings=0", "--seed=9")


def test_copy_database_refuses_a_target_with_organisations(sqlite_source, tmp_path):
    with throwaway_databases(tmp_path, "new") as (target_url,):
        target = environment(target_url, tmp_path / "new")
        manage(target, "migrate", "--noinput")
        manage(target, "load_demo")

        refused = manage(
            target, "copy_database", f"--from={sqlite_source['DATABASE_URL']}", expect_failure=True
        )

        assert "--replace" in refused.stderr
