"""Each role through the admin: what it is shown, and what the server refuses."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from articles import workflow
from articles.models import Article
from tests.factories import ArticleFactory, CommentFactory, SectionFactory
from tests.helpers import article_form, change_url

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def codenames(group: str) -> set[str]:
    permissions = Group.objects.get(name=group).permissions.select_related(
        "content_type"
    )
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


def admin_models(client) -> set[str]:
    """The models the admin index offers, as app_label.model_name."""
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return {
        f"{app['app_label']}.{model['object_name'].lower()}"
        for app in response.context["app_list"]
        for model in app["models"]
    }


def own_draft(author, **kwargs) -> Article:
    return ArticleFactory(draft=True, author=author, **kwargs)


# --- the groups ---------------------------------------------------------------


def test_migration_makes_the_three_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Authors",
        "Editors",
        "Comment moderators",
    }


def test_only_editors_may_publish():
    holders = Group.objects.filter(permissions__codename="publish_article")
    assert [g.name for g in holders] == [workflow.EDITORS]


def test_authors_write_articles_but_delete_and_publish_nothing():
    granted = codenames(workflow.AUTHORS)
    assert {
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "articles.add_attendee",
        "articles.add_image",
        "articles.view_section",
        "articles.view_tag",
        "articles.view_official",
        "articles.view_event",
        "articles.view_image",
    } <= granted
    assert not {p for p in granted if ".delete_" in p and "attendee" not in p}
    assert "articles.publish_article" not in granted
    assert "articles.change_official" not in granted
    # And posting to live pages, which editors start and end (live/).
    assert {p for p in granted if not p.startswith("articles.")} == {
        "live.view_livecoverage",
        "live.add_liveupdate",
        "live.change_liveupdate",
        "live.view_liveupdate",
    }


def test_editors_have_every_articles_permission_and_nothing_else():
    everything = {
        f"articles.{codename}"
        for codename in Permission.objects.filter(
            content_type__app_label="articles"
        ).values_list("codename", flat=True)
    }
    # And every permission on live pages (live/migrations/0002).
    live = {
        f"live.{codename}"
        for codename in Permission.objects.filter(
            content_type__app_label="live"
        ).values_list("codename", flat=True)
    }
    assert codenames(workflow.EDITORS) == everything | live


def test_comment_moderators_have_the_comments_queue_only():
    assert codenames(workflow.COMMENT_MODERATORS) == {
        "comments.view_comment",
        "comments.change_comment",
        "comments.add_comment",
    }


# --- the admin index shows each role what it may do ---------------------------


def test_author_index_offers_articles_and_what_they_link_to(author_client):
    models = admin_models(author_client)
    assert {"articles.article", "articles.image", "articles.section"} <= models
    assert not {m for m in models if not m.startswith(("articles.", "live."))}
    assert "articles.place" not in models


def test_editor_index_offers_the_whole_desk_but_not_users_or_comments(desk_client):
    models = admin_models(desk_client)
    assert {
        "articles.article",
        "articles.official",
        "articles.position",
        "articles.organization",
        "articles.place",
        "articles.section",
        "articles.tag",
        "articles.event",
        "articles.image",
        "live.livecoverage",
        "live.liveupdate",
    } <= models
    assert not {m for m in models if not m.startswith(("articles.", "live."))}


def test_moderator_index_offers_comments_only(moderator_client):
    assert admin_models(moderator_client) == {"comments.comment"}


# --- authors -------------------------------------------------------------------


def test_author_list_shows_only_their_own_articles(author_client, author, other_author):
    mine = own_draft(author, title="خبري")
    ArticleFactory(author=other_author, title="خبر زميل")
    ArticleFactory(author=None, title="خبر بلا كاتب")
    response = author_client.get(CHANGELIST)
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [mine]
    assert "خبر زميل" not in response.content.decode()


@pytest.mark.parametrize("view", ["change", "history", "delete", "compare"])
def test_author_cannot_open_another_writers_article(author_client, other_author, view):
    article = own_draft(other_author)
    url = reverse(f"admin:articles_article_{view}", args=[article.pk])
    assert author_client.get(url).status_code == 403


def test_author_edits_their_own_draft(author_client, author):
    article = own_draft(author)
    page = author_client.get(change_url(article))
    assert page.status_code == 200
    assert page.context["has_change_permission"]
    data = article_form(article.section, title="عنوان جديد لخبري")
    assert author_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.title == "عنوان جديد لخبري"


@pytest.mark.parametrize("status", ["review", "published", "unpublished"])
def test_author_article_is_read_only_once_out_of_draft(author_client, author, status):
    article = ArticleFactory(author=author, status=status, title="العنوان الأول")
    page = author_client.get(change_url(article))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert 'name="_save"' not in page.content.decode()
    data = article_form(article.section, title="تعديل ممنوع")
    assert author_client.post(change_url(article), data).status_code == 403
    article.refresh_from_db()
    assert article.title == "العنوان الأول"


def test_author_forged_status_date_and_byline_are_ignored(
    author_client, author, other_author
):
    article = own_draft(author)
    data = article_form(
        article.section,
        status="published",
        published_at_0="2025-10-24",
        published_at_1="10:00",
        author=str(other_author.pk),
    )
    assert author_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None
    assert article.author == author
    assert not Article.objects.published().exists()


def test_author_adds_a_draft_signed_by_them_whatever_they_post(
    author_client, author, other_author
):
    data = article_form(
        SectionFactory(), status="published", author=str(other_author.pk)
    )
    response = author_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.status, article.author) == (Article.Status.DRAFT, author)


def test_author_form_shows_status_and_byline_read_only(author_client, author):
    page = author_client.get(change_url(own_draft(author)))
    form = page.context["adminform"].form
    assert not {"status", "published_at", "author"} & set(form.fields)


def test_author_is_offered_only_the_submit_action(author_client, author):
    own_draft(author)
    actions = author_client.get(CHANGELIST).context["action_form"]
    offered = {value for value, _label in actions.fields["action"].choices if value}
    assert offered == {"submit_for_review"}


@pytest.mark.parametrize("action", ["publish", "unpublish", "return_to_draft"])
def test_author_forged_editor_action_does_nothing(author_client, author, action):
    draft = own_draft(author)
    published = ArticleFactory(author=author)
    ids = [str(draft.pk), str(published.pk)]
    author_client.post(CHANGELIST, {"action": action, "_selected_action": ids})
    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert published.status == Article.Status.PUBLISHED


def test_author_submit_action_moves_only_their_drafts(
    author_client, author, other_author
):
    mine = own_draft(author)
    theirs = own_draft(other_author)
    ids = [str(mine.pk), str(theirs.pk)]
    author_client.post(
        CHANGELIST, {"action": "submit_for_review", "_selected_action": ids}
    )
    assert Article.objects.get(pk=mine.pk).status == Article.Status.REVIEW
    assert Article.objects.get(pk=theirs.pk).status == Article.Status.DRAFT


def test_author_cannot_delete_even_their_own_draft(author_client, author):
    article = own_draft(author)
    url = reverse("admin:articles_article_delete", args=[article.pk])
    assert author_client.post(url, {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_author_sees_no_recover_link_and_cannot_recover(author_client):
    page = author_client.get(CHANGELIST).content.decode()
    assert "recoverlink" not in page
    url = reverse("admin:articles_article_recoverlist")
    assert author_client.get(url).status_code == 403


def test_author_picks_images_sections_and_officials_in_the_form(author_client):
    SectionFactory(name="جهات")
    response = author_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "جه",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "section",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["جهات"]


# --- editors -------------------------------------------------------------------


def test_editor_list_shows_every_article_with_its_author(
    desk_client, author, other_author
):
    articles = {own_draft(author), ArticleFactory(author=other_author)}
    response = desk_client.get(CHANGELIST)
    assert set(response.context["cl"].result_list) == articles
    assert "author" in response.context["cl"].list_display


def test_editor_edits_and_publishes_a_writers_article(desk_client, author):
    article = ArticleFactory(author=author, status="review", published_at=None)
    data = article_form(article.section, title="عنوان المحرر", status="published")
    data["author"] = str(author.pk)
    assert desk_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.title == "عنوان المحرر"
    assert article.is_published()
    assert article.author == author


def test_editor_is_offered_every_move(desk_client):
    ArticleFactory()
    actions = desk_client.get(CHANGELIST).context["action_form"]
    offered = {value for value, _label in actions.fields["action"].choices if value}
    assert offered == {
        "delete_selected",
        "submit_for_review",
        "publish",
        "unpublish",
        "return_to_draft",
        "mark_breaking",
        "end_breaking",
    }


def test_editor_author_choice_needs_no_access_to_users(desk_client, author):
    page = desk_client.get(reverse("admin:articles_article_add"))
    choices = page.context["adminform"].form.fields["author"].queryset
    assert author in choices
    assert desk_client.get(reverse("admin:auth_user_changelist")).status_code == 403


# --- comment moderators ------------------------------------------------------------


def test_moderator_sees_no_article_at_all(moderator_client):
    article = ArticleFactory()
    assert moderator_client.get(CHANGELIST).status_code == 403
    assert moderator_client.get(change_url(article)).status_code == 403
    url = reverse("admin:articles_article_add")
    assert moderator_client.get(url).status_code == 403


def test_moderator_sees_the_comment_queue(moderator_client):
    CommentFactory(status="pending", body="تعليق ينتظر")
    response = moderator_client.get(reverse("admin:comments_comment_changelist"))
    assert response.status_code == 200
    assert "تعليق ينتظر" in response.content.decode()


def test_moderator_cannot_preview_articles(moderator_client):
    url = reverse("admin:articles_article_preview")
    data = article_form(SectionFactory())
    assert moderator_client.post(url, data).status_code == 403
