"""Backups of the whole installation in one tar archive, and bringing one back.

An archive holds:
- `database.dump` (PostgreSQL: `pg_dump` custom format, one consistent snapshot) or
  `database.sqlite3` (SQLite: a copy through SQLite's online backup API, consistent while the
  portal keeps writing);
- `media/…` (public uploads, MEDIA_ROOT) and `private_media/…` (PRIVATE_MEDIA_ROOT);
- `manifest.json`: when and with what it was made (engine, Django, Python and portal
  versions), the migrations applied to the database, and the SHA-256 of every other member.

`restore` checks the manifest before it touches anything: every checksum, the engine, and that
this code knows every migration the backup's database had (code older than the backup would
not understand its tables).
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import django
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
# Archive folder -> the setting naming where its files live.
UPLOAD_FOLDERS = {"media": "MEDIA_ROOT", "private_media": "PRIVATE_MEDIA_ROOT"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


def engine_name(conn=None):
    """`postgresql` or `sqlite` (the vendor of Django's connection)."""
    vendor = (conn or connection).vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


def portal_version():
    try:
        return version("protocol-portal")
    except PackageNotFoundError:
        import tomllib

        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as file:
            return tomllib.load(file)["project"]["version"]


def postgres_program(name):
    """The path of a PostgreSQL client program (`pg_dump`, `pg_restore`): on PATH, else the
    newest of Debian's /usr/lib/postgresql/<version>/bin. It must be at least as new as the
    server."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    if not candidates:
        raise BackupError(f"{name} not found: install the PostgreSQL client (postgresql-client).")
    return str(candidates[-1])


def postgres_environment(conn=None):
    """libpq's variables for Django's connection, so that no password appears in a command line."""
    params = (conn or connection).settings_dict
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if params.get(key):
            env[variable] = str(params[key])
    return env


def applied_migrations(conn=None):
    """{app: sorted migration names} recorded in the database."""
    conn = conn or connection
    with conn.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        rows = cursor.fetchall()
    applied = {}
    for app, name in rows:
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while block := file.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _dump_database(target):
    """A consistent copy of the database into `target` (a folder); returns its file name."""
    if engine_name() == "postgresql":
        path = target / POSTGRES_DUMP
        result = subprocess.run(
            [
                postgres_program("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={path}",
            ],
            env=postgres_environment(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return POSTGRES_DUMP
    path = target / SQLITE_COPY
    connection.ensure_connection()
    destination = sqlite3.connect(path)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()
    return SQLITE_COPY


def create_backup(output):
    """Write the archive `output` (a path); returns the manifest."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as workdir:
        workdir = Path(workdir)
        database_file = _dump_database(workdir)
        files = {database_file: sha256(workdir / database_file)}
        uploads = []
        for folder, setting in UPLOAD_FOLDERS.items():
            root = Path(getattr(settings, setting))
            if not root.is_dir():
                continue
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                name = f"{folder}/{path.relative_to(root).as_posix()}"
                files[name] = sha256(path)
                uploads.append((name, path))
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": engine_name(),
            "database": database_file,
            "django": django.get_version(),
            "portal": portal_version(),
            "migrations": applied_migrations(),
            "files": files,
        }
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(workdir / database_file, arcname=database_file)
            for name, path in uploads:
                archive.add(path, arcname=name)
        # Only a complete archive ever carries the name: a crash leaves a `.partial`.
        partial.replace(output)
    return manifest


def _read_manifest(archive):
    try:
        member = archive.extractfile(MANIFEST)
    except KeyError:
        member = None
    if member is None:
        raise BackupError("This archive has no manifest.json: it is not a portal backup.")
    manifest = json.load(member)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def check_archive(path):
    """Read the manifest of the archive at `path` and check it against the archive and this
    installation; returns the manifest, raises BackupError on any mismatch."""
    try:
        archive = tarfile.open(path, "r")  # noqa: SIM115  (closed by the `with` below)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"Cannot read {path}: {error}") from error
    with archive:
        manifest = _read_manifest(archive)
        members = {m.name: m for m in archive.getmembers() if m.isfile() and m.name != MANIFEST}
        expected = manifest["files"]
        if set(members) != set(expected):
            missing = sorted(set(expected) - set(members))
            extra = sorted(set(members) - set(expected))
            raise BackupError(
                "The archive does not match its manifest "
                f"(missing: {missing}, not listed: {extra})."
            )
        for name, checksum in expected.items():
            digest = hashlib.sha256()
            file = archive.extractfile(members[name])
            while block := file.read(CHUNK):
                digest.update(block)
            if digest.hexdigest() != checksum:
                raise BackupError(f"{name} is damaged: its checksum differs from the manifest's.")
    if manifest["engine"] != engine_name():
        raise BackupError(
            f"This backup is of a {manifest['engine']} database and DATABASE_URL points at "
            f"{engine_name()}. To move between engines, restore it into its own engine and "
            "use `manage.py copy_database`."
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            "The backup's database has migrations this code does not know "
            f"({', '.join(unknown[:5])}{'…' if len(unknown) > 5 else ''}): install the "
            f"portal version it was made with ({manifest['portal']}) or newer."
        )
    return manifest


def database_is_empty():
    """No tables at all: nothing a restore could overwrite."""
    return not connection.introspection.table_names()


def uploads_present():
    return any(
        Path(getattr(settings, setting)).is_dir()
        and any(p.is_file() for p in Path(getattr(settings, setting)).rglob("*"))
        for setting in UPLOAD_FOLDERS.values()
    )


def _drop_all_tables():
    """PostgreSQL: every table of the portal's schema gone, so the dump comes back whole."""
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")


def _restore_database(archive, manifest, workdir):
    name = manifest["database"]
    archive.extract(name, workdir, filter="data")
    path = Path(workdir) / name
    if manifest["engine"] == "postgresql":
        _drop_all_tables()
        connection.close()
        result = subprocess.run(
            [
                postgres_program("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                f"--dbname={connection.settings_dict['NAME']}",
                str(path),
            ],
            env=postgres_environment(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        return
    # SQLite's backup API replaces the whole database, pages and schema, in one step.
    connection.ensure_connection()
    source = sqlite3.connect(path)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()


def _restore_uploads(archive, workdir):
    archive.extractall(
        workdir,
        members=[m for m in archive.getmembers() if m.name.split("/", 1)[0] in UPLOAD_FOLDERS],
        filter="data",
    )
    for folder, setting in UPLOAD_FOLDERS.items():
        root = Path(getattr(settings, setting))
        if root.is_dir():
            for child in root.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()
        root.mkdir(parents=True, exist_ok=True)
        source = Path(workdir) / folder
        if source.is_dir():
            shutil.copytree(source, root, dirs_exist_ok=True)


def restore_backup(path, *, replace=False):
    """Bring back the archive at `path`: the database and both upload folders. Refuses when the
    database has tables or the upload folders hold files, unless `replace`. Returns the
    manifest."""
    manifest = check_archive(path)
    if not replace and (not database_is_empty() or uploads_present()):
        raise BackupError(
            "The database or the upload folders are not empty: restoring would replace them. "
            "Run again with --replace to do so."
        )
    with (
        tempfile.TemporaryDirectory(prefix="portal-restore-") as workdir,
        tarfile.open(path, "r") as archive,
    ):
        _restore_database(archive, manifest, workdir)
        _restore_uploads(archive, workdir)
    return manifest


def pending_migrations():
    """Migrations of this code that the (restored) database has not applied."""
    applied = {(app, name) for app, names in applied_migrations().items() for name in names}
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    return sorted(f"{app}.{name}" for app, name in known if (app, name) not in applied)
