"""The Jinja2 environment of the reader pages (their templates are in jinja2/).

A reader page prints hundreds of values. Django's template language resolves
each one through several layers at render time; Jinja2 compiles a template to
Python once, and renders the same page several times faster (bench/pages.py).
The admin keeps Django's templates.

Strings are translated with `{% trans %}` (Jinja's i18n extension, new style:
the values put into a message are escaped, the catalogue's text is not, as
with `{% blocktranslate %}`). `manage.py makemessages` reads these templates
through newsroom/management/commands/makemessages.py.
"""

from __future__ import annotations

import html
from functools import lru_cache
from typing import Any

import jinja2
from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.template.defaultfilters import linebreaks_filter, linebreaksbr
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import (
    get_language,
    get_language_bidi,
    gettext,
    ngettext,
    npgettext,
    pgettext,
)
from markupsafe import Markup

from articles import formatting, structured_data
from articles.rendering import render_body
from comments import jinja as comments_jinja
from live import jinja as live_jinja

from . import dates, timeago
from .links import cached_reverse


def environment(**options: Any) -> jinja2.Environment:
    """The environment Django's Jinja2 backend renders the reader pages with."""
    # Like Django's templates: a missing value, or one inside it, prints nothing;
    # text is escaped as Django escapes it (&#x27;, &quot;), so both engines
    # write the same bytes.
    options["undefined"] = jinja2.ChainableUndefined
    options["finalize"] = escape
    env = jinja2.Environment(**options, extensions=["jinja2.ext.i18n"])
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext, ngettext, newstyle=True, pgettext=pgettext, npgettext=npgettext
    )
    env.policies["ext.i18n.trimmed"] = True
    env.globals.update(
        url=cached_reverse,
        static=cached_static,
        language=get_language,
        language_bidi=get_language_bidi,
        this_year=this_year,
        querystring=querystring,
        canonical_url=formatting.canonical_url,
        absolute_uri=formatting.absolute_uri,
        chevron=formatting.chevron,
        position_dates=formatting.position_dates,
        json_ld=structured_data.script,
        structured_data=structured_data,
        comment_section=comments_jinja.comment_section,
        comment_field=comments_jinja.comment_field,
        visible_field_errors=comments_jinja.visible_field_errors,
        live_badge=live_jinja.live_badge,
        live_block=live_jinja.live_block,
        since_labels=timeago.label_table,
    )
    env.filters.update(
        date=formatting.local_date,
        dateline=formatting.dateline,
        hijri=dates.hijri_date,
        isoformat=formatting.isoformat,
        truncatewords=formatting.excerpt,
        linebreaks=linebreaks_filter,
        linebreaksbr=linebreaksbr,
        rich_text=render_body,
        comments_label=formatting.comments_label,
        views_label=formatting.views_label,
        minutes_label=formatting.minutes_label,
        articles_label=formatting.articles_label,
        partial_date=formatting.partial_date,
        partial_date_iso=formatting.partial_date_iso,
    )
    return env


def escape(value: Any) -> Markup:
    """What Django's `escape` writes (&#x27;, &quot;), without its lazy-string
    wrapper: called for every value a page prints."""
    if hasattr(value, "__html__"):
        return value
    return Markup(html.escape(str(value)))


def cached_static(path: str) -> str:
    """`{% static path %}`: the manifest is read once per process, not per link."""
    # The storage is part of the key: tests swap it for the plain one.
    return _static(path, settings.STORAGES["staticfiles"]["BACKEND"])


@lru_cache(maxsize=256)
def _static(path: str, backend: str) -> str:
    return static(path)


def this_year() -> int:
    """The year it is in the site's time zone (the footer's ©)."""
    return timezone.localdate().year


def querystring(request: HttpRequest, **changes: Any) -> str:
    """`{% querystring %}`: this page's query with `changes` (None removes a key)."""
    params: QueryDict = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return f"?{params.urlencode()}" if params else "?"
