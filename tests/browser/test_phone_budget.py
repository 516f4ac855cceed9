"""A reader's phone: the demo's home and article pages loaded in Chromium under
a mid-range phone's emulation (4x CPU slowdown, slow 4G), with bench/phone.py's
measure. The page's layout must not shift, its largest paint must be its photo,
and what comes before the photo must stay within the budget. The timings (LCP,
longest task) are recorded, not asserted: `make bench` measures them against
gunicorn, where they mean something (bench/results.md)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from articles import demo_data
from articles.models import Article

BENCH = Path(__file__).resolve().parents[2] / "bench" / "phone.py"


@pytest.fixture(scope="module")
def phone():
    spec = importlib.util.spec_from_file_location("bench_phone", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


@pytest.mark.parametrize("which", ["home", "article"])
def test_a_phone_gets_the_photo_first_with_no_layout_shift_within_the_budget(
    live_server, browser, demo, phone, which, artifacts
):
    article = Article.objects.get(title=demo_data.REFERENCE_TITLE)
    path = "/" if which == "home" else article.get_absolute_url()

    figures = phone.measure(browser, live_server.url + path)

    (artifacts / f"phone-{which}.json").write_text(json.dumps(figures, indent=2))
    assert figures["cls"] <= phone.BUDGET["cls"], figures
    assert figures["kb_before_photo"] <= phone.BUDGET["kb_before_photo"], figures
    # A photo is the largest paint, the featured one on the article: the text
    # around it never outweighs it, and it is not held back as lazy.
    assert "/media/" in figures["lcp_element"], figures
    if which == "article":
        stem = Path(article.featured_image.file.name).stem
        assert stem in figures["lcp_element"], (stem, figures)
