import re

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django.views.i18n import JavaScriptCatalog
from django.views.static import serve

from articles.feeds import LatestArticlesFeed, LatestCommentsFeed, SectionFeed
from articles.sitemaps import SITEMAPS

admin.site.site_header = _("Site administration")
admin.site.site_title = _("Site administration")
admin.site.index_title = _("Newsroom")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("comments/", include("comments.urls")),
    path("", include("articles.urls")),
    path("feed/", LatestArticlesFeed(), name="feed"),
    path("section/<uslug:slug>/feed/", SectionFeed(), name="section-feed"),
    path("comments/feed/", LatestCommentsFeed(), name="comments-feed"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
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
