"""The demo site in a PostgreSQL database of its own, as the deployment tests
serve it; skipped, with the reason, where that cannot be had."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from tests.deploy import servers


@dataclass
class Deployment:
    database: str
    folder: Path
    cache_prefix: str
    environment: dict[str, str]
    password: str


def skip_unless_postgres_and_redis() -> None:
    # These tests make their own PostgreSQL database, whatever the suite's:
    # run once, in the suite's SQLite pass (`make test`), not again in its
    # PostgreSQL pass, where they would prove nothing new for ~40 s more.
    if connection.vendor == "postgresql":
        pytest.skip(
            "deployment tests run in the SQLite pass of the suite (they make a "
            "PostgreSQL database of their own)"
        )
    if not servers.answers("127.0.0.1", 5432):
        pytest.skip("needs PostgreSQL on 127.0.0.1:5432 (user postgres)")
    if not servers.answers(*servers.REDIS):
        pytest.skip("needs Redis on 127.0.0.1:6379")


@pytest.fixture(scope="session")
def deployment(tmp_path_factory) -> Deployment:
    """The demo, migrated, with its static files collected, in a new database."""
    skip_unless_postgres_and_redis()
    name = f"newsroom_deploy_{os.getpid()}"
    folder = tmp_path_factory.mktemp("deployment")
    # nginx's workers read the static and media files.
    folder.chmod(0o755)
    prefix = f"deploytest{os.getpid()}"
    environment = servers.site_environment(name, folder, prefix)
    password = secrets.token_urlsafe(12)
    servers.create_database(name)
    try:
        servers.manage(environment, "migrate", "--noinput")
        servers.manage(environment, "collectstatic", "--noinput")
        servers.manage(environment, "load_demo", "--admin-password", password)
        yield Deployment(name, folder, prefix, environment, password)
    finally:
        servers.drop_database(name)
        servers.forget_cache(prefix)
