"""The share row under an article: plain links to each service, nothing loaded
from anyone else until the reader clicks."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from tests.factories import ArticleFactory
from tests.helpers import html

pytestmark = pytest.mark.django_db

TITLE = "لقاء تواصلي بجهة سوس ماسة & الحوار"
SLUG = "لقاء-تواصلي-بجهة-سوس-ماسة"


class Tags(HTMLParser):
    """Every start tag of a page, with its attributes, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(page)
    return parser.tags


def share_links(page: str) -> dict[str, dict[str, str | None]]:
    """The share row's links, by service (the modifier of their class)."""
    links = {}
    for tag, attrs in tags_of(page):
        classes = (attrs.get("class") or "").split()
        if tag == "a" and "share__link" in classes:
            service = next(c for c in classes if c.startswith("share__link--"))
            links[service.removeprefix("share__link--")] = attrs
    return links


def canonical_of(page: str) -> str:
    return next(
        attrs["href"]
        for tag, attrs in tags_of(page)
        if tag == "link" and attrs.get("rel") == "canonical"
    )


@pytest.fixture
def article():
    return ArticleFactory(title=TITLE, slug=SLUG)


@pytest.fixture
def page(reader_client, article) -> str:
    return html(reader_client.get(article.get_absolute_url()))


def query(href: str) -> dict[str, str]:
    """The decoded parameters of a link (each given once)."""
    params = parse_qs(urlsplit(href).query, keep_blank_values=True, strict_parsing=True)
    assert all(len(values) == 1 for values in params.values()), href
    return {name: values[0] for name, values in params.items()}


def test_each_service_link_shares_the_canonical_url_of_an_arabic_article(page, article):
    canonical = canonical_of(page)
    # The Arabic slug is in the address percent-encoded, as a browser sends it.
    assert canonical == "http://testserver" + article.get_absolute_url()
    assert "%D9%84%D9%82%D8%A7%D8%A1" in canonical
    links = share_links(page)
    assert set(links) == {"whatsapp", "facebook", "x", "telegram", "email"}

    whatsapp = urlsplit(links["whatsapp"]["href"])
    assert (whatsapp.scheme, whatsapp.netloc, whatsapp.path) == (
        "https",
        "wa.me",
        "/",
    )
    assert query(links["whatsapp"]["href"]) == {"text": f"{TITLE} {canonical}"}

    facebook = links["facebook"]["href"]
    assert facebook.startswith("https://www.facebook.com/sharer/sharer.php?")
    assert query(facebook) == {"u": canonical}

    x = links["x"]["href"]
    assert x.startswith("https://twitter.com/intent/tweet?")
    assert query(x) == {"url": canonical, "text": TITLE}

    telegram = links["telegram"]["href"]
    assert telegram.startswith("https://t.me/share/url?")
    assert query(telegram) == {"url": canonical, "text": TITLE}

    # mailto: has no "+" for a space (RFC 6068): spaces are written %20.
    email = links["email"]["href"]
    assert email.startswith("mailto:?")
    assert "+" not in email
    assert query(email) == {"subject": TITLE, "body": canonical}


def test_shared_address_leaves_out_tracking_parameters(reader_client, article):
    plain = html(reader_client.get(article.get_absolute_url()))
    tracked = html(
        reader_client.get(article.get_absolute_url() + "?utm_source=whatsapp&fbclid=x")
    )
    assert share_links(tracked) == share_links(plain)
    assert "utm_source" not in unquote(share_links(tracked)["facebook"]["href"])


def test_share_links_open_in_a_new_tab_without_opener_or_referrer(page):
    for service, attrs in share_links(page).items():
        assert attrs["target"] == "_blank", service
        assert set((attrs["rel"] or "").split()) >= {"noopener", "noreferrer"}, service


def test_share_controls_are_labelled_in_arabic(page):
    labels = {
        service: attrs["aria-label"] for service, attrs in share_links(page).items()
    }
    assert labels == {
        "whatsapp": "شارك على واتساب",
        "facebook": "شارك على فيسبوك",
        "x": "شارك على إكس",
        "telegram": "شارك على تيليغرام",
        "email": "شارك عبر البريد الإلكتروني",
    }
    # The buttons are named by the words they show, which voice control users
    # say (WCAG 2.5.3), inside the section named "شارك هذا المقال".
    buttons = re.findall(r'<button class="share__link"([^>]*)>([^<]*)</button>', page)
    assert [words for _attributes, words in buttons] == ["نسخ الرابط", "مشاركة…"]
    assert not any("aria-label" in attributes for attributes, _words in buttons)
    assert 'data-copied="تم نسخ الرابط"' in page


def test_copy_and_share_buttons_are_hidden_until_the_script_reveals_them(page):
    items = {
        attrs["class"]: attrs
        for tag, attrs in tags_of(page)
        if tag == "li" and (attrs.get("class") or "").startswith("share__")
    }
    assert set(items) == {"share__copy", "share__native"}
    assert all("hidden" in attrs for attrs in items.values())
    statuses = [
        attrs
        for tag, attrs in tags_of(page)
        if "share__status" in (attrs.get("class") or "")
    ]
    assert statuses == [
        {"class": "share__status", "role": "status", "aria-live": "polite"}
    ]
    scripts = [attrs for tag, attrs in tags_of(page) if tag == "script"]
    share_js = [s for s in scripts if (s.get("src") or "").endswith("share.js")]
    assert len(share_js) == 1
    assert "defer" in share_js[0]


def test_article_page_loads_no_script_or_image_from_another_host(page):
    loaded = [
        attrs["src"]
        for tag, attrs in tags_of(page)
        if tag in {"script", "img", "iframe"} and attrs.get("src")
    ]
    assert any(src.endswith("share.js") for src in loaded)
    for src in loaded:
        parts = urlsplit(src)
        assert parts.netloc in {"", "testserver"}, src
        assert parts.scheme in {"", "http", "https"}, src


def test_preview_of_a_draft_has_no_share_row(editor_client):
    # Its address would be a 404 for whoever the link is sent to.
    draft = ArticleFactory(title=TITLE, slug=SLUG, draft=True)
    page = html(editor_client.get(draft.get_absolute_url()))
    assert "لقاء تواصلي بجهة" in page
    assert share_links(page) == {}
    assert "share.js" not in page
