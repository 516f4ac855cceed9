"""Backups that restore: the database with pg_dump, the media through the storage.

A backup is two files with one time stamp in their names: the PostgreSQL
database in pg_dump's custom format (`newsroom-20261203T031500Z.dump`, read by
pg_restore) and every media file, from the folder or the bucket, in a plain tar
(`newsroom-20261203T031500Z-media.tar`; photos are compressed already). Each is
written under a temporary name and renamed once complete: a backup cut short
leaves nothing that looks finished. A restore goes into an empty database and
an empty media storage only: it never mixes with what is there.
"""

from __future__ import annotations

import datetime
import os
import posixpath
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _

from newsroom import pagecache

PREFIX = "newsroom-"
DATABASE_SUFFIX = ".dump"
MEDIA_SUFFIX = "-media.tar"
# Files MediaStorage is still writing (newsroom/storage.py): not media yet.
PARTIAL_PREFIX = ".partial-"


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why."""


def postgres_environment(alias: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """libpq's variables for the site's database (pg_dump and pg_restore read them)."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        raise BackupError(
            _(
                "Backups need PostgreSQL, the production database; this site "
                "uses {vendor}."
            ).format(vendor=connection.vendor)
        )
    params = connection.settings_dict
    options = params.get("OPTIONS", {})
    variables = {
        "PGHOST": params.get("HOST"),
        "PGPORT": str(params.get("PORT") or ""),
        "PGUSER": params.get("USER"),
        "PGPASSWORD": params.get("PASSWORD"),
        "PGDATABASE": params.get("NAME"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGSSLCERT": options.get("sslcert"),
        "PGSSLKEY": options.get("sslkey"),
        "PGPASSFILE": options.get("passfile"),
        "PGSERVICE": options.get("service"),
    }
    return os.environ | {name: value for name, value in variables.items() if value}


def stamp(moment: datetime.datetime | None = None) -> str:
    moment = moment or datetime.datetime.now(datetime.UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ")


def back_up(folder: Path, keep: int = 0) -> tuple[Path, Path]:
    """Write the database's and the media's backup into `folder`; keep the
    `keep` newest backups there (0: all). Returns the two files."""
    # Readers' e-mail addresses are in it: for the site's own user only.
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    name = PREFIX + stamp()
    database = dump_database(folder / f"{name}{DATABASE_SUFFIX}")
    media = dump_media(folder / f"{name}{MEDIA_SUFFIX}")
    if keep:
        remove_old(folder, keep)
    return database, media


def dump_database(path: Path) -> Path:
    """pg_dump, custom format, to `path`."""
    partial = path.with_name(path.name + ".partial")
    partial.touch(mode=0o600)
    try:
        _run(
            ["pg_dump", "--format=custom", "--no-password", f"--file={partial}"],
            postgres_environment(),
        )
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    return path


def dump_media(path: Path, storage: Storage = default_storage) -> Path:
    """Every stored media file into the tar `path`, read through the storage."""
    partial = path.with_name(path.name + ".partial")
    partial.touch(mode=0o600)
    try:
        with tarfile.open(partial, "w") as archive:
            for name in media_names(storage):
                info = tarfile.TarInfo(name)
                info.size = storage.size(name)
                info.mode = 0o644
                with storage.open(name, "rb") as content:
                    archive.addfile(info, content)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    return path


def media_names(storage: Storage = default_storage, folder: str = "") -> Iterator[str]:
    """Every file's name in `storage`, folder by folder."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        if not name.startswith(PARTIAL_PREFIX):
            yield posixpath.join(folder, name)
    for name in sorted(folders):
        yield from media_names(storage, posixpath.join(folder, name))


def remove_old(folder: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest backups in `folder`; returns what went."""
    stamps = sorted(
        {
            path.name.removeprefix(PREFIX).removesuffix(DATABASE_SUFFIX)
            for path in folder.glob(f"{PREFIX}*{DATABASE_SUFFIX}")
        },
        reverse=True,
    )
    removed = []
    for old in stamps[keep:]:
        for suffix in (DATABASE_SUFFIX, MEDIA_SUFFIX):
            path = folder / f"{PREFIX}{old}{suffix}"
            if path.exists():
                path.unlink()
                removed.append(path)
    return removed


def restore_database(path: Path) -> None:
    """pg_restore `path` into the site's database, which must have no tables."""
    if not path.is_file():
        raise BackupError(_("No such file: {path}").format(path=path))
    connection = connections[DEFAULT_DB_ALIAS]
    environment = postgres_environment()
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if tables:
        raise BackupError(
            _(
                "The database {name} is not empty ({count} tables): restore "
                "into a new, empty database."
            ).format(name=connection.settings_dict["NAME"], count=len(tables))
        )
    connection.close()
    _run(
        [
            "pg_restore",
            "--no-password",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={environment['PGDATABASE']}",
            str(path),
        ],
        environment,
    )
    # Pages and fragments kept for the content that was there are not served.
    pagecache.content_changed()


def restore_media(path: Path, storage: Storage = default_storage) -> int:
    """Store every file of the tar `path`, under its name, into an empty storage."""
    if not path.is_file():
        raise BackupError(_("No such file: {path}").format(path=path))
    if next(media_names(storage), None) is not None:
        raise BackupError(
            _("The media storage is not empty: restore into an empty folder or bucket.")
        )
    count = 0
    with tarfile.open(path, "r") as archive:
        for member in archive:
            if not member.isfile():
                continue
            name = posixpath.normpath(member.name)
            if name.startswith(("/", "../")) or name == "..":
                raise BackupError(
                    _("The archive holds a file outside the media: {name}").format(
                        name=name
                    )
                )
            content = archive.extractfile(member)
            stored = storage.save(name, File(content, name=name))
            if stored != name:
                raise BackupError(
                    _("{name} was stored as {stored}.").format(name=name, stored=stored)
                )
            count += 1
    return count


def _run(command: list[str], environment: dict[str, str]) -> None:
    try:
        result = subprocess.run(
            command, env=environment, capture_output=True, text=True, check=False
        )
    except FileNotFoundError as exc:
        raise BackupError(
            _(
                "{program} is not installed (Debian: apt-get install "
                "postgresql-client)."
            ).format(program=command[0])
        ) from exc
    if result.returncode != 0:
        raise BackupError(
            _("{program} failed: {error}").format(
                program=command[0], error=result.stderr.strip()
            )
        )
