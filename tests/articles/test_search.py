"""The site's search: Arabic spellings, ranking, highlighting, bad queries."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import checks, search
from articles.models import Article, Official
from articles.search import (
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    clean_query,
    excerpt,
    highlight,
    query_terms,
    rank_articles,
    search_officials,
)
from tests.factories import (
    ArticleFactory,
    AttendeeFactory,
    OfficialFactory,
    PositionFactory,
    SectionFactory,
    TagFactory,
)
from tests.helpers import article_form, attendee_rows

pytestmark = pytest.mark.django_db

SEARCH_URL = reverse("articles:search")
HALF_HOUR = datetime.timedelta(minutes=30)

# (as written in the article, as a reader types it): each must find the other.
SPELLINGS = [
    ("الأمين", "الامين"),  # hamza on alef
    ("إبراهيم", "ابراهيم"),  # hamza under alef
    ("آمنة", "امنة"),  # madda
    ("مدينة", "مدينه"),  # ta marbuta
    ("مستشفى", "مستشفي"),  # alef maqsura
    ("مسؤول", "مسئول"),  # hamza seats
    ("علی", "علي"),  # Persian yeh
    ("کتاب", "كتاب"),  # Persian keheh
    ("يُعزِّز", "يعزز"),  # diacritics
    ("والانتخابات", "الانتخابات"),  # و before ال
    ("فالمجلس", "المجلس"),  # ف before ال
    ("الـــدار", "الدار"),  # tatweel
]


def found(query: str) -> list[str]:
    """The titles the search lists for `query`, best first."""
    ranked, _more = rank_articles(query_terms(query))
    titles = dict(Article.objects.filter(pk__in=ranked).values_list("pk", "title"))
    return [titles[pk] for pk in ranked]


def article_with(word: str, **kwargs) -> Article:
    return ArticleFactory(
        title=kwargs.pop("title", "خبر من الجهة"),
        lede=kwargs.pop("lede", ""),
        body=kwargs.pop("body", f"<p>نص يذكر {word} في فقرته.</p>"),
        **kwargs,
    )


def hours_ago(hours: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=hours)


# --- Arabic spellings ---------------------------------------------------------


@pytest.mark.parametrize(("written", "typed"), SPELLINGS)
def test_word_is_found_whichever_way_it_is_written(written, typed):
    article = article_with(written, title=f"خبر {written}")
    other = article_with(typed, title=f"خبر آخر {typed}")
    assert set(found(typed)) == {article.title, other.title}
    assert set(found(written)) == {article.title, other.title}


def test_arabic_indic_digits_find_western_digits():
    article = article_with("2025")
    assert found("٢٠٢٥") == [article.title]
    assert found("۲۰۲۵") == [article.title]


def test_tag_written_with_arabic_indic_digits_is_found_by_western_digits():
    article = ArticleFactory(tags=[TagFactory(name="مونديال ٢٠٣٠")])
    assert found("2030") == [article.title]


def test_every_word_of_the_query_must_appear():
    both = article_with("الميزانية والاستثمار", title="خبر أول")
    article_with("الميزانية", title="خبر ثان")
    assert found("ميزانية الاستثمار") == [both.title]


def test_part_of_a_word_finds_the_word():
    article = article_with("الانتخابات")
    assert found("تخابات") == [article.title]


def test_part_of_a_word_is_found_after_any_write_of_the_text():
    article = article_with("الانتخابات")
    # Written without save(), as a repair or a migration would.
    Article.objects.filter(pk=article.pk).update(search_text="خبر عن الاستثمار")
    assert found("تثمار") == [article.title]
    assert found("تخابات") == []


def test_two_letter_term_is_only_the_start_of_a_word():
    starts = article_with("ضابط", title="خبر أول")
    article_with("الفيضانات", title="خبر ثان")
    assert found("ضا") == [starts.title]


# (query, written in the matching article, written in the other): the same
# table on SQLite and PostgreSQL (the suite runs on both).
PARITY = [
    # A short function word leaves partial matching of the other terms on.
    ("الانتخابات في", "وبالانتخابات في المدينة", "الانتخابات وحدها"),
    # Prepositions written onto a word with the article: ب، ك، و+ب، ف، ل.
    ("الانتخابات", "بالانتخابات", "انتخب المجلس"),
    ("الانتخابات", "كالانتخابات", "انتخب المجلس"),
    ("الانتخابات", "وبالانتخابات", "انتخب المجلس"),
    ("الانتخابات", "فالانتخابات", "انتخب المجلس"),
    ("الانتخابات", "للانتخابات", "انتخب المجلس"),
    ("المجلس", "للمجلس", "مجالس"),
    # A function word is a whole word only: إلى is not inside والي.
    ("إلى", "سافر إلى الرباط", "الوالي يزور الإقليم"),
    ("في", "في الإقليم", "الفيضانات بالإقليم"),
    ("على", "على الطريق", "أعلى قمة بالإقليم"),
    # A two-letter term starts a word.
    ("ضا", "ضابط", "الفيضانات"),
]


@pytest.mark.parametrize(("query", "matching", "other"), PARITY)
def test_the_same_query_finds_the_same_articles_on_every_database(
    query, matching, other
):
    found_one = article_with("", title="خبر أول", body=f"<p>{matching}</p>")
    article_with("", title="خبر ثان", body=f"<p>{other}</p>")
    assert found(query) == [found_one.title]


def test_highlight_marks_what_the_search_matched():
    marked = str(highlight("سافر الوالي إلى الرباط للانتخابات", ["الي", "الانتخابات"]))
    assert marked == "سافر الوالي <mark>إلى</mark> الرباط <mark>للانتخابات</mark>"


def test_conjunction_is_not_stripped_from_a_root_letter():
    # والي (a governor) is not و + الي, which is what إلى folds to.
    article_with("إلى", title="خبر فيه حرف جر")
    governor = article_with("والي", title="خبر عن الوالي")
    assert found("والي") == [governor.title]


def test_officials_tags_and_section_are_searched():
    section = SectionFactory(name="اقتصاد")
    article = ArticleFactory(section=section, tags=[TagFactory(name="الفلاحة")])
    AttendeeFactory(
        article=article,
        official=OfficialFactory(name="أحمد ابريجة"),
        role_as_printed="رئيس الفريق",
    )
    assert found("احمد ابريجه") == [article.title]
    assert found("فلاحه") == [article.title]
    assert found("رئيس الفريق") == [article.title]
    assert found("اقتصاد") == [article.title]


# --- what is shown, in which order ---------------------------------------------


def test_drafts_scheduled_and_unpublished_articles_never_appear(client):
    article_with("الشفافية", title="خبر منشور")
    article_with("الشفافية", title="مسودة", draft=True)
    article_with("الشفافية", title="خبر مبرمج", scheduled=True)
    article_with("الشفافية", title="خبر مسحوب", status=Article.Status.UNPUBLISHED)
    assert found("الشفافية") == ["خبر منشور"]
    page = client.get(SEARCH_URL, {"q": "الشفافية"}).text
    assert "خبر منشور" in page
    assert "مسودة" not in page
    assert "مبرمج" not in page
    assert "مسحوب" not in page


def test_title_match_comes_before_a_newer_body_match():
    in_body = article_with("التشغيل", title="أخبار الجهة", published_at=hours_ago(1))
    in_title = article_with(
        "", title="برنامج التشغيل الجهوي", body="<p>نص.</p>", published_at=hours_ago(48)
    )
    assert found("التشغيل") == [in_title.title, in_body.title]


def test_among_equal_matches_the_newest_comes_first():
    older = article_with("التشغيل", title="خبر قديم", published_at=hours_ago(48))
    newer = article_with("التشغيل", title="خبر جديد", published_at=hours_ago(1))
    assert found("التشغيل") == [newer.title, older.title]


@pytest.mark.postgres
def test_whole_words_come_before_parts_of_words():
    partial = article_with("الانتخابات", title="جزء", published_at=hours_ago(1))
    whole = article_with("انتخابات", title="كلمة", published_at=hours_ago(48))
    assert found("انتخابات") == [whole.title, partial.title]


@pytest.mark.postgres
def test_every_term_as_a_word_comes_before_a_better_ranked_part_of_a_word():
    # Two of the terms in its title would rank it first; the third is only
    # inside a word.
    partial = article_with(
        "الانتخابات", title="المجلس الجماعي", published_at=hours_ago(1)
    )
    whole = article_with(
        "انتخابات المجلس في دورته، ثم المجلس الجماعي",
        title="خبر",
        published_at=hours_ago(48),
    )
    assert found("انتخابات المجلس الجماعي") == [whole.title, partial.title]


def test_results_page_shows_matches_highlighted_in_title_and_excerpt(client):
    ArticleFactory(
        title="الأمين الجهوي يترأس اللقاء",
        lede="",
        body="<p>"
        + "كلام " * 60
        + "ترأس الأمين الجهوي اللقاء."
        + " ختام" * 20
        + "</p>",
    )
    page = client.get(SEARCH_URL, {"q": "الامين"}).text
    assert "<mark>الأمين</mark> الجهوي يترأس اللقاء" in page
    assert "… كلام" in page
    assert "ترأس <mark>الأمين</mark> الجهوي اللقاء." in page


def test_highlighting_escapes_the_text(client):
    ArticleFactory(title="<b>الأمين</b> & رفاقه", body="<p>نص.</p>")
    page = client.get(SEARCH_URL, {"q": "الامين"}).text
    assert "&lt;b&gt;<mark>الأمين</mark>&lt;/b&gt; &amp; رفاقه" in page


def test_the_query_is_shown_back_escaped(client):
    page = client.get(SEARCH_URL, {"q": "الامين <script>alert(1)</script>"}).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_highlight_marks_the_word_as_written_with_its_marks():
    assert highlight("الدولة يُعزِّز دعمها", ["يعزز"]) == "الدولة <mark>يُعزِّز</mark> دعمها"
    assert highlight("المستشفى الجديد", ["المستشفي"]) == (
        "<mark>المستشفى</mark> الجديد"
    )


def test_highlight_marks_only_words_that_match():
    text = "في الفلاحة وفي الفلاحين"
    assert highlight(text, ["فلاح"]) == (
        "في <mark>الفلاحة</mark> وفي <mark>الفلاحين</mark>"
    )
    # A short term matches the start of a word only.
    assert highlight("في الفيضانات", ["في"]) == "<mark>في</mark> الفيضانات"


def test_excerpt_is_cut_around_the_first_match():
    text = " ".join(f"كلمة{i}" for i in range(100)) + " الهدف " + "ختام " * 100
    shown = excerpt(text, ["الهدف"], size=20)
    assert shown.startswith("… ")
    assert shown.endswith(" …")
    assert "<mark>الهدف</mark>" in shown
    assert len(shown.split()) <= 22


def test_excerpt_without_a_match_is_the_start_of_the_text():
    assert excerpt("أول الكلام وآخره", ["غائب"]) == "أول الكلام وآخره"


def test_excerpt_of_a_match_near_the_start_ends_with_an_ellipsis():
    text = "كلمة " * 5 + "الهدف " + "ختام " * 200
    shown = excerpt(text, ["الهدف"], size=20)
    assert shown.startswith("كلمة ")
    assert shown.endswith(" …")
    assert len(shown.split()) == 21


def test_excerpt_of_a_match_near_the_end_shows_the_last_words():
    text = "كلام " * 200 + "الهدف ختام"
    shown = excerpt(text, ["الهدف"], size=20)
    assert shown.startswith("… ")
    assert shown.endswith("<mark>الهدف</mark> ختام")
    assert len(shown.split()) == 21


def test_officials_are_listed_apart_by_any_spelling_or_post(client):
    official = OfficialFactory(name="نجوى ككوس")
    official.spellings.create(name="Najwa Koukouss")
    PositionFactory(official=official, title="رئيسة المجلس الوطني")
    assert search_officials(query_terms("KOUKOUSS")) == [official]
    assert search_officials(query_terms("رئيسه المجلس")) == [official]
    page = client.get(SEARCH_URL, {"q": "نجوي"}).text
    assert "<bdi><mark>نجوى</mark> ككوس</bdi>" in page


def test_results_are_paginated_and_keep_the_query(client, settings):
    settings.ARTICLES_PER_PAGE = 5
    for hours in range(12):
        article_with("التنمية", title=f"خبر {hours}", published_at=hours_ago(hours))
    first = client.get(SEARCH_URL, {"q": "التنمية"})
    assert len(first.context["page_obj"]) == 5
    assert first.context["page_obj"].paginator.count == 12
    assert "?q=%D8%A7%D9%84%D8%AA%D9%86%D9%85%D9%8A%D8%A9&amp;page=2" in first.text
    last = client.get(SEARCH_URL, {"q": "التنمية", "page": 3})
    assert [a.title for a in last.context["page_obj"]] == ["خبر 10", "خبر 11"]
    assert client.get(SEARCH_URL, {"q": "التنمية", "page": 4}).status_code == 404


def test_only_the_newest_matches_are_ranked_beyond_the_limit(client, monkeypatch):
    monkeypatch.setattr(search, "MAX_RESULTS", 3)
    for hours in range(5):
        article_with("التنمية", title=f"خبر {hours}", published_at=hours_ago(hours))
    in_title = article_with(
        "التنمية", title="التنمية أولا", published_at=hours_ago(1) - HALF_HOUR
    )
    ranked, more = rank_articles(query_terms("التنمية"))
    assert more
    titles = dict(Article.objects.values_list("pk", "title"))
    # The three newest, the title match first.
    assert [titles[pk] for pk in ranked] == [in_title.title, "خبر 0", "خبر 1"]
    response = client.get(SEARCH_URL, {"q": "التنمية"})
    assert response.context["more"]
    assert response.context["page_obj"].paginator.count == 3


def test_search_page_makes_a_fixed_number_of_queries(client, settings):
    settings.ARTICLES_PER_PAGE = 20

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(SEARCH_URL, {"q": "الاستثمار"})
        assert response.status_code == 200
        return len(ctx.captured_queries)

    ArticleFactory.create_batch(2, body="<p>عن الاستثمار.</p>")
    OfficialFactory(name="مسؤول الاستثمار")
    few = queries()
    ArticleFactory.create_batch(15, body="<p>عن الاستثمار.</p>")
    OfficialFactory.create_batch(4, name="مسؤول الاستثمار")
    # ranked ids, the page's articles (with sections), officials, menu
    # sections, the breaking bar
    assert few == 5
    assert queries() == few


# --- queries that are empty, absurd or hostile ----------------------------------


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_empty_query_shows_the_prompt_and_searches_nothing(client, query):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(SEARCH_URL, {"q": query})
    assert response.status_code == 200
    assert "page_obj" not in response.context
    assert response.context["query"] == ""
    # Only the menu's sections and the breaking bar.
    assert len(ctx.captured_queries) == 2


def test_page_without_a_query_parameter_shows_the_prompt(client):
    response = client.get(SEARCH_URL)
    assert response.status_code == 200
    assert 'name="q" value=""' in response.text


def test_very_long_query_is_cut(client):
    article_with("الميزانية")
    response = client.get(SEARCH_URL, {"q": "الميزانية " * 1000})
    assert response.status_code == 200
    assert len(response.context["query"]) <= MAX_QUERY_LENGTH
    assert [a.title for a in response.context["page_obj"]] == ["خبر من الجهة"]


def test_query_terms_are_limited_and_unique():
    words = [f"كلمه{i}" for i in range(50)]
    assert query_terms(" ".join(words)) == words[:MAX_TERMS]
    assert query_terms("الدار الدار الدار") == ["الدار"]
    assert query_terms("و في ف") == ["في"]


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE articles_article; --",
        "' OR '1'='1",
        "%",
        "_%_",
        "\\",
        "الدار' OR 1=1 --",
        "<script>alert(1)</script>",
        "\x00",
        "؟!،…",
        "---",
        "'\"",
    ],
)
def test_sql_html_and_punctuation_are_just_text(client, query):
    article_with("الدار")
    response = client.get(SEARCH_URL, {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    # Never "every article", whatever the query tried.
    assert list(response.context.get("page_obj") or []) == []
    assert Article.objects.count() == 1


def test_punctuation_only_answers_no_results_without_error(client):
    article_with("الدار")
    response = client.get(SEARCH_URL, {"q": "؟!،…"})
    assert response.status_code == 200
    assert "page_obj" not in response.context
    assert "؟!،…" in response.text


def test_clean_query_drops_control_characters_and_extra_space():
    assert clean_query("  الدار\x00\x1f  البيضاء \n") == "الدار البيضاء"
    assert clean_query("ا" * 10_000) == "ا" * MAX_QUERY_LENGTH


# --- the stored text stays current ---------------------------------------------


def test_editing_an_article_keeps_its_tags_and_people_searchable():
    article = ArticleFactory(tags=[TagFactory(name="البيئة")])
    article.title = "عنوان جديد"
    article.save()
    assert found("البيئه") == ["عنوان جديد"]


def test_article_saved_in_the_admin_is_found_by_its_tags_and_people(
    editor_client,
):
    tag = TagFactory(name="النقل الحضري")
    section = SectionFactory()
    data = article_form(
        section,
        title="خبر من الإدارة",
        status="published",
        published_at_0="2025-10-24",
        published_at_1="10:00",
        tags=[tag.pk],
    ) | attendee_rows({"name_as_printed": "إيمان عزيزو", "role_as_printed": "عضوة"})
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    assert found("النقل") == ["خبر من الإدارة"]
    assert found("ايمان عزيزو") == ["خبر من الإدارة"]


def test_official_saved_in_the_admin_is_found_by_a_new_spelling(editor_client):
    official = OfficialFactory(name="يوسف مفلح")
    data = {
        "name": official.name,
        "slug": official.slug,
        "bio": "",
        "spellings-TOTAL_FORMS": "1",
        "spellings-INITIAL_FORMS": "0",
        "spellings-0-name": "Youssef Mofleh",
        "positions-TOTAL_FORMS": "0",
        "positions-INITIAL_FORMS": "0",
    }
    url = reverse("admin:articles_official_change", args=[official.pk])
    assert editor_client.post(url, data).status_code == 302
    assert search_officials(query_terms("mofleh")) == [official]


def test_renaming_a_tag_in_the_admin_updates_its_articles(editor_client):
    tag = TagFactory(name="قديم")
    article = ArticleFactory(tags=[tag])
    url = reverse("admin:articles_tag_change", args=[tag.pk])
    data = {"name": "الرياضة المدرسية", "slug": tag.slug}
    assert editor_client.post(url, data).status_code == 302
    assert found("المدرسيه") == [article.title]
    assert found("قديم") == []


def test_migration_fills_the_search_text_of_existing_rows():
    from importlib import import_module

    migration = import_module("articles.migrations.0006_search")
    article = ArticleFactory(tags=[TagFactory(name="الفلاحة")])
    official = OfficialFactory(name="مسؤول")
    official.spellings.create(name="مسؤول")
    # Keys as the normaliser made them before it read both hamza seats alike.
    official.spellings.create(name="غيره")
    official.spellings.filter(name="غيره").update(name="مسئول", key="مسيول")
    Article.objects.update(search_text="")
    Official.objects.update(search_text="", name_key="مسوول")
    migration.fill_officials(apps, None)
    migration.fill_articles(apps, None)
    article.refresh_from_db()
    assert "الفلاحه" in article.search_text.split("\n")[2]
    official.refresh_from_db()
    assert official.name_key == "مسءول"
    # The two spellings now fold the same: one is kept.
    assert official.spellings.count() == 1


# --- the admin's search ---------------------------------------------------------


def test_admin_search_finds_hamza_spelling_typed_without_it(editor_client):
    OfficialFactory(name="أحمد ابريجة")
    OfficialFactory(name="مليكة مزور")
    response = editor_client.get(
        reverse("admin:articles_official_changelist"), {"q": "احمد"}
    )
    assert [o.name for o in response.context["cl"].result_list] == ["أحمد ابريجة"]


def test_admin_article_search_is_folded_too(editor_client):
    ArticleFactory(title="الأمين الجهوي يترأس اللقاء")
    ArticleFactory(title="خبر آخر")
    response = editor_client.get(
        reverse("admin:articles_article_changelist"), {"q": "الامين"}
    )
    titles = [a.title for a in response.context["cl"].result_list]
    assert titles == ["الأمين الجهوي يترأس اللقاء"]


def test_admin_search_still_finds_rows_whose_search_text_is_stale(editor_client):
    # Text left behind by a raw update: the typed fields still match.
    official = OfficialFactory(name="عادل البيطار")
    official.spellings.create(name="Adil Bitar")
    Official.objects.filter(pk=official.pk).update(search_text="")
    response = editor_client.get(
        reverse("admin:articles_official_changelist"), {"q": "Bitar"}
    )
    assert list(response.context["cl"].result_list) == [official]


def test_admin_autocomplete_finds_officials_typed_without_hamza(editor_client):
    OfficialFactory(name="إيمان عزيزو")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "ايمان",
            "app_label": "articles",
            "model_name": "attendee",
            "field_name": "official",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["إيمان عزيزو"]


# --- PostgreSQL: indexes and locale -----------------------------------------------


class FakeConnection:
    """Just enough of a database connection for the locale check."""

    def __init__(self, vendor: str, ctype: str) -> None:
        self.vendor, self.ctype = vendor, ctype

    def cursor(self) -> FakeConnection:
        return self

    def __enter__(self) -> FakeConnection:
        return self

    def __exit__(self, *exc) -> None:
        pass

    def execute(self, sql: str, params=None) -> None:
        assert "datctype" in sql

    def fetchone(self) -> tuple[str]:
        return (self.ctype,)


@pytest.mark.parametrize("ctype", ["C", "POSIX"])
def test_locale_check_warns_when_postgresql_ctype_is_c(monkeypatch, ctype):
    monkeypatch.setattr(
        checks, "connections", {"default": FakeConnection("postgresql", ctype)}
    )
    messages = checks.check_search_locale(databases=["default"])
    assert [m.id for m in messages] == ["articles.W001"]
    assert ctype in messages[0].msg


@pytest.mark.parametrize(
    ("vendor", "ctype"),
    [("postgresql", "C.UTF-8"), ("postgresql", "ar_MA.UTF-8"), ("sqlite", "C")],
)
def test_locale_check_is_quiet_with_a_real_locale_or_sqlite(monkeypatch, vendor, ctype):
    monkeypatch.setattr(
        checks, "connections", {"default": FakeConnection(vendor, ctype)}
    )
    assert checks.check_search_locale(databases=["default"]) == []


def test_locale_check_runs_only_for_the_databases_asked():
    assert checks.check_search_locale() == []


@pytest.mark.postgres
def test_locale_check_reads_the_test_database_ctype():
    ctype = checks.database_ctype(connection)
    messages = checks.check_search_locale(databases=["default"])
    assert bool(messages) == (ctype in checks.C_LOCALES)


def explain(queryset) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


@pytest.mark.postgres
def test_part_of_a_word_is_matched_on_the_stored_suffixes_not_the_text():
    plan = search.all_matches(["تخابات"]).explain()
    assert "search_suffixes @@" in plan
    assert "search_text" not in plan


@pytest.mark.postgres
def test_stored_suffixes_are_searched_through_their_gin_index():
    article_with("الانتخابات")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM articles_article "
            "WHERE search_suffixes @@ to_tsquery('simple', %s)",
            ["'تخابات':*"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "article_search_suffixes_idx" in plan


@pytest.mark.postgres
def test_full_text_and_partial_word_conditions_use_the_gin_indexes():
    article_with("الانتخابات")
    query = SearchQuery("'الانتخابات':*", search_type="raw", config="simple")
    words = Article.objects.filter(search_vector=query)
    assert "article_search_vector_idx" in explain(words)
    partial = Article.objects.filter(search_text__contains="تخابات")
    assert "article_search_trgm_idx" in explain(partial)


@pytest.mark.postgres
def test_postgresql_stores_a_weighted_vector_of_the_text():
    article = article_with("التنمية", title="برنامج التشغيل")
    article.refresh_from_db()
    assert "'التشغيل':2A" in article.search_vector
    assert "'التنميه'" in article.search_vector
