"""The demo site (`manage.py load_demo`): its articles, accounts and output."""

from __future__ import annotations

import datetime
import gettext
import re
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.translation import trans_real

from articles.demo import ArticlesDemo
from articles.demo_data import ADMIN_EMAIL, ADMIN_USERNAME, REFERENCE_TITLE
from articles.models import (
    Article,
    Attendee,
    Place,
    Position,
)
from articles.richtext import sanitize_body
from articles.video import body_videos
from comments.models import Comment
from tests.helpers import load_demo

pytestmark = pytest.mark.django_db

DEMO_MODELS = ArticlesDemo.MODELS


def said(message: str, **values) -> str:
    """A message as the command prints it: in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return translation.gettext(message).format(**values)


def counts(outcome: str, out: str) -> list[int]:
    """The number of each summary line for `outcome` ("created: {count}")."""
    pattern = re.escape(said(f"{outcome}: {{count}}", count=123456))
    return [int(n) for n in re.findall(pattern.replace("123456", r"(\d+)"), out)]


def snapshot() -> dict[str, list]:
    """Every demo row, all fields: equal snapshots mean nothing changed."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in [*DEMO_MODELS, Comment]
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
    # A line per model, articles' and comments' alike, each with nothing written.
    assert len(counts("created", out)) == len(DEMO_MODELS) + 1
    assert set(counts("created", out)) == set(counts("updated", out)) == {0}


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
    assert (
        said(
            'Created the superuser "{username}" ({email}).',
            username="admin",
            email="admin@example.com",
        )
        in out
    )


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
    assert (
        said('The superuser "{username}" already has that password.', username="admin")
        in out
    )


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


def test_an_empty_admin_password_is_refused():
    refusal = said("The admin password cannot be empty.")
    with pytest.raises(CommandError, match=re.escape(refusal)):
        load_demo("--admin-password", "  ")

    assert not Article.objects.exists()


# --- no English where editors read ----------------------------------------------------

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
PLACEHOLDER = re.compile(r"(\{\w*\}|%\(\w+\)[sd])")


class MarkedCatalogue(gettext.NullTranslations):
    """Translates every message into Latin-free text, placeholders kept.

    Output that passes through gettext comes out without a Latin letter; text
    written in English straight into the code still shows, whatever the real
    catalogue holds today.
    """

    def gettext(self, message: str) -> str:
        message = message.rsplit("\x04", 1)[-1]  # pgettext's context
        return "".join(
            part if PLACEHOLDER.fullmatch(part) else re.sub("[A-Za-z]", "ع", part)
            for part in PLACEHOLDER.split(message)
        )

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)

    def to_language(self) -> str:
        return settings.LANGUAGE_CODE


@pytest.fixture
def marked_site_language(monkeypatch):
    """The site's language reads from `MarkedCatalogue`; others are as they are."""
    real = trans_real.translation
    marked = MarkedCatalogue()
    with translation.override("en"):
        monkeypatch.setattr(
            trans_real,
            "translation",
            lambda language: (
                marked if language == settings.LANGUAGE_CODE else real(language)
            ),
        )
        yield
        monkeypatch.undo()


def data_values() -> list[str]:
    """What the demo prints as data (names, titles, the account), longest first."""
    values = {ADMIN_USERNAME, ADMIN_EMAIL, "--admin-password"}
    for model in [*DEMO_MODELS, Comment]:
        values.update(str(obj) for obj in model.objects.all())
    return sorted(values, key=len, reverse=True)


def english_in(out: str) -> list[str]:
    """The lines with a Latin word that is not part of the demo's data."""
    english = []
    values = data_values()
    for line in out.splitlines():
        text = line
        for value in values:
            text = text.replace(value, "")
        if LATIN_WORD.search(text):
            english.append(line)
    return english


@pytest.mark.parametrize("password", [None, "demo-pass-123"])
def test_every_line_of_the_output_is_translated(password, marked_site_language):
    # Verbose, in a shell whose active language is English: the command still
    # speaks the site's language, and every line comes from the catalogue.
    args = ["--admin-password", password] if password else []
    first = load_demo(*args, verbosity=2)
    second = load_demo(*args, verbosity=2)

    assert english_in(first) == []
    assert english_in(second) == []
    assert len(first.splitlines()) > 100  # the verbose lines were there to check


def test_an_empty_admin_password_is_refused_in_the_sites_language(
    marked_site_language,
):
    with pytest.raises(CommandError) as refused:
        load_demo("--admin-password", "")

    assert str(refused.value)
    assert not LATIN_WORD.search(str(refused.value))


def test_demo_shows_a_video_in_a_published_article():
    load_demo()

    with_video = [
        article for article in Article.objects.published() if body_videos(article.body)
    ]

    assert with_video
    found = body_videos(with_video[0].body)[0]
    assert found.video.host == "youtube"
    assert found.title
