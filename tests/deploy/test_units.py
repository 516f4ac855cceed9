"""deploy/: the systemd units and the environment example name what exists."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

import pytest
from django.core.management import get_commands

from tests.deploy import servers

DEPLOY = servers.ROOT / "deploy"
SERVICES = sorted((DEPLOY / "systemd").glob("*.service"))
TIMERS = sorted((DEPLOY / "systemd").glob("*.timer"))


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(path)
    return parser


def test_there_are_units_for_web_worker_retention_and_backup():
    names = {path.name for path in SERVICES + TIMERS}

    assert {
        "newsroom-web.service",
        "newsroom-worker.service",
        "newsroom-forget.service",
        "newsroom-forget.timer",
        "newsroom-backup.service",
        "newsroom-backup.timer",
    } <= names


@pytest.mark.parametrize("path", SERVICES, ids=lambda p: p.name)
def test_each_service_runs_a_command_of_the_site_with_limits(path):
    service = unit(path)["Service"]
    command = service["ExecStart"].split()

    if command[0].endswith("/gunicorn"):
        assert command[1:] == ["newsroom.wsgi"]
    else:
        assert command[1] == "manage.py"
        assert command[2] in get_commands()
    assert service["EnvironmentFile"] == "/etc/newsroom/newsroom.env"
    assert service["User"] == "newsroom"
    assert "MemoryMax" in service and "TasksMax" in service
    assert service.get("Type") == "oneshot" or service["Restart"] in {
        "always",
        "on-failure",
    }


@pytest.mark.parametrize("path", TIMERS, ids=lambda p: p.name)
def test_each_timer_starts_its_service_daily_and_catches_up(path):
    timer = unit(path)["Timer"]

    assert path.with_suffix(".service").exists()
    assert re.fullmatch(r"\*-\*-\* \d\d:\d\d", timer["OnCalendar"])
    assert timer["Persistent"] == "true"


def test_the_web_server_listens_where_nginx_sends_requests():
    web = unit(DEPLOY / "systemd" / "newsroom-web.service")["Service"]
    nginx = (DEPLOY / "nginx" / "newsroom.conf").read_text()

    bind = web["Environment"].removeprefix("BIND=")
    assert f"server {bind} " in nginx


def test_the_environment_example_sets_what_several_app_servers_need():
    example = (DEPLOY / "newsroom.env.example").read_text()
    values = dict(
        line.split("=", 1)
        for line in example.splitlines()
        if line and not line.startswith("#")
    )

    assert values["BEHIND_PROXY"] == "true"
    assert values["COMMENTS_TRUSTED_PROXIES"] == "1"
    assert values["REDIS_URL"].startswith("redis://")
    assert values["DATABASE_URL"].startswith("postgres://")
    assert values["LOG_FORMAT"] == "json"
