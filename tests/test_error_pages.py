"""The Arabic error pages, the Permissions-Policy header, and the reader URLs that
must never answer 500: slug redirects and page numbers."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import include, path, reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from newsroom import errors
from newsroom.urls import handler400, handler403, handler404, handler500  # noqa: F401
from tests.factories import ArticleFactory, OfficialFactory

ARABIC_RE = re.compile("[\u0600-\u06ff]")
RTL = 'lang="ar" dir="rtl"'


def arabic(msgid: str) -> str:
    """The Arabic a reader reads for an English msgid (which must have one)."""
    with translation.override("ar"):
        text = gettext(msgid)
    assert ARABIC_RE.search(text), f"no Arabic translation for {msgid!r}"
    return escape(text)


# The site's URLs and error handlers, and views that fail in each way.
def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def bad(request: HttpRequest) -> HttpResponse:
    raise BadRequest("malformed")


def denied(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("the secret reason")


def read_form(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(len(request.POST)))


def slow_down(request: HttpRequest) -> HttpResponse:
    return errors.too_many_requests(request)


urlpatterns = [
    path("test/crash/", crash),
    path("test/bad/", bad),
    path("test/denied/", denied),
    path("test/form/", require_POST(read_form)),
    path("test/slow-down/", slow_down),
    path("", include("newsroom.urls")),
]

pytestmark = pytest.mark.urls(__name__)


@pytest.fixture
def quiet_client():
    """A client that gets the 500 page instead of the exception."""
    return Client(raise_request_exception=False)


def page(response, status: int) -> str:
    assert response.status_code == status, response.status_code
    content = response.content.decode()
    assert RTL in content
    return content


# --- each status, in Arabic --------------------------------------------------------


def test_404_is_arabic(client, db):
    content = page(client.get("/no-such-page/"), 404)

    assert arabic("Page not found") in content


def test_500_is_arabic_and_needs_no_database(quiet_client):
    # No `db` fixture: any query would fail the test.
    content = page(quiet_client.get("/test/crash/"), 500)

    assert arabic("Something went wrong") in content
    assert "a bug" not in content


def test_400_is_arabic_and_needs_no_database(client):
    content = page(client.get("/test/bad/"), 400)

    assert arabic("Bad request") in content


def test_403_is_arabic_and_keeps_the_reason_to_the_logs(client):
    content = page(client.get("/test/denied/"), 403)

    assert arabic("Access denied") in content
    assert "the secret reason" not in content


def test_csrf_failure_is_the_arabic_403(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("admin:login"), {"username": "x", "password": "y"})

    content = page(response, 403)
    assert arabic("The form has expired") in content


def test_405_from_require_post_is_arabic_and_keeps_allow(client):
    response = client.get("/test/form/")

    content = page(response, 405)
    assert response["Allow"] == "POST"
    assert arabic("Method not allowed") in content


def test_405_of_a_reader_page_keeps_its_allow_header(client):
    response = client.post(reverse("articles:home"))

    page(response, 405)
    assert response["Allow"] == "GET, HEAD"


def test_body_over_the_upload_limit_is_the_arabic_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = client.post("/test/form/", {"text": "x" * 2000})

    content = page(response, 413)
    assert arabic("Request too large") in content


def test_body_over_the_limit_is_413_before_the_csrf_check_too(settings, db):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("admin:login"))  # the CSRF cookie; the token is in the body

    response = client.post(reverse("admin:login"), {"password": "x" * 2000})

    page(response, 413)


def test_429_is_arabic(client):
    content = page(client.get("/test/slow-down/"), 429)

    assert arabic("Too many requests") in content


def test_error_pages_are_not_kept_by_shared_caches(client):
    response = client.get("/test/denied/")

    assert "no-store" in response["Cache-Control"]


def test_cross_site_comment_is_refused_with_the_arabic_403(client, db):
    article = ArticleFactory()

    response = client.post(
        reverse("comments:post", args=[article.pk]),
        {"body": "تعليق"},
        HTTP_ORIGIN="https://elsewhere.example",
    )

    content = page(response, 403)
    assert arabic("Comments are accepted from this site only.") in content


# --- Permissions-Policy ------------------------------------------------------------


def powerful_features_off(response) -> bool:
    policy = dict(
        item.strip().split("=", 1) for item in response["Permissions-Policy"].split(",")
    )
    return all(
        policy[feature] == "()"
        for feature in ("camera", "microphone", "geolocation", "payment", "usb")
    )


def test_reader_page_turns_powerful_browser_features_off(reader_client, db):
    assert powerful_features_off(reader_client.get(reverse("articles:home")))


def test_admin_page_turns_powerful_browser_features_off(editor_client):
    response = editor_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert powerful_features_off(response)


def test_error_page_turns_powerful_browser_features_off(quiet_client):
    assert powerful_features_off(quiet_client.get("/test/crash/"))


# --- reader URLs that must not fail ------------------------------------------------


def test_slug_redirect_keeps_the_query_string(reader_client, db):
    article = ArticleFactory(title="عنوان المقال")

    response = reader_client.get(f"/{article.pk}/عنوان-قديم/?pending=abc.def&x=1")

    assert response.status_code == 301
    assert response["Location"] == f"{article.get_absolute_url()}?pending=abc.def&x=1"


def test_slug_redirect_without_a_query_string_adds_none(reader_client, db):
    official = OfficialFactory(name="يوسف مفلح")

    response = reader_client.get(f"/people/{official.pk}/")

    assert response["Location"] == official.get_absolute_url()


@pytest.mark.parametrize(
    "number",
    ["9" * 5000, "9" * 4000, "99999999999", "abc", "-1", "0", "1.5", "١", " 2", ""],
)
def test_page_numbers_of_any_size_or_not_numbers_are_404(reader_client, db, number):
    ArticleFactory()

    response = reader_client.get(reverse("articles:home"), {"page": number})

    # An empty `page=` is the first page.
    assert response.status_code == (200 if number == "" else 404)


def test_huge_page_number_on_a_page_without_pages_is_ignored(reader_client, db):
    article = ArticleFactory()

    response = reader_client.get(article.get_absolute_url(), {"page": "9" * 5000})

    assert response.status_code == 200
