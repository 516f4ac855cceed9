"""The reader pages' addresses, with Arabic slugs."""

from django.urls import path, register_converter

from newsroom.caching import shared_page

from . import views


class UnicodeSlugConverter:
    """Any path segment: Arabic slugs, which `<slug:>` rejects, included.

    The view compares the segment with the canonical slug and redirects when
    they differ, so whatever arrives here is never trusted.
    """

    # No control characters: a NUL byte is refused by PostgreSQL, so it ends here.
    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(UnicodeSlugConverter, "uslug")

app_name = "articles"

urlpatterns = [
    path("", shared_page(views.home), name="home"),
    path("<int:pk>/", shared_page(views.article_detail), name="detail-short"),
    path("<int:pk>/<uslug:slug>/", shared_page(views.article_detail), name="detail"),
    path("<int:pk>/seen.gif", views.view_pixel, name="count-view"),
    path("section/<uslug:slug>/", shared_page(views.section_detail), name="section"),
    path("tag/<uslug:slug>/", shared_page(views.tag_detail), name="tag"),
    path("people/<int:pk>/", shared_page(views.official_detail), name="official-short"),
    path(
        "people/<int:pk>/<uslug:slug>/",
        shared_page(views.official_detail),
        name="official",
    ),
    path("authors/<int:pk>/", shared_page(views.author_detail), name="author-short"),
    path(
        "authors/<int:pk>/<uslug:slug>/",
        shared_page(views.author_detail),
        name="author",
    ),
    path("places/<int:pk>/", shared_page(views.place_detail), name="place-short"),
    path(
        "places/<int:pk>/<uslug:slug>/", shared_page(views.place_detail), name="place"
    ),
    path("events/<int:pk>/", shared_page(views.event_detail), name="event-short"),
    path(
        "events/<int:pk>/<uslug:slug>/", shared_page(views.event_detail), name="event"
    ),
    path("search/", shared_page(views.search), name="search"),
    path("archive/", shared_page(views.archive_index), name="archive"),
    path("corrections/", shared_page(views.corrections), name="corrections"),
    path(
        "archive/<int:year>/<int:month>/",
        shared_page(views.archive_month),
        name="archive-month",
    ),
]
