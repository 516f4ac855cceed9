"""The article body: what the editor's rich-text widget offers, and the server's
allow-list that every stored body passes through, whatever the widget sent."""

from __future__ import annotations

from django_prose_editor.fields import create_sanitizer

# What editors can write: paragraphs, two heading levels, bold, italic, links,
# lists, block quotes and images. The sanitiser is derived from the same list.
EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False},
    "Image": True,
    "Figure": True,
    "Caption": True,
}

_clean = create_sanitizer(EXTENSIONS)


def sanitize_body(html: str) -> str:
    """The stored body: only the allow-listed tags and attributes survive."""
    return _clean(html)
