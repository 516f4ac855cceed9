"""The reader pages: home, article, section, tag, official, writer, place, event,
search, archives, and the 1x1 image that counts a view."""

from __future__ import annotations

import base64
import datetime
import re
from typing import Any

from django.conf import settings
from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.encoding import iri_to_uri
from django.views.decorators.http import require_GET, require_safe

from newsroom.caching import is_staff, share
from newsroom.fragments import kept

from . import viewcounts
from .models import (
    Article,
    Attendee,
    Correction,
    Event,
    Official,
    Section,
    Tag,
    Writer,
)
from .places import PlaceTree, event_people, place_chain, reported_events
from .search import (
    clean_query,
    query_terms,
    rank_articles,
    search_officials,
    show_page,
)

MOST_READ_COUNT = 5
MOST_COMMENTED_COUNT = 5
RELATED_COUNT = 4
# A transparent 1x1 GIF.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
SEEN_COOKIE = "seen"
SEEN_SALT = "articles.seen"
SEEN_MAX = 50
# Crawlers, link previewers and tools: their requests are not readers' visits.
BOT_RE = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|"
    r"curl|wget|python-requests|httpx|headless|lighthouse|monitor",
    re.IGNORECASE,
)


# No real page number is longer; int() of one thousands of digits long fails.
PAGE_NUMBER_MAX_DIGITS = 9


def page_number(request: HttpRequest) -> int:
    """The `?page=` asked for; anything but a plain, sane number is a 404."""
    raw = request.GET.get("page") or "1"
    if (
        not (raw.isascii() and raw.isdigit() and len(raw) <= PAGE_NUMBER_MAX_DIGITS)
        or int(raw) < 1
    ):
        raise Http404
    return int(raw)


def paginate(
    request: HttpRequest, queryset: QuerySet | list, kept_as: str | None = None
) -> Page:
    """The requested page of `queryset`; a page that does not exist is a 404.

    With `kept_as`, the page is kept until the content changes, as plain data:
    its rows and the list's length, never the queryset (which would be read
    whole to be kept).
    """
    number = page_number(request)

    def build() -> Page | None:
        paginator = Paginator(
            queryset, settings.ARTICLES_PER_PAGE, allow_empty_first_page=True
        )
        try:
            page = paginator.page(number)
        except InvalidPage:
            return None
        counted = Paginator(
            range(paginator.count),
            settings.ARTICLES_PER_PAGE,
            allow_empty_first_page=True,
        )
        return Page(list(page.object_list), number, counted)

    page = build() if kept_as is None else kept(request, f"{kept_as}:{number}", build)
    if page is None:
        raise Http404
    return page


def redirect_to(request: HttpRequest, obj: Any) -> HttpResponsePermanentRedirect:
    """The permanent redirect to `obj`'s current address, with the query string:
    a reader's `?pending=` link to their comment survives a new headline."""
    url = obj.get_absolute_url()
    query = iri_to_uri(request.META.get("QUERY_STRING", ""))
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    published = Article.objects.published()
    # The same on every page of the list: kept until the content changes.
    most_read = kept(
        request,
        "home:most-read",
        lambda: list(
            published.for_listing().order_by("-view_count", "-published_at")[
                :MOST_READ_COUNT
            ]
        ),
    )
    most_commented = kept(
        request,
        "home:most-commented",
        lambda: list(published.most_commented(MOST_COMMENTED_COUNT)),
    )
    return render(
        request,
        "articles/home.html",
        {
            "page_obj": paginate(request, published.for_listing(), "home"),
            "most_read": most_read,
            "most_commented": most_commented,
        },
    )


def published_article(request: HttpRequest, pk: int) -> Article:
    """The published article with its tags and people, or a 404: alike for
    every reader until the content changes (or its scheduled time comes)."""
    article = kept(
        request,
        f"article:{pk}",
        lambda: Article.objects.published().for_page().filter(pk=pk).first(),
    )
    if article is None:
        raise Http404
    return article


@require_safe
def article_detail(
    request: HttpRequest, pk: int, slug: str | None = None
) -> HttpResponse:
    if is_staff(request):
        # Staff see drafts and scheduled articles here, exactly as readers will.
        article = get_object_or_404(Article.objects.for_page(), pk=pk)
    else:
        article = published_article(request, pk)
    if slug != article.slug:
        return redirect_to(request, article)
    return render_article(request, article)


def render_article(
    request: HttpRequest,
    article: Article,
    context: dict | None = None,
    status: int = 200,
    *,
    preview: bool = False,
) -> HttpResponse:
    """The article page. Other views render it too: the comment form sent back
    with its errors, the admin's preview of edits not saved yet (`preview`), whose
    tags and people it passes in `context`.
    """
    is_preview = preview or not article.is_published()
    context = {"article": article, "is_preview": is_preview, **(context or {})}
    if "tags" not in context:
        context["tags"] = article.tags.all()
    if "attendees" not in context:
        context["attendees"] = article.attendees.all()
    if "corrections" not in context:
        # Prefetched with the page (for_page); an unsaved preview has none.
        context["corrections"] = article.corrections.all() if article.pk else []
    if "related" not in context:
        # Alike for every reader until the content changes; a preview's is its own.
        context["related"] = (
            Article.objects.related_to(article, RELATED_COUNT)
            if is_preview
            else kept(
                request,
                f"related:{article.pk}",
                lambda: list(Article.objects.related_to(article, RELATED_COUNT)),
            )
        )
    response = render(request, "articles/article_detail.html", context, status=status)
    # A preview, or the form sent back with its errors, is this reader's only.
    if is_preview or status != 200:
        add_never_cache_headers(response)
    return share(request, response)


@require_GET
def view_pixel(request: HttpRequest, pk: int) -> HttpResponse:
    """The article page's 1x1 image: counts the view, so the page stays cacheable."""
    # Whether it is published, kept until the content changes: at a spike's
    # rate the database is not asked once per view.
    if not kept(
        request,
        f"published:{pk}",
        lambda: Article.objects.published().filter(pk=pk).exists(),
    ):
        raise Http404
    article = Article(pk=pk)
    response = HttpResponse(PIXEL, content_type="image/gif")
    add_never_cache_headers(response)
    if _count_view(request, article):
        _remember_seen(request, response, article)
    return response


def _seen_ids(request: HttpRequest) -> list[str]:
    value = request.get_signed_cookie(
        SEEN_COOKIE, default="", salt=SEEN_SALT, max_age=settings.VIEW_COUNT_WINDOW
    )
    return [i for i in value.split(".") if i.isdigit()]


def _count_view(request: HttpRequest, article: Article) -> bool:
    """Count one view per reader visit; never bots, prefetches or staff."""
    if (
        is_staff(request)
        or BOT_RE.search(request.headers.get("User-Agent") or "bot")
        or request.headers.get("Sec-Purpose", request.headers.get("Purpose", ""))
        or str(article.pk) in _seen_ids(request)
    ):
        return False
    # Buffered in Redis at a spike's rate, when there is one (viewcounts.py).
    viewcounts.count_view(article)
    return True


def _remember_seen(
    request: HttpRequest, response: HttpResponse, article: Article
) -> None:
    ids = [i for i in _seen_ids(request) if i != str(article.pk)][-(SEEN_MAX - 1) :]
    response.set_signed_cookie(
        SEEN_COOKIE,
        ".".join([*ids, str(article.pk)]),
        salt=SEEN_SALT,
        max_age=settings.VIEW_COUNT_WINDOW,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


@require_safe
def section_detail(request: HttpRequest, slug: str) -> HttpResponse:
    section = kept(
        request, f"section:{slug}", lambda: Section.objects.filter(slug=slug).first()
    )
    if section is None:
        raise Http404
    articles = Article.objects.published().filter(section=section).for_listing()
    return render(
        request,
        "articles/section.html",
        {
            "section": section,
            "page_obj": paginate(request, articles, f"section:{section.pk}"),
        },
    )


@require_safe
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = kept(request, f"tag:{slug}", lambda: Tag.objects.filter(slug=slug).first())
    if tag is None:
        raise Http404
    articles = Article.objects.published().filter(tags=tag).for_listing()
    return render(
        request,
        "articles/tag.html",
        {"tag": tag, "page_obj": paginate(request, articles, f"tag:{tag.pk}")},
    )


def _official_and_positions(pk: int) -> tuple[Official, list] | None:
    # The other spellings serve the page and its structured data: fetched once.
    official = Official.objects.prefetch_related("spellings").filter(pk=pk).first()
    if official is None:
        return None
    return official, list(official.positions.select_related("organization__parent"))


@require_safe
def official_detail(
    request: HttpRequest, pk: int, slug: str | None = None
) -> HttpResponse:
    found = kept(request, f"official:{pk}", lambda: _official_and_positions(pk))
    if found is None:
        raise Http404
    official, positions = found
    if slug != official.slug:
        return redirect_to(request, official)
    appearances = (
        Attendee.objects.filter(
            official=official, article__in=Article.objects.published()
        )
        .select_related("article__section", "position__organization")
        .order_by("-article__published_at", "-article_id")
    )
    return render(
        request,
        "articles/official.html",
        {
            "official": official,
            "spellings": official.spellings.all(),
            "positions": positions,
            "page_obj": paginate(request, appearances, f"official:{pk}:page"),
        },
    )


@require_safe
def author_detail(
    request: HttpRequest, pk: int, slug: str | None = None
) -> HttpResponse:
    """A writer's page: name, photo, bio and their published articles."""
    writer = kept(request, f"author:{pk}", lambda: Writer.load(pk))
    if writer is None:
        raise Http404
    page_obj = paginate(
        request,
        Article.objects.published().filter(author_id=pk).for_listing(),
        f"author:{pk}:page",
    )
    # Only writers readers can read have a page: not every staff account.
    if not page_obj.paginator.count:
        raise Http404
    if slug != writer.slug:
        return redirect_to(request, writer)
    return render(
        request, "articles/author.html", {"writer": writer, "page_obj": page_obj}
    )


def _search_results(request: HttpRequest, terms: list[str]) -> dict:
    ranked, more = rank_articles(terms)
    page = paginate(request, ranked)
    show_page(page, terms)
    return {"page_obj": page, "more": more, "officials": search_officials(terms)}


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """Articles and officials matching the reader's words (articles/search.py)."""
    query = clean_query(request.GET.get("q", ""))
    terms = query_terms(query)
    context = {"query": query, "terms": terms}
    if terms:
        # The same words find the same articles until the content changes.
        context |= kept(
            request,
            f"search:{' '.join(terms)}:{page_number(request)}",
            lambda: _search_results(request, terms),
        )
    return render(request, "articles/search.html", context)


@require_safe
def archive_index(request: HttpRequest) -> HttpResponse:
    months = kept(request, "archive:months", Article.objects.published().months)
    return render(request, "articles/archive_index.html", {"months": months})


@require_safe
def archive_month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """The articles of one month; a month without any (or impossible) is a 404."""
    months = kept(request, "archive:months", Article.objects.published().months)
    # Newest first: the next month is the one before in the list.
    shown = [entry["month"] for entry in months]
    try:
        index = shown.index(datetime.date(year, month, 1))
    except ValueError:
        raise Http404 from None
    start = timezone.make_aware(datetime.datetime(year, month, 1))
    end = timezone.make_aware(datetime.datetime(year + month // 12, month % 12 + 1, 1))
    articles = Article.objects.published().filter(
        published_at__gte=start, published_at__lt=end
    )
    return render(
        request,
        "articles/archive_month.html",
        {
            "month": shown[index],
            "previous_month": shown[index + 1] if index + 1 < len(shown) else None,
            "next_month": shown[index - 1] if index else None,
            "page_obj": paginate(
                request, articles.for_listing(), f"archive:{year}:{month}"
            ),
        },
    )


@require_safe
def corrections(request: HttpRequest) -> HttpResponse:
    """Every correction and update readers can see, newest first."""
    return render(
        request,
        "articles/corrections.html",
        {
            "page_obj": paginate(
                request, Correction.objects.shown().for_listing(), "corrections"
            )
        },
    )


# How many of its latest events a place page lists (its articles are paginated).
PLACE_EVENTS_COUNT = 20


@require_safe
def place_detail(
    request: HttpRequest, pk: int, slug: str | None = None
) -> HttpResponse:
    """A region, province or commune: the news of its events and those inside it."""
    # The whole tree and a place's events: alike for every reader until the
    # content changes.
    tree = kept(request, "places:tree", PlaceTree.load)
    place = tree.get(pk)
    if place is None:
        raise Http404
    if slug != place.slug:
        return redirect_to(request, place)
    inside = tree.descendant_ids(place)
    articles = Article.objects.published().filter(event__place__in=inside)
    return render(
        request,
        "articles/place.html",
        {
            "place": place,
            "slug": slug,
            "ancestors": tree.ancestors(place),
            "children": tree.children_of(place),
            "events": kept(
                request,
                f"places:{pk}:events",
                lambda: list(
                    reported_events().filter(place__in=inside)[:PLACE_EVENTS_COUNT]
                ),
            ),
            "page_obj": paginate(request, articles.for_listing(), f"places:{pk}"),
        },
    )


@require_safe
def event_detail(
    request: HttpRequest, pk: int, slug: str | None = None
) -> HttpResponse:
    """One reported event: its facts, who came, and every article about it."""
    event = kept(
        request,
        f"events:{pk}",
        lambda: (
            Event.objects.select_related(
                "place__parent__parent__parent", "organizer", "presided_by"
            )
            .filter(pk=pk)
            .first()
        ),
    )
    if event is None:
        raise Http404
    page_obj = paginate(
        request,
        Article.objects.published().filter(event=event).for_listing(),
        f"events:{pk}:page",
    )
    # Until an article about it is published, the event is the newsroom's own.
    if not page_obj.paginator.count:
        raise Http404
    if slug != event.slug:
        return redirect_to(request, event)
    return render(
        request,
        "articles/event.html",
        {
            "event": event,
            "places": place_chain(event.place),
            "people": kept(request, f"events:{pk}:people", lambda: event_people(event)),
            "page_obj": page_obj,
        },
    )
