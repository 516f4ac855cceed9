"""What the article template calls for its comments (newsroom/jinja.py).

The article page's own view knows nothing of comments: the template pulls the
thread and the form in with `{{ comment_section(article) }}`.
"""

from __future__ import annotations

import jinja2
from django.forms import BoundField, Form
from django.utils.safestring import SafeString, mark_safe

from .thread import section_context


@jinja2.pass_context
def comment_section(context: jinja2.runtime.Context, article) -> SafeString:
    """The comments under an article: thread, pending comment, form.

    The comment views pass their form back, with the reader's errors, as
    `comment_form`. Read-only on a preview.
    """
    data = section_context(
        context["request"],
        article,
        context.get("comment_form"),
        read_only=bool(context.get("is_preview")),
    )
    template = context.environment.get_template("comments/section.html")
    # The page's own context too (the site's name, the request), as an include.
    html = template.render({**context.get_all(), **data})
    return mark_safe(html)  # noqa: S308 -- rendered with autoescaping


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
