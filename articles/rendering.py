"""An article body as readers get it: sanitised, with our images made responsive
and video links made playable (articles/video.py)."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote, urlsplit

from django.core.files.storage import Storage
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import images
from .models import Image
from .richtext import sanitize_body
from .video import embed_videos

# Regular expressions are enough because they only read what nh3 has just
# written: attributes double-quoted, "<" and ">" escaped in text and values, so
# "<img" starts a real tag and the first ">" ends it.
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
# The article column: the full width on a phone, 46rem from a tablet on.
BODY_SIZES = "(min-width: 48rem) 46rem, 100vw"


def render_body(body: str, sizes: str = BODY_SIZES) -> SafeString:
    """The body through the allow-list once more, our images made responsive,
    each video paragraph a figure with a poster (the player only on a click).

    Every save already cleans it; cleaning again on output costs little (nh3)
    and keeps rows written around the model (a raw UPDATE, an old backup, a
    change to the allow-list) from reaching a reader uncleaned.
    """
    clean = sanitize_body(body)
    rendered = embed_videos(responsive_body_images(clean, sizes))
    return mark_safe(rendered)  # noqa: S308 -- sanitised, our own markup added


def storage_name(storage: Storage, url: str) -> str | None:
    """The stored name an image address points to, if it is one of ours."""
    base = storage.url("")
    path = url
    if not urlsplit(base).netloc:
        # Local media: compare paths, whichever host the editor copied from.
        path = urlsplit(url).path
    if not base or not path.startswith(base):
        return None
    return unquote(path.removeprefix(base)) or None


def responsive_body_images(body: str, sizes: str = BODY_SIZES) -> str:
    """The body with srcset, sizes and dimensions on each <img> showing our image.

    `body` must come from sanitize_body (see IMG_TAG). Each image of ours is
    written again from its parsed attributes, every value escaped; one query
    finds all of them, none is made when no <img> points into our media.
    """
    storage = Image._meta.get_field("file").storage
    names = {
        name
        for tag in IMG_TAG.findall(body)
        if (name := storage_name(storage, _attributes(tag).get("src", "")))
    }
    if not names:
        return body
    by_name = _images_stored_as(names)

    def enrich(match: re.Match) -> str:
        tag = match.group(0)
        attributes = _attributes(tag)
        name = storage_name(storage, attributes.get("src", ""))
        image = by_name.get(name) if name else None
        if image is None:
            return tag
        if srcset := image.srcset():
            attributes.update(srcset=srcset, sizes=sizes)
        # The stored picture's own size, whatever the editor typed: the
        # browser reserves the right space before the file arrives.
        attributes.update(
            width=str(image.width),
            height=str(image.height),
            loading="lazy",
            decoding="async",
        )
        if not attributes.get("alt"):
            attributes["alt"] = image.alt
        return "<img {}>".format(
            " ".join(f'{key}="{escape(value)}"' for key, value in attributes.items())
        )

    return IMG_TAG.sub(enrich, body)


def _images_stored_as(names: set[str]) -> dict[str, Image]:
    """Stored name (original or rendition) -> Image, for the images `names` show."""
    # An editor may paste the address of any rendition: its image is the one
    # whose original shares the rendition's root.
    roots = {root for name in names if (root := images.rendition_root(name))}
    query = Q(file__in=names)
    for root in roots:
        query |= Q(file__startswith=f"{root}.")
    return {
        name: image
        for image in Image.objects.filter(query)
        for name in image.stored_names()
    }


def _attributes(tag: str) -> dict[str, str]:
    return {key.lower(): html.unescape(value) for key, value in ATTRIBUTE.findall(tag)}
