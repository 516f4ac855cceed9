"""The site's addresses: the apps, the admin, feeds, sitemaps and robots.txt."""

import re

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpRequest, HttpResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django.views.i18n import JavaScriptCatalog
from django.views.static import serve

from articles import feeds
from articles.sitemaps import SITEMAPS, news_sitemap
from comments import feeds as comment_feeds
from newsroom import accounts
from newsroom.caching import shared_page

admin.site.site_header = _("Site administration")
admin.site.site_title = _("Site administration")
admin.site.index_title = _("Newsroom")


def feed_urls(route: str, rss: type, atom: type, name: str) -> list:
    """A page's RSS feed at `route`, and its Atom twin at `route` + "atom/"."""
    return [
        path(route, shared_page(rss()), name=name),
        path(f"{route}atom/", shared_page(atom()), name=f"{name}-atom"),
    ]


# Arabic error pages (newsroom/errors.py); the templates are 400.html, 403.html…
handler400 = "newsroom.errors.bad_request"
handler403 = "newsroom.errors.permission_denied"
handler404 = "newsroom.errors.page_not_found"
handler500 = "newsroom.errors.server_error"
# The admin's login asks for a code from those who set up two-step sign-in.
admin.site.login_form = accounts.LoginForm
admin.site.login_template = "admin/login.html"

urlpatterns = [
    # Password reset and two-step sign-in, before the admin's catch-all.
    *accounts.urlpatterns,
    path("admin/", admin.site.urls),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("comments/", include("comments.urls")),
    path("live/", include("live.urls")),
    path("", include("articles.urls")),
    # Each feed's address is its page's plus `feed/`; `feed/atom/` for Atom.
    *feed_urls("feed/", feeds.LatestArticlesFeed, feeds.LatestArticlesAtomFeed, "feed"),
    *feed_urls(
        "section/<uslug:slug>/feed/",
        feeds.SectionFeed,
        feeds.SectionAtomFeed,
        "section-feed",
    ),
    *feed_urls("tag/<uslug:slug>/feed/", feeds.TagFeed, feeds.TagAtomFeed, "tag-feed"),
    *feed_urls(
        "people/<int:pk>/<uslug:slug>/feed/",
        feeds.OfficialFeed,
        feeds.OfficialAtomFeed,
        "official-feed",
    ),
    *feed_urls(
        "authors/<int:pk>/<uslug:slug>/feed/",
        feeds.AuthorFeed,
        feeds.AuthorAtomFeed,
        "author-feed",
    ),
    *feed_urls(
        "places/<int:pk>/<uslug:slug>/feed/",
        feeds.PlaceFeed,
        feeds.PlaceAtomFeed,
        "place-feed",
    ),
    *feed_urls(
        "corrections/feed/",
        feeds.CorrectionsFeed,
        feeds.CorrectionsAtomFeed,
        "corrections-feed",
    ),
    *feed_urls(
        "comments/feed/",
        comment_feeds.LatestCommentsFeed,
        comment_feeds.LatestCommentsAtomFeed,
        "comments-feed",
    ),
    path(
        "sitemap.xml",
        shared_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        shared_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS, "template_name": "sitemaps/urlset.xml"},
        name="sitemap-section",
    ),
    path("news-sitemap.xml", shared_page(news_sitemap), name="news-sitemap"),
    # Not cached: it is the floor `make bench` compares every page with.
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
]


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """An uploaded file, from MEDIA_ROOT as it is now (tests change it)."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            r"^{}(?P<path>.*)$".format(re.escape(settings.MEDIA_URL.lstrip("/"))),
            serve_media,
        )
    ]
