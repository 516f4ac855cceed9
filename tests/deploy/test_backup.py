"""`manage.py backup` and `manage.py restore`: the demo's backup restored into
a new database and an empty media folder serves the same home page."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.deploy import servers
from tests.deploy.conftest import Deployment

# The home page as the site renders it, nothing kept from before.
RENDER_HOME = """
from pathlib import Path
from django.test import Client
response = Client(HTTP_HOST="{host}").get("/", secure=True)
assert response.status_code == 200, response.status_code
Path({output!r}).write_bytes(response.content)
print("ok")
"""


def home_page(environment: dict[str, str], output: Path) -> bytes:
    servers.shell(
        environment | {"PAGE_CACHE": "false", "FRAGMENT_CACHE": "false"},
        RENDER_HOME.format(host=servers.HOST, output=str(output)),
    )
    return output.read_bytes()


def media_files(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def restored(deployment: Deployment, tmp_path: Path):
    """An empty database and media folder, with the same code and static files."""
    name = f"{deployment.database}_restored"
    servers.create_database(name)
    prefix = f"{deployment.cache_prefix}restored"
    environment = servers.site_environment(
        name,
        tmp_path / "restored",
        prefix,
        STATIC_ROOT=deployment.environment["STATIC_ROOT"],
    )
    try:
        yield environment
    finally:
        servers.drop_database(name)
        servers.forget_cache(prefix)


def test_the_demos_backup_restores_and_serves_the_same_home_page(
    deployment, restored, tmp_path
):
    printed = servers.manage(
        deployment.environment, "backup", "--output-dir", str(tmp_path / "backups")
    )
    dump, archive = (Path(line) for line in printed.split())
    assert dump.name.endswith(".dump") and archive.name.endswith("-media.tar")
    # Readers' addresses are in it: the site's user alone reads it.
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert dump.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format

    servers.manage(
        restored, "restore", "--database", str(dump), "--media", str(archive)
    )

    original_media = Path(deployment.environment["MEDIA_ROOT"])
    restored_media = Path(restored["MEDIA_ROOT"])
    assert media_files(restored_media) == media_files(original_media)
    assert len(media_files(restored_media)) > 10
    original = home_page(deployment.environment, tmp_path / "original.html")
    copy = home_page(restored, tmp_path / "restored.html")
    assert copy == original
    assert b"/media/images/" in copy


def test_restore_refuses_a_database_that_is_not_empty(deployment, tmp_path):
    printed = servers.manage(
        deployment.environment, "backup", "--output-dir", str(tmp_path / "backups")
    )
    dump = printed.split()[0]
    articles = servers.query(
        deployment.database, "SELECT count(*) FROM articles_article"
    )

    # The message names the database (in the site's language).
    with pytest.raises(AssertionError, match=deployment.database):
        servers.manage(deployment.environment, "restore", "--database", dump)
    assert (
        servers.query(deployment.database, "SELECT count(*) FROM articles_article")
        == articles
    )
