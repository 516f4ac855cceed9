"""System checks for what the site's search needs from the database.

Registered with the `database` tag (articles/apps.py): they run with `migrate`
and `check --database default`, not on every command.
"""

from __future__ import annotations

from django.core.checks import CheckMessage, Warning
from django.db import connections

# Locales in which PostgreSQL treats every non-ASCII letter as a non-letter:
# pg_trgm then finds no trigram in Arabic words, and partial-word search
# degrades to reading every row.
C_LOCALES = {"C", "POSIX"}


def database_ctype(connection) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT datctype FROM pg_database WHERE datname = current_database()"
        )
        return cursor.fetchone()[0]


def check_search_locale(
    app_configs=None, databases=None, **kwargs
) -> list[CheckMessage]:
    """Warn when a PostgreSQL database's LC_CTYPE leaves Arabic out of trigrams."""
    messages = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        ctype = database_ctype(connection)
        if ctype in C_LOCALES:
            messages.append(
                Warning(
                    f"The database {alias!r} has LC_CTYPE {ctype!r}: trigram "
                    "indexes ignore Arabic letters there, so searching for part of "
                    "a word reads every article.",
                    hint="Create the database with a UTF-8 locale, e.g. "
                    "createdb --template=template0 --locale=C.UTF-8 "
                    "(or ar_MA.UTF-8), and load the data into it.",
                    id="articles.W001",
                )
            )
    return messages
