"""Names sorted as an Arabic reader expects: by the Arabic alphabet, hamza
(ء ؤ ئ) first, then آ, then alef whatever its hamza (ا أ إ), ة with ه, ى
with ي, diacritics and tatweel ignored; digits first, Arabic before Latin,
Latin accents and case second.

One collation named `arabic` on both databases, used by `collated()`:

- PostgreSQL: ICU's collation for Moroccan Arabic (`ar-MA`), created by
  migration newsroom 0005: the reference.
- SQLite: `sort_key` below, registered on every connection, which follows
  ICU's order on the cases tests/test_collation.py holds (the Arabic
  alphabet's order is the code points' once the letter forms are folded).
"""

from __future__ import annotations

import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import F
from django.db.models.functions import Collate
from django.dispatch import receiver

from .arabic import strip_diacritics, strip_invisible

NAME = "arabic"
ICU_LOCALE = "ar-MA"

# Letters sorted with another (ICU's primary order): alef's hamza forms with
# alef, the hamza's seats with the hamza, ة with ه, ى with ي. آ stays apart,
# between ء and ا.
_SORTED_AS = str.maketrans(
    {"أ": "ا", "إ": "ا", "ٱ": "ا", "ؤ": "ء", "ئ": "ء", "ة": "ه", "ى": "ي"}
)


def collated(field: str) -> Collate:
    """`field`'s text in the `arabic` collation, for order_by()."""
    return Collate(F(field), NAME)


def sort_key(text: str) -> tuple:
    """What SQLite compares: each character's group (digits, Arabic, Latin,
    the rest) and folded letter, then the text as written (ties)."""
    folded = strip_diacritics(strip_invisible(text)).translate(_SORTED_AS)
    letters = []
    for character in folded:
        if "\u0600" <= character <= "\u06ff":
            letters.append(character)
        else:
            # Latin and the rest: accents and case only break ties.
            for part in unicodedata.normalize("NFKD", character).casefold():
                if not unicodedata.combining(part):
                    letters.append(part)
    return tuple((_group(c), c) for c in letters), text


def _group(character: str) -> int:
    if character.isdigit():
        return 1
    if "\u0600" <= character <= "\u06ff" or "\ufb50" <= character <= "\ufeff":
        return 2
    if character.isalpha():
        return 3
    # Spaces and punctuation first: "الدار البيضاء" before "الدارين".
    return 0


def _compare(first: str, second: str) -> int:
    a, b = sort_key(first), sort_key(second)
    return (a > b) - (a < b)


@receiver(connection_created, dispatch_uid="newsroom.collation")
def register_sqlite_collation(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation(NAME, _compare)
