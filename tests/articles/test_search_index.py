"""The stored search text follows every write through the ORM, and can be rebuilt."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from articles import search_index
from articles.models import Article, Attendee, Official, Section, Tag
from tests.factories import (
    ArticleFactory,
    AttendeeFactory,
    OfficialFactory,
    PositionFactory,
    SectionFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

SEARCH_URL = reverse("articles:search")


def found(client, words: str) -> list[str]:
    """The titles of the articles the search page lists for `words`."""
    response = client.get(SEARCH_URL, {"q": words})
    assert response.status_code == 200
    return sorted(article.title for article in response.context["page_obj"])


def officials_found(client, words: str) -> list[str]:
    response = client.get(SEARCH_URL, {"q": words})
    return [official.name for official in response.context["officials"]]


def article_updates(sql: list[str]) -> list[str]:
    return [query for query in sql if query.startswith('UPDATE "articles_article"')]


def captured(queries: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in queries.captured_queries]


# --- an article's own fields ---------------------------------------------------


def test_title_changed_in_code_is_found_by_the_new_word_not_the_old(client):
    article = ArticleFactory(title="ترميم الزليج العتيق")
    article.title = "ترميم الفخار العتيق"
    article.save()
    assert found(client, "الفخار") == ["ترميم الفخار العتيق"]
    assert found(client, "الزليج") == []


def test_title_saved_with_update_fields_is_searchable(client):
    article = ArticleFactory(title="ترميم الزليج العتيق")
    article.title = "ترميم الفخار العتيق"
    article.save(update_fields=["title"])
    assert found(client, "الفخار") == ["ترميم الفخار العتيق"]


def test_saving_an_instance_loaded_before_a_tag_was_added_keeps_the_tag(client):
    stale = Article.objects.get(pk=ArticleFactory(title="خبر أول").pk)
    TagFactory(name="السياحة").articles.add(stale.pk)
    stale.title = "خبر معدل"
    stale.save()
    assert found(client, "السياحه") == ["خبر معدل"]


def test_moving_an_article_to_another_section_makes_it_found_by_the_new_name(
    client,
):
    article = ArticleFactory(section=SectionFactory(name="رياضة"))
    article.section = SectionFactory(name="اقتصاد")
    article.save()
    assert found(client, "اقتصاد") == [article.title]
    assert found(client, "رياضة") == []


# --- tags ------------------------------------------------------------------------


def test_tag_added_with_tags_add_is_found_and_removed_is_not(client):
    article = ArticleFactory()
    tag = TagFactory(name="الطاقات المتجددة")
    article.tags.add(tag)
    assert found(client, "المتجدده") == [article.title]
    article.tags.remove(tag)
    assert found(client, "المتجدده") == []


def test_tags_set_and_cleared_from_the_article(client):
    article = ArticleFactory(tags=[TagFactory(name="الماء")])
    article.tags.set([TagFactory(name="الكهرباء")])
    assert found(client, "الكهرباء") == [article.title]
    assert found(client, "الماء") == []
    article.tags.clear()
    assert found(client, "الكهرباء") == []


def test_articles_added_to_and_cleared_from_a_tag(client):
    first, second = ArticleFactory(), ArticleFactory()
    tag = TagFactory(name="التعمير")
    tag.articles.add(first, second)
    assert found(client, "التعمير") == sorted([first.title, second.title])
    tag.articles.remove(first)
    assert found(client, "التعمير") == [second.title]
    tag.articles.clear()
    assert found(client, "التعمير") == []


def test_renamed_tag_is_found_by_its_new_name_only(client):
    tag = TagFactory(name="الفلاحة")
    article = ArticleFactory(tags=[tag])
    tag.name = "الصيد البحري"
    tag.save()
    assert found(client, "البحري") == [article.title]
    assert found(client, "الفلاحه") == []


def test_deleted_tag_is_no_longer_found(client):
    tag = TagFactory(name="الفلاحة")
    article = ArticleFactory(tags=[tag, TagFactory(name="الماء")])
    tag.delete()
    assert found(client, "الفلاحه") == []
    assert found(client, "الماء") == [article.title]


def test_tags_deleted_as_a_queryset_are_no_longer_found(client):
    shared = [TagFactory(name="الفلاحة"), TagFactory(name="السقي")]
    article = ArticleFactory(tags=[*shared, TagFactory(name="الماء")])
    other = ArticleFactory(tags=shared[:1])
    Tag.objects.filter(pk__in=[tag.pk for tag in shared]).delete()
    assert found(client, "الفلاحه") == []
    assert found(client, "السقي") == []
    assert found(client, "الماء") == [article.title]
    assert Article.objects.get(pk=other.pk).search_text.endswith("\n")


def test_tags_deleted_in_the_admin_are_no_longer_found(client, editor_client):
    tag = TagFactory(name="الفلاحة")
    article = ArticleFactory(tags=[tag])
    assert found(client, "الفلاحه") == [article.title]
    response = editor_client.post(
        reverse("admin:articles_tag_changelist"),
        {"action": "delete_selected", "_selected_action": [tag.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Tag.objects.exists()
    assert found(client, "الفلاحه") == []


# --- sections --------------------------------------------------------------------


def test_renamed_section_is_found_by_its_new_name_only(client):
    section = SectionFactory(name="رياضة")
    article = ArticleFactory(section=section)
    section = Section.objects.get(pk=section.pk)
    section.name = "ثقافة"
    section.save()
    assert found(client, "ثقافه") == [article.title]
    assert found(client, "رياضه") == []


def test_section_saved_with_the_same_name_leaves_its_articles_alone():
    section = SectionFactory(name="رياضة")
    ArticleFactory.create_batch(3, section=section)
    # What the admin's list does when only the order changes.
    section = Section.objects.get(pk=section.pk)
    section.position = 4
    with CaptureQueriesContext(connection) as queries:
        section.save()
    assert len(queries) == 1
    assert 'UPDATE "articles_section"' in queries.captured_queries[0]["sql"]


# --- people ----------------------------------------------------------------------


def test_person_added_through_the_orm_is_found_and_deleted_is_not(client):
    article = ArticleFactory()
    attendee = Attendee.objects.create(
        article_id=article.pk, name_as_printed="سعاد الزموري", role_as_printed="عضوة"
    )
    assert found(client, "الزموري") == [article.title]
    attendee.delete()
    assert found(client, "الزموري") == []


def test_person_renamed_as_printed_is_found_by_the_new_name(client):
    attendee = AttendeeFactory(official=None, name_as_printed="سعاد الزموري")
    attendee.name_as_printed = "سعاد الزمراني"
    attendee.save()
    assert found(client, "الزمراني") == [attendee.article.title]
    assert found(client, "الزموري") == []


def test_people_deleted_as_a_queryset_are_no_longer_found(client):
    first, second = ArticleFactory(), ArticleFactory()
    for article in (first, first, second):
        AttendeeFactory(article=article, official=None, name_as_printed="كريم بناني")
    AttendeeFactory(article=second, official=None, name_as_printed="ليلى العلوي")
    people = Attendee.objects.filter(name_as_printed="كريم بناني")
    people.delete()
    assert found(client, "بناني") == []
    assert found(client, "العلوي") == [second.title]
    # The same queryset deletes again what matches it now.
    AttendeeFactory(article=first, official=None, name_as_printed="كريم بناني")
    assert found(client, "بناني") == [first.title]
    people.delete()
    assert found(client, "بناني") == []


@pytest.fixture
def refreshed(monkeypatch) -> list[tuple[str, set[int]]]:
    """The refreshes the receivers ask for, instead of doing them."""
    calls = []
    monkeypatch.setattr(
        search_index,
        "_refresh_ids",
        lambda model, ids: calls.append((model.__name__, set(ids))),
    )
    return calls


def test_people_deleted_together_refresh_each_article_once(refreshed):
    first, second = ArticleFactory(), ArticleFactory()
    for article in (first, first, second):
        AttendeeFactory(article=article)
    refreshed.clear()
    Attendee.objects.all().delete()
    assert refreshed == [("Article", {first.pk, second.pk})]


def test_deleting_articles_or_officials_refreshes_nothing_of_theirs(refreshed):
    article = ArticleFactory(tags=[TagFactory()])
    AttendeeFactory.create_batch(2, article=article, official=None, name_as_printed="س")
    official = PositionFactory().official
    official.spellings.create(name="Someone")
    other = ArticleFactory(tags=[TagFactory()])
    AttendeeFactory(article=other, official=None, name_as_printed="ص")
    refreshed.clear()
    Article.objects.filter(pk=article.pk).delete()
    other.delete()
    official.delete()
    assert refreshed == []
    assert not Article.objects.exists()
    assert not Official.objects.exists()


# --- officials -------------------------------------------------------------------


def test_official_is_found_by_a_spelling_added_and_not_once_deleted(client):
    official = OfficialFactory(name="نجوى ككوس")
    spelling = official.spellings.create(name="Najwa Koukouss")
    assert officials_found(client, "koukouss") == ["نجوى ككوس"]
    spelling.delete()
    assert officials_found(client, "koukouss") == []


def test_official_is_found_by_a_position_added_renamed_and_not_once_deleted(client):
    position = PositionFactory(title="رئيسة المجلس الوطني")
    assert officials_found(client, "المجلس الوطني") == [position.official.name]
    position.title = "نائبة رئيس الجهة"
    position.save()
    assert officials_found(client, "المجلس الوطني") == []
    assert officials_found(client, "نائبه") == [position.official.name]
    type(position).objects.filter(pk=position.pk).delete()
    assert officials_found(client, "نائبه") == []


def test_renamed_official_keeps_the_spellings_added_since_loading(client):
    stale = Official.objects.get(pk=OfficialFactory(name="يوسف مفلح").pk)
    Official.objects.get(pk=stale.pk).spellings.create(name="Youssef Mofleh")
    stale.name = "يوسف المفلح"
    stale.save()
    assert officials_found(client, "mofleh") == ["يوسف المفلح"]
    assert officials_found(client, "المفلح") == ["يوسف المفلح"]


# --- batches and queries -----------------------------------------------------------


def rename_queries(tag: Tag, name: str) -> int:
    tag.name = name
    with CaptureQueriesContext(connection) as queries:
        tag.save()
    return len(queries)


def test_renaming_a_tag_takes_as_many_queries_for_many_articles_as_for_few():
    few, many = TagFactory(), TagFactory()
    for article in ArticleFactory.create_batch(2, tags=[few, TagFactory()]):
        AttendeeFactory(article=article)
    for article in ArticleFactory.create_batch(12, tags=[many, TagFactory()]):
        AttendeeFactory(article=article)
    assert rename_queries(few, "وسم قليل") == rename_queries(many, "وسم كثير")
    assert Article.objects.filter(search_text__contains="وسم كثير").count() == 12


def test_renaming_a_tag_refreshes_more_articles_than_a_batch_holds(client, monkeypatch):
    monkeypatch.setattr(search_index, "BATCH_SIZE", 3)
    tag = TagFactory(name="قديم")
    articles = ArticleFactory.create_batch(7, tags=[tag])
    tag.name = "الزليج"
    with CaptureQueriesContext(connection) as queries:
        tag.save()
    assert len(article_updates(captured(queries))) == 3
    assert found(client, "الزليج") == sorted(a.title for a in articles)
    assert found(client, "قديم") == []


# --- manage.py rebuild_search_index ----------------------------------------------


def rebuild(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("rebuild_search_index", *args, stdout=out)
    return out.getvalue()


def test_command_repairs_every_corrupted_row_batch_by_batch(client):
    articles = ArticleFactory.create_batch(5, tags=[TagFactory(name="الزليج")])
    for article in articles:
        AttendeeFactory(article=article, official=None, name_as_printed="كريم بناني")
    officials = [PositionFactory(title="عامل الإقليم").official for _ in range(3)]
    right = {
        model: dict(model.objects.values_list("pk", "search_text"))
        for model in (Article, Official)
    }
    Article.objects.update(search_text="نص فاسد")
    Official.objects.update(search_text="نص فاسد")
    assert found(client, "الزليج") == []

    with CaptureQueriesContext(connection) as queries:
        output = rebuild("--batch-size", "2")
    # Read before the next request, which empties the connection's log.
    sql = [query["sql"] for query in queries.captured_queries]

    for model in (Article, Official):
        assert dict(model.objects.values_list("pk", "search_text")) == right[model]
    assert found(client, "الزليج") == sorted(a.title for a in articles)
    assert officials_found(client, "عامل الاقليم") == sorted(o.name for o in officials)
    lines = output.splitlines()
    assert lines[:4] == [
        "articles: 0/5",
        "articles: 2/5",
        "articles: 4/5",
        "articles: 5/5",
    ]
    assert lines[4:7] == ["officials: 0/3", "officials: 2/3", "officials: 3/3"]
    assert "Articles: 5, officials: 3." in lines[-1]
    # Keyset pages: never OFFSET, and one UPDATE per batch of articles.
    assert not any("OFFSET" in query for query in sql)
    assert len(article_updates(sql)) == 3


def test_command_reads_only_the_fields_the_text_is_made_of():
    ArticleFactory()
    with CaptureQueriesContext(connection) as queries:
        rebuild()
    article_reads = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith("SELECT")
        and 'FROM "articles_article"' in query["sql"]
        and "COUNT" not in query["sql"]
    ]
    assert article_reads
    for sql in article_reads:
        assert '"articles_article"."title"' in sql
        assert '"articles_article"."view_count"' not in sql
        assert '"articles_article"."search_text"' not in sql


def test_command_refuses_a_batch_size_below_one():
    with pytest.raises(CommandError, match="at least 1"):
        rebuild("--batch-size", "0")
