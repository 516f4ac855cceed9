"""Arabic folded inside the database, for the admin's search boxes.

The site's search reads a stored folded text (articles/search.py); the admin's
other lists have none, so a search folds their columns as it reads them, the
way `newsroom.arabic.normalize` folds the words typed: احمد finds أحمد,
اقليم finds إقليم, الامانة finds الأمانة. A full read of the list's table: fine
for the admin's lists, never used on a reader page.

- SQLite: `normalize` itself, registered as the function `newsroom_fold` on
  every connection.
- PostgreSQL: marks and tatweel removed, the letter forms translated, lower
  case: the same folds in SQL.
"""

from __future__ import annotations

from django.db.backends.signals import connection_created
from django.db.models import F, Func, Q, TextField
from django.db.models.functions import Cast
from django.dispatch import receiver
from django.http import HttpRequest

from .arabic import DIACRITICS, LETTER_FOLDS, normalize

SQLITE_FUNCTION = "newsroom_fold"
# The terms of a search, at most: each is a condition over every field.
MAX_TERMS = 10


@receiver(connection_created, dispatch_uid="newsroom.folding")
def register_sqlite_function(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FUNCTION,
            1,
            lambda value: None if value is None else normalize(value),
            deterministic=True,
        )


class Folded(Func):
    """A column's text folded as `normalize` folds the words typed."""

    output_field = TextField()

    def __init__(self, expression, **extra) -> None:
        # Cast: an address (inet) or a number searched as text too.
        super().__init__(Cast(expression, TextField()), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, function=SQLITE_FUNCTION, **extra_context
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        sources, targets = zip(*LETTER_FOLDS.items(), strict=True)
        template = (
            f"lower(translate(regexp_replace(%(expressions)s, "
            f"'[{DIACRITICS}\u0640]', '', 'g'), "
            f"'{''.join(sources)}', '{''.join(targets)}'))"
        )
        return self.as_sql(compiler, connection, template=template, **extra_context)


class ArabicSearchMixin:
    """Also find rows whose `search_fields` hold the words folded: a row
    Django's own search finds is still found."""

    def get_search_results(self, request: HttpRequest, queryset, search_term: str):
        typed, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        terms = normalize(search_term).split()[:MAX_TERMS]
        fields = [name.lstrip("^=@") for name in self.get_search_fields(request) or ()]
        if not terms or not fields:
            return typed, may_have_duplicates
        folded = {f"_folded_{i}": Folded(F(name)) for i, name in enumerate(fields)}
        condition = Q()
        for term in terms:
            condition &= Q(
                *(Q(**{f"{alias}__contains": term}) for alias in folded),
                _connector=Q.OR,
            )
        matching = self.model._default_manager.alias(**folded).filter(condition)
        # As subqueries: no join repeats a row.
        return (
            queryset.filter(
                Q(pk__in=typed.values("pk")) | Q(pk__in=matching.values("pk"))
            ),
            False,
        )
