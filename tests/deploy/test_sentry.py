"""Errors to Sentry (SENTRY_DSN) carry no reader's e-mail or IP address, no
cookie and no request body: the SDK with a transport that keeps the events."""

from __future__ import annotations

import json

import pytest
import sentry_sdk
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import include, path
from sentry_sdk.transport import Transport

from newsroom.sentry import FILTERED, init_sentry, scrub_event, scrub_text

EMAIL = "reader.name@example.com"
ADDRESS = "203.0.113.9"
FORWARDED = "2001:db8::77"


def failing_view(request: HttpRequest) -> HttpResponse:
    email = request.POST["email"]  # a frame's local variable, sent by default
    raise RuntimeError(f"could not store the comment of {email} from {ADDRESS}")


urlpatterns = [path("fail/", failing_view), path("", include("newsroom.urls"))]


class KeptEvents(Transport):
    def __init__(self, options=None) -> None:
        super().__init__(options)
        self.events: list[dict] = []

    def capture_envelope(self, envelope) -> None:
        for item in envelope.items:
            if item.type == "event":
                self.events.append(item.payload.json)


@pytest.fixture
def sentry_events(settings):
    settings.ROOT_URLCONF = __name__
    transport = KeptEvents()
    init_sentry(
        "https://public@sentry.example.invalid/1",
        environment="test",
        traces_sample_rate=0.0,
        transport=transport,
    )
    yield transport.events
    sentry_sdk.init()  # no DSN: the SDK does nothing again


@pytest.mark.django_db
def test_an_error_reaches_sentry_without_email_address_cookie_or_body(
    sentry_events, django_user_model
):
    user = django_user_model.objects.create_user(
        "desk", "desk.editor@example.com", "pw", is_staff=True
    )
    client = Client(raise_request_exception=False, REMOTE_ADDR=ADDRESS)
    client.force_login(user)
    client.cookies["commenter"] = EMAIL

    response = client.post(
        "/fail/?email=" + EMAIL,
        {"email": EMAIL, "body": "نص التعليق"},
        HTTP_X_FORWARDED_FOR=FORWARDED,
        HTTP_X_REAL_IP=ADDRESS,
    )
    sentry_sdk.flush()

    assert response.status_code == 500
    assert len(sentry_events) == 1
    event = sentry_events[0]
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    sent = json.dumps(event, ensure_ascii=False)
    for private in (
        EMAIL,
        ADDRESS,
        FORWARDED,
        "desk.editor@example.com",
        "نص التعليق",
        client.cookies["sessionid"].value,
    ):
        assert private not in sent
    assert "cookies" not in event["request"]
    assert "data" not in event["request"]
    assert set(event.get("user", {})) <= {"id"}


def test_scrub_keeps_what_is_not_an_address():
    text = f"comment 12 by {EMAIL} from {ADDRESS} at 10:30:00, version 1.2.3"

    assert scrub_text(text) == (
        f"comment 12 by {FILTERED} from {FILTERED} at 10:30:00, version 1.2.3"
    )


def test_scrub_removes_the_user_and_headers_carrying_an_address():
    event = {
        "user": {"id": 7, "email": EMAIL, "ip_address": ADDRESS},
        "request": {
            "url": "https://news.example.ma/x/?pending=abc",
            "headers": {"X-Forwarded-For": ADDRESS, "Cookie": "a=b", "Host": "h"},
            "cookies": {"a": "b"},
            "data": {"email": EMAIL},
            "env": {"REMOTE_ADDR": ADDRESS},
        },
        "extra": {EMAIL: [f"to {EMAIL}"]},
    }

    scrubbed = scrub_event(event)

    assert scrubbed["user"] == {"id": 7}
    assert scrubbed["request"] == {
        "url": "https://news.example.ma/x/",
        "headers": {"Host": "h"},
    }
    assert scrubbed["extra"] == {FILTERED: [f"to {FILTERED}"]}
