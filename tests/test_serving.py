"""What a gunicorn worker does once it has loaded the site (gunicorn.conf.py)."""

from __future__ import annotations

import gc

from django.template import engines

from newsroom.wsgi import warm_up


def test_a_warmed_up_worker_has_every_reader_template_compiled_and_frozen():
    jinja = engines["jinja2"].env
    jinja.cache.clear()
    try:
        warm_up()

        compiled = {name for _loader, name in jinja.cache}
        assert {"base.html", "articles/article_detail.html"} <= compiled
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
