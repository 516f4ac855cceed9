"""What the article template calls for a live page (newsroom/jinja.py): the
"Live" badge in its header and the updates under its body. The article's own
view knows nothing of live coverage."""

from __future__ import annotations

import jinja2
from markupsafe import Markup

from .display import page_parts


@jinja2.pass_context
def live_badge(context: jinja2.runtime.Context, article) -> Markup:
    """The "Live" badge while the coverage runs; nothing on other articles."""
    return Markup(page_parts(context["request"], article).get("badge", ""))  # noqa: S704 -- rendered by Jinja with autoescape


@jinja2.pass_context
def live_block(context: jinja2.runtime.Context, article) -> Markup:
    """Key events, then the updates, newest first; nothing on other articles."""
    return Markup(page_parts(context["request"], article).get("block", ""))  # noqa: S704 -- rendered by Jinja with autoescape
