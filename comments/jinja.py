"""What the article template calls for its comments (newsroom/jinja.py).

The article page's own view knows nothing of comments: the template pulls the
thread and the form in with `{{ comment_section(article) }}`.
"""

from __future__ import annotations

import jinja2
from django.forms import BoundField, Form
from django.utils.safestring import SafeString, mark_safe

from newsroom.fragments import kept

from .forms import served_stamp
from .thread import section_context


@jinja2.pass_context
def comment_section(context: jinja2.runtime.Context, article) -> SafeString:
    """The comments under an article: thread, pending comment, form.

    The comment views pass their form back, with the reader's errors, as
    `comment_form`. Read-only on a preview. What every reader gets alike is
    kept until the content changes (newsroom/fragments.py), all but the form's
    served stamp, which is each render's own.
    """
    request = context["request"]
    personal = (
        context.get("comment_form") is not None
        or context.get("is_preview")
        or "pending" in request.GET
        or "replytocom" in request.GET
    )
    if personal:
        return mark_safe(_render(context, article)[0])  # noqa: S308 -- autoescaped

    def shared() -> str:
        html, stamp = _render(context, article)
        return html.replace(stamp, STAMP_SLOT) if stamp else html

    html = kept(request, f"comments:{article.pk}", shared)
    return mark_safe(html.replace(STAMP_SLOT, served_stamp()))  # noqa: S308


# Where the kept section's served stamp goes (a stamp is URL-safe base64 and
# colons: this never occurs in one, nor in escaped text).
STAMP_SLOT = "\x00served\x00"


def _render(context: jinja2.runtime.Context, article) -> tuple[str, str]:
    """The section's HTML, and the served stamp its form carries ("" if none)."""
    data = section_context(
        context["request"],
        article,
        context.get("comment_form"),
        read_only=bool(context.get("is_preview")),
    )
    template = context.environment.get_template("comments/section.html")
    # The page's own context too (the site's name, the request), as an include.
    html = template.render({**context.get_all(), **data})
    form = data["comment_form"]
    stamp = (
        form.initial.get("served", "") if form is not None and not form.is_bound else ""
    )
    return html, stamp


def comment_field(field: BoundField) -> str:
    """A form field's widget, tied to its help text and its errors by id."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-help")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
    attrs = {"aria-describedby": " ".join(described_by)} if described_by else {}
    return field.as_widget(attrs=attrs)


def visible_field_errors(form: Form) -> list[tuple[BoundField, str]]:
    """Each error of a field the reader fills in, with its field, for a summary."""
    return [(field, error) for field in form.visible_fields() for error in field.errors]
