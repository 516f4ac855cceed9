"""Writing the demo content to the database, safe to run again.

Every object is found by its natural key and only written when the demo's values
differ from the database's, so a second run changes nothing. `DemoWriter` does
that and counts what it did; the comments app's demo writes through it too.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from newsroom.arabic import arabic_slugify

from . import demo_breaking, demo_photos, images
from . import demo_data as data
from .models import (
    Article,
    Attendee,
    AuthorProfile,
    DatePrecision,
    Event,
    Image,
    Official,
    OfficialSpelling,
    Organization,
    Place,
    Position,
    Section,
    Tag,
)

OUTCOMES = ("created", "updated", "unchanged", "deleted")


def differs(obj: models.Model, name: str, value: Any) -> bool:
    """Whether the stored field differs from `value` (relations compared by key)."""
    model_field = obj._meta.get_field(name)
    if model_field.is_relation:
        key = value.pk if value is not None else None
        return getattr(obj, model_field.attname) != key
    return getattr(obj, name) != value


class DemoWriter:
    """Finds demo rows by natural key, writes only what differs, counts outcomes.

    `say` receives a line for each row created, updated or deleted (the
    command's verbose output); without it the writer is silent.
    """

    def __init__(self, say: Callable[[str], object] | None = None) -> None:
        self.tally: Counter[tuple[type[models.Model], str]] = Counter()
        self.say = say

    def sync(
        self,
        model: type[models.Model],
        lookup: dict[str, Any],
        values: dict[str, Any] | None = None,
        create_values: dict[str, Any] | None = None,
        after_create: Callable[[Any], object] | None = None,
    ) -> Any:
        """Find by natural key; create, or save only the values that differ.

        `create_values` are written once, when the object is created: later runs
        keep what readers and editors have changed since (view counts, dates).
        `after_create` runs on a new object only (to set an automatic field).
        """
        values = values or {}
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values, **(create_values or {}))
            outcome = "created"
        else:
            changed = [
                name for name, value in values.items() if differs(obj, name, value)
            ]
            if not changed:
                self.record(model, "unchanged", obj)
                return obj
            for name in changed:
                setattr(obj, name, values[name])
            outcome = "updated"
        # Fields the model derives itself (keys, counters, timestamps) are
        # filled on save, so they are left out of validation.
        derived = [f.name for f in model._meta.fields if not f.editable]
        obj.full_clean(exclude=derived)
        obj.save()
        if outcome == "created" and after_create is not None:
            after_create(obj)
        self.record(model, outcome, obj)
        return obj

    def record(self, model: type[models.Model], outcome: str, obj: Any) -> None:
        self.tally[model, outcome] += 1
        if self.say is None or outcome == "unchanged":
            return
        # Verbal nouns in Arabic: no agreement with the model's gender or number.
        lines = {
            "created": _("Created {model}: {object}"),
            "updated": _("Updated {model}: {object}"),
            "deleted": _("Deleted {model}: {object}"),
        }
        self.say(lines[outcome].format(model=model._meta.verbose_name, object=obj))

    def summary(self, model_list: Iterable[type[models.Model]]) -> list[str]:
        """One line per model: how many rows were created, updated, left alone."""
        labels = {
            "created": _("created: {count}"),
            "updated": _("updated: {count}"),
            "unchanged": _("unchanged: {count}"),
            "deleted": _("deleted: {count}"),
        }
        separator = pgettext("list separator", ", ")
        lines = []
        for model in model_list:
            counts = separator.join(
                labels[outcome].format(count=self.tally[model, outcome])
                for outcome in OUTCOMES
                if self.tally[model, outcome] or outcome != "deleted"
            )
            lines.append(
                _("{model}: {counts}").format(
                    model=model._meta.verbose_name_plural, counts=counts
                )
            )
        return lines


@dataclass
class LoadedSite:
    """What the articles demo hands on: its reference article and accounts."""

    reference: Article
    admin_message: str
    # Who answers readers in the site's name: the moderator, else the admin.
    site_voice: AbstractBaseUser | None


class ArticlesDemo:
    """Sections, places, organizations, officials, events and articles; accounts."""

    # The order of the summary.
    MODELS = [
        Section,
        Tag,
        Place,
        Organization,
        Official,
        OfficialSpelling,
        Position,
        Event,
        Image,
        Article,
        Attendee,
    ]

    def __init__(self, writer: DemoWriter) -> None:
        self.writer = writer
        self.sync = writer.sync
        self.now = timezone.now().replace(second=0, microsecond=0)

    def load(self, admin_password: str | None = None) -> LoadedSite:
        """Write the whole demo; the caller holds the transaction."""
        self.load_sections_and_tags()
        self.load_places()
        self.load_organizations()
        self.load_officials()
        admin_message = self.load_admin(admin_password)
        if admin_password is not None:
            self.load_role_users(admin_password)
        # The demo's writers sign the stories in turn (none without accounts).
        writers = list(
            get_user_model().objects.filter(username__in=data.WRITERS).order_by("id")
        )
        articles = [
            self.load_story(story, writers[index % len(writers)] if writers else None)
            for index, story in enumerate(data.STORIES)
        ]
        users = get_user_model()
        voices = users.objects.filter(
            username__in=[data.MODERATOR_USERNAME, data.ADMIN_USERNAME],
            is_active=True,
            is_staff=True,
        )
        by_name = {user.get_username(): user for user in voices}
        demo_breaking.load(articles, articles[data.STORIES.index(data.REFERENCE)])
        return LoadedSite(
            reference=articles[data.STORIES.index(data.REFERENCE)],
            admin_message=admin_message,
            site_voice=by_name.get(data.MODERATOR_USERNAME)
            or by_name.get(data.ADMIN_USERNAME),
        )

    def summary(self) -> list[str]:
        """The tally of each model, then what readers can see."""
        visible = Article.objects.published().count()
        return [
            *self.writer.summary(self.MODELS),
            _("Articles visible to readers: {visible} of {total}.").format(
                visible=visible, total=Article.objects.count()
            ),
        ]

    def load_sections_and_tags(self) -> None:
        self.sections = {}
        for position, (name, description) in enumerate(data.SECTIONS, start=1):
            self.sections[name] = self.sync(
                Section,
                {"slug": arabic_slugify(name)},
                {"name": name, "description": description, "position": position},
            )
        self.tags = {
            name: self.sync(Tag, {"slug": arabic_slugify(name)}, {"name": name})
            for name in data.TAGS
        }

    def load_places(self) -> None:
        self.places = {}
        for name, kind, parent in data.PLACES:
            self.places[name] = self.sync(
                Place,
                {"parent": self.places.get(parent), "name": name},
                {"kind": kind},
            )

    def load_organizations(self) -> None:
        self.organizations = {}
        for org in data.ORGANIZATIONS:
            self.organizations[org.name] = self.sync(
                Organization,
                {"parent": self.organizations.get(org.parent), "name": org.name},
                {
                    "kind": org.kind,
                    "short_name": org.short_name,
                    "place": self.places.get(org.place),
                },
            )

    def load_officials(self) -> None:
        self.officials = {}
        self.positions = {}
        for person in data.OFFICIALS:
            official = self.sync(Official, {"name": person.name})
            self.officials[person.name] = official
            for spelling in person.spellings:
                self.sync(OfficialSpelling, {"official": official, "name": spelling})
            for post in person.posts:
                start_date, start_precision = post.start or (None, DatePrecision.DAY)
                end_date, end_precision = post.end or (None, DatePrecision.DAY)
                organization = self.organizations[post.organization]
                self.positions[person.name, post.organization] = self.sync(
                    Position,
                    {
                        "official": official,
                        "organization": organization,
                        "title": post.title,
                    },
                    {
                        "start_date": start_date,
                        "start_precision": start_precision,
                        "end_date": end_date,
                        "end_precision": end_precision,
                    },
                )

    def load_story(
        self, story: data.Story, writer: AbstractBaseUser | None = None
    ) -> Article:
        values, create_values = self.timing(story)
        published_at = values.get("published_at") or create_values.get("published_at")
        event = story.event and self.load_event(story.event, published_at)
        photo = self.load_photo(data.PHOTOS[story.title])
        body = story.body
        if inside := data.BODY_PHOTOS.get(story.title):
            body = with_figure(body, self.load_photo(inside))
        article = self.sync(
            Article,
            {"title": story.title},
            {
                **values,
                "section": self.sections[story.section],
                "lede": story.lede,
                "body": body,
                "event": event,
                "featured_image": photo,
                "comments_enabled": True,
                "source_credit": data.SOURCE_CREDITS.get(story.title, ""),
                **({"author": writer} if writer else {}),
            },
            {**create_values, "view_count": story.views},
        )
        article.tags.set([self.tags[name] for name in story.tags])
        self.load_people(article, story.people)
        return article

    def timing(self, story: data.Story) -> tuple[dict[str, Any], dict[str, Any]]:
        """Status and date: values to keep in sync, and values set on creation."""
        if story.at:
            return {"status": Article.Status.PUBLISHED, "published_at": story.at}, {}
        if story.ago:
            # Relative to the first load, so "latest" looks alive; kept after.
            return (
                {"status": Article.Status.PUBLISHED},
                {"published_at": self.now - story.ago},
            )
        if story.ahead:
            # A scheduled article stays in the future, however old the demo is.
            values = {"status": Article.Status.PUBLISHED}
            current = (
                Article.objects.filter(title=story.title)
                .values_list("published_at", flat=True)
                .first()
            )
            if current is None or current <= self.now:
                values["published_at"] = self.now + story.ahead
            return values, {}
        return {"status": Article.Status.DRAFT, "published_at": None}, {}

    def load_photo(self, photo: data.Photo) -> Image:
        return load_photo(self.writer, photo)

    def load_event(
        self, happening: data.Happening, published_at: datetime.datetime | None
    ) -> Event:
        values = {
            "venue": happening.venue,
            "place": self.places.get(happening.place),
            "organizer": self.organizations.get(happening.organizer),
            "presided_by": self.officials.get(happening.presided_by),
        }
        if happening.date:
            return self.sync(
                Event, {"title": happening.title}, {**values, "date": happening.date}
            )
        day = timezone.localdate(published_at) if published_at else None
        return self.sync(Event, {"title": happening.title}, values, {"date": day})

    def load_people(self, article: Article, people: tuple[data.Seen, ...]) -> None:
        extra = article.attendees.exclude(order__in=range(1, len(people) + 1))
        for attendee in extra:
            attendee.delete()
            self.writer.record(Attendee, "deleted", attendee)
        for order, seen in enumerate(people, start=1):
            # A name that matches no recorded official stays a printed name.
            official = self.officials.get(seen.name)
            position = self.positions[seen.name, seen.post] if seen.post else None
            self.sync(
                Attendee,
                {"article": article, "order": order},
                {
                    "official": official,
                    "name_as_printed": seen.name,
                    "role_as_printed": seen.role,
                    "participation": seen.participation,
                    "position": position,
                },
            )

    def load_admin(self, password: str | None) -> str:
        """Create or update the superuser; say how to log in."""
        users = get_user_model()
        username, email = data.ADMIN_USERNAME, data.ADMIN_EMAIL
        user = users.objects.filter(username=username).first()
        if user is None and password is None:
            return _(
                'No "{username}" user: run again with {option} to create one.'
            ).format(username=username, option="--admin-password")
        if user is None:
            users.objects.create_superuser(username, email, password)
            return _('Created the superuser "{username}" ({email}).').format(
                username=username, email=email
            )
        if password is None:
            return _('The user "{username}" exists; its password is unchanged.').format(
                username=username
            )
        is_admin = user.is_active and user.is_staff and user.is_superuser
        if is_admin and user.check_password(password):
            # `make run` passes the same password every time: no new hash then.
            return _('The superuser "{username}" already has that password.').format(
                username=username
            )
        user.set_password(password)
        user.is_active = user.is_staff = user.is_superuser = True
        user.save()
        return _('Set the password of the superuser "{username}".').format(
            username=username
        )

    def load_role_users(self, password: str) -> None:
        """A staff account in each group, so each role can be tried."""
        users = get_user_model()
        for username, first_name, last_name, group_name in data.ROLE_USERS:
            user = users.objects.filter(username=username).first()
            if user is None:
                user = users(
                    username=username,
                    first_name=first_name,
                    last_name=last_name,
                    is_staff=True,
                )
                user.set_password(password)
                user.save()
            elif not user.check_password(password) or (
                (user.first_name, user.last_name) != (first_name, last_name)
            ):
                # `make run` passes the same password every time: no new hash then.
                if not user.check_password(password):
                    user.set_password(password)
                user.first_name, user.last_name = first_name, last_name
                user.save(update_fields=["password", "first_name", "last_name"])
            user.groups.add(Group.objects.get(name=group_name))
            if bio := data.WRITER_BIOS.get(username):
                profile = self.sync(AuthorProfile, {"user": user}, {"bio": bio})
                if not profile.photo and username in data.WRITERS:
                    portrait = demo_photos.portrait(data.WRITERS[username])
                    profile.photo = images.clean_upload(
                        ContentFile(portrait, name=f"{username}.jpg")
                    )
                    profile.save()


def load_photo(writer: DemoWriter, photo: data.Photo) -> Image:
    """A demo photo, drawn and uploaded once, found by its alt."""
    lookup = {"alt": photo.alt}
    create_values = {}
    if not Image.objects.filter(**lookup).exists():
        # The editors' upload path: checked, turned upright, EXIF removed.
        drawn = ContentFile(demo_photos.draw(photo), name=f"demo-{photo.scene}.jpg")
        create_values = {"file": images.clean_upload(drawn)}
    image = writer.sync(
        Image,
        lookup,
        {"caption": photo.caption, "credit": photo.credit},
        create_values,
    )
    # Only the renditions missing (none after the first run) are made.
    image.make_renditions()
    return image


def with_figure(body: str, image: Image) -> str:
    """`body` with `image` as a captioned figure after its first paragraph, as
    the editor's image button writes it."""
    caption = " — ".join(part for part in (image.caption, image.credit) if part)
    src, alt = escape(image.file.url), escape(image.alt)
    figure = (
        f'<figure class="figure"><img src="{src}" alt="{alt}">'
        f'<figcaption class="figure-caption">{escape(caption)}</figcaption></figure>'
    )
    first, sep, rest = body.partition("</p>")
    return f"{first}{sep}{figure}{rest}" if sep else body + figure
