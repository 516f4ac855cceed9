"""Videos in an article body: YouTube and Facebook addresses, recognised strictly.

As WordPress embeds a link alone on its line, a paragraph whose only content
is a link to a recognised video address (the editor's video button writes one)
is stored as that plain link: the allow-list needs no frame. Readers get it as
a figure with a poster drawn locally and the link; static/js/video.js puts the
player in its place only when the reader clicks, so nothing is fetched from
the video's host before then. Everything a page prints about a video (the
player's address, the link) is rebuilt here from the parts checked below,
never copied from what the editor pasted.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext

# The players' origins: settings.SECURE_CSP's frame-src and the
# Permissions-Policy delegate to exactly these (tests/articles/test_video.py).
YOUTUBE_PLAYER = "https://www.youtube-nocookie.com"
FACEBOOK_PLAYER = "https://www.facebook.com"
PLAYER_ORIGINS = (YOUTUBE_PLAYER, FACEBOOK_PLAYER)

YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
}
FACEBOOK_HOSTS = {"facebook.com", "www.facebook.com", "m.facebook.com"}
FB_WATCH_HOSTS = {"fb.watch", "www.fb.watch"}

YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
# /shorts/ID, /live/ID, /embed/ID, /v/ID (a trailing slash allowed).
YOUTUBE_PATH = re.compile(r"/(?:shorts|live|embed|v)/([A-Za-z0-9_-]{11})/?")
# t=90, t=90s, t=1m30s, t=1h2m3s.
YOUTUBE_START = re.compile(r"(?:(\d{1,2})h)?(?:(\d{1,4})m)?(?:(\d{1,5})s?)?")
FACEBOOK_ID = re.compile(r"[0-9]{1,20}")
# /<page>/videos/<id>/, and the older /<page>/videos/<title>/<id>/.
FACEBOOK_PAGE_VIDEO = re.compile(
    r"/([A-Za-z0-9.]{1,80})/videos/(?:[^/]{1,200}/)?([0-9]{1,20})/?"
)
FACEBOOK_REEL = re.compile(r"/reel/([0-9]{1,20})/?")
FB_WATCH_CODE = re.compile(r"/([A-Za-z0-9_-]{1,20})/?")
# Longer than any real video address: not worth parsing.
MAX_LENGTH = 500


@dataclass(frozen=True)
class Video:
    """A recognised video: its host, and the address its player is built from."""

    host: str  # "youtube" or "facebook"
    # YouTube: the 11-character id; Facebook: the video's canonical address.
    key: str
    start: int = 0

    @property
    def url(self) -> str:
        """The video's own page, where a reader without JavaScript watches it."""
        if self.host == "facebook":
            return self.key
        url = f"https://www.youtube.com/watch?v={self.key}"
        return f"{url}&t={self.start}s" if self.start else url

    @property
    def embed_url(self) -> str:
        """The player, as search engines are told of it (no autoplay)."""
        if self.host == "facebook":
            href = quote(self.key, safe="")
            return f"{FACEBOOK_PLAYER}/plugins/video.php?href={href}&show_text=false"
        url = f"{YOUTUBE_PLAYER}/embed/{self.key}"
        return f"{url}?start={self.start}" if self.start else url

    @property
    def player_url(self) -> str:
        """The player a reader's click loads: it starts at once."""
        if self.host == "facebook":
            return f"{self.embed_url}&autoplay=true"
        separator = "&" if "?" in self.embed_url else "?"
        return f"{self.embed_url}{separator}autoplay=1"

    @property
    def host_name(self) -> str:
        """The host as readers know it, in their language."""
        return gettext("Facebook") if self.host == "facebook" else gettext("YouTube")


def recognise(address: str) -> Video | None:
    """The video `address` shows, or None for anything else.

    Only http(s) addresses on the hosts' own names, without user, password or
    port, in the forms each host gives for a video; ids are checked
    character by character. Whatever else the address carries (tracking
    parameters, a playlist) is dropped.
    """
    address = (address or "").strip()
    if not address or len(address) > MAX_LENGTH:
        return None
    if any(c.isspace() or ord(c) < 32 or c in "\\\"'<>`" for c in address):
        return None
    try:
        parts = urlsplit(address)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"}:
        return None
    # The whole netloc must be a known host name: "@", ":" and a trailing
    # dot never match.
    host = parts.netloc.lower()
    if host in YOUTUBE_HOSTS:
        return _youtube(parts.path, parts.query)
    if host == "youtu.be":
        match = re.fullmatch(r"/([A-Za-z0-9_-]{11})", parts.path)
        return _youtube_video(match.group(1), parts.query) if match else None
    if host in FACEBOOK_HOSTS:
        return _facebook(parts.path, parts.query)
    if host in FB_WATCH_HOSTS and not parts.query:
        match = FB_WATCH_CODE.fullmatch(parts.path)
        if match:
            return Video("facebook", f"https://fb.watch/{match.group(1)}/")
    return None


def _query(query: str) -> dict[str, list[str]] | None:
    try:
        return parse_qs(query, max_num_fields=20)
    except ValueError:
        return None


def _youtube(path: str, query: str) -> Video | None:
    if path in {"/watch", "/watch/"}:
        params = _query(query)
        ids = (params or {}).get("v", [])
        if len(ids) != 1:
            return None
        return _youtube_video(ids[0], query)
    match = YOUTUBE_PATH.fullmatch(path)
    return _youtube_video(match.group(1), query) if match else None


def _youtube_video(video_id: str, query: str) -> Video | None:
    if not YOUTUBE_ID.fullmatch(video_id):
        return None
    params = _query(query)
    if params is None:
        return None
    start = 0
    for name in ("t", "start"):
        values = params.get(name, [])
        if len(values) == 1 and values[0]:
            match = YOUTUBE_START.fullmatch(values[0])
            if match:
                hours, minutes, seconds = (int(g or 0) for g in match.groups())
                start = hours * 3600 + minutes * 60 + seconds
            break
    return Video("youtube", video_id, start)


def _facebook(path: str, query: str) -> Video | None:
    if match := FACEBOOK_PAGE_VIDEO.fullmatch(path):
        page, video_id = match.groups()
        if page.strip(".") != page:
            return None
        return Video("facebook", f"https://www.facebook.com/{page}/videos/{video_id}/")
    if match := FACEBOOK_REEL.fullmatch(path):
        return Video("facebook", f"https://www.facebook.com/reel/{match.group(1)}/")
    if path in {"/watch", "/watch/", "/video.php"}:
        ids = (_query(query) or {}).get("v", [])
        if len(ids) == 1 and FACEBOOK_ID.fullmatch(ids[0]):
            return Video("facebook", f"https://www.facebook.com/watch/?v={ids[0]}")
    return None


# --- in a body --------------------------------------------------------------------

# These read what nh3 has just written (as articles/rendering.py does):
# attributes double-quoted, "<" escaped in text, so the first ">" ends a tag.
# A paragraph with nothing but one link whose text holds no markup, or nothing
# but an address typed as text.
VIDEO_PARAGRAPH = re.compile(
    r"<p>\s*(?:<a ([^>]*)>([^<]*)</a>|(https?://[^\s<]+))\s*</p>", re.IGNORECASE
)
HREF = re.compile(r'\bhref="([^"]*)"')


@dataclass(frozen=True)
class BodyVideo:
    """A video paragraph of a body: where it is, the video, the editor's title."""

    start: int
    end: int
    video: Video
    title: str


def body_videos(body: str) -> list[BodyVideo]:
    """The video paragraphs of `body` (sanitised by sanitize_body), in order."""
    found = []
    for match in VIDEO_PARAGRAPH.finditer(body):
        attributes, text, bare = match.groups()
        if bare is not None:
            address, title = html.unescape(bare), ""
        else:
            href = HREF.search(attributes)
            if href is None:
                continue
            address = html.unescape(href.group(1))
            title = " ".join(html.unescape(text).split())
        video = recognise(address)
        if video is None:
            continue
        if _looks_like_address(title):
            title = ""
        found.append(BodyVideo(match.start(), match.end(), video, title))
    return found


def _looks_like_address(text: str) -> bool:
    # A link whose text is an address (its own, or written without https://)
    # has no title to show.
    return "://" in text or (" " not in text and "." in text and "/" in text)


def embed_videos(body: str) -> str:
    """`body` with each video paragraph as a figure readers can play.

    `body` must come from sanitize_body. A body without videos comes back as
    it is; with one, the script that starts the players comes at its end.
    """
    videos = body_videos(body)
    if not videos:
        return body
    chunks = []
    position = 0
    for item in videos:
        chunks.append(body[position : item.start])
        chunks.append(video_figure(item.video, item.title))
        position = item.end
    chunks.append(body[position:])
    chunks.append(
        format_html('<script src="{}" defer></script>', static("js/video.js"))
    )
    return "".join(chunks)


def video_figure(video: Video, title: str = "") -> str:
    """A video as readers get it before they click: a poster and a link.

    Without JavaScript the poster is a link to the video's page; video.js
    turns it into a button that puts the player in the same 16:9 box.
    """
    if title:
        play = gettext("Play the video: {title}").format(title=title)
        frame_title = title
    else:
        play = gettext("Play the video on {host}").format(host=video.host_name)
        frame_title = gettext("Video on {host}").format(host=video.host_name)
    caption = title or gettext("Watch the video on {host}").format(host=video.host_name)
    return format_html(
        '<figure class="video video--{host}" data-video-player="{player}" '
        'data-video-title="{frame_title}">'
        '<div class="video__frame">'
        '<a class="video__poster" href="{url}" aria-label="{play}">'
        '<span class="video__play" aria-hidden="true"></span>'
        '<span class="video__host" aria-hidden="true">{host_name}</span>'
        "</a></div>"
        '<figcaption class="video__caption"><a href="{url}">{caption}</a></figcaption>'
        "</figure>",
        host=video.host,
        player=video.player_url,
        frame_title=frame_title,
        url=video.url,
        play=play,
        host_name=video.host_name,
        caption=caption,
    )
