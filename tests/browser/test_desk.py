"""The editors' desk on the admin's home page, in a real browser: each count
moves right after the action that moves it."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory
from tests.live.factories import LiveCoverageFactory


def sign_in(page, live_server) -> None:
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct-horse-battery")
    page.click("[type=submit]")
    page.wait_for_url(f"**{reverse('admin:index')}")


def count(page, name: str) -> str:
    return page.locator(f"[data-count={name}]").inner_text().strip()


def run_action(page, live_server, changelist: str, pk: int, action: str) -> None:
    """Tick one row of an admin list and run one of its actions."""
    page.goto(live_server.url + changelist)
    page.check(f"input[name=_selected_action][value='{pk}']")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")
    page.wait_for_load_state()


def test_each_count_moves_right_after_its_action(
    live_server, browser, artifacts, editor
):
    pending = CommentFactory(status=Comment.Status.PENDING)
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    story = ArticleFactory()
    coverage = LiveCoverageFactory()
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server)
    home = live_server.url + reverse("admin:index")

    assert count(page, "comments-waiting") == "1"
    assert count(page, "in-review") == "0"
    assert count(page, "breaking") == "0"
    assert count(page, "live") == "1"
    assert page.locator("#desk-chart svg .editors-desk__bar").count() == 14
    page.screenshot(path=artifacts / "editors-desk.png", full_page=True)

    run_action(
        page,
        live_server,
        reverse("admin:comments_comment_changelist"),
        pending.pk,
        "approve",
    )
    page.goto(home)
    assert count(page, "comments-waiting") == "0"

    run_action(
        page,
        live_server,
        reverse("admin:articles_article_changelist"),
        draft.pk,
        "submit_for_review",
    )
    page.goto(home)
    assert count(page, "in-review") == "1"

    run_action(
        page,
        live_server,
        reverse("admin:articles_article_changelist"),
        story.pk,
        "mark_breaking",
    )
    page.goto(home)
    assert count(page, "breaking") == "1"

    page.goto(
        live_server.url + reverse("admin:live_livecoverage_desk", args=[coverage.pk])
    )
    page.click(".live-desk__end button")
    page.wait_for_load_state()
    page.goto(home)
    assert count(page, "live") == "0"

    ArticleFactory(
        published_at=min(
            timezone.now() + datetime.timedelta(minutes=1),
            timezone.localtime().replace(hour=23, minute=59),
        )
    )
    page.reload()
    assert count(page, "scheduled-today") == "1"

    assert errors == []
    context.close()


def test_a_readers_view_reaches_the_most_read_and_the_chart(
    live_server, browser, editor
):
    story = ArticleFactory(title="الخبر الأكثر قراءة")
    reader = browser.new_context(
        user_agent="Mozilla/5.0 (Linux; Android 14) Chrome/126 Mobile"
    )
    reader.new_page().goto(live_server.url + story.get_absolute_url())
    reader.close()
    page = browser.new_page()
    sign_in(page, live_server)

    row = page.locator("#desk-most-read li").first
    row.wait_for()
    assert "الخبر الأكثر قراءة" in row.inner_text()
    today = page.locator("#desk-chart .editors-desk__bar").last
    assert today.get_attribute("data-views") == "1"
