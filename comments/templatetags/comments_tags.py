"""Template helpers for the comments on an article page."""

from __future__ import annotations

import hashlib

from django import template
from django.forms import BoundField, Form
from django.template.context import Context
from django.utils.html import Urlizer, escape, format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe

from comments.thread import section_context
from newsroom.arabic import normalize, strip_diacritics, strip_invisible

register = template.Library()

# How many avatar colours the stylesheet defines (.avatar--0 … .avatar--7).
AVATAR_COLOURS = 8
# Links in a reader's text are theirs, not the site's: no ranking credit, no
# access to this window.
LINK_REL = "nofollow ugc noopener"
# Long addresses are shortened in the link's text (never in its target).
LINK_TEXT_LIMIT = 60
# Joins two Arabic initials without joining them into a word ("ع‌ب", not "عب").
ZWNJ = "\u200c"


class _CommentUrlizer(Urlizer):
    """Django's urlize, with every link it makes marked as a reader's."""

    url_template = '<a href="{href}" rel="' + LINK_REL + '">{url}</a>'
    # Arabic commas, semicolons and question marks, and guillemets, end a link.
    trailing_punctuation_chars = Urlizer.trailing_punctuation_chars + "،؛؟"
    wrapping_punctuation = [*Urlizer.wrapping_punctuation, ("«", "»")]


_urlize = _CommentUrlizer()


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context: Context, article) -> dict:
    """The comments under an article: `{% comment_section article %}`.

    The page's own view knows nothing of comments; the comment views pass their
    form back, with the reader's errors, as `comment_form`. Read-only on a
    preview.
    """
    return section_context(
        context["request"],
        article,
        context.get("comment_form"),
        read_only=bool(context.get("is_preview")),
    )


@register.filter
def comment_text(body: str) -> SafeString:
    """A comment's text as HTML: escaped, its links made safe, its lines kept."""
    # Escaped first: given raw text, urlize would read "&para=1" in an address
    # as the entity "¶" and change the link.
    html = _urlize(escape(body), trim_url_limit=LINK_TEXT_LIMIT)
    return mark_safe(linebreaks(html))


def initials(name: str) -> str:
    """The first letter of the first and of the last word of a name.

    An Arabic last word is taken without its article: "الإدريسي" gives "إ".
    """
    words = [w for w in strip_diacritics(strip_invisible(name)).split() if w]
    letters = []
    for index, word in enumerate(words[:1] + words[1:][-1:]):
        if index and word.startswith("ال") and len(word) > 3:
            word = word[2:]
        letter = next((ch for ch in word if ch.isalnum()), "")
        if letter:
            letters.append(letter.upper())
    if not letters:
        # A name of symbols or emoji only: its first character stands for it.
        return name.strip()[:1]
    return ZWNJ.join(letters)


def avatar_colour(name: str) -> int:
    """A colour number that depends on the name alone (as a reader reads it)."""
    digest = hashlib.sha256(normalize(name).encode()).digest()
    return digest[0] % AVATAR_COLOURS


@register.simple_tag
def comment_avatar(name: str, variant: str = "") -> str:
    """A locally drawn avatar: the name's initials in a coloured circle.

    Nothing is fetched and nothing comes from the address; `variant` ("site",
    "anonymous") replaces the colour for the site's replies and erased names.
    """
    modifier = variant or str(avatar_colour(name))
    return format_html(
        '<span class="avatar avatar--{}" aria-hidden="true">{}</span>',
        modifier,
        initials(name),
    )


@register.simple_tag
def comment_field(field: BoundField) -> str:
    """A form field's widget, tied to its help text and its errors by id."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-help")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
    attrs = {"aria-describedby": " ".join(described_by)} if described_by else {}
    return field.as_widget(attrs=attrs)


@register.filter
def visible_field_errors(form: Form) -> list[tuple[BoundField, str]]:
    """Each error of a field the reader fills in, with its field, for a summary."""
    return [(field, error) for field in form.visible_fields() for error in field.errors]
