"""`/healthz`: for a load balancer, answered before host checks and redirects."""

from __future__ import annotations

import json
from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import Client

from newsroom import health


@pytest.fixture
def probe(settings) -> Client:
    # As production: https only, one host name; the probe comes by address.
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["news.example.ma"]
    health._migrations_applied = False
    return Client(HTTP_HOST="10.0.0.5")


@pytest.mark.django_db
def test_healthy_site_answers_200_with_each_part_ok(probe):
    response = probe.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "database": "ok",
        "cache": "ok",
        "migrations": "ok",
    }
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


@pytest.mark.django_db
def test_database_that_does_not_answer_gives_503_without_details(probe):
    with mock.patch.object(
        health,
        "connections",
        {
            "default": mock.Mock(
                **{
                    "cursor.side_effect": OperationalError(
                        "host=db.internal password=secret"
                    )
                }
            )
        },
    ):
        response = probe.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content) == {
        "database": "unavailable",
        "cache": "ok",
        "migrations": "unknown",
    }
    assert b"secret" not in response.content and b"db.internal" not in response.content


@pytest.mark.django_db
def test_cache_that_fails_gives_503(probe):
    with mock.patch.object(health.cache, "set", side_effect=ConnectionError):
        response = probe.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content)["cache"] == "unavailable"


@pytest.mark.django_db
def test_unapplied_migrations_give_503(probe):
    with mock.patch.object(
        health.MigrationExecutor, "migration_plan", return_value=[("a", False)]
    ):
        response = probe.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content)["migrations"] == "unapplied"


@pytest.mark.django_db
def test_probe_by_address_over_http_is_not_redirected_nor_refused(probe, settings):
    # Any other address on that host: refused (400) or sent to https (301).
    assert probe.get("/healthz").status_code == 200
    assert probe.get("/").status_code in {301, 400}


@pytest.mark.django_db
def test_healthz_is_not_kept_in_the_page_cache(probe, settings):
    settings.PAGE_CACHE = True
    probe.get("/healthz")

    with mock.patch.object(health, "check_database", return_value=False):
        response = probe.get("/healthz")

    assert response.status_code == 503


def test_healthz_takes_only_get_and_head(probe):
    response = probe.post("/healthz")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
