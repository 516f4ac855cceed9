from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from articles.models import Article, Attendee, Official, Place, Position, Section
from comments.models import Comment
from tests.factories import (
    ArticleFactory,
    AttendeeFactory,
    CommentFactory,
    OfficialFactory,
    OrganizationFactory,
    PlaceFactory,
    PositionFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_and_future_articles():
    visible = ArticleFactory()
    ArticleFactory(draft=True)
    ArticleFactory(scheduled=True)
    assert list(Article.objects.published()) == [visible]


def test_scheduled_article_appears_by_itself_when_its_time_comes(settings):
    article = ArticleFactory(
        published_at=timezone.now() + datetime.timedelta(minutes=5)
    )
    assert not Article.objects.published().exists()
    Article.objects.filter(pk=article.pk).update(
        published_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert list(Article.objects.published()) == [article]


def test_slug_is_made_on_the_server_from_the_arabic_title():
    article = ArticleFactory(title="البام يعزز التنسيق الجهوي ٢٠٢٥", slug="")
    assert article.slug == "البام-يعزز-التنسيق-الجهوي-2025"


def test_title_lede_and_body_digits_become_western():
    article = ArticleFactory(
        title="ميزانية ٢٠٢٦", lede="رصد ۱۲ مليون درهم", body="<p>في ٢٤ أكتوبر</p>"
    )
    article.refresh_from_db()
    assert article.title == "ميزانية 2026"
    assert article.lede == "رصد 12 مليون درهم"
    assert article.body == "<p>في 24 أكتوبر</p>"


def test_editor_slug_is_cleaned_of_invisible_characters():
    article = ArticleFactory(slug="لقاء\u200f الـــجهة")
    assert article.slug == "لقاء-الجهة"


def test_title_of_punctuation_only_is_refused():
    article = ArticleFactory.build(title="؟!…", section=SectionFactory())
    with pytest.raises(ValidationError) as exc:
        article.full_clean()
    assert "title" in exc.value.message_dict


def test_publishing_without_a_date_means_now():
    article = ArticleFactory(status=Article.Status.PUBLISHED, published_at=None)
    assert article.published_at is not None
    assert article.published_at <= timezone.now()


def test_database_refuses_a_published_article_without_a_date():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(published_at=None)


def test_publish_keeps_a_scheduled_date_and_dates_the_rest_now():
    later = timezone.now() + datetime.timedelta(days=2)
    undated = ArticleFactory(draft=True)
    dated = ArticleFactory(status=Article.Status.DRAFT, published_at=later)
    assert Article.objects.filter(pk__in=[undated.pk, dated.pk]).publish() == 2
    undated.refresh_from_db()
    dated.refresh_from_db()
    assert undated.is_published()
    assert dated.published_at == later and dated.is_scheduled()


def test_unpublish_takes_articles_off_the_site():
    article = ArticleFactory()
    assert Article.objects.all().unpublish() == 1
    assert not Article.objects.published().filter(pk=article.pk).exists()
    article.refresh_from_db()
    assert article.status == Article.Status.UNPUBLISHED


def test_count_view_adds_one_in_the_database():
    article = ArticleFactory()
    stale = Article.objects.get(pk=article.pk)
    article.count_view()
    stale.count_view()  # a second reader holding an older copy loses nothing
    article.refresh_from_db()
    assert article.view_count == 2


def test_section_with_a_colliding_name_is_a_validation_error():
    SectionFactory(name="سياسة")
    section = Section(name="سياسة")
    with pytest.raises(ValidationError) as exc:
        section.full_clean()
    assert "slug" in exc.value.message_dict or "name" in exc.value.message_dict


def test_section_in_use_cannot_be_deleted():
    article = ArticleFactory()
    with pytest.raises(ProtectedError):
        article.section.delete()


def test_official_named_in_articles_cannot_be_deleted():
    attendee = AttendeeFactory()
    with pytest.raises(ProtectedError):
        attendee.official.delete()
    assert Attendee.objects.filter(pk=attendee.pk).exists()


def test_attendee_without_official_keeps_the_name_as_printed():
    attendee = AttendeeFactory(official=None, name_as_printed="سعيد الناصري")
    attendee.refresh_from_db()
    assert attendee.display_name == "سعيد الناصري"


def test_attendee_name_defaults_to_the_official_name():
    official = OfficialFactory(name="نجوى ككوس")
    attendee = AttendeeFactory(official=official, name_as_printed="")
    assert attendee.name_as_printed == "نجوى ككوس"


def test_attendee_needs_an_official_or_a_name():
    attendee = AttendeeFactory.build(
        article=ArticleFactory(), official=None, name_as_printed=" "
    )
    with pytest.raises(ValidationError):
        attendee.full_clean()


def test_attendee_position_must_belong_to_the_official():
    attendee = AttendeeFactory()
    attendee.position = PositionFactory()  # someone else's
    with pytest.raises(ValidationError) as exc:
        attendee.full_clean()
    assert "position" in exc.value.message_dict


def test_same_official_cannot_be_listed_twice_in_one_article():
    attendee = AttendeeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendee.objects.create(article=attendee.article, official=attendee.official)


def test_attendees_keep_the_editor_order():
    article = ArticleFactory()
    names = ["ثالث", "أول", "ثاني"]
    for order, name in zip([3, 1, 2], names, strict=True):
        AttendeeFactory(
            article=article, official=None, name_as_printed=name, order=order
        )
    assert [a.name_as_printed for a in article.attendees.all()] == [
        "أول",
        "ثاني",
        "ثالث",
    ]


def test_official_matches_other_spellings_and_letter_variants():
    official = OfficialFactory(name="أحمد ابريجة")
    official.spellings.create(name="Ahmed Brija")
    assert list(Official.objects.matching("احمد ابريجه")) == [official]
    assert list(Official.objects.matching("ahmed  BRIJA")) == [official]
    assert not Official.objects.matching("أحمد بريجة").exists()


def test_matching_official_is_none_when_two_officials_share_a_name():
    OfficialFactory(name="محمد العلوي")
    OfficialFactory(name="محمد العلوي")
    attendee = Attendee(name_as_printed="محمد العلوي")
    assert attendee.matching_official() is None


def test_position_with_month_precision_is_stored_on_the_first_of_the_month():
    position = PositionFactory(
        start_date=datetime.date(2021, 9, 17), start_precision="month"
    )
    assert position.start_date == datetime.date(2021, 9, 1)


def test_position_ending_before_it_starts_is_refused():
    position = PositionFactory.build(
        official=OfficialFactory(),
        organization=OrganizationFactory(),
        start_date=datetime.date(2021, 9, 1),
        end_date=datetime.date(2020, 1, 1),
    )
    with pytest.raises(ValidationError) as exc:
        position.full_clean()
    assert "end_date" in exc.value.message_dict


def test_positions_read_as_a_timeline_newest_first():
    official = OfficialFactory()
    old = PositionFactory(official=official, start_date=datetime.date(2015, 1, 1))
    new = PositionFactory(official=official, start_date=datetime.date(2021, 1, 1))
    undated = PositionFactory(official=official, start_date=None)
    assert list(Position.objects.filter(official=official)) == [new, old, undated]


def test_commune_must_sit_in_a_prefecture_or_province():
    region = PlaceFactory(name="جهة الدار البيضاء-سطات")
    commune = Place(name="جماعة الدار البيضاء", kind=Place.Kind.COMMUNE, parent=region)
    with pytest.raises(ValidationError):
        commune.full_clean()
    prefecture = Place.objects.create(
        name="عمالة الدار البيضاء", kind=Place.Kind.PREFECTURE, parent=region
    )
    commune.parent = prefecture
    commune.full_clean()


def test_two_regions_with_the_same_name_are_refused():
    PlaceFactory(name="جهة الشرق")
    with pytest.raises(ValidationError):
        Place(name="جهة الشرق", kind=Place.Kind.REGION).full_clean()


def test_organization_cannot_be_inside_itself():
    party = OrganizationFactory()
    branch = OrganizationFactory(parent=party)
    party.parent = branch
    with pytest.raises(ValidationError):
        party.full_clean()


def test_deleting_an_article_deletes_its_comments():
    comment = CommentFactory()
    comment.article.delete()
    assert not Comment.objects.exists()
