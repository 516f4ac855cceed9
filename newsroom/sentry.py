"""Errors to Sentry (`SENTRY_DSN`), without a reader's personal data.

The SDK is told to collect no user, cookie, body or query string (what
`send_default_pii=False` did); `scrub_event` then removes what can still reach
an event: the user's e-mail and address, cookies, the request body and query string, the
headers that carry an address, and any e-mail or IP address written inside a
message, an exception or a frame's local variables (a comment's `email`).
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

FILTERED = "[Filtered]"
EMAIL = re.compile(r"[^\s@'\"<>(),;:]+@[^\s@'\"<>(),;:]+\.[^\s@'\"<>(),;:]+")
# Candidates only: each is kept unless `ipaddress` reads it as an address.
IPV4 = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])")
IPV6 = re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")
# Request headers kept in an event; the others (Cookie, X-Forwarded-For,
# X-Real-Ip, Forwarded, Authorization…) are dropped.
KEPT_HEADERS = frozenset(
    {"accept", "accept-encoding", "accept-language", "content-type", "host"}
)


def init_sentry(dsn: str, *, environment: str, traces_sample_rate: float, **options):
    """Start the Sentry SDK with the Django integration and `scrub_event`."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        # What `send_default_pii=False` meant, in the SDK's newer, explicit
        # form (it warns that the old option is deprecated): no user, cookie,
        # body, query string or SQL parameters; only harmless headers.
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_headers": {
                "request": {"mode": "allowlist", "terms": sorted(KEPT_HEADERS)}
            },
            "http_bodies": [],
            "url_query_params": {"mode": "off"},
            "database_query_data": False,
        },
        max_request_body_size="never",
        traces_sample_rate=traces_sample_rate,
        before_send=scrub_event,
        before_send_transaction=scrub_event,
        before_breadcrumb=scrub_breadcrumb,
        **options,
    )


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict:
    """The event without e-mail or IP addresses, cookies or request body."""
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    request = event.get("request")
    if isinstance(request, dict):
        for part in ("cookies", "data", "query_string", "env"):
            request.pop(part, None)
        if "url" in request:
            request["url"] = str(request["url"]).split("?", 1)[0]
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: value
                for name, value in headers.items()
                if name.lower() in KEPT_HEADERS
            }
    return _scrubbed(event)


def scrub_breadcrumb(crumb: dict[str, Any], hint: dict[str, Any] | None = None):
    """A breadcrumb (a log line, an SQL query) without addresses."""
    return _scrubbed(crumb)


def scrub_text(text: str) -> str:
    """`text` with every e-mail address and IP address replaced."""
    text = EMAIL.sub(FILTERED, text)
    for pattern in (IPV4, IPV6):
        text = pattern.sub(_address_filtered, text)
    return text


def _address_filtered(match: re.Match) -> str:
    try:
        ipaddress.ip_address(match.group())
    except ValueError:
        return match.group()
    return FILTERED


def _scrubbed(value: Any) -> Any:
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {_scrubbed(key): _scrubbed(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_scrubbed(item) for item in value]
    return value
