from __future__ import annotations

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.management.commands.load_demo import REFERENCE_TITLE
from articles.models import (
    Article,
    Attendee,
    Event,
    Official,
    OfficialSpelling,
    Organization,
    Place,
    Position,
    Section,
    Tag,
)
from articles.richtext import sanitize_body

pytestmark = pytest.mark.django_db

DEMO_MODELS = [
    Section,
    Tag,
    Place,
    Organization,
    Official,
    OfficialSpelling,
    Position,
    Event,
    Article,
    Attendee,
]


def load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, list]:
    """Every demo row, all fields: equal snapshots mean nothing changed."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in DEMO_MODELS
    }


def test_reference_article_lists_its_people_in_printed_order():
    load_demo()
    article = Article.objects.get(title=REFERENCE_TITLE)

    people = [
        (a.name_as_printed, a.role_as_printed, a.participation)
        for a in article.attendees.all()
    ]

    assert people == [
        (
            "عبد الرحيم بن الضو",
            "الأمين الجهوي للحزب بجهة الدار البيضاء-سطات",
            "presided",
        ),
        ("نجوى ككوس", "رئيسة المجلس الوطني للحزب، برلمانية", "attended"),
        ("عادل البيطار", "عضو المكتب السياسي", "attended"),
        ("إيمان عزيزو", "عضو المكتب السياسي", "attended"),
        ("عبد القادر بودراع", "رئيس مجلس عمالة الدار البيضاء", "attended"),
        ("يوسف مفلح", "رئيس فريق الحزب بمجلس الجهة", "attended"),
        ("أحمد ابريجة", "رئيس فريق الحزب بمجلس جماعة الدار البيضاء", "attended"),
        ("مليكة مزور", "النائبة الأولى لرئيسة مجلس جماعة الدار البيضاء", "attended"),
        ("صلاح الدين الشنكيطي", "نائب برلماني", "attended"),
        (
            "فاطمة الزهراء المنصوري",
            "منسقة القيادة الجماعية للأمانة العامة",
            "mentioned",
        ),
    ]


def test_reference_attendees_link_to_the_official_and_their_position():
    load_demo()
    article = Article.objects.get(title=REFERENCE_TITLE)

    for attendee in article.attendees.select_related("official", "position"):
        assert attendee.official.name == attendee.name_as_printed
        assert attendee.position.official == attendee.official
    koukouss = article.attendees.get(official__name="نجوى ككوس")
    assert koukouss.position.organization.name == "المجلس الوطني"
    assert koukouss.position.organization.parent.short_name == "البام"


def test_reference_article_is_published_on_the_day_of_the_meeting():
    load_demo()
    article = Article.objects.select_related("event__place").get(title=REFERENCE_TITLE)

    assert article.is_published()
    assert article.published_at == datetime.datetime(
        2025, 10, 24, 18, 30, tzinfo=ZoneInfo("Africa/Casablanca")
    )
    assert article.view_count == 159
    assert article.comments_enabled
    assert article.body.count("<p>") == 6
    assert article.event.date == datetime.date(2025, 10, 24)
    assert article.event.venue == "المقر الجهوي للحزب"
    assert article.event.place.name == "جماعة الدار البيضاء"
    assert article.event.presided_by.name == "عبد الرحيم بن الضو"
    assert article.event.organizer.name == "الأمانة الجهوية بجهة الدار البيضاء-سطات"


def test_demo_has_a_dozen_published_articles_and_hides_draft_and_scheduled():
    load_demo()

    published = Article.objects.published()
    draft = Article.objects.get(status=Article.Status.DRAFT)
    scheduled = next(a for a in Article.objects.all() if a.is_scheduled())

    assert Article.objects.count() >= 14
    assert published.count() >= 12
    assert draft not in published
    assert scheduled not in published


def test_demo_bodies_are_clean_html_with_every_kind_of_formatting():
    load_demo()
    bodies = list(Article.objects.values_list("body", flat=True))

    for body in bodies:
        assert body.startswith("<p>")
        assert sanitize_body(body) == body
    together = "".join(bodies)
    for markup in ["<h2>", "<ul><li><p>", "<blockquote>", "<strong>", "<em>"]:
        assert markup in together
    assert '<a href="https://ar.wikipedia.org/wiki/' in together


def test_printed_name_matching_no_official_is_kept_as_printed():
    load_demo()

    attendee = Attendee.objects.get(official__isnull=True)

    assert attendee.name_as_printed == "سناء العلوي"
    assert attendee.position is None


def test_places_sit_only_in_allowed_parents():
    load_demo()

    for place in Place.objects.select_related("parent"):
        allowed = Place.ALLOWED_PARENTS[place.kind]
        assert (place.parent.kind if place.parent else None) in (allowed or {None})


def test_one_position_has_ended_and_some_dates_are_partial():
    load_demo()

    assert Position.objects.filter(end_date__isnull=False).exists()
    assert {"year", "month"} <= set(
        Position.objects.values_list("start_precision", flat=True)
    )


def test_running_twice_changes_nothing():
    load_demo()
    before = snapshot()

    out = load_demo()

    assert snapshot() == before
    assert "0 created, 0 updated" in out
    assert " created, " not in out.replace("0 created, ", "")


def test_running_again_keeps_readers_view_counts():
    load_demo()
    article = Article.objects.get(title=REFERENCE_TITLE)
    article.count_view()

    load_demo()

    article.refresh_from_db()
    assert article.view_count == 160


def test_scheduled_article_stays_in_the_future_when_its_date_has_passed():
    load_demo()
    scheduled = next(a for a in Article.objects.all() if a.is_scheduled())
    Article.objects.filter(pk=scheduled.pk).update(
        published_at=scheduled.published_at - datetime.timedelta(days=30)
    )

    load_demo()

    scheduled.refresh_from_db()
    assert scheduled.is_scheduled()


def test_admin_password_creates_a_superuser_who_can_log_in(client):
    out = load_demo("--admin-password", "demo-pass-123")

    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.is_staff
    assert user.email == "admin@example.com"
    assert client.login(username="admin", password="demo-pass-123")
    assert 'Created the superuser "admin"' in out


def test_without_admin_password_the_existing_password_is_kept(client):
    load_demo("--admin-password", "first-pass-123")

    load_demo()

    assert client.login(username="admin", password="first-pass-123")


def test_admin_password_option_sets_the_password_again(client):
    load_demo("--admin-password", "first-pass-123")

    load_demo("--admin-password", "second-pass-456")

    assert get_user_model().objects.filter(username="admin").count() == 1
    assert client.login(username="admin", password="second-pass-456")


def test_same_admin_password_leaves_the_user_row_unchanged():
    load_demo("--admin-password", "first-pass-123")
    before = get_user_model().objects.values().get(username="admin")

    out = load_demo("--admin-password", "first-pass-123")

    assert get_user_model().objects.values().get(username="admin") == before
    assert "already has that password" in out


def test_no_superuser_without_admin_password():
    out = load_demo()

    assert not get_user_model().objects.exists()
    assert "--admin-password" in out


@pytest.mark.django_db
def test_demo_has_one_account_per_role_with_the_admin_password(client):
    call_command("load_demo", admin_password="demo-pass-123", stdout=StringIO())
    for username, group in [
        ("author", "Authors"),
        ("editor", "Editors"),
        ("moderator", "Comment moderators"),
    ]:
        user = get_user_model().objects.get(username=username)
        assert user.is_staff and not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert client.login(username=username, password="demo-pass-123")
