from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import (
    Article,
    Attendee,
    Event,
    Image,
    Official,
    Organization,
    Place,
    Position,
    Section,
    Tag,
)
from comments.models import Comment
from tests.helpers import encode, marked_picture, upload


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    name = factory.Sequence(lambda n: f"قسم {n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"وسم {n}")


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"جهة {n}")
    kind = Place.Kind.REGION


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"حزب {n}")
    kind = Organization.Kind.PARTY


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    name = factory.Sequence(lambda n: f"مسؤول رقم {n}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    official = factory.SubFactory(OfficialFactory)
    organization = factory.SubFactory(OrganizationFactory)
    title = "عضو المكتب السياسي"
    start_date = datetime.date(2021, 9, 1)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"لقاء تواصلي {n}")
    date = datetime.date(2025, 10, 24)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"خبر رقم {n} من الجهة")
    lede = "مقدمة قصيرة للخبر."
    body = "<p>الفقرة الأولى من الخبر.</p><p>الفقرة الثانية من الخبر.</p>"
    section = factory.SubFactory(SectionFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(
        lambda: timezone.now() - datetime.timedelta(hours=1)
    )

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT, published_at=None)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(
                lambda: timezone.now() + datetime.timedelta(days=1)
            )
        )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


class AttendeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendee

    article = factory.SubFactory(ArticleFactory)
    official = factory.SubFactory(OfficialFactory)
    role_as_printed = "عضو المكتب السياسي"
    order = factory.Sequence(lambda n: n)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    article = factory.SubFactory(ArticleFactory)
    name = "قارئ"
    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    body = "تعليق على الخبر."
    status = Comment.Status.APPROVED


def stored_image(data: bytes | None = None, name: str = "photo.jpg", **kwargs) -> Image:
    """An uploaded image, stored; a marked 2000×1000 JPEG unless `data` is given."""
    data = data if data is not None else encode(marked_picture((2000, 1000)))
    kwargs.setdefault("alt", "رئيس المجلس يلقي كلمته")
    return Image.objects.create(file=upload(data, name), **kwargs)


def commune_in(region: Place, name: str | None = None) -> Place:
    """A commune inside a prefecture inside `region`."""
    prefecture = PlaceFactory(kind=Place.Kind.PREFECTURE, parent=region)
    if name is None:
        return PlaceFactory(kind=Place.Kind.COMMUNE, parent=prefecture)
    return PlaceFactory(kind=Place.Kind.COMMUNE, parent=prefecture, name=name)


def reported_article(**kwargs) -> Article:
    """An article with an author, tags, people and comments, as the desk makes."""
    author = UserFactory(
        username="reporter",
        first_name="سعيد",
        last_name="الصحفي",
        email="reporter@example.com",
    )
    article = ArticleFactory(
        title="لقاء تواصلي لحزب التجمع الوطني للأحرار",
        lede="احتضن مقر الحزب لقاء تواصليا مع المنتخبين.",
        author=author,
        tags=[TagFactory(name="الانتخابات"), TagFactory(name="الأحزاب")],
        **kwargs,
    )
    official = OfficialFactory(name="محمد الأمين")
    AttendeeFactory(
        article=article,
        official=official,
        role_as_printed="المنسق الجهوي للحزب",
        order=1,
    )
    AttendeeFactory(
        article=article,
        official=None,
        name_as_printed="فاطمة الزهراء",
        role_as_printed="عضوة المجلس الجماعي",
        order=2,
    )
    CommentFactory.create_batch(2, article=article)
    CommentFactory(article=article, status=Comment.Status.PENDING)
    Article.objects.filter(pk=article.pk).update(view_count=158)
    return article
