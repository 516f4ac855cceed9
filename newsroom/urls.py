import re

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django.views.i18n import JavaScriptCatalog
from django.views.static import serve

from articles import feeds
from articles.sitemaps import SITEMAPS, news_sitemap

admin.site.site_header = _("Site administration")
admin.site.site_title = _("Site administration")
admin.site.index_title = _("Newsroom")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("comments/", include("comments.urls")),
    path("", include("articles.urls")),
    # Each feed's address is its page's plus `feed/`; `feed/atom/` for Atom.
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
    path("section/<uslug:slug>/feed/", feeds.SectionFeed(), name="section-feed"),
    path(
        "section/<uslug:slug>/feed/atom/",
        feeds.SectionAtomFeed(),
        name="section-feed-atom",
    ),
    path("tag/<uslug:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
    path("tag/<uslug:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag-feed-atom"),
    path(
        "people/<int:pk>/<uslug:slug>/feed/",
        feeds.OfficialFeed(),
        name="official-feed",
    ),
    path(
        "people/<int:pk>/<uslug:slug>/feed/atom/",
        feeds.OfficialAtomFeed(),
        name="official-feed-atom",
    ),
    path("places/<int:pk>/<uslug:slug>/feed/", feeds.PlaceFeed(), name="place-feed"),
    path(
        "places/<int:pk>/<uslug:slug>/feed/atom/",
        feeds.PlaceAtomFeed(),
        name="place-feed-atom",
    ),
    path("comments/feed/", feeds.LatestCommentsFeed(), name="comments-feed"),
    path(
        "comments/feed/atom/",
        feeds.LatestCommentsAtomFeed(),
        name="comments-feed-atom",
    ),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "sitemaps/urlset.xml"},
        name="sitemap-section",
    ),
    path("news-sitemap.xml", news_sitemap, name="news-sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            r"^{}(?P<path>.*)$".format(re.escape(settings.MEDIA_URL.lstrip("/"))),
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
