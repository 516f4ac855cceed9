"""No commenter's address, nor a hash of it, appears in anything the public can fetch.

The site is filled with comments (approved, pending, spam, trash, replies, the
site's replies, an erased one) left with known addresses, then every public URL
is fetched: the known list below and whatever the pages, feeds and sitemap link
to, so that pages added later are covered too.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import re
from collections import deque
from urllib.parse import unquote, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Official, Section, Tag
from comments import moderation, privacy
from comments.forms import served_stamp
from comments.models import Comment
from tests.factories import (
    ArticleFactory,
    AttendeeFactory,
    CommentFactory,
    OfficialFactory,
    PositionFactory,
    SectionFactory,
    TagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# As readers type them: mixed case, a +tag, stray spaces.
ADDRESSES = [
    "Reader.One+tag@Example.COM",
    " Hicham.Bennani@Mail.EXAMPLE.ma ",
    "souad_tazi77@example.org",
    "Qamar.Zahiri@Example.net",
    "Gone.Reader@Example.COM",  # erased at the reader's request
]
MAX_PAGES = 600
LINK_RE = re.compile(
    r"""(?:href|src)\s*=\s*["']([^"']+)["']|<(?:loc|link)>([^<]+)</""", re.I
)
TEXT_TYPES = ("text/", "application/xml", "application/rss", "application/atom")


def forbidden_forms(address: str) -> set[str]:
    """The address in every form a leak would take, lower-cased."""
    stripped = address.strip()
    local = stripped.split("@")[0]
    forms = {stripped, local, local.split("+")[0]}
    for variant in {address, stripped, stripped.lower()}:
        for algorithm in ["md5", "sha1", "sha256"]:
            forms.add(hashlib.new(algorithm, variant.encode()).hexdigest())
    return {f.lower() for f in forms}


FORBIDDEN = {
    form: address for address in ADDRESSES for form in forbidden_forms(address)
}


def same_origin_path(url: str) -> str | None:
    url = html.unescape(url.strip())
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in (
        "",
        "testserver",
    ):
        return None
    if not parts.path.startswith("/") or url.startswith("//"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def body_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def crawl(client: Client, seeds: list[str]) -> dict[str, tuple[int, str]]:
    """Fetch the seeds and every same-origin page they lead to."""
    pages: dict[str, tuple[int, str]] = {}
    queue = deque(seeds)
    while queue and len(pages) < MAX_PAGES:
        path = queue.popleft()
        if path in pages or path.startswith("/admin/"):
            continue
        response = client.get(path)
        headers = "\n".join(f"{k}: {v}" for k, v in response.items())
        kind = response.get("Content-Type", "")
        text = body_of(response).decode(errors="replace")
        if not kind.startswith(TEXT_TYPES) and "javascript" not in kind:
            text = ""
        pages[path] = (response.status_code, headers + "\n\n" + text)
        if response.status_code in (301, 302) and (
            target := same_origin_path(response["Location"])
        ):
            queue.append(target)
        for match in LINK_RE.finditer(text):
            if target := same_origin_path(match[1] or match[2]):
                queue.append(target)
    return pages


def leaks(text: str) -> set[str]:
    """The forbidden forms found in a page, however it encodes them."""
    lowered = text.lower()
    variants = {lowered, html.unescape(lowered), unquote(html.unescape(lowered))}
    return {form for form in FORBIDDEN for variant in variants if form in variant}


@pytest.fixture
def site(settings, django_capture_on_commit_callbacks):
    """A small newsroom whose readers have been commenting for a while."""
    settings.ARTICLES_PER_PAGE = 3
    settings.COMMENTS_FLOOD_SECONDS = 0
    settings.COMMENTS_MIN_FORM_SECONDS = 0
    settings.COMMENTS_TRUST_CONFIRMED = True
    editor = UserFactory(
        username="editor",
        email="editor@example.ma",
        first_name="نادية",
        last_name="بناني",
        is_staff=True,
        is_superuser=True,
    )
    politics, economy = SectionFactory(name="سياسة"), SectionFactory(name="اقتصاد")
    tags = [TagFactory(name="انتخابات"), TagFactory(name="ميزانية")]
    official = OfficialFactory(name="عبد الرحيم الفاسي")
    PositionFactory(official=official)
    articles = []
    for n in range(8):
        article = ArticleFactory(
            title=f"خبر جهوي رقم {n}",
            section=[politics, economy][n % 2],
            author=editor,
            published_at=timezone.now() - datetime.timedelta(days=20 * n, hours=1),
            tags=tags[: n % 3],
        )
        articles.append(article)
    AttendeeFactory(article=articles[0], official=official)
    ArticleFactory(title="مسودة لم تنشر", draft=True, section=politics)

    bodies = []
    for index, address in enumerate(ADDRESSES[:4]):
        article = articles[index % 3]
        name = ["قارئ أول", "هشام", "سعاد", "قمر"][index]
        top = CommentFactory(
            article=article,
            name=name,
            email=address,
            url="https://blog.example.ma/",
            body=f"تعليق منشور رقم {index}",
            ip=f"198.51.100.{index + 1}",
            user_agent="Mozilla/5.0",
        )
        reply = CommentFactory(
            article=article,
            parent=top,
            name=name,
            email=address,
            body=f"رد منشور رقم {index}",
        )
        for status in ["pending", "spam", "trash"]:
            CommentFactory(
                article=article,
                parent=reply,
                name=name,
                email=address,
                body=f"تعليق {status} رقم {index}",
                status=status,
            )
        moderation.staff_reply(top, f"رد الموقع رقم {index}", by=editor)
        bodies += [top.body, reply.body]
    erased = CommentFactory(
        article=articles[0], name="راحل", email=ADDRESSES[4], body="نص بقي بعد المحو"
    )
    privacy.erase_commenter(ADDRESSES[4].upper())
    assert Comment.objects.get(pk=erased.pk).email == ""
    bodies.append(erased.body)

    # The author's own view of their pending comment, as the form leads to it.
    author = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = author.post(
            reverse("comments:post", args=[articles[1].pk]),
            {
                "name": "قمر",
                "email": ADDRESSES[3],
                "body": "تعليقي ينتظر المراجعة",
                "served": served_stamp(),
            },
        )
    assert response.status_code == 302
    return {
        "articles": articles,
        "bodies": bodies,
        "pending_url": response["Location"],
        "author": author,
    }


def known_urls(site) -> list[str]:
    """The public URLs a reader can reach, listed rather than discovered."""
    urls = ["/", "/?page=2", "/?page=3", "/archive/", "/no-such-page/"]
    urls += ["/feed/", "/comments/feed/", "/sitemap.xml", "/robots.txt"]
    for article in Article.objects.published():
        urls += [article.get_absolute_url(), f"/{article.pk}/"]
        month = timezone.localtime(article.published_at)
        urls.append(f"/archive/{month.year}/{month.month:02d}/")
    for section in Section.objects.all():
        urls += [section.get_absolute_url(), f"/section/{section.slug}/feed/"]
    urls += [tag.get_absolute_url() for tag in Tag.objects.all()]
    urls += [official.get_absolute_url() for official in Official.objects.all()]
    approved = Comment.objects.approved().first()
    urls.append(f"{approved.article.get_absolute_url()}?replytocom={approved.pk}")
    urls.append(site["pending_url"])
    return urls


def test_no_public_page_shows_an_address_or_its_hash(site):
    pages = crawl(Client(), known_urls(site))

    # The crawl saw what it had to see, or the test would prove nothing.
    assert len(pages) > 40
    everything = "\n".join(text for _, text in pages.values())
    for body in site["bodies"]:
        assert body in everything, f"{body} was not crawled"
    assert "تعليقي ينتظر المراجعة" in pages[site["pending_url"]][1]
    for article in site["articles"]:
        assert article.get_absolute_url() in pages
    assert any(p.startswith("/sitemap-articles.xml") for p in pages)
    assert pages["/no-such-page/"][0] == 404

    found = {
        path: sorted({FORBIDDEN[f] for f in leaked})
        for path, (_, text) in pages.items()
        if (leaked := leaks(text))
    }
    assert found == {}
    assert [p for p, (_, text) in pages.items() if "gravatar" in text.lower()] == []


def test_the_authors_own_page_does_not_show_their_address(site):
    # Even to the author: the page shows the comment, never what they typed
    # as their address.
    response = site["author"].get(site["pending_url"])
    assert response.status_code == 200
    assert "تعليقي ينتظر المراجعة" in response.content.decode()
    assert leaks(response.content.decode()) == set()


def test_leak_detector_finds_every_form_of_an_address():
    address = ADDRESSES[1]
    gravatar = hashlib.md5(address.strip().lower().encode()).hexdigest()
    for page in [
        f"<p>{address.strip().upper()}</p>",
        f'<img src="https://www.gravatar.com/avatar/{gravatar}?s=96">',
        f"<a href='mailto:{address.strip().replace('@', '%40')}'>",
        "<p>hicham.bennani&#64;mail.example.ma</p>",
        hashlib.sha256(address.encode()).hexdigest().upper(),
        "Hicham.Bennani wrote",
    ]:
        assert leaks(page), page
    assert leaks("<p>هشام: تعليق منشور</p>") == set()
