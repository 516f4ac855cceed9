"""Every save is a version: who and when, the history, a comparison, a restore."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from tests.factories import OfficialFactory, SectionFactory
from tests.helpers import article_form, attendee_rows, change_url

pytestmark = pytest.mark.django_db


class FormFields(HTMLParser):
    """What a browser would post from the page's article form."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.data: dict[str, list[str]] = {}
        self.in_form = False
        self.textarea: str | None = None
        self.select: str | None = None
        self.feed(html)

    def add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "article_form":
            self.in_form = True
        if not self.in_form or not attrs.get("name") and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            default = "on" if kind in {"checkbox", "radio"} else ""
            self.add(attrs["name"], attrs.get("value") or default)
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.add(self.textarea, "")
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.add(self.select, attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data


def page_form(response) -> dict[str, list[str]]:
    return FormFields(response.content.decode()).data


def history_url(article: Article) -> str:
    return reverse("admin:articles_article_history", args=[article.pk])


def compare_url(article: Article) -> str:
    return reverse("admin:articles_article_compare", args=[article.pk])


def versions(article: Article) -> list[Version]:
    return list(Version.objects.get_for_object(article).order_by("pk"))


def save_in_admin(client, article: Article, **changes) -> None:
    """Open the change form and post it back with `changes`, as a browser would."""
    data = page_form(client.get(change_url(article))) | changes
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.context["adminform"].errors


def add_in_admin(client, **fields) -> Article:
    data = article_form(SectionFactory(), **fields)
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.context["adminform"].errors
    return Article.objects.latest("pk")


@pytest.fixture
def edited(desk_client):
    """An article added with one person, renamed twice, then given another."""
    first, second = OfficialFactory(name="نجوى ككوس"), OfficialFactory()
    data = article_form(SectionFactory(), title="العنوان الأول") | attendee_rows(
        {"official": str(first.pk), "role_as_printed": "رئيسة الجماعة"}
    )
    assert (
        desk_client.post(reverse("admin:articles_article_add"), data).status_code == 302
    )
    article = Article.objects.get()
    save_in_admin(
        desk_client,
        article,
        title=["العنوان الثاني"],
        **{"attendees-0-DELETE": ["on"]},
    )
    save_in_admin(desk_client, article, title=["العنوان الثالث"])
    save_in_admin(
        desk_client,
        article,
        **{
            "attendees-0-official": [str(second.pk)],
            "attendees-0-participation": ["spoke"],
        },
    )
    article.refresh_from_db()
    return article


def people(article: Article) -> list[str]:
    return [a.display_name for a in article.attendees.all()]


def test_every_admin_save_is_a_version_with_who_and_when(edited, desk_editor):
    saved = versions(edited)
    assert [v.field_dict["title"] for v in saved] == [
        "العنوان الأول",
        "العنوان الثاني",
        "العنوان الثالث",
        "العنوان الثالث",
    ]
    assert {v.revision.user for v in saved} == {desk_editor}
    assert all(v.revision.date_created and v.revision.comment for v in saved)


def test_a_version_keeps_the_people_of_its_time(edited):
    def roles(version: Version) -> list[str]:
        return [
            v.field_dict["role_as_printed"]
            for v in version.revision.version_set.exclude(pk=version.pk)
        ]

    first, second, _third, fourth = versions(edited)
    assert roles(first) == ["رئيسة الجماعة"]
    assert roles(second) == []
    assert len(roles(fourth)) == 1


def test_history_lists_versions_newest_first_to_compare_or_restore(desk_client, edited):
    response = desk_client.get(history_url(edited))
    assert response.status_code == 200
    rows = response.context["action_list"]
    assert [row["version"] for row in rows] == versions(edited)[::-1]
    page = response.content.decode()
    assert f'action="{compare_url(edited)}"' in page
    assert page.count('name="old"') == page.count('name="new"') == 4
    oldest = versions(edited)[0]
    restore = reverse("admin:articles_article_revision", args=[edited.pk, oldest.pk])
    assert f'href="{restore}"' in page


def test_compare_shows_only_what_changed_older_version_first(desk_client, edited):
    first, *_middle, last = versions(edited)
    # Chosen in either order, the older version is on the "old" side.
    response = desk_client.get(compare_url(edited), {"old": last.pk, "new": first.pk})
    assert response.status_code == 200
    assert (response.context["old"], response.context["new"]) == (first, last)
    changes = {change.name: change for change in response.context["changes"]}
    assert set(changes) == {"title", "attendees"}
    [title] = changes["title"].lines
    assert (title.kind, title.old, title.new) == (
        "changed",
        "العنوان <del>الأول</del>",
        "العنوان <ins>الثالث</ins>",
    )
    [person] = changes["attendees"].lines
    assert person.kind == "changed" and "نجوى ككوس" in person.old
    page = response.content.decode()
    assert "<del>الأول</del>" in page and "<ins>الثالث</ins>" in page


def test_compare_of_the_body_goes_paragraph_by_paragraph(desk_client):
    article = add_in_admin(
        desk_client, body="<p>الفقرة الأولى.</p><p>الفقرة الثانية.</p>"
    )
    save_in_admin(
        desk_client,
        article,
        body=["<p>الفقرة الأولى.</p><p>الفقرة الثانية بعد التعديل.</p><p>ثالثة.</p>"],
    )
    old, new = versions(article)
    response = desk_client.get(compare_url(article), {"old": old.pk, "new": new.pk})
    [body] = response.context["changes"]
    assert [line.kind for line in body.lines] == ["same", "changed", "added"]
    assert body.lines[1].old == "الفقرة <del>الثانية.</del>"
    assert body.lines[1].new == "الفقرة <ins>الثانية بعد التعديل.</ins>"


def test_compare_notes_a_change_of_formatting_alone(desk_client):
    article = add_in_admin(desk_client, body="<p>نص مهم.</p>")
    save_in_admin(desk_client, article, body=["<p>نص <strong>مهم</strong>.</p>"])
    old, new = versions(article)
    response = desk_client.get(compare_url(article), {"old": old.pk, "new": new.pk})
    [body] = response.context["changes"]
    assert [line.kind for line in body.lines] == ["note"]


def test_compare_without_two_versions_goes_back_to_the_history(desk_client, edited):
    response = desk_client.get(compare_url(edited), {"old": "x"})
    assert response.status_code == 302
    assert response["Location"] == history_url(edited)


def test_compare_refuses_another_articles_version(desk_client, edited):
    other = add_in_admin(desk_client)
    foreign = versions(other)[0]
    response = desk_client.get(
        compare_url(edited), {"old": foreign.pk, "new": versions(edited)[0].pk}
    )
    assert response.status_code == 302


def test_restore_brings_back_the_title_and_the_people(desk_client, edited):
    oldest = versions(edited)[0]
    url = reverse("admin:articles_article_revision", args=[edited.pk, oldest.pk])
    form = desk_client.get(url)
    assert form.status_code == 200
    # Looking at an old version changes nothing.
    edited.refresh_from_db()
    assert edited.title == "العنوان الثالث"
    assert len(people(edited)) == 1 and people(edited) != ["نجوى ككوس"]

    response = desk_client.post(url, page_form(form))
    assert response.status_code == 302
    edited.refresh_from_db()
    assert edited.title == "العنوان الأول"
    assert people(edited) == ["نجوى ككوس"]
    assert edited.attendees.get().role_as_printed == "رئيسة الجماعة"
    assert len(versions(edited)) == 5


def test_author_reads_the_history_of_their_article_but_does_not_restore(client, author):
    client.force_login(author)
    article = add_in_admin(client, title="مسودة الكاتب")
    save_in_admin(client, article, title=["مسودة الكاتب بعد التعديل"])
    old, new = versions(article)
    page = client.get(history_url(article))
    assert page.status_code == 200
    assert not page.context["may_restore"]
    compare = client.get(compare_url(article), {"old": old.pk, "new": new.pk})
    assert compare.status_code == 200
    restore = reverse("admin:articles_article_revision", args=[article.pk, old.pk])
    assert client.get(restore).status_code == 403
    assert (
        client.post(restore, page_form(client.get(change_url(article)))).status_code
        == 403
    )
    article.refresh_from_db()
    assert article.title == "مسودة الكاتب بعد التعديل"


def test_editor_recovers_a_deleted_article(desk_client, edited):
    delete = reverse("admin:articles_article_delete", args=[edited.pk])
    assert desk_client.post(delete, {"post": "yes"}).status_code == 302
    recover_list = desk_client.get(reverse("admin:articles_article_recoverlist"))
    assert recover_list.status_code == 200
    [deleted] = recover_list.context["deleted"]
    url = reverse("admin:articles_article_recover", args=[deleted.pk])
    response = desk_client.post(url, page_form(desk_client.get(url)))
    assert response.status_code == 302
    assert Article.objects.get(pk=edited.pk).title == "العنوان الثالث"


def test_history_names_the_changed_fields_in_arabic(edited):
    comments = [v.revision.get_comment() for v in versions(edited)]
    assert "العنوان" in comments[2]
    assert not any(re.search(r"[A-Za-z]{2,}", comment) for comment in comments)


def test_restore_keeps_todays_views_and_comment_count(desk_client, edited):
    # Readers' doing since the old version: a restore brings back text, not counts.
    Article.objects.filter(pk=edited.pk).update(view_count=321, comment_count=4)
    oldest = versions(edited)[0]
    url = reverse("admin:articles_article_revision", args=[edited.pk, oldest.pk])

    response = desk_client.post(url, page_form(desk_client.get(url)))

    assert response.status_code == 302
    edited.refresh_from_db()
    assert edited.title == "العنوان الأول"
    assert (edited.view_count, edited.comment_count) == (321, 4)


def test_a_recovered_article_counts_no_comments(desk_client, edited):
    # Its comments were deleted with it; the version remembers an old count.
    Article.objects.filter(pk=edited.pk).update(comment_count=3)
    save_in_admin(desk_client, Article.objects.get(pk=edited.pk), title=["آخر"])
    delete = reverse("admin:articles_article_delete", args=[edited.pk])
    assert desk_client.post(delete, {"post": "yes"}).status_code == 302
    [deleted] = desk_client.get(reverse("admin:articles_article_recoverlist")).context[
        "deleted"
    ]
    url = reverse("admin:articles_article_recover", args=[deleted.pk])

    assert desk_client.post(url, page_form(desk_client.get(url))).status_code == 302
    assert Article.objects.get(pk=edited.pk).comment_count == 0
