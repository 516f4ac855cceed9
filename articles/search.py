"""The site's search: a reader's words, folded, over the stored folded texts.

Articles and officials keep a `search_text`, folded by `search_normalize()`
(hamza and alef forms, ta marbuta, diacritics, digits…), one line per part:
an article's title, then its lede, body and section, then its tags and
people; search_index.py keeps them current. The query is folded the same way
and cut into at most `MAX_TERMS` terms; an article matches when it has every
term.

How a term matches is the same on both databases (`Term`):

- a function word (في، من، إلى، على…) only as a whole word, so إلى does not
  find والي;
- a two-letter term as the start of a word;
- from three letters, inside a word (بالمجلس, وبالمجلس for المجلس); a term
  with the article ال also finds the word written after the preposition ل,
  which drops the article's alef (للمجلس).

- PostgreSQL: whole words and word starts in the stored weighted vector
  (full-text search, GIN index); parts of words as a prefix of one of the
  words' stored suffixes (migration 0009, GIN index). The indexes alone
  answer which articles match, without reading their text. Whole-word
  matches come first, by `ts_rank` (the title weighs most), then the others.
- SQLite: the same conditions on the text itself; title matches first, then
  newest.

Only the newest MAX_RESULTS matches are ranked: ranking or even counting the
tens of thousands of articles a common word is in would read them all on
every request (bench/search.py measures it). The page shows whether there
were more.

One query ranks the ids, one loads the page's articles. Matches are
highlighted in the title and in an excerpt of the original text, escaped
first, each matching word wrapped in <mark>.
"""

from __future__ import annotations

import functools
import html
import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.paginator import Page
from django.db import connections, router
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import Col
from django.db.models.functions import StrIndex
from django.db.models.lookups import LessThan
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from newsroom.arabic import WORD_RE, search_normalize
from newsroom.text import Kind, clean_text

from .models import Article, Official

# Longer queries are cut: nobody types more, and each term costs a condition.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
# A one-letter term (a lone و) would match nearly everything.
MIN_TERM_LENGTH = 2
# Trigrams need three letters: shorter terms match only as word prefixes.
PARTIAL_MIN_LENGTH = 3
OFFICIALS_SHOWN = 5
# Matches ranked and listed, the newest chosen first (fifty pages of ten).
MAX_RESULTS = 500
EXCERPT_WORDS = 40
_TERM_SPLIT_RE = re.compile(r"[\W_]+")
# Prepositions, conjunctions, pronouns and particles (folded as stored): they
# match whole words only, never inside or at the start of another word.
FUNCTION_WORDS = frozenset(
    map(
        search_normalize,
        # As text: forty-one one-word list items read worse.
        "في من إلى على عن مع أن إن أو ثم لا لم لن ما قد كل هو هي هم التي الذي "  # noqa: SIM905
        "الذين هذا هذه ذلك تلك بين حول بعد قبل عند منذ خلال حتى لدى ضد دون غير "
        "كما إذا".split(),
    )
)
# The article ال after the preposition ل loses its alef: ل + المجلس = للمجلس.
ARTICLE = "ال"
LAM_ARTICLE = "لل"


@dataclass(frozen=True)
class Term:
    """One folded word of a query, and how it matches (the module docstring)."""

    text: str

    @property
    def is_function_word(self) -> bool:
        return self.text in FUNCTION_WORDS

    @property
    def is_partial(self) -> bool:
        return not self.is_function_word and len(self.text) >= PARTIAL_MIN_LENGTH

    @property
    def forms(self) -> tuple[str, ...]:
        """What is looked for inside words: the term, and its form after ل."""
        if self.is_partial and self.text.startswith(ARTICLE):
            return (self.text, LAM_ARTICLE + self.text.removeprefix(ARTICLE))
        return (self.text,)

    def text_condition(self) -> Q:
        """The condition on a folded text (its words apart by spaces, lines)."""
        if self.is_partial:
            return functools.reduce(
                operator.or_, (Q(search_text__contains=form) for form in self.forms)
            )
        end = r"(?:\s|$)" if self.is_function_word else ""
        return Q(search_text__regex=rf"(?:^|\s){re.escape(self.text)}{end}")

    def tsquery(self) -> str:
        """The term in tsquery syntax, for the vector or (partial) the suffixes.

        Terms hold only letters and digits (split on everything else), so they
        are safe inside quotes; `:*` makes one a prefix.
        """
        if self.is_function_word:
            return f"'{self.text}'"
        return "(" + " | ".join(f"'{form}':*" for form in self.forms) + ")"


def clean_query(raw: str) -> str:
    """The query as the page shows it back: one line, at most MAX_QUERY_LENGTH.

    Under the input-cleaning rule (newsroom/text.py): no control, bidi or
    zero-width character is echoed into the page or its title.
    """
    query = clean_text(raw[: MAX_QUERY_LENGTH * 2], Kind.LINE)
    return " ".join(query.split())[:MAX_QUERY_LENGTH]


def query_terms(query: str, min_length: int = MIN_TERM_LENGTH) -> list[str]:
    """The folded words of a query, each once, at most MAX_TERMS of them."""
    words = _TERM_SPLIT_RE.split(search_normalize(query[:MAX_QUERY_LENGTH]))
    terms = dict.fromkeys(word for word in words if len(word) >= min_length)
    return list(terms)[:MAX_TERMS]


def contains_all(terms: Iterable[str]) -> Q:
    """Every term in the search text, as `Term` matches it (parameterised)."""
    return Q(*(Term(term).text_condition() for term in terms))


def _first_line_score(terms: list[str]) -> ExpressionWrapper:
    """How many terms appear first in the text's first line (title or name)."""
    line_end = StrIndex("search_text", Value("\n"))
    score = Value(0)
    for term in terms:
        in_first_line = LessThan(StrIndex("search_text", Value(term)), line_end)
        score += Case(When(in_first_line, then=1), default=0)
    return ExpressionWrapper(score, output_field=IntegerField())


def _vendor(model: type) -> str:
    return connections[router.db_for_read(model)].vendor


# The suffixes of the article's words, stored by PostgreSQL (migration 0009).
# Not a model field: only this module reads the column, and SQLite lacks it.
_SUFFIXES_COLUMN = SearchVectorField()
_SUFFIXES_COLUMN.set_attributes_from_name("search_suffixes")
# Django tells columns apart by their model and name.
_SUFFIXES_COLUMN.model = Article


class _Suffixes(Expression):
    """The article's stored word suffixes, as a column of the query's table."""

    output_field = SearchVectorField()

    def resolve_expression(self, query=None, *args, **kwargs) -> Col:
        # The article table under the alias the query gives it (U0 in a subquery).
        alias = F("pk").resolve_expression(query, *args, **kwargs).alias
        return Col(alias, _SUFFIXES_COLUMN)


def all_matches(terms: list[str]) -> QuerySet:
    """Published articles with every term, unranked (see the module docstring)."""
    published = Article.objects.published()
    if _vendor(Article) != "postgresql":
        return published.filter(contains_all(terms))
    parts = [Term(term) for term in terms if Term(term).is_partial]
    words = [Term(term) for term in terms if not Term(term).is_partial]
    if parts:
        # A word starting with the term is a suffix too: one condition, exact
        # in its index, finds both whole words and parts of words.
        published = published.alias(suffixes=_Suffixes()).filter(
            suffixes=_raw_tsquery(parts)
        )
    if words:
        published = published.filter(search_vector=_raw_tsquery(words))
    return published


def _raw_tsquery(terms: list[Term]) -> SearchQuery:
    return SearchQuery(
        " & ".join(term.tsquery() for term in terms), search_type="raw", config="simple"
    )


def _tsquery(terms: list[str]) -> SearchQuery:
    """Every term as a word or a word's start: whole-word matches, for ranking."""
    return SearchQuery(
        " & ".join(f"'{term}':*" for term in terms), search_type="raw", config="simple"
    )


def rank_articles(terms: list[str]) -> tuple[list[int], bool]:
    """The ids of published articles with every term, best first, in one query.

    Only the newest MAX_RESULTS matches are ranked: a common word's tens of
    thousands of matches would otherwise all be read on every request. The
    flag says whether there were more.
    """
    if not terms:
        return [], False
    matches = all_matches(terms).order_by("-published_at", "-id")
    newest = matches.values("pk")[: MAX_RESULTS + 1]
    ranked = Article.objects.filter(pk__in=newest)
    if _vendor(Article) == "postgresql":
        query = _tsquery(terms)
        # Whole words (full text) first, by rank (the title weighs most);
        # then parts of words. One term ranks 0 exactly where no word starts
        # with it: the rank alone orders them, reading each row's vector once.
        rank = SearchRank(F("search_vector"), query)
        ranking = [rank.desc()]
        if len(terms) > 1:
            # Some of the terms as words rank a row missing the others.
            whole_words = ExpressionWrapper(
                Q(search_vector=query), output_field=BooleanField()
            )
            ranking.insert(0, whole_words.desc())
    else:
        ranking = [_first_line_score(terms).desc()]
    rows = list(
        ranked.order_by(*ranking, "-published_at", "-id").values_list(
            "pk", "published_at"
        )
    )
    if len(rows) <= MAX_RESULTS:
        return [pk for pk, _published_at in rows], False
    oldest = min(rows, key=lambda row: (row[1], row[0]))
    return [pk for pk, _published_at in rows if pk != oldest[0]], True


def show_page(page: Page, terms: list[str]) -> None:
    """Put the page's articles in place of their ids, highlighted, in one query."""
    ids = list(page.object_list)
    found = (
        Article.objects.filter(pk__in=ids)
        .select_related("section")
        .only(
            "id",
            "title",
            "slug",
            "lede",
            "body",
            "published_at",
            "section__name",
            "section__slug",
        )
        .in_bulk()
        if ids
        else {}
    )
    page.object_list = [found[pk] for pk in ids if pk in found]
    for article in page.object_list:
        article.title_html = highlight(article.title, terms)
        article.excerpt_html = excerpt(f"{article.lede} {article.body_text}", terms)


def search_officials(terms: list[str], limit: int = OFFICIALS_SHOWN) -> list[Official]:
    """The first officials with every term in a name, spelling or post."""
    if not terms:
        return []
    officials = list(
        Official.objects.filter(contains_all(terms))
        .only("id", "name", "slug")
        .order_by(_first_line_score(terms).desc(), "name", "pk")[:limit]
    )
    for official in officials:
        official.name_html = highlight(official.name, terms)
    return officials


# --- highlighting ----------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def _fold(word: str) -> str:
    return search_normalize(word)


@functools.lru_cache(maxsize=256)
def _term_pattern(terms: tuple[str, ...]) -> re.Pattern:
    """Folded words matching a term as the search does: the whole word (a
    function word), its start, or (partial) inside it."""
    patterns = []
    for term in map(Term, terms):
        if term.is_function_word:
            patterns.append(f"^{re.escape(term.text)}$")
        elif term.is_partial:
            patterns.extend(map(re.escape, term.forms))
        else:
            patterns.append(f"^{re.escape(term.text)}")
    return re.compile("|".join(patterns) if patterns else "(?!)")


def _matches(word: str, terms: tuple[str, ...]) -> bool:
    """As the search does: a term starts the word, or (partial) is inside it."""
    return _term_pattern(terms).search(_fold(word)) is not None


def _marked(text: str, spans: list[re.Match], terms: tuple[str, ...]) -> str:
    """`text` from the first span to the last, escaped, matches in <mark>."""
    parts, position = [], spans[0].start()
    for span in spans:
        # Words are letters, digits and marks: only what lies between them
        # needs escaping, by html.escape() as Django's escape() does, without
        # the lazy-string check it makes on every call.
        parts.append(html.escape(text[position : span.start()]))
        word = span.group()
        parts.append(f"<mark>{word}</mark>" if _matches(word, terms) else word)
        position = span.end()
    return "".join(parts)


def highlight(text: str, terms: Iterable[str]) -> SafeString:
    """The whole text, escaped, with the words matching a term in <mark>."""
    spans = list(WORD_RE.finditer(text))
    if not spans:
        return escape(text)
    start, end = spans[0].start(), spans[-1].end()
    # Built from escaped pieces only.
    return mark_safe(
        escape(text[:start]) + _marked(text, spans, tuple(terms)) + escape(text[end:])
    )


def excerpt(text: str, terms: Iterable[str], size: int = EXCERPT_WORDS) -> SafeString:
    """About `size` words of `text` around its first match, highlighted."""
    text = " ".join(text.split())
    terms = tuple(terms)
    spans, first = [], None
    for span in WORD_RE.finditer(text):
        spans.append(span)
        if first is None:
            if _matches(span.group(), terms):
                first = len(spans) - 1
        elif len(spans) > max(0, first - size // 4) + size:
            # Enough to show, and to know more follows: a long body's other
            # words are never looked at.
            break
    if not spans:
        return SafeString("")
    if first is None:
        first = 0
    start = max(0, min(first - size // 4, len(spans) - size))
    shown = spans[start : start + size]
    before = "… " if start > 0 else ""
    after = " …" if start + size < len(spans) else ""
    return mark_safe(before + _marked(text, shown, terms) + after)
