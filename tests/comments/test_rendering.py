"""The comments part of the article page, as readers receive it."""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from comments import moderation, tokens
from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


class _Thread(HTMLParser):
    """For each `<li id="comment-N">`, the comments it is nested in."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str | None] = []
        self.ancestors: dict[int, list[int]] = {}
        self.order: list[int] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag != "li":
            return
        match = re.fullmatch(r"comment-(\d+)", dict(attrs).get("id") or "")
        if match:
            pk = int(match[1])
            self.ancestors[pk] = [int(p) for p in self.stack if p]
            self.order.append(pk)
            self.stack.append(match[1])
        else:
            self.stack.append(None)

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self.stack.pop()


def thread_of(response) -> _Thread:
    parser = _Thread()
    parser.feed(response.content.decode())
    return parser


def comment_html(response, comment: Comment) -> str:
    """The markup of one comment's box (without its replies)."""
    html = response.content.decode()
    start = html.index(f'id="comment-{comment.pk}"')
    return html[start : html.index("</article>", start)]


def test_thread_nests_replies_under_their_parents_in_order(client):
    article = ArticleFactory()
    first = CommentFactory(article=article, body="الأول")
    second = CommentFactory(article=article, body="الثاني")
    reply = CommentFactory(article=article, parent=first, body="رد على الأول")
    deeper = CommentFactory(article=article, parent=reply, body="رد على الرد")
    late_reply = CommentFactory(article=article, parent=first, body="رد ثان")

    thread = thread_of(client.get(article.get_absolute_url()))

    assert thread.order == [first.pk, reply.pk, deeper.pk, late_reply.pk, second.pk]
    assert thread.ancestors == {
        first.pk: [],
        reply.pk: [first.pk],
        deeper.pk: [first.pk, reply.pk],
        late_reply.pk: [first.pk],
        second.pk: [],
    }


def test_heading_counts_approved_comments_in_arabic(client):
    article = ArticleFactory()
    CommentFactory.create_batch(2, article=article)
    CommentFactory(article=article, status=Comment.Status.PENDING)

    response = client.get(article.get_absolute_url())

    assert '<h2 class="comments__title" id="comments-title">' in response.text
    assert "تعليقان" in response.text


@pytest.mark.parametrize(
    "status", [Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.TRASH]
)
def test_unapproved_comment_is_not_shown_to_readers(client, status):
    article = ArticleFactory()
    hidden = CommentFactory(article=article, status=status, body="نص غير منشور")

    response = client.get(article.get_absolute_url())

    assert "نص غير منشور" not in response.text
    assert f'id="comment-{hidden.pk}"' not in response.text


def test_pending_link_shows_the_author_their_comment_awaiting_moderation(client):
    article = ArticleFactory()
    own = CommentFactory(
        article=article, status=Comment.Status.PENDING, body="تعليقي الجديد"
    )
    url = f"{article.get_absolute_url()}?pending={tokens.pending_token(own)}"

    response = client.get(url)

    assert "تعليقي الجديد" in response.text
    assert "تعليقك في انتظار المراجعة" in comment_html(response, own)
    assert "no-store" in response.headers["Cache-Control"]
    assert "public" not in response.headers["Cache-Control"]


def test_article_page_without_pending_link_is_shared_and_cacheable(client):
    article = ArticleFactory()

    response = client.get(article.get_absolute_url())

    assert "public" in response.headers["Cache-Control"]
    assert "في انتظار المراجعة" not in response.text


@pytest.mark.parametrize("kind", ["garbage", "other article", "approved"])
def test_bad_or_foreign_pending_token_shows_nothing_more(client, kind):
    article = ArticleFactory()
    if kind == "garbage":
        token = "not-a-token"
    elif kind == "other article":
        elsewhere = CommentFactory(status=Comment.Status.PENDING, body="في مقال آخر")
        token = tokens.pending_token(elsewhere)
    else:
        approved = CommentFactory(article=article)
        token = tokens.pending_token(approved)

    response = client.get(f"{article.get_absolute_url()}?pending={token}")

    assert "في مقال آخر" not in response.text
    assert "في انتظار المراجعة" not in response.text


def test_no_address_nor_its_hashes_anywhere_in_the_page(client):
    article = ArticleFactory()
    addresses = ["Reader.One@Example.org", "second@example.net"]
    first = CommentFactory(article=article, email=addresses[0], url="https://a.ma/")
    CommentFactory(article=article, parent=first, email=addresses[1])
    own = CommentFactory(
        article=article, status=Comment.Status.PENDING, email="mine@example.com"
    )
    addresses.append(own.email)

    page = client.get(
        f"{article.get_absolute_url()}?pending={tokens.pending_token(own)}"
    ).text

    for address in addresses:
        for form in {address, address.lower(), address.strip().lower()}:
            assert form not in page
            assert hashlib.md5(form.encode()).hexdigest() not in page
            assert hashlib.sha256(form.encode()).hexdigest() not in page
    assert "<img" not in page.split('id="comments"')[1]


def test_avatar_depends_on_the_name_only(client):
    article = ArticleFactory()
    one = CommentFactory(article=article, name="سعاد الفاسي", email="a@example.org")
    two = CommentFactory(article=article, name="سعاد الفاسي", email="b@example.net")
    other = CommentFactory(
        article=article, name="Jane Doe", email="a@example.org", body="Hello."
    )

    response = client.get(article.get_absolute_url())

    avatar = re.compile(
        r'<span class="avatar avatar--\w+" aria-hidden="true">.*?</span>'
    )
    first = avatar.search(comment_html(response, one))[0]
    assert first == avatar.search(comment_html(response, two))[0]
    assert "س\u200cف" in first
    assert "J\u200cD" in avatar.search(comment_html(response, other))[0]


def test_comment_text_is_escaped_with_safe_links_and_line_breaks(client, settings):
    settings.URLIZE_ASSUME_HTTPS = True
    article = ArticleFactory()
    comment = CommentFactory(
        article=article,
        body=(
            "سطر أول <b>غامق</b>\nسطر ثان\n\n"
            "انظر https://example.com/a?b=1&para=2، وأيضاً «www.example.org»"
        ),
    )

    html = comment_html(client.get(article.get_absolute_url()), comment)

    assert "&lt;b&gt;غامق&lt;/b&gt;" in html
    assert "<b>" not in html
    assert "سطر أول &lt;b&gt;غامق&lt;/b&gt;<br>سطر ثان</p>" in html
    assert (
        '<a href="https://example.com/a?b=1&amp;para=2" rel="nofollow ugc noopener">'
        "https://example.com/a?b=1&amp;para=2</a>، "
    ) in html
    assert '«<a href="https://www.example.org" rel="nofollow ugc noopener">' in html


def test_script_in_a_name_or_a_body_is_escaped(client):
    article = ArticleFactory()
    CommentFactory(
        article=article,
        name="<script>alert('name')</script>",
        body="<script>alert('body')</script>",
        url='https://example.org/"onmouseover="x',
    )

    page = client.get(article.get_absolute_url()).text

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;name&#x27;)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(&#x27;body&#x27;)&lt;/script&gt;" in page
    assert '"onmouseover="' not in page


def test_names_are_isolated_and_bodies_take_their_own_direction(client):
    article = ArticleFactory()
    comment = CommentFactory(
        article=article, name="Ahmed أحمد", url="https://ahmed.example/"
    )

    html = comment_html(client.get(article.get_absolute_url()), comment)

    assert (
        '<a href="https://ahmed.example/" rel="nofollow ugc noopener">'
        "<bdi>Ahmed أحمد</bdi></a>"
    ) in html
    assert '<div class="comment__body" dir="auto">' in html


def test_erased_commenter_shows_as_anonymous_with_a_removal_note(client):
    article = ArticleFactory()
    comment = CommentFactory(
        article=article, name="", email="", body="", erased_at=timezone.now()
    )

    html = comment_html(client.get(article.get_absolute_url()), comment)

    assert "<bdi>مجهول</bdi>" in html
    assert "avatar--anonymous" in html
    assert "بطلب من صاحبه" in html


def test_site_reply_is_marked_as_the_sites(client):
    article = ArticleFactory()
    parent = CommentFactory(article=article)
    reply = moderation.staff_reply(
        parent, "شكراً على ملاحظتك.", by=UserFactory(is_staff=True)
    )

    html = comment_html(client.get(article.get_absolute_url()), reply)

    assert "avatar--site" in html
    assert "رد الموقع" in html


def test_form_shows_arabic_labels_and_the_email_note(client):
    article = ArticleFactory()

    page = client.get(article.get_absolute_url()).text

    assert '<div class="respond" id="respond">' in page
    assert "اترك رداً" in page
    assert "لن يتم نشر عنوان بريدك الإلكتروني." in page
    assert "إرسال التعليق" in page
    for label in ["التعليق", "الاسم", "البريد الإلكتروني", "الموقع"]:
        assert f">{label}" in page
    for field in ["body", "name", "email", "url", "consent"]:
        assert f'<label for="id_{field}">' in page
    assert 'aria-describedby="id_email-help"' in page
    fields = [
        re.search(f'id="id_{f}"', page).start()
        for f in ["body", "name", "email", "url", "consent"]
    ]
    assert fields == sorted(fields)


def test_form_posts_to_the_comment_view_with_its_honeypot_hidden(client):
    article = ArticleFactory()

    page = client.get(article.get_absolute_url()).text

    assert f'action="/comments/post/{article.pk}/#respond" method="post"' in page
    assert re.search(
        r'<p class="visually-hidden" aria-hidden="true">\s*<label for="id_homepage">',
        page,
    )
    assert 'type="hidden" name="served"' in page
    assert 'type="hidden" name="parent"' in page


def test_reply_link_on_each_comment_until_the_depth_limit(client, settings):
    settings.COMMENTS_MAX_DEPTH = 2
    article = ArticleFactory()
    top = CommentFactory(article=article, name="منى")
    reply = CommentFactory(article=article, parent=top)
    response = client.get(article.get_absolute_url())

    html = comment_html(response, top)
    assert f'href="{article.get_absolute_url()}?replytocom={top.pk}#respond"' in html
    assert 'aria-label="رد على منى"' in html
    assert "replytocom" not in comment_html(response, reply)


def test_replytocom_presets_the_parent_and_offers_to_cancel(client):
    article = ArticleFactory()
    parent = CommentFactory(article=article, name="يوسف")

    page = client.get(f"{article.get_absolute_url()}?replytocom={parent.pk}").text

    assert f'type="hidden" name="parent" value="{parent.pk}"' in page
    assert "<bdi>يوسف</bdi>" in page.split('id="reply-title"')[1].split("</h2>")[0]
    assert (
        f'<a class="respond__cancel" id="cancel-reply" '
        f'href="{article.get_absolute_url()}#respond" rel="nofollow">'
    ) in page
    # The form comes under the comment it answers.
    assert thread_of_form(page) == parent.pk


def thread_of_form(page: str) -> int | None:
    before = page[page.index('id="comments"') : page.index('id="respond"')]
    opened = re.findall(r'<li class="comment[^"]*" id="comment-(\d+)"|</li>', before)
    stack: list[str] = []
    for match in opened:
        if match:
            stack.append(match)
        else:
            stack.pop()
    return int(stack[-1]) if stack else None


def test_without_replytocom_the_form_ends_the_page(client):
    article = ArticleFactory()
    CommentFactory(article=article)

    page = client.get(article.get_absolute_url()).text

    assert thread_of_form(page) is None
    assert 'id="cancel-reply" href' in page
    assert re.search(r'id="cancel-reply"[^>]*\shidden>', page)


def test_closed_comments_show_a_note_and_no_form(client):
    article = ArticleFactory(comments_enabled=False)
    comment = CommentFactory(article=article)

    page = client.get(article.get_absolute_url()).text

    assert "التعليقات مغلقة." in page
    # The header's search form is the page's only form.
    assert 'id="commentform"' not in page
    assert page.count("<form") == 1 and 'role="search"' in page
    assert "replytocom" not in page
    assert f'id="comment-{comment.pk}"' in page


def test_article_page_has_no_csrf_token_and_sets_no_cookie(client):
    article = ArticleFactory()

    response = client.get(article.get_absolute_url())

    assert "csrfmiddlewaretoken" not in response.text
    assert not response.cookies
    assert "Set-Cookie" not in response.headers


def test_refused_form_comes_back_with_values_and_errors_tied_to_fields(client):
    article = ArticleFactory()

    response = client.post(
        f"/comments/post/{article.pk}/",
        {"name": "سلمى", "email": "not-an-address", "body": "", "url": "ftp://x"},
    )

    assert response.status_code == 400
    page = response.text
    assert 'value="سلمى"' in page
    assert 'value="not-an-address"' in page
    assert 'role="alert"' in page
    body_input = re.search(r"<textarea[^>]*>", page)[0]
    assert 'aria-invalid="true"' in body_input
    assert 'aria-describedby="id_body-error"' in body_input
    assert '<span class="field-error" id="id_body-error">' in page
    email_input = re.search(r'<input[^>]*name="email"[^>]*>', page)[0]
    assert 'aria-describedby="id_email-help id_email-error"' in email_input
    name_input = re.search(r'<input[^>]*name="name"[^>]*>', page)[0]
    assert "aria-invalid" not in name_input


def test_expired_form_comes_back_with_a_fresh_timestamp(client):
    article = ArticleFactory()

    response = client.post(
        f"/comments/post/{article.pk}/",
        {
            "name": "سلمى",
            "email": "salma@example.org",
            "body": "نص التعليق",
            "served": "tampered",
        },
    )

    assert response.status_code == 400
    assert re.search(r'role="alert"[^>]*>\s*<p>[^<]+</p>', response.text)
    served = re.search(r'name="served" value="([^"]+)"', response.text)[1]
    assert served != "tampered"
    assert "نص التعليق" in response.text
