"""Readers and a moderator, each in their own browser, through one conversation."""

from __future__ import annotations

import pytest

from comments.models import Comment
from tests.factories import ArticleFactory
from tests.helpers import screenshot_whole_page

PASSWORD = "correct-horse-battery-staple"


def post_comment(page, body: str, name: str, email: str) -> None:
    page.fill("#id_body", body)
    page.fill("#id_name", name)
    page.fill("#id_email", email)
    page.click("#commentform button[type=submit]")
    page.wait_for_load_state()


def approve_in_admin(page, base: str, comment: Comment) -> None:
    page.goto(f"{base}/admin/comments/comment/?status__exact=pending")
    page.click(f"button[name=_moderate][value='approved:{comment.pk}']")
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_comment_is_moderated_answered_and_shown_threaded(
    live_server, browser, artifacts, settings, django_user_model
):
    # Both readers reach the test server from the same loopback address, and
    # type faster than a person: neither is what these rules are about.
    settings.COMMENTS_FLOOD_SECONDS = 0
    settings.COMMENTS_MIN_FORM_SECONDS = 0
    article = ArticleFactory(title="لقاء تواصلي بالجهة")
    django_user_model.objects.create_superuser(
        "moderator", "moderator@example.com", PASSWORD
    )
    base = live_server.url
    url = base + article.get_absolute_url()

    # A reader posts and sees their comment awaiting moderation.
    first = browser.new_context().new_page()
    first.goto(url)
    post_comment(first, "هل من جدول زمني لهذه المشاريع؟", "سعيد", "said@example.org")
    assert "?pending=" in first.url
    mine = first.locator(".comment--pending")
    assert "هل من جدول زمني" in mine.inner_text()
    assert "تعليقك في انتظار المراجعة" in mine.inner_text()
    question = Comment.objects.get()
    assert question.status == Comment.Status.PENDING

    # Another reader does not see it.
    second = browser.new_context().new_page()
    second.goto(url)
    assert second.locator(f"#comment-{question.pk}").count() == 0
    assert "تعليق" in second.locator("#comments-title").inner_text()

    # A moderator approves it in the Arabic admin.
    moderator = browser.new_context().new_page()
    moderator.goto(f"{base}/admin/login/")
    moderator.fill("#id_username", "moderator")
    moderator.fill("#id_password", PASSWORD)
    moderator.click("input[type=submit]")
    approve_in_admin(moderator, base, question)
    question.refresh_from_db()
    assert question.status == Comment.Status.APPROVED

    # The other reader now sees it and replies to it, in place (JavaScript).
    second.goto(url)
    second.click(f"#comment-{question.pk} .comment__reply-link")
    assert second.locator(f"#comment-{question.pk} #respond").count() == 1
    post_comment(second, "نعم، قبل نهاية السنة.", "Amina", "amina@example.org")
    answer = Comment.objects.exclude(pk=question.pk).get()
    assert answer.parent_id == question.pk
    assert answer.status == Comment.Status.PENDING
    assert second.locator(f"#comment-{question.pk} #comment-{answer.pk}").count() == 1

    approve_in_admin(moderator, base, answer)

    # Every reader, even a new one, sees both, the answer nested in the question.
    third = browser.new_context().new_page()
    third.goto(url)
    thread = third.locator(f"#comment-{question.pk}")
    assert "هل من جدول زمني" in thread.inner_text()
    assert "قبل نهاية السنة" in thread.locator(f"#comment-{answer.pk}").inner_text()
    # Two approved comments: Arabic's dual, in the heading and the article's meta.
    assert third.locator("#comments-title").inner_text().strip() == "تعليقان"
    assert third.locator(".meta__comments").first.inner_text().strip() == "تعليقان"
    assert third.locator(".comment--pending").count() == 0
    screenshot_whole_page(third, artifacts / "comment-thread.png")
