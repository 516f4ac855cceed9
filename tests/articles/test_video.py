"""Videos in an article body: addresses recognised strictly, a poster and a link
for readers (the player only on a click), VideoObject JSON-LD, and the headers
that let exactly those players in."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from articles import video
from articles.rendering import render_body
from articles.video import body_videos, recognise
from tests.factories import ArticleFactory
from tests.helpers import html, queries_for

VIDEO_ID = "aqz-KE-bpKQ"
WATCH = f"https://www.youtube.com/watch?v={VIDEO_ID}"
PLAYER = f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}?autoplay=1"
TITLE = "كلمة رئيس المجلس في افتتاح الدورة"


class Elements(HTMLParser):
    """Every start tag with its attributes, in order, and the text of each figure."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def having_class(self, name: str) -> list[tuple[str, dict[str, str | None]]]:
        return [
            (tag, attrs)
            for tag, attrs in self.tags
            if name in (attrs.get("class") or "").split()
        ]


# --- recognising an address --------------------------------------------------------


# Addresses as editors paste them: the video page each is rebuilt as, and the
# player (None: not checked here). The editor's button must agree
# (tests/browser/test_video.py).
RECOGNISED = [
    (WATCH, WATCH, PLAYER),
    (f"http://youtube.com/watch?v={VIDEO_ID}", WATCH, PLAYER),
    (f"https://m.youtube.com/watch?v={VIDEO_ID}&feature=share", WATCH, PLAYER),
    (f"https://WWW.YouTube.com/watch?list=PL1&v={VIDEO_ID}&index=2", WATCH, PLAYER),
    (f"https://youtu.be/{VIDEO_ID}", WATCH, PLAYER),
    (f"https://youtu.be/{VIDEO_ID}?si=tracking_token", WATCH, PLAYER),
    (f"https://www.youtube.com/shorts/{VIDEO_ID}", WATCH, PLAYER),
    (f"https://www.youtube.com/live/{VIDEO_ID}?si=x", WATCH, PLAYER),
    (f"https://www.youtube.com/embed/{VIDEO_ID}", WATCH, PLAYER),
    (f"  {WATCH}  ", WATCH, PLAYER),
    (
        f"https://youtu.be/{VIDEO_ID}?t=90",
        f"{WATCH}&t=90s",
        f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}?start=90&autoplay=1",
    ),
    (
        f"{WATCH}&t=1m30s",
        f"{WATCH}&t=90s",
        f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}?start=90&autoplay=1",
    ),
    (
        "https://www.facebook.com/Hespress/videos/1234567890123456/",
        "https://www.facebook.com/Hespress/videos/1234567890123456/",
        "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww."
        "facebook.com%2FHespress%2Fvideos%2F1234567890123456%2F"
        "&show_text=false&autoplay=true",
    ),
    (
        "https://m.facebook.com/Hespress/videos/some-title/1234567890/?ref=share",
        "https://www.facebook.com/Hespress/videos/1234567890/",
        None,
    ),
    (
        "https://www.facebook.com/watch/?v=1234567890&ref=sharing",
        "https://www.facebook.com/watch/?v=1234567890",
        None,
    ),
    (
        "https://facebook.com/video.php?v=1234567890",
        "https://www.facebook.com/watch/?v=1234567890",
        None,
    ),
    (
        "https://www.facebook.com/reel/1234567890",
        "https://www.facebook.com/reel/1234567890/",
        None,
    ),
    ("https://fb.watch/aB3_x-9/", "https://fb.watch/aB3_x-9/", None),
]

REFUSED = [
    # Other hosts that only look like YouTube's or Facebook's.
    f"https://youtube.com.evil.example/watch?v={VIDEO_ID}",
    f"https://evil.example/youtube.com/watch?v={VIDEO_ID}",
    f"https://evil.example/?u=https://youtu.be/{VIDEO_ID}",
    f"https://www.youtube.com@evil.example/watch?v={VIDEO_ID}",
    f"https://www.youtube.com:8443/watch?v={VIDEO_ID}",
    f"https://www.youtube.com./watch?v={VIDEO_ID}",
    f"https://notyoutube.com/watch?v={VIDEO_ID}",
    f"https://youtu.be.evil.example/{VIDEO_ID}",
    "https://facebook.com.evil.example/page/videos/123/",
    "https://www.facebook.com@evil.example/page/videos/123/",
    "https://fb.watch.evil.example/abc/",
    # Other schemes.
    f"javascript:alert(1)//https://youtu.be/{VIDEO_ID}",
    f"javascript://www.youtube.com/watch?v={VIDEO_ID}%0aalert(1)",
    f"data:text/html,https://youtu.be/{VIDEO_ID}",
    f"ftp://www.youtube.com/watch?v={VIDEO_ID}",
    f"//www.youtube.com/watch?v={VIDEO_ID}",
    f"www.youtube.com/watch?v={VIDEO_ID}",
    # Ids that are not 11 characters of YouTube's alphabet.
    f'https://www.youtube.com/watch?v={VIDEO_ID[:10]}"',
    "https://www.youtube.com/watch?v=aqz-KE-bp\"'>",
    "https://www.youtube.com/watch?v=aqz-KE-bpK%22",
    "https://www.youtube.com/watch?v=aqz-KE-bpKQQ",
    "https://www.youtube.com/watch?v=aqz-KE-bp<Q",
    "https://youtu.be/aqz-KE-bp%22Q",
    f"https://youtu.be/{VIDEO_ID}/extra",
    f"https://www.youtube.com/watch?v={VIDEO_ID}&v=dQw4w9WgXcQ",
    "https://www.youtube.com/watch",
    f"https://www.youtube.com/channel/{VIDEO_ID}",
    f"https://www.youtube.com/watch?v={VIDEO_ID} onmouseover=alert(1)",
    f"https://www.youtube.com\\@evil.example/watch?v={VIDEO_ID}",
    # Facebook addresses that are no video.
    "https://www.facebook.com/Hespress/",
    "https://www.facebook.com/Hespress/videos/",
    "https://www.facebook.com/watch/?v=12ab",
    "https://www.facebook.com/../videos/123/",
    "https://www.facebook.com/pa'ge/videos/123/",
    'https://fb.watch/a"b/',
    "",
    "https://" + "a" * 600,
]


@pytest.mark.parametrize(("address", "url", "player"), RECOGNISED)
def test_video_addresses_are_recognised_and_rebuilt(address, url, player):
    found = recognise(address)

    assert found is not None
    assert found.url == url
    if player:
        assert found.player_url == player


@pytest.mark.parametrize("address", REFUSED)
def test_anything_else_is_no_video(address):
    assert recognise(address) is None


def test_the_players_are_the_origins_the_headers_let_in():
    assert list(video.PLAYER_ORIGINS) == settings.VIDEO_PLAYER_ORIGINS
    for address in (WATCH, "https://www.facebook.com/watch/?v=1"):
        found = recognise(address)
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(found.player_url))
        assert origin in settings.VIDEO_PLAYER_ORIGINS
    # The script refuses any other player: the same origins, nothing more.
    script = (Path(settings.BASE_DIR) / "static" / "js" / "video.js").read_text()
    assert f'"{video.YOUTUBE_PLAYER}/embed/"' in script
    assert f'"{video.FACEBOOK_PLAYER}/plugins/video.php?"' in script


# --- in a body ---------------------------------------------------------------------


def test_a_paragraph_that_is_only_a_video_link_is_found_with_its_title():
    body = f'<p>مقدمة</p><p><a href="{WATCH}">{TITLE}</a></p><p>خاتمة</p>'

    (found,) = body_videos(body)

    assert found.video == recognise(WATCH)
    assert found.title == TITLE
    assert body[found.start : found.end] == f'<p><a href="{WATCH}">{TITLE}</a></p>'


@pytest.mark.parametrize(
    "paragraph",
    [
        f'<p><a href="{WATCH}">{WATCH}</a></p>',
        f'<p><a href="https://youtu.be/{VIDEO_ID}">youtu.be/{VIDEO_ID}</a></p>',
        f"<p>{WATCH}</p>",
    ],
)
def test_a_link_whose_text_is_an_address_has_no_title(paragraph):
    (found,) = body_videos(paragraph)
    assert found.title == ""


@pytest.mark.parametrize(
    "body",
    [
        # A link inside a sentence stays a link.
        f'<p>شاهدوا <a href="{WATCH}">الكلمة</a> كاملة.</p>',
        # A link with markup inside, or two links.
        f'<p><a href="{WATCH}"><strong>الكلمة</strong></a></p>',
        f'<p><a href="{WATCH}">أ</a><a href="{WATCH}">ب</a></p>',
        # In a list or a quotation: not a paragraph of the body's own.
        f'<ul><li><a href="{WATCH}">الكلمة</a></li></ul>',
        # Not a video.
        '<p><a href="https://www.youtube.com/@channel">القناة</a></p>',
        f'<p><a href="https://youtube.com.evil.example/watch?v={VIDEO_ID}">ف</a></p>',
    ],
)
def test_other_links_to_videos_stay_links(body):
    assert body_videos(body) == []
    assert str(render_body(body)) == body


def test_readers_get_a_poster_a_link_and_the_script_not_the_player():
    rendered = str(render_body(f'<p>مقدمة</p><p><a href="{WATCH}">{TITLE}</a></p>'))
    page = Elements(rendered)

    ((tag, figure),) = page.having_class("video")
    assert tag == "figure"
    assert figure["data-video-player"] == PLAYER
    assert figure["data-video-title"] == TITLE
    # 16:9 box with the poster: a link to the video's page until video.js runs.
    assert page.having_class("video__frame")
    ((tag, poster),) = page.having_class("video__poster")
    assert tag == "a"
    assert poster["href"] == WATCH
    assert TITLE in poster["aria-label"]
    # The caption is the link as the editor wrote it, with its words.
    assert f'<figcaption class="video__caption"><a href="{WATCH}">{TITLE}</a>' in (
        rendered
    )
    scripts = [attrs for tag, attrs in page.tags if tag == "script"]
    assert scripts == [{"src": "/static/js/video.js", "defer": None}]
    # Nothing on the page asks another host for anything before the click.
    assert not [attrs for tag, attrs in page.tags if tag in {"iframe", "img"}]
    assert rendered.startswith("<p>مقدمة</p><figure")


def test_two_videos_load_the_script_once():
    rendered = str(
        render_body(
            f'<p><a href="{WATCH}">أ</a></p>'
            '<p><a href="https://www.facebook.com/watch/?v=123">ب</a></p>'
        )
    )
    page = Elements(rendered)

    assert [a["data-video-player"] for _t, a in page.having_class("video")] == [
        PLAYER,
        "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook"
        ".com%2Fwatch%2F%3Fv%3D123&show_text=false&autoplay=true",
    ]
    assert rendered.count("<script") == 1


def test_a_body_without_videos_is_unchanged_and_loads_no_script():
    body = f'<p>نص <a href="https://www.example.ma/">رابط</a></p><p>{TITLE}</p>'
    assert str(render_body(body)) == body


def test_the_figure_prints_only_what_it_rebuilt_from_the_address():
    # Tracking parameters and whatever else the pasted address carried are gone.
    address = f"https://youtu.be/{VIDEO_ID}?si=secret&amp;feature=x"
    rendered = str(render_body(f'<p><a href="{address}">{TITLE}</a></p>'))

    assert "secret" not in rendered
    assert "youtu.be" not in rendered


def test_a_title_with_markup_characters_is_escaped():
    rendered = str(
        render_body(f'<p><a href="{WATCH}">&lt;b&gt; "كلمة" &amp; رد</a></p>')
    )
    page = Elements(rendered)

    ((_tag, figure),) = page.having_class("video")
    assert figure["data-video-title"] == '<b> "كلمة" & رد'
    assert "<b>" not in rendered


# --- the article page --------------------------------------------------------------


@pytest.mark.django_db
def test_article_page_shows_the_video_figure(reader_client):
    article = ArticleFactory(body=f'<p>مقدمة</p><p><a href="{WATCH}">{TITLE}</a></p>')

    page = html(reader_client.get(article.get_absolute_url()))

    assert f'data-video-player="{PLAYER}"' in page
    assert 'src="/static/js/video.js" defer' in page
    assert "<iframe" not in page


@pytest.mark.django_db
def test_a_video_costs_the_article_page_no_query(client):
    plain = ArticleFactory(body="<p>مقدمة</p>")
    with_video = ArticleFactory(
        body=f'<p>مقدمة</p><p><a href="{WATCH}">{TITLE}</a></p>'
    )

    assert queries_for(client, with_video.get_absolute_url()) == queries_for(
        client, plain.get_absolute_url()
    )


# --- JSON-LD -----------------------------------------------------------------------


def news_article(response) -> dict:
    marker = '<script type="application/ld+json">'
    page = html(response)
    for chunk in page.split(marker)[1:]:
        data = json.loads(chunk.split("</script>", 1)[0])
        if data["@type"] == "NewsArticle":
            return data
    raise AssertionError("no NewsArticle")


@pytest.mark.django_db
def test_json_ld_describes_each_video_as_google_asks(reader_client):
    article = ArticleFactory(
        lede="افتتاح الدورة العادية للمجلس.",
        body=(
            f'<p><a href="{WATCH}">{TITLE}</a></p>'
            '<p><a href="https://www.facebook.com/Hespress/videos/42/">'
            "https://www.facebook.com/Hespress/videos/42/</a></p>"
        ),
    )

    data = news_article(reader_client.get(article.get_absolute_url()))

    youtube, facebook = data["video"]
    assert youtube == {
        "@type": "VideoObject",
        "name": TITLE,
        "description": "افتتاح الدورة العادية للمجلس.",
        "thumbnailUrl": ["http://testserver/static/images/video-poster.png"],
        "uploadDate": data["datePublished"],
        "embedUrl": f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}",
        "url": WATCH,
        "inLanguage": "ar",
    }
    # Without a title of its own, the video is named after the article.
    assert facebook["name"] == article.title
    assert facebook["url"] == "https://www.facebook.com/Hespress/videos/42/"
    assert parse_qs(urlsplit(facebook["embedUrl"]).query)["href"] == [facebook["url"]]
    # The thumbnail is ours: a file that exists, on this site.
    poster = Path(settings.BASE_DIR) / "static" / "images" / "video-poster.png"
    assert poster.exists()
    for item in data["video"]:
        assert {"name", "description", "thumbnailUrl", "uploadDate"} <= item.keys()
        assert all(item[key] for key in ("name", "description", "uploadDate"))


@pytest.mark.django_db
def test_json_ld_of_an_article_without_video_has_none(reader_client):
    article = ArticleFactory(body=f'<p>شاهدوا <a href="{WATCH}">الكلمة</a>.</p>')
    assert "video" not in news_article(reader_client.get(article.get_absolute_url()))


# --- headers -----------------------------------------------------------------------


def directives(header: str) -> dict[str, list[str]]:
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part)
    }


def permissions(header: str) -> dict[str, str]:
    return dict(item.strip().split("=", 1) for item in header.split(","))


@pytest.mark.django_db
def test_csp_lets_in_exactly_the_two_players_as_frames(reader_client):
    article = ArticleFactory(body=f'<p><a href="{WATCH}">{TITLE}</a></p>')
    response = reader_client.get(article.get_absolute_url())

    csp = directives(response["Content-Security-Policy"])
    assert csp["frame-src"] == [
        "https://www.youtube-nocookie.com",
        "https://www.facebook.com",
    ]
    # Nothing else is loosened: scripts and images still come from here only.
    assert csp["default-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert "'self'" in csp["script-src"]
    assert not [v for v in csp["script-src"] if "youtube" in v or "facebook" in v]


@pytest.mark.django_db
def test_autoplay_and_full_screen_are_delegated_to_the_players_only(reader_client):
    response = reader_client.get(reverse("articles:home"))

    policy = permissions(response["Permissions-Policy"])
    # "self" too: a frame gets a feature only if the page has it.
    players = '(self "https://www.youtube-nocookie.com" "https://www.facebook.com")'
    assert policy["autoplay"] == players
    assert policy["fullscreen"] == players
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert policy[feature] == "()"
