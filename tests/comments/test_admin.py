"""The moderators' flows in the admin, as a moderator clicks them."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from articles.models import Article
from comments.admin import status_counts
from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory, UserFactory
from tests.helpers import queries_for, sent_days_ago

pytestmark = pytest.mark.django_db

QUEUE = "admin:comments_comment_changelist"
PRIVACY = "admin:comments_comment_privacy"


def queue_url(**params: str) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse(QUEUE) + (f"?{query}" if query else "")


def listed(response) -> list[int]:
    return [comment.pk for comment in response.context["cl"].result_list]


def approved_count(article: Article) -> int:
    return Article.objects.get(pk=article.pk).comment_count


def staff_with(*codenames: str):
    """A staff member who may do only what the given permissions allow."""
    user = UserFactory(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(user)
    return client


# --- the queue ------------------------------------------------------------------------


def test_queue_lists_pending_comments_first_then_the_newest(editor_client):
    old_pending = sent_days_ago(CommentFactory(status="pending"), 3)
    new_approved = sent_days_ago(CommentFactory(status="approved"), 1)
    new_pending = sent_days_ago(CommentFactory(status="pending"), 2)
    old_spam = sent_days_ago(CommentFactory(status="spam"), 5)

    response = editor_client.get(reverse(QUEUE))

    assert response.status_code == 200
    assert listed(response) == [
        new_pending.pk,
        old_pending.pk,
        new_approved.pk,
        old_spam.pk,
    ]


def test_queue_shows_email_ip_article_and_status_to_staff(editor_client):
    article = ArticleFactory(title="دورة المجلس الجماعي")
    CommentFactory(
        article=article,
        email="souad@example.ma",
        ip="203.0.113.7",
        body="تعليق للمراجعة",
        status="pending",
    )

    page = editor_client.get(reverse(QUEUE)).content.decode()

    assert "souad@example.ma" in page
    assert "203.0.113.7" in page
    assert "تعليق للمراجعة" in page
    assert f'href="{article.get_absolute_url()}#comment-' in page
    assert "في انتظار المراجعة" in page


def test_status_counts_take_one_query(django_assert_num_queries):
    CommentFactory.create_batch(2, status="pending")
    CommentFactory(status="spam")

    with django_assert_num_queries(1):
        counts = {row["status"]: row["count"] for row in status_counts()}

    assert counts == {"pending": 2, "approved": 0, "spam": 1, "trash": 0}


def count_links(page: str) -> dict[str, tuple[str, int]]:
    rows = re.findall(
        r'comment-status-(\w+)">\s*<th scope="row"><a href="([^"]+)">[^<]+</a></th>'
        r"\s*<td>(\d+)</td>",
        page,
    )
    return {status: (url.replace("&amp;", "&"), int(n)) for status, url, n in rows}


def test_admin_index_shows_counts_by_status_linked_to_the_queue(editor_client):
    CommentFactory.create_batch(3, status="pending")
    CommentFactory.create_batch(2, status="approved")
    CommentFactory(status="spam")

    page = editor_client.get(reverse("admin:index")).content.decode()

    assert count_links(page) == {
        "pending": (queue_url(status__exact="pending"), 3),
        "approved": (queue_url(status__exact="approved"), 2),
        "spam": (queue_url(status__exact="spam"), 1),
        "trash": (queue_url(status__exact="trash"), 0),
    }


def test_admin_index_shows_no_counts_to_staff_without_comment_permissions():
    CommentFactory(status="pending")
    client = staff_with("view_article")

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert "comment-status-counts" not in response.content.decode()


def test_queue_shows_the_counts_at_the_top(editor_client):
    CommentFactory.create_batch(2, status="pending")
    CommentFactory(status="trash")

    page = editor_client.get(reverse(QUEUE)).content.decode()

    counts = re.findall(r'class="comment-status-(\w+)">[^<(]+\((\d+)\)</a>', page)
    assert counts == [
        ("pending", "2"),
        ("approved", "0"),
        ("spam", "0"),
        ("trash", "1"),
    ]


def test_filter_by_status(editor_client):
    spam = CommentFactory(status="spam")
    CommentFactory(status="pending")
    CommentFactory(status="approved")

    response = editor_client.get(queue_url(status__exact="spam"))

    assert listed(response) == [spam.pk]


def test_filter_by_article_lists_only_articles_with_comments(editor_client):
    commented = ArticleFactory(title="خبر عليه تعليقات")
    ArticleFactory(title="خبر بلا تعليق")
    mine = CommentFactory(article=commented)
    CommentFactory()

    response = editor_client.get(queue_url(article=commented.pk))

    assert listed(response) == [mine.pk]
    page = response.content.decode()
    assert "خبر عليه تعليقات" in page
    assert "خبر بلا تعليق" not in page


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("SOUAD@example.MA", "email"),
        ("203.0.113.7", "ip"),
        ("سعاد", "name"),
        ("الطريق", "body"),
    ],
)
def test_search_finds_a_comment_by_email_ip_name_or_text(editor_client, query, field):
    wanted = CommentFactory(
        name="سعاد العلوي",
        email="souad@example.ma",
        ip="203.0.113.7",
        body="متى يبدأ إصلاح الطريق؟",
    )
    CommentFactory(name="قارئ آخر", ip="198.51.100.2", body="تعليق آخر")

    response = editor_client.get(reverse(QUEUE), {"q": query})

    assert listed(response) == [wanted.pk], field


# --- moderating: per row and in bulk --------------------------------------------------


@pytest.mark.parametrize(
    ("before", "button", "after", "counted"),
    [
        ("pending", "approved", "approved", 1),
        ("pending", "spam", "spam", 0),
        ("approved", "trash", "trash", 0),
        ("approved", "spam", "spam", 0),
        ("spam", "pending", "pending", 0),
        ("trash", "pending", "pending", 0),
    ],
)
def test_row_button_changes_the_status_and_the_article_count(
    editor_client, editor, before, button, after, counted
):
    comment = CommentFactory(status=before)

    response = editor_client.post(
        queue_url(status__exact=before), {"_moderate": f"{button}:{comment.pk}"}
    )

    # Back to the same list, filters kept.
    assert response.status_code == 302
    assert response["Location"] == queue_url(status__exact=before)
    comment.refresh_from_db()
    assert comment.status == after
    assert comment.moderated_by == editor
    assert approved_count(comment.article) == counted


def test_row_buttons_offer_what_each_status_allows(editor_client):
    pending = CommentFactory(status="pending")
    trashed = CommentFactory(status="trash")

    page = editor_client.get(reverse(QUEUE)).content.decode()

    buttons = set(re.findall(r'name="_moderate" value="(\w+):(\d+)"', page))
    assert {b for b, pk in buttons if pk == str(pending.pk)} == {
        "approved",
        "spam",
        "trash",
    }
    assert {b for b, pk in buttons if pk == str(trashed.pk)} == {"pending"}


def test_row_button_tells_the_moderator_in_arabic(editor_client):
    comment = CommentFactory(status="pending")

    response = editor_client.post(
        reverse(QUEUE), {"_moderate": f"approved:{comment.pk}"}, follow=True
    )

    [message] = [str(m) for m in response.context["messages"]]
    assert re.search("[\u0600-\u06ff]", message)
    assert not re.search("[A-Za-z]{2,}", message)


@pytest.mark.parametrize(
    ("action", "after"),
    [
        ("approve", "approved"),
        ("mark_spam", "spam"),
        ("move_to_trash", "trash"),
    ],
)
def test_bulk_action_changes_every_selected_comment(editor_client, action, after):
    article = ArticleFactory()
    chosen = CommentFactory.create_batch(2, article=article, status="pending")
    other = CommentFactory(article=article, status="pending")

    response = editor_client.post(
        reverse(QUEUE),
        {"action": action, "index": "0", "_selected_action": [c.pk for c in chosen]},
    )

    assert response.status_code == 302
    assert {
        c.status for c in Comment.objects.filter(pk__in=[c.pk for c in chosen])
    } == {after}
    other.refresh_from_db()
    assert other.status == "pending"
    assert approved_count(article) == (2 if after == "approved" else 0)


def test_bulk_restore_returns_spam_and_trash_to_the_queue_only(editor_client):
    article = ArticleFactory()
    spam = CommentFactory(article=article, status="spam")
    trashed = CommentFactory(article=article, status="trash")
    approved = CommentFactory(article=article, status="approved")

    editor_client.post(
        reverse(QUEUE),
        {
            "action": "restore",
            "index": "0",
            "_selected_action": [spam.pk, trashed.pk, approved.pk],
        },
    )

    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert statuses == {
        spam.pk: "pending",
        trashed.pk: "pending",
        approved.pk: "approved",
    }
    assert approved_count(article) == 1


def test_bulk_approve_then_trash_keeps_the_article_count_right(editor_client):
    article = ArticleFactory()
    comments = CommentFactory.create_batch(3, article=article, status="pending")
    ids = [c.pk for c in comments]

    editor_client.post(
        reverse(QUEUE), {"action": "approve", "index": "0", "_selected_action": ids}
    )
    assert approved_count(article) == 3

    editor_client.post(
        reverse(QUEUE),
        {"action": "move_to_trash", "index": "0", "_selected_action": ids[:1]},
    )
    assert approved_count(article) == 2


def test_change_form_approves_through_its_action(editor_client, editor):
    comment = CommentFactory(status="pending")
    url = reverse("admin:comments_comment_change", args=[comment.pk])

    page = editor_client.get(url).content.decode()
    assert 'value="approve"' in page

    response = editor_client.post(
        url, {"CHANGE_FORM-action": "approve", "_selected_action": str(comment.pk)}
    )

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == "approved"
    assert comment.moderated_by == editor


def test_editing_a_comment_does_not_change_its_status(editor_client):
    comment = CommentFactory(status="pending", body="نص فيه خطأ")
    url = reverse("admin:comments_comment_change", args=[comment.pk])

    response = editor_client.post(
        url,
        {
            "name": comment.name,
            "url": "",
            "body": "نص مصحح",
            "status": "approved",  # not a field of the form: ignored
        },
    )

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "نص مصحح"
    assert comment.status == "pending"


# --- who may --------------------------------------------------------------------------


def test_staff_without_comment_permissions_is_refused():
    comment = CommentFactory(status="pending", email="souad@example.ma")
    client = staff_with("view_article", "change_article")

    assert client.get(reverse(QUEUE)).status_code == 403
    change = reverse("admin:comments_comment_change", args=[comment.pk])
    assert client.get(change).status_code == 403
    assert client.get(reverse(PRIVACY)).status_code == 403
    response = client.post(reverse(QUEUE), {"_moderate": f"approved:{comment.pk}"})
    assert response.status_code == 403
    response = client.post(
        reverse(PRIVACY), {"email": "souad@example.ma", "action": "export"}
    )
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_staff_who_may_only_view_comments_cannot_moderate_them():
    comment = CommentFactory(status="pending")
    client = staff_with("view_comment")

    response = client.get(reverse(QUEUE))
    assert response.status_code == 200
    assert "_moderate" not in response.content.decode()

    response = client.post(reverse(QUEUE), {"_moderate": f"approved:{comment.pk}"})
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_a_moderator_with_the_comment_permissions_can_moderate():
    comment = CommentFactory(status="pending")
    client = staff_with("view_comment", "change_comment")

    client.post(reverse(QUEUE), {"_moderate": f"approved:{comment.pk}"})

    comment.refresh_from_db()
    assert comment.status == "approved"


def test_change_form_shows_email_ip_and_user_agent_read_only(editor_client):
    comment = CommentFactory(
        email="souad@example.ma", ip="203.0.113.7", user_agent="Mozilla/5.0 Test"
    )

    page = editor_client.get(
        reverse("admin:comments_comment_change", args=[comment.pk])
    ).content.decode()

    for value in ["souad@example.ma", "203.0.113.7", "Mozilla/5.0 Test"]:
        assert value in page
    for field in ["email", "ip", "user_agent", "status"]:
        assert f'name="{field}"' not in page


@pytest.mark.parametrize(
    "url",
    [
        lambda c: reverse(QUEUE),
        lambda c: reverse("admin:comments_comment_change", args=[c.pk]),
        lambda c: reverse(PRIVACY),
        lambda c: reverse("admin:index"),
    ],
    ids=["queue", "change", "privacy", "index"],
)
def test_anonymous_visitor_is_sent_to_login_and_sees_no_address(client, url):
    comment = CommentFactory(email="souad@example.ma", ip="203.0.113.7")

    response = client.get(url(comment))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert b"souad@example.ma" not in response.content
    assert b"203.0.113.7" not in response.content


def test_view_on_site_goes_to_the_comment_on_its_article(editor_client):
    comment = CommentFactory()
    content_type = ContentType.objects.get_for_model(Comment)
    view_on_site = reverse("admin:view_on_site", args=[content_type.pk, comment.pk])

    page = editor_client.get(
        reverse("admin:comments_comment_change", args=[comment.pk])
    ).content.decode()
    assert view_on_site in page

    response = editor_client.get(view_on_site)
    assert response.status_code == 302
    assert response["Location"].endswith(
        f"{comment.article.get_absolute_url()}#comment-{comment.pk}"
    )


# --- the site's reply -----------------------------------------------------------------


def test_reply_link_opens_a_form_quoting_the_comment(editor_client):
    comment = CommentFactory(status="approved", body="هل من توضيح حول المشروع؟")

    queue = editor_client.get(reverse(QUEUE)).content.decode()
    reply_url = reverse("admin:comments_comment_add") + f"?parent={comment.pk}"
    assert f'href="{reply_url}"' in queue

    response = editor_client.get(reply_url)

    assert response.status_code == 200
    page = response.content.decode()
    assert "هل من توضيح حول المشروع؟" in page
    assert 'name="body"' in page
    for reader_field in ["name", "email", "url"]:
        assert f'name="{reader_field}"' not in page


def test_staff_reply_is_approved_and_marked_as_the_sites(
    editor_client, editor, settings
):
    comment = CommentFactory(status="approved")

    response = editor_client.post(
        reverse("admin:comments_comment_add"),
        {"parent": comment.pk, "body": "شكرا، سننشر التوضيح قريبا."},
    )

    assert response.status_code == 302
    reply = Comment.objects.get(parent=comment)
    assert reply.body == "شكرا، سننشر التوضيح قريبا."
    assert reply.status == "approved"
    assert reply.user == editor
    assert reply.name == settings.SITE_NAME
    assert reply.article == comment.article
    assert reply.is_site_reply
    shown = Comment.objects.for_thread(comment.article_id)
    assert [c.pk for c in shown if c.is_site_reply] == [reply.pk]
    assert approved_count(comment.article) == 2


def test_staff_cannot_reply_to_a_comment_awaiting_moderation(editor_client):
    comment = CommentFactory(status="pending")

    response = editor_client.post(
        reverse("admin:comments_comment_add"),
        {"parent": comment.pk, "body": "رد"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["parent"]
    assert not Comment.objects.filter(parent=comment).exists()


def test_pending_comment_offers_no_reply_link(editor_client):
    comment = CommentFactory(status="pending")

    page = editor_client.get(reverse(QUEUE)).content.decode()

    assert f"?parent={comment.pk}" not in page


# --- privacy --------------------------------------------------------------------------


def test_privacy_page_is_linked_from_the_queue(editor_client):
    page = editor_client.get(reverse(QUEUE)).content.decode()

    assert f'href="{reverse(PRIVACY)}"' in page
    assert editor_client.get(reverse(PRIVACY)).status_code == 200


def test_export_downloads_all_and_only_the_comments_of_that_address(editor_client):
    first = CommentFactory(email="Souad@Example.ma", body="التعليق الأول")
    second = CommentFactory(email="souad@example.ma", body="التعليق الثاني")
    CommentFactory(email="other@example.ma")

    response = editor_client.post(
        reverse(PRIVACY), {"email": "SOUAD@example.MA", "action": "export"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert sorted(row["id"] for row in data) == [first.pk, second.pk]
    # Arabic stays readable in the file.
    assert "التعليق الأول".encode() in response.content


def test_export_of_an_unknown_address_says_so(editor_client):
    CommentFactory(email="souad@example.ma")

    response = editor_client.post(
        reverse(PRIVACY), {"email": "nobody@example.ma", "action": "export"}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]


def test_erase_asks_for_confirmation_first(editor_client, settings):
    settings.COMMENTS_ERASE_TEXT = False
    comment = CommentFactory(email="souad@example.ma", name="سعاد")

    response = editor_client.post(
        reverse(PRIVACY), {"email": "souad@example.ma", "action": "erase"}
    )

    assert response.status_code == 200
    assert response.context["count"] == 1
    assert 'value="confirm"' in response.content.decode()
    assert response.context["form"]["text"].value() == "keep"
    comment.refresh_from_db()
    assert comment.name == "سعاد"


def test_erase_offers_deleting_the_text_when_the_site_says_so(editor_client, settings):
    settings.COMMENTS_ERASE_TEXT = True
    CommentFactory(email="souad@example.ma")

    response = editor_client.post(
        reverse(PRIVACY), {"email": "souad@example.ma", "action": "erase"}
    )

    assert response.context["form"]["text"].value() == "delete"


@pytest.mark.parametrize(("text", "body_kept"), [("keep", True), ("delete", False)])
def test_erase_removes_the_person_from_their_comments(editor_client, text, body_kept):
    comment = CommentFactory(
        email="Souad@example.ma",
        name="سعاد",
        url="https://souad.example.ma",
        ip="203.0.113.7",
        user_agent="Mozilla/5.0",
        body="نص التعليق",
    )
    other = CommentFactory(email="other@example.ma", ip="198.51.100.2")

    response = editor_client.post(
        reverse(PRIVACY),
        {"email": "souad@example.ma", "action": "confirm", "text": text},
        follow=True,
    )

    assert response.redirect_chain == [(reverse(PRIVACY), 302)]
    comment.refresh_from_db()
    assert (comment.name, comment.email, comment.url) == ("", "", "")
    assert (comment.ip, comment.user_agent) == (None, "")
    assert comment.erased_at is not None
    assert (comment.body == "نص التعليق") is body_kept
    assert not Comment.objects.of_address("souad@example.ma").exists()
    other.refresh_from_db()
    assert other.ip == "198.51.100.2"


def test_moderation_and_privacy_refuse_a_post_without_csrf_token(editor):
    comment = CommentFactory(email="souad@example.ma", status="pending")
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    erase = client.post(
        reverse(PRIVACY),
        {"email": "souad@example.ma", "action": "confirm", "text": "delete"},
    )
    approve = client.post(reverse(QUEUE), {"_moderate": f"approved:{comment.pk}"})

    assert (erase.status_code, approve.status_code) == (403, 403)
    comment.refresh_from_db()
    assert comment.status == "pending"
    assert Comment.objects.of_address("souad@example.ma").exists()


def test_queue_costs_the_same_queries_for_3_or_30_comments(editor_client):
    CommentFactory.create_batch(3, status="pending")
    few = queries_for(editor_client, reverse(QUEUE))

    CommentFactory.create_batch(27, status="approved", article=ArticleFactory())
    assert queries_for(editor_client, reverse(QUEUE)) == few


@pytest.fixture
def three_senders():
    """Ahmed (staff) pending 2 days ago, Zainab approved 1 day ago, Souad spam 3."""
    sent_days_ago(CommentFactory(name="زينب", status="approved"), 1)
    staff = UserFactory(is_staff=True)
    sent_days_ago(CommentFactory(name="أحمد", status="pending", user=staff), 2)
    sent_days_ago(CommentFactory(name="سعاد", status="spam"), 3)


def names_listed(response) -> list[str]:
    assert response.status_code == 200
    return [comment.name for comment in response.context["cl"].result_list]


QUEUE_ORDER = ["أحمد", "زينب", "سعاد"]  # pending first, then the newest


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("o=1", QUEUE_ORDER),  # the comment column has no order of its own
        ("o=-2", ["سعاد", "زينب", "أحمد"]),  # by commenter, descending
        ("o=5", ["سعاد", "أحمد", "زينب"]),  # oldest first
        ("o=-5.2", ["زينب", "أحمد", "سعاد"]),  # newest first, then by commenter
        ("article=abc", QUEUE_ORDER),  # a malformed filter is ignored
    ],
)
def test_queue_sorts_by_the_chosen_columns(editor_client, three_senders, query, names):
    assert names_listed(editor_client.get(f"{reverse(QUEUE)}?{query}")) == names


def test_queue_facets_count_each_status(editor_client, three_senders):
    page = editor_client.get(f"{reverse(QUEUE)}?_facets=True").content.decode()

    facets = re.findall(r'status__exact=(\w+)">[^<(]+\((\d+)\)</a>', page)
    assert facets == [
        ("pending", "1"),
        ("approved", "1"),
        ("spam", "1"),
        ("trash", "0"),
    ]


def test_queue_serves_the_lookup_popup_without_moderation_buttons(
    editor_client, three_senders
):
    response = editor_client.get(f"{reverse(QUEUE)}?_popup=1&_to_field=id")

    assert names_listed(response) == QUEUE_ORDER
    assert response.context["is_popup"]
    assert "moderation" not in response.context["cl"].list_display
