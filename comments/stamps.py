"""The comment form's stamp: when, and to whom, the form was served.

A stamp is signed (SECRET_KEY) and says when the form was served, so a form
sent too soon looks automated and a form kept too long asks to be reloaded.
Article pages come from the shared page cache and must be the same bytes for
every anonymous reader, so the stamp in a page is every reader's who gets that
copy. Two kinds, then:

- The page's *shared* stamp (a number: the time it was served, in
  microseconds, which also tells two renders' stamps apart) is
  accepted for COMMENTS_SHARED_STAMP_SECONDS only — a page's life in the caches
  plus time to write. It is what a reader without JavaScript sends.
- A *personal* stamp, bound to the reader's IP address (an HMAC of it, never
  the address), lasts COMMENTS_MAX_FORM_SECONDS. The page's script fetches one
  from `POST /comments/stamp/` (uncached, no cookie) when the reader starts
  writing, and a form sent back with errors carries one.

Each stamp stores COMMENTS_STAMP_USES comments at most, counted in the database
(`StampUse`), so the count holds across processes and with Redis down. A stamp
that is too old, from another address or used up sends the form back with the
reader's text and a fresh personal stamp: sending it again works.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import StampUse

SALT = "comments.form-served"
_ADDRESS_SALT = "comments.stamp-address"
MICROSECONDS = 1_000_000


@dataclass(frozen=True)
class Stamp:
    token: str
    served_at: float  # seconds since the epoch
    address: str = ""  # an HMAC of the IP it was served to; "" when shared

    @property
    def is_personal(self) -> bool:
        return bool(self.address)

    def lifetime(self) -> int:
        """How many seconds after it was served the stamp is accepted."""
        if self.is_personal:
            return settings.COMMENTS_MAX_FORM_SECONDS
        return min(
            settings.COMMENTS_SHARED_STAMP_SECONDS, settings.COMMENTS_MAX_FORM_SECONDS
        )

    def is_expired(self, now: float) -> bool:
        return now - self.served_at > self.lifetime()

    def was_served_to(self, ip: str | None) -> bool:
        """Shared stamps were served to anyone; a personal one to this IP only."""
        if not self.is_personal:
            return True
        return ip is not None and constant_time_compare(self.address, _mark(ip))


def _mark(ip: str) -> str:
    return salted_hmac(_ADDRESS_SALT, ip, algorithm="sha256").hexdigest()[:32]


def issue(now: float, ip: str | None = None) -> str:
    """A stamp served at `now`: personal to `ip` if given, else shared."""
    served = int(now * MICROSECONDS)
    if not ip:
        return signing.dumps(served, salt=SALT)
    # The nonce: readers behind one address (an office, a phone network) each
    # get a stamp of their own, and its own count of uses.
    return signing.dumps([served, _mark(ip), secrets.token_urlsafe(6)], salt=SALT)


def read(token: str) -> Stamp | None:
    """The stamp `token` is, if it is genuine and younger than the longest lifetime."""
    try:
        value = signing.loads(
            token, salt=SALT, max_age=settings.COMMENTS_MAX_FORM_SECONDS
        )
    except signing.BadSignature:
        return None
    if type(value) is int:
        return Stamp(token, value / MICROSECONDS)
    match value:
        case [int() as served, str() as address, str()] if address:
            return Stamp(token, served / MICROSECONDS, address)
    return None


def spend(stamp: Stamp, ip: str | None) -> bool:
    """Count a comment stored with `stamp` from `ip`; False if it may not be."""
    if not stamp.was_served_to(ip):
        return False
    expires_at = datetime.datetime.fromtimestamp(
        stamp.served_at + stamp.lifetime(), tz=datetime.UTC
    )
    key = hashlib.sha256(stamp.token.encode()).hexdigest()
    return StampUse.objects.spend(key, settings.COMMENTS_STAMP_USES, expires_at)
