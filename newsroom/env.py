"""django-environ, stricter: how newsroom/settings.py reads the environment.

- An empty variable (`DATABASE_URL=` in `.env`, `REDIS_URL=""` in a unit file)
  is not set: its default applies. django-environ would pass the empty string
  on, and a database URL of "" is a dictionary without an ENGINE.
- A value that cannot be read (`CONN_MAX_AGE=abc`, `DEBUG=maybe`, a database
  URL with a scheme Django has no backend for) stops start-up with an
  ImproperlyConfigured that names the variable, instead of a traceback far from
  its cause or, worse, a silent `False`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

NOTSET = environ.Env.NOTSET
TRUE_STRINGS = frozenset({"true", "on", "ok", "y", "yes", "1"})
FALSE_STRINGS = frozenset({"false", "off", "n", "no", "0"})


class _BlankIsUnset(Mapping):
    """The process environment, with its empty variables left out."""

    def __init__(self, environ: MutableMapping[str, str]) -> None:
        self._environ = environ

    def __getitem__(self, name: str) -> str:
        value = self._environ[name]
        if not value.strip():
            raise KeyError(name)
        return value

    def __iter__(self) -> Iterator[str]:
        return (name for name, value in self._environ.items() if value.strip())

    def __len__(self) -> int:
        return sum(1 for _ in self)


class Env(environ.Env):
    """`environ.Env` where empty means unset and malformed means stop (see above)."""

    def __init__(self, **scheme: Any) -> None:
        super().__init__(**scheme)
        # Read through at every call: `read_env()` fills os.environ afterwards.
        self.ENVIRON = _BlankIsUnset(environ.Env.ENVIRON)

    def get_value(
        self,
        var: str,
        cast: Any = None,
        default: Any = NOTSET,
        parse_default: bool = False,
    ) -> Any:
        if cast is None and default is not NOTSET and default is not None:
            cast = type(default)  # django-environ's "smart cast", checked here too
        if cast is bool and var in self.ENVIRON:
            # django-environ reads any word it does not know as False.
            word = self.ENVIRON[var].strip().lower()
            if word not in TRUE_STRINGS | FALSE_STRINGS:
                raise self._invalid(var, "expected true or false")
        try:
            return super().get_value(var, cast, default, parse_default)
        except ImproperlyConfigured:
            raise
        except (ValueError, TypeError, AttributeError) as exc:
            raise self._invalid(var, str(exc)) from exc

    def str(
        self,
        var: str,
        default: Any = NOTSET,
        multiline: bool = False,
        choices: Any = NOTSET,
    ) -> str:
        value = super().str(var, default=default, multiline=multiline)
        if choices is not NOTSET and value not in choices:
            raise self._invalid(
                var, "expected one of {}".format(", ".join(map(str, choices)))
            )
        return value

    def db_url(self, var: str = "DATABASE_URL", default: Any = NOTSET, engine=None):
        """The database settings from a URL whose scheme Django has a backend for."""
        url = self.get_value(var, default=default)
        scheme = urlsplit(str(url)).scheme
        if engine is None and scheme not in self.DB_SCHEMES:
            raise self._invalid(
                var,
                f"unknown database scheme {scheme!r} (postgres://… or sqlite:///…)",
            )
        try:
            return self.db_url_config(url, engine=engine)
        except ValueError as exc:
            raise self._invalid(var, str(exc)) from exc

    db = db_url

    def url_str(self, var: str, default: str, schemes: set[str]) -> str:
        """A URL, as a string, whose scheme is one of `schemes` ("" stays "")."""
        value = self.str(var, default=default)
        if value and urlsplit(value).scheme not in schemes:
            raise self._invalid(
                var,
                "expected a URL starting with {}".format(
                    " or ".join(f"{s}://" for s in sorted(schemes))
                ),
            )
        return value

    def _invalid(self, var: str, reason: str) -> ImproperlyConfigured:
        return ImproperlyConfigured(
            f"The environment variable {var} is not valid: {reason} (see .env.example)."
        )
