"""WSGI entry point: `gunicorn newsroom.wsgi`."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()


def warm_up() -> None:
    """Do before the first request what it would otherwise pay for.

    Called by each gunicorn worker once it has loaded the site: the reader
    templates compiled and the URL patterns read (a fifth of a second, which the
    first readers of a new worker would wait). Then everything loaded so far is
    moved out of the garbage collector's sight: a full collection no longer
    walks the whole framework, a pause that showed in the slowest requests.
    """
    from django.template import engines
    from django.urls import get_resolver

    jinja = engines["jinja2"].env
    for name in jinja.list_templates(filter_func=lambda name: name.endswith(".html")):
        jinja.get_template(name)
    get_resolver().reverse_dict  # noqa: B018 - reading it fills it
    gc.collect()
    gc.freeze()
