"""The article body: what the editor's rich-text widget offers, and the server's
allow-list that every stored body passes through, whatever the widget sent."""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import nh3
from django.conf import settings

# What editors can write: paragraphs, two heading levels, bold, italic, links,
# lists, block quotes, line breaks and images. Lists always count 1, 2, 3: the
# list-properties dialog (Latin letters, Roman numerals) is turned off.
EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "HardBreak": True,
    "BulletList": True,
    "OrderedList": {"enableListAttributes": False},
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False},
    "Image": True,
    "Figure": True,
    "Caption": True,
}

# The allow-list, written out rather than derived from EXTENSIONS so that a
# reviewer reads every tag and attribute a reader's browser may receive
# (tests check that it covers what the extensions produce).
TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "figure",
    "figcaption",
    "img",
}
ATTRIBUTES = {
    # No target, so no rel is needed: links open in the same tab.
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
}
# The editor marks its figures with these fixed classes; nothing else passes.
CLASSES = {"figure": {"figure"}, "figcaption": {"figure-caption"}}
# Schemes a link may use; a link without a scheme (/12/slug/, #note) is relative.
LINK_SCHEMES = {"http", "https", "mailto"}

_NUMBER = re.compile(r"[0-9]{1,5}")


def image_src_allowed(src: str) -> bool:
    """Whether an <img> may load `src`: only files from this site's media.

    Accepted: a path under MEDIA_URL (``/media/images/…``); an https URL on
    SITE_URL's host under that path; or, when MEDIA_URL is itself an https URL
    (object storage), any URL below it. Refused: other hosts (a tracking pixel
    in an article), protocol-relative ``//host``, http, data:, paths outside
    media (``/admin/logout/`` as an image is a request made by every reader),
    backslashes and ``..`` segments that browsers would resolve elsewhere.
    """
    if not src or "\\" in src or any(ord(c) < 33 for c in src):
        return False
    media = urlsplit(settings.MEDIA_URL)
    parts = urlsplit(src)
    # Browsers resolve "%2e%2e" as "..": the check reads the decoded path.
    if parts.query or parts.fragment or ".." in unquote(parts.path).split("/"):
        return False
    if media.scheme == "https" and media.netloc:
        return src.startswith(settings.MEDIA_URL.rstrip("/") + "/")
    if not parts.path.startswith(media.path.rstrip("/") + "/"):
        return False
    if not parts.scheme and not parts.netloc:
        return src.startswith("/")
    site = urlsplit(settings.SITE_URL)
    return parts.scheme == "https" and site.netloc == parts.netloc


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    # nh3 has already dropped what the allow-list lacks and links with a
    # foreign scheme; this narrows the values of what remains.
    if name in {"width", "height", "start"}:
        return value if _NUMBER.fullmatch(value.strip()) else None
    if tag == "img" and name == "src":
        return value if image_src_allowed(value.strip()) else None
    if name == "title":
        # The link dialog sends title="" when the field is left empty.
        return value if value.strip() else None
    return value


_cleaner = nh3.Cleaner(
    tags=TAGS,
    # Dropped with everything inside them, not just unwrapped.
    clean_content_tags={"script", "style", "iframe", "object", "embed", "template"},
    # "*": none on every tag (nh3 would otherwise allow lang and title).
    attributes={"*": set(), **ATTRIBUTES},
    attribute_filter=_filter_attribute,
    allowed_classes=CLASSES,
    link_rel=None,
    url_schemes=LINK_SCHEMES,
    strip_comments=True,
)


class _ImagesWithoutSource(HTMLParser):
    """Finds the <img> tags left without a src (refused by the filter)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.line_starts = [0]
        self.line_starts += [m.end() for m in re.finditer("\n", html)]
        self.spans: list[tuple[int, int]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img" and not dict(attrs).get("src"):
            line, column = self.getpos()
            start = self.line_starts[line - 1] + column
            self.spans.append((start, start + len(self.get_starttag_text() or "")))


def sanitize_body(html: str) -> str:
    """The stored body: only the allow-listed tags and attributes survive."""
    clean = _cleaner.clean(html or "")
    for start, end in reversed(_ImagesWithoutSource(clean).spans):
        clean = clean[:start] + clean[end:]
    # An editor left empty sends one empty paragraph: store nothing instead.
    if re.fullmatch(r"(?:<p></p>|\s)*", clean):
        return ""
    return clean


# Elements that end a run of text: their edges separate words.
_BLOCKS = {
    "p",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "figure",
    "figcaption",
    "div",
}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.chunks.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.chunks.append(" ")

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)


def plain_text(html: str) -> str:
    """The body's words as one line of text: blocks apart, inline marks joined."""
    parser = _Text()
    parser.feed(html or "")
    parser.close()
    return " ".join("".join(parser.chunks).split())


def count_words(html: str) -> int:
    """Words a reader reads: whitespace-separated, punctuation alone not counted."""
    return sum(
        1 for token in plain_text(html).split() if any(c.isalnum() for c in token)
    )


# Silent reading of Arabic prose by adults: about 180 words a minute.
WORDS_PER_MINUTE = 180


def reading_minutes(words: int) -> int:
    """Minutes to read `words`, rounded up; at least one."""
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
