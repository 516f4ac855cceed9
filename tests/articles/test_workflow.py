"""Draft, review, published (now or scheduled), unpublished; corrections; preview."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import workflow
from articles.models import Article, Attendee
from tests.factories import (
    ArticleFactory,
    AttendeeFactory,
    CommentFactory,
    OfficialFactory,
    SectionFactory,
    TagFactory,
)
from tests.helpers import article_form, attendee_rows, change_url

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
NOW = datetime.datetime(2025, 10, 24, 10, 0, tzinfo=datetime.UTC)


def preview_url(article: Article | None = None) -> str:
    args = [article.pk] if article else []
    return reverse("admin:articles_article_preview", args=args)


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves: models, views and the admin all read it."""

    class Clock:
        now = NOW

        def move(self, **delta) -> None:
            self.now += datetime.timedelta(**delta)

    fixed = Clock()
    monkeypatch.setattr(timezone, "now", lambda: fixed.now)
    return fixed


def statuses(*articles: Article) -> list[str]:
    return [Article.objects.get(pk=a.pk).status for a in articles]


# --- the moves -----------------------------------------------------------------


def test_submit_moves_drafts_only(author):
    draft, published = ArticleFactory(draft=True), ArticleFactory()
    moved = workflow.submit_for_review(Article.objects.all(), by=author)
    assert moved == 1
    assert statuses(draft, published) == ["review", "published"]


def test_publish_dates_an_undated_article_now(desk_editor):
    article = ArticleFactory(status="review", published_at=None)
    assert workflow.publish(Article.objects.all(), by=desk_editor) == 1
    article.refresh_from_db()
    assert article.published_at is not None
    assert article.is_published()


def test_unpublish_sets_unpublished_not_draft(desk_editor):
    article = ArticleFactory()
    assert workflow.unpublish(Article.objects.all(), by=desk_editor) == 1
    assert statuses(article) == ["unpublished"]
    assert not Article.objects.published().exists()


def test_return_to_draft_takes_review_and_unpublished_not_published(desk_editor):
    review = ArticleFactory(status="review")
    unpublished = ArticleFactory(status="unpublished")
    published = ArticleFactory()
    assert workflow.return_to_draft(Article.objects.all(), by=desk_editor) == 2
    assert statuses(review, unpublished, published) == [
        "draft",
        "draft",
        "published",
    ]


def test_each_move_is_a_revision_with_who_and_why(desk_editor):
    article = ArticleFactory(status="review")
    workflow.publish(Article.objects.all(), by=desk_editor)
    version = Version.objects.get_for_object(article).get()
    assert version.revision.user == desk_editor
    assert version.revision.comment
    assert version.field_dict["status"] == "published"


def test_a_move_that_changes_nothing_records_nothing(desk_editor):
    ArticleFactory()
    assert workflow.publish(Article.objects.all(), by=desk_editor) == 0
    assert not Version.objects.exists()


def test_may_edit_is_the_writers_own_draft_or_anything_for_editors(
    author, other_author, desk_editor, moderator
):
    mine = ArticleFactory(draft=True, author=author)
    in_review = ArticleFactory(status="review", author=author)
    theirs = ArticleFactory(draft=True, author=other_author)
    assert workflow.may_edit(author, mine)
    assert not workflow.may_edit(author, in_review)
    assert not workflow.may_edit(author, theirs)
    assert all(workflow.may_edit(desk_editor, a) for a in [mine, in_review, theirs])
    assert not workflow.may_edit(moderator, mine)


# --- through the admin ------------------------------------------------------------


def test_author_saves_and_submits_with_one_button(author_client, author):
    article = ArticleFactory(draft=True, author=author)
    page = author_client.get(change_url(article)).content.decode()
    assert 'name="_submit_for_review"' in page
    data = article_form(article.section, title="خبر جاهز") | {"_submit_for_review": "1"}
    response = author_client.post(change_url(article), data, follow=True)
    article.refresh_from_db()
    assert (article.title, article.status) == ("خبر جاهز", "review")
    assert len(list(response.context["messages"])) == 2
    assert not author_client.get(change_url(article)).context["has_change_permission"]


def test_author_submits_a_new_article_from_the_add_form(author_client):
    data = article_form(SectionFactory()) | {"_submit_for_review": "1"}
    author_client.post(reverse("admin:articles_article_add"), data)
    assert Article.objects.get().status == Article.Status.REVIEW


def test_submit_button_is_for_writers_drafts_only(author_client, author):
    in_review = ArticleFactory(status="review", author=author)
    page = author_client.get(change_url(in_review)).content.decode()
    assert 'name="_submit_for_review"' not in page


def test_editor_form_has_no_submit_button_but_sets_the_status(desk_client):
    page = desk_client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'name="_submit_for_review"' not in page
    assert 'name="status"' in page


def test_submission_is_in_the_history(author_client, author):
    article = ArticleFactory(draft=True, author=author)
    data = article_form(article.section) | {"_submit_for_review": "1"}
    author_client.post(change_url(article), data)
    version = Version.objects.get_for_object(article).first()
    assert version.field_dict["status"] == "review"
    assert version.revision.user == author


@pytest.mark.parametrize(
    ("action", "before", "after"),
    [
        ("publish", "review", "published"),
        ("unpublish", "published", "unpublished"),
        ("return_to_draft", "review", "draft"),
        ("submit_for_review", "draft", "review"),
    ],
)
def test_editor_actions_move_articles(desk_client, action, before, after):
    article = ArticleFactory(status=before)
    desk_client.post(CHANGELIST, {"action": action, "_selected_action": [article.pk]})
    assert statuses(article) == [after]


def test_scheduled_article_appears_at_its_time(desk_client, client, clock):
    article = ArticleFactory(draft=True)
    data = article_form(
        article.section,
        status="published",
        published_at_0="2025-10-24",
        published_at_1="18:00",  # Casablanca, UTC+1
    )
    assert desk_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.published_at == NOW.replace(hour=17)
    client.logout()

    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.title not in client.get("/").content.decode()
    clock.move(hours=6, minutes=59)
    assert client.get(article.get_absolute_url()).status_code == 404
    clock.move(minutes=1)
    assert client.get(article.get_absolute_url()).status_code == 200
    assert article.title in client.get("/").content.decode()


def test_changelist_says_scheduled_for_a_future_publication(desk_client):
    ArticleFactory(scheduled=True, title="خبر الغد")
    cl = desk_client.get(CHANGELIST).context["cl"]
    article = cl.result_list[0]
    assert cl.model_admin.status_label(article) == "مبرمج"


def test_publishing_a_scheduled_article_keeps_its_time(desk_client):
    later = timezone.now() + datetime.timedelta(days=1)
    article = ArticleFactory(status="review", published_at=later)
    desk_client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [article.pk]}
    )
    article.refresh_from_db()
    assert article.is_scheduled() and article.published_at == later


# --- "last updated" -------------------------------------------------------------


def edit(client, article: Article, **changes) -> None:
    data = article_form(
        article.section,
        title=article.title,
        lede=article.lede,
        body=article.body,
        status=article.status,
        published_at_0=timezone.localtime(article.published_at).strftime("%Y-%m-%d")
        if article.published_at
        else "",
        published_at_1=timezone.localtime(article.published_at).strftime("%H:%M:%S")
        if article.published_at
        else "",
    )
    response = client.post(change_url(article), data | changes)
    assert response.status_code == 302, response.context["adminform"].errors
    article.refresh_from_db()


def test_correcting_a_published_article_dates_the_correction(desk_client, clock):
    article = ArticleFactory(published_at=NOW - datetime.timedelta(days=1))
    clock.move(hours=2)
    edit(desk_client, article, body="<p>النص بعد التصحيح.</p>")
    assert article.content_updated_at == NOW + datetime.timedelta(hours=2)
    assert article.last_updated == article.content_updated_at


@pytest.mark.parametrize("field", ["title", "lede"])
def test_title_and_lede_changes_are_corrections_too(desk_client, field):
    article = ArticleFactory()
    edit(desk_client, article, **{field: "نص مصحح"})
    assert article.content_updated_at is not None


def test_saving_without_a_content_change_dates_nothing(desk_client):
    article = ArticleFactory()
    edit(desk_client, article, comments_enabled="")
    assert article.content_updated_at is None


def test_a_change_of_status_is_not_a_correction(desk_client):
    article = ArticleFactory()
    edit(desk_client, article, status="unpublished")
    assert article.status == "unpublished"
    assert article.content_updated_at is None


@pytest.mark.parametrize("kind", ["draft", "scheduled"])
def test_editing_before_publication_is_not_a_correction(desk_client, kind):
    article = ArticleFactory(**{kind: True})
    edit(desk_client, article, title="عنوان آخر قبل النشر")
    assert article.content_updated_at is None


def test_views_are_not_corrections(client):
    article = ArticleFactory()
    client.get(reverse("articles:count-view", args=[article.pk]))
    article.refresh_from_db()
    assert article.content_updated_at is None


def test_article_page_shows_the_correction_time(client):
    published = timezone.now() - datetime.timedelta(days=2)
    updated = published + datetime.timedelta(days=1, hours=3)
    article = ArticleFactory(published_at=published, content_updated_at=updated)
    page = client.get(article.get_absolute_url()).content.decode()
    local = timezone.localtime(updated)
    assert '<p class="updated">' in page
    assert f'<time datetime="{local.isoformat()}">' in page


def test_an_update_older_than_the_publication_is_not_shown(client):
    # Republished later (a new date) after an old correction.
    published = timezone.now() - datetime.timedelta(hours=1)
    article = ArticleFactory(
        published_at=published,
        content_updated_at=published - datetime.timedelta(days=3),
    )
    assert article.last_updated is None
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'class="updated"' not in page


# --- preview of unsaved edits ---------------------------------------------------


def test_preview_shows_unsaved_title_and_body_and_stores_nothing(desk_client):
    article = ArticleFactory(title="العنوان المحفوظ")
    AttendeeFactory(article=article, role_as_printed="رئيس الجماعة")
    data = article_form(
        article.section,
        title="عنوان لم يحفظ بعد",
        body="<p>فقرة <strong>جديدة</strong> لم تحفظ.</p>",
        status="published",
        published_at_0=timezone.localtime(article.published_at).strftime("%Y-%m-%d"),
        published_at_1=timezone.localtime(article.published_at).strftime("%H:%M:%S"),
    )
    response = desk_client.post(preview_url(article), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "articles/article_detail.html" in [t.name for t in response.templates]
    assert "عنوان لم يحفظ بعد" in page
    assert "<strong>جديدة</strong>" in page
    # The form posted no rows of people: the preview shows none.
    assert "رئيس الجماعة" not in page
    assert '<meta name="robots" content="noindex">' in page
    assert "no-store" in response["Cache-Control"]
    article.refresh_from_db()
    assert article.title == "العنوان المحفوظ"
    assert Attendee.objects.filter(article=article).count() == 1
    assert not Version.objects.exists()


def test_preview_of_a_new_article_shows_its_people_and_tags(desk_client):
    official = OfficialFactory(name="عبد الرحيم بن الضو")
    tag = TagFactory(name="انتخابات")
    data = article_form(
        SectionFactory(), title="خبر جديد للمعاينة", tags=[str(tag.pk)]
    ) | attendee_rows(
        {"official": str(official.pk), "role_as_printed": "الأمين الجهوي"},
        {"name_as_printed": "شخص غير مسجل", "role_as_printed": "فاعل جمعوي"},
    )
    response = desk_client.post(preview_url(), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "خبر جديد للمعاينة" in page
    assert "عبد الرحيم بن الضو" in page and "شخص غير مسجل" in page
    assert "انتخابات" in page
    assert response.context["is_preview"]
    assert not Article.objects.exists()
    assert not Attendee.objects.exists()


def test_preview_keeps_the_comments_closed(desk_client):
    article = ArticleFactory()
    CommentFactory(article=article, body="تعليق منشور على الخبر")
    data = article_form(article.section, status="draft")
    response = desk_client.post(preview_url(article), data)
    assert not response.context["comments_open"]
    page = response.content.decode()
    assert "تعليق منشور على الخبر" in page
    assert 'id="commentform"' not in page


def test_preview_with_errors_lists_them_and_stores_nothing(desk_client):
    data = article_form(SectionFactory()) | {"section": "", "title": "خبر ناقص"}
    response = desk_client.post(preview_url(), data)
    assert response.status_code == 200
    assert "admin/articles/article/preview_errors.html" in [
        t.name for t in response.templates
    ]
    assert response.context["errors"]
    assert not Article.objects.exists()


def test_author_previews_their_draft(author_client, author):
    article = ArticleFactory(draft=True, author=author)
    data = article_form(article.section, title="مسودتي كما ستظهر")
    response = author_client.post(preview_url(article), data)
    assert response.status_code == 200
    assert "مسودتي كما ستظهر" in response.content.decode()


def test_author_cannot_preview_another_writers_article(author_client, other_author):
    article = ArticleFactory(draft=True, author=other_author)
    data = article_form(article.section)
    assert author_client.post(preview_url(article), data).status_code == 403


def test_preview_is_for_staff_only(client):
    article = ArticleFactory(draft=True)
    response = client.post(preview_url(article), article_form(article.section))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_preview_answers_posts_only(desk_client):
    assert desk_client.get(preview_url()).status_code == 405


def test_preview_button_posts_the_form_to_a_new_tab(desk_client):
    article = ArticleFactory()
    page = desk_client.get(change_url(article)).content.decode()
    assert f'formaction="{preview_url(article)}"' in page
    assert 'formtarget="_blank"' in page
