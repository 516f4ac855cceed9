"""Corrections and updates: added to published articles only, shown at the foot,
on the corrections page and its feeds and in JSON-LD; the article's date moves;
withdrawn with a reason and a trace, never deleted."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from reversion.models import Version

from articles import corrections, workflow
from articles.models import Article, Correction
from newsroom.dates import iso_datetime
from tests.factories import ArticleFactory, UserFactory
from tests.helpers import article_form, html, queries_for

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2025, 10, 24, 10, 0, tzinfo=datetime.UTC)
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        now = NOW

        def move(self, **delta) -> None:
            self.now += datetime.timedelta(**delta)

    fixed = Clock()
    monkeypatch.setattr(timezone, "now", lambda: fixed.now)
    return fixed


def published(**kwargs) -> Article:
    return ArticleFactory(published_at=NOW - datetime.timedelta(days=1), **kwargs)


def note(article: Article, text: str = "صُحّح اسم الجماعة.", **kwargs) -> Correction:
    kwargs.setdefault("kind", Correction.Kind.CORRECTION)
    return corrections.add(article, text=text, by=None, **kwargs)


def news_article(page: str) -> dict:
    """The page's NewsArticle (one JSON-LD script per item)."""
    items = [json.loads(block) for block in JSON_LD.findall(page)]
    [article] = [item for item in items if item["@type"] == "NewsArticle"]
    return article


# --- schema.org, the part our structured data uses ------------------------------
# Types with their parent, and properties with the types they apply to and the
# types their values may have (https://schema.org/CorrectionComment, /correction).
SCHEMA_PARENTS = {
    "Thing": None,
    "CreativeWork": "Thing",
    "Comment": "CreativeWork",
    "CorrectionComment": "Comment",
    "Article": "CreativeWork",
    "NewsArticle": "Article",
}
SCHEMA_PROPERTIES = {
    "correction": ({"CreativeWork"}, {"CorrectionComment", "Text", "URL"}),
    "text": ({"CreativeWork"}, {"Text"}),
    "datePublished": ({"CreativeWork"}, {"Date", "DateTime"}),
    "name": ({"Thing"}, {"Text"}),
    "url": ({"Thing"}, {"URL"}),
}
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")


def is_a(kind: str, ancestor: str) -> bool:
    while kind is not None:
        if kind == ancestor:
            return True
        kind = SCHEMA_PARENTS[kind]
    return False


def check_value(value, allowed: set[str]) -> None:
    if isinstance(value, dict):
        types = allowed & SCHEMA_PARENTS.keys()
        assert any(is_a(value["@type"], kind) for kind in types), value
        check_node(value)
    elif "DateTime" in allowed:
        assert ISO_DATETIME.match(value), value
    elif "URL" in allowed and "Text" not in allowed:
        assert value.startswith("http"), value
    else:
        assert isinstance(value, str) and value, value


def check_node(node: dict, only: set[str] | None = None) -> None:
    """`node`'s properties (those in `only`, if given) fit schema.org's domains and
    ranges."""
    kind = node["@type"]
    for name, value in node.items():
        if name.startswith("@") or (only is not None and name not in only):
            continue
        domains, ranges = SCHEMA_PROPERTIES[name]
        assert any(is_a(kind, domain) for domain in domains), (kind, name)
        for item in value if isinstance(value, list) else [value]:
            check_value(item, ranges)


# --- adding ------------------------------------------------------------------------


def test_a_note_shows_at_the_foot_of_the_article(client, clock):
    article = published()
    note(article, "صُحّح اسم الجماعة: سيدي بنور لا سيدي بوزيد.")
    note(article, "أضيفت نتيجة التصويت.", kind=Correction.Kind.UPDATE)

    page = html(client.get(article.get_absolute_url()))

    foot = page[page.index('<section class="corrections"') :]
    foot = foot[: foot.index("</section>")]
    assert "سيدي بنور لا سيدي بوزيد" in foot
    assert "أضيفت نتيجة التصويت" in foot
    # Oldest first, each with its kind and date, after the body.
    assert foot.index("correction--correction") < foot.index("correction--update")
    assert f'datetime="{iso_datetime(NOW)}"' in foot
    assert page.index('class="article__body"') < page.index('class="corrections"')


def test_the_article_date_moves_with_a_note(client, clock):
    article = published()
    clock.move(hours=2)

    note(article)

    article.refresh_from_db()
    assert article.content_updated_at == clock.now
    assert article.updated_at == clock.now
    page = html(client.get(article.get_absolute_url()))
    assert f'<time datetime="{iso_datetime(clock.now)}"' in page
    assert news_article(page)["dateModified"] == iso_datetime(clock.now)


def test_notes_are_in_the_json_ld_as_schema_org_correction_comments(client, clock):
    article = published()
    added = note(article, "صُحّح التاريخ.")

    page = html(client.get(article.get_absolute_url()))
    data = news_article(page)

    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "url": f"http://testserver{article.get_absolute_url()}#correction-{added.pk}",
            "name": str(Correction.Kind.CORRECTION.label),
            "text": "صُحّح التاريخ.",
            "datePublished": iso_datetime(NOW),
        }
    ]
    check_node(data, only={"correction", "datePublished"})


def test_an_article_without_notes_has_no_correction_property(client):
    page = html(client.get(published().get_absolute_url()))

    assert "correction" not in news_article(page)
    assert 'class="corrections"' not in page


@pytest.mark.parametrize("kind", ["draft", "scheduled"])
def test_notes_are_for_published_articles_only(kind):
    article = ArticleFactory(**{kind: True})

    with pytest.raises(ValidationError):
        note(article)

    assert not Correction.objects.exists()


def history(note: Correction) -> list[tuple]:
    """The note's admin history: who, what, and the message, oldest first."""
    return list(
        LogEntry.objects.filter(object_id=str(note.pk))
        .order_by("pk")
        .values_list("user__username", "action_flag", "change_message")
    )


def test_adding_a_note_is_in_its_history_with_its_writer(editor):
    added = corrections.add(published(), kind="update", text="تحديث.", by=editor)

    assert added.created_by == editor
    assert history(added) == [
        ("editor", ADDITION, gettext("Correction or update added."))
    ]


# --- withdrawing ----------------------------------------------------------------


def test_a_withdrawn_note_leaves_the_site_and_stays_in_the_history(
    client, clock, editor
):
    article = published()
    added = note(article, "ملاحظة خاطئة.")
    clock.move(hours=1)

    corrections.withdraw(added, reason="أضيفت إلى الخبر الخطأ.", by=editor)

    added.refresh_from_db()
    assert added.withdrawn_at == clock.now
    assert added.withdrawn_by == editor
    for url in [article.get_absolute_url(), "/corrections/", "/corrections/feed/"]:
        assert "ملاحظة خاطئة" not in html(client.get(url)), url
    assert history(added)[-1] == (
        "editor",
        CHANGE,
        gettext("Withdrawn: {reason}").format(reason="أضيفت إلى الخبر الخطأ."),
    )
    article.refresh_from_db()
    assert article.content_updated_at == clock.now


def test_withdrawing_needs_a_reason(editor):
    added = note(published())

    with pytest.raises(ValidationError):
        corrections.withdraw(added, reason="  ", by=editor)

    added.refresh_from_db()
    assert not added.is_withdrawn()


def test_the_database_refuses_a_withdrawal_without_reason():
    added = note(published())

    with pytest.raises(IntegrityError), transaction.atomic():
        Correction.objects.filter(pk=added.pk).update(withdrawn_at=timezone.now())


def test_an_article_with_notes_cannot_be_deleted():
    article = published()
    note(article)

    with pytest.raises(ProtectedError):
        article.delete()


# --- the corrections page and its feeds -------------------------------------------


def test_the_corrections_page_lists_notes_newest_first_with_their_articles(
    client, clock
):
    first = published(title="خبر المجلس")
    second = published(title="خبر الجهة")
    older = note(first, "التصحيح الأول.")
    clock.move(hours=1)
    newer = note(second, "التحديث الثاني.", kind=Correction.Kind.UPDATE)
    hidden = note(published(title="خبر سحب"), "ملاحظة ستسحب.")
    Article.objects.filter(pk=hidden.article_id).update(
        status=Article.Status.UNPUBLISHED
    )

    page = html(client.get("/corrections/"))

    assert page.index("التحديث الثاني.") < page.index("التصحيح الأول.")
    assert f'href="{newer.get_absolute_url()}"' in page
    assert f'href="{older.get_absolute_url()}"' in page
    assert "خبر المجلس" in page and "خبر الجهة" in page
    # A note on an article readers cannot see is not shown either.
    assert "ملاحظة ستسحب" not in page
    assert 'href="/corrections/feed/"' in page


def test_the_corrections_page_is_paginated(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    article = published()
    for n in range(3):
        note(article, f"ملاحظة {n}.")

    second = html(client.get("/corrections/", {"page": 2}))
    assert second.count('<article class="correction-entry') == 1
    assert client.get("/corrections/", {"page": 3}).status_code == 404


def test_the_corrections_page_budget_does_not_grow_with_notes(client, settings):
    settings.ARTICLES_PER_PAGE = 20
    article = published()
    note(article)
    few = queries_for(client, "/corrections/")
    for n in range(10):
        note(published(), f"ملاحظة {n}.")

    # page count, page rows, nav sections, breaking bar
    assert few <= 4
    assert queries_for(client, "/corrections/") == few


def test_every_reader_page_links_to_the_corrections_page(client):
    article = published()

    for url in ["/", article.get_absolute_url()]:
        assert 'href="/corrections/"' in html(client.get(url))


@pytest.mark.parametrize("url", ["/corrections/feed/", "/corrections/feed/atom/"])
def test_the_corrections_feeds_carry_each_note_linked_to_the_article(client, url):
    article = published(title="خبر المجلس")
    added = note(article, "صُحّح عدد الأصوات.")

    feed = html(client.get(url))

    assert "صُحّح عدد الأصوات." in feed
    assert "خبر المجلس" in feed
    assert f"#correction-{added.pk}" in feed


# --- the admin --------------------------------------------------------------------


def inline_form(article: Article, **rows) -> dict:
    """The article's change form as sent, with its notes inline and `new` ones."""
    data = article_form(
        article.section,
        title=article.title,
        slug=article.slug,
        body=article.body,
        lede=article.lede,
        status="published",
        published_at_0=timezone.localtime(article.published_at).strftime("%Y-%m-%d"),
        published_at_1=timezone.localtime(article.published_at).strftime("%H:%M:%S"),
    )
    existing = list(article.corrections.all())
    data |= {
        "corrections-TOTAL_FORMS": str(len(existing) + len(rows.get("new", []))),
        "corrections-INITIAL_FORMS": str(len(existing)),
        "corrections-MIN_NUM_FORMS": "0",
        "corrections-MAX_NUM_FORMS": "1000",
    }
    for index, old in enumerate(existing):
        data[f"corrections-{index}-id"] = str(old.pk)
        data[f"corrections-{index}-article"] = str(article.pk)
    for offset, (kind, text) in enumerate(rows.get("new", [])):
        index = len(existing) + offset
        data[f"corrections-{index}-kind"] = kind
        data[f"corrections-{index}-text"] = text
        data[f"corrections-{index}-article"] = str(article.pk)
    return data


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def test_editor_adds_a_note_from_the_article_form(editor_client, editor, clock):
    article = ArticleFactory(published_at=NOW - datetime.timedelta(days=1))
    clock.move(minutes=5)

    response = editor_client.post(
        change_url(article), inline_form(article, new=[("update", "أضيف تصريح.")])
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    added = Correction.objects.get()
    assert (added.article, added.kind, added.text) == (article, "update", "أضيف تصريح.")
    assert added.created_by == editor
    assert added.published_at == clock.now
    article.refresh_from_db()
    assert article.content_updated_at == clock.now


def test_a_note_cannot_be_rewritten_from_the_article_form(editor_client):
    article = published()
    added = note(article, "النص الأصلي.")
    data = inline_form(article)
    data["corrections-0-text"] = "نص آخر."
    data["corrections-0-DELETE"] = "on"

    editor_client.post(change_url(article), data)

    added.refresh_from_db()
    assert added.text == "النص الأصلي."


def test_drafts_have_no_notes_form(editor_client):
    page = html(editor_client.get(change_url(ArticleFactory(draft=True))))

    assert "corrections-TOTAL_FORMS" not in page


def test_nobody_may_delete_a_note(editor_client):
    added = note(published())

    delete = reverse("admin:articles_correction_delete", args=[added.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 403
    assert Correction.objects.filter(pk=added.pk).exists()
    assert not Correction._meta.default_permissions.count("delete")


def test_editor_withdraws_a_note_with_a_reason_in_the_admin(editor_client, editor):
    added = note(published(), "ملاحظة خاطئة.")
    url = reverse("admin:articles_correction_change", args=[added.pk])

    response = editor_client.post(url, {"withdrawal_reason": "نشرت خطأ."})

    assert response.status_code == 302
    added.refresh_from_db()
    assert added.is_withdrawn()
    assert (added.withdrawn_by, added.withdrawal_reason) == (editor, "نشرت خطأ.")
    # One entry for the withdrawal, with the reason, shown on its history page.
    assert [flag for _user, flag, _message in history(added)] == [CHANGE]
    history_page = reverse("admin:articles_correction_history", args=[added.pk])
    assert "نشرت خطأ." in html(editor_client.get(history_page))
    # Withdrawn, it is read-only.
    assert 'name="withdrawal_reason"' not in html(editor_client.get(url))


def test_restoring_an_old_version_of_the_article_brings_no_note_back(
    editor_client, editor
):
    article = published()
    editor_client.post(
        change_url(article), inline_form(article, new=[("correction", "خطأ.")])
    )
    added = Correction.objects.get()
    corrections.withdraw(added, reason="نشرت خطأ.", by=editor)
    version = Version.objects.get_for_object(article).first()

    restored = editor_client.post(
        reverse("admin:articles_article_revision", args=[article.pk, version.pk]),
        inline_form(article),
    )

    assert restored.status_code == 302
    added.refresh_from_db()
    assert added.is_withdrawn()


def test_authors_see_no_notes(client):
    author = UserFactory(username="writer", is_staff=True)
    author.groups.add(Group.objects.get(name=workflow.AUTHORS))
    client.force_login(author)

    changelist = reverse("admin:articles_correction_changelist")
    assert client.get(changelist).status_code == 403


def test_editor_adds_a_note_from_the_corrections_admin(editor_client, editor):
    article = published()
    add = reverse("admin:articles_correction_add")
    assert editor_client.get(add, {"article": article.pk}).status_code == 200

    response = editor_client.post(
        add, {"article": article.pk, "kind": "correction", "text": "صُحّح الاسم."}
    )

    assert response.status_code == 302
    added = Correction.objects.get()
    assert (added.article, added.created_by) == (article, editor)
    changelist = html(
        editor_client.get(reverse("admin:articles_correction_changelist"))
    )
    assert article.title in changelist


def test_the_corrections_admin_refuses_a_note_on_a_draft(editor_client):
    draft = ArticleFactory(draft=True)

    response = editor_client.post(
        reverse("admin:articles_correction_add"),
        {"article": draft.pk, "kind": "correction", "text": "ملاحظة."},
    )

    assert response.status_code == 200
    assert not Correction.objects.exists()
