"""Sections, tags, places, organizations, officials and their positions, events,
articles with the people they name, and images."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
from collections.abc import Iterable, Iterator, Mapping
from itertools import batched

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import (
    Case,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Coalesce, Now, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_prose_editor.fields import ProseEditorField

from newsroom import pagecache, viewstats
from newsroom.arabic import (
    arabic_slugify,
    normalize,
    search_document,
    search_line,
    western_digits,
)
from newsroom.cleaning import CleanTextModel
from newsroom.collation import collated
from newsroom.links import cached_reverse

from . import images, richtext
from .richtext import EXTENSIONS, sanitize_body

SLUG_HELP = _("Made from the name when left empty.")


def validate_slug_source(value: str) -> None:
    """Refuse text from which no slug can be made (punctuation only)."""
    if not arabic_slugify(value):
        raise ValidationError(
            _("The text must contain at least one letter or digit."), code="no_letters"
        )


def stored_search_line(instance: models.Model, number: int, using: str | None) -> str:
    """Line `number` of the row's search text as the database holds it now.

    The lines made from related rows (tags, people, spellings) are kept current
    by articles/search_index.py in the database: an instance loaded before such a
    change holds an old copy, which its save must not write back.
    """
    if instance.pk is None:
        return ""
    stored = (
        type(instance)
        ._base_manager.db_manager(using)
        .filter(pk=instance.pk)
        .values_list("search_text", flat=True)
        .first()
    )
    lines = (stored or "").split("\n")
    return lines[number] if number < len(lines) else ""


def saves_any(update_fields: Iterable[str] | None, names: frozenset[str]) -> bool:
    """Whether a save with these `update_fields` (None: all) writes one of `names`."""
    return update_fields is None or not names.isdisjoint(update_fields)


class SluggedModel(CleanTextModel):
    """A named thing with a unique Arabic slug derived from its name."""

    name = models.CharField(
        _("name"), max_length=200, validators=[validate_slug_source]
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=SLUG_HELP,
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = arabic_slugify(self.name)
        super().save(*args, **kwargs)
        if saves_any(kwargs.get("update_fields"), frozenset({"name"})):
            self._stored_name = self.name

    def clean(self) -> None:
        # Derived before the unique check, so a colliding name is a form error.
        if not self.slug:
            self.slug = arabic_slugify(self.name)

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs) -> SluggedModel:
        instance = super().from_db(db, field_names, values, **kwargs)
        # The name as stored, so that a save can tell a rename (the name is in
        # its articles' search text) from another edit (a section's order).
        instance._stored_name = instance.__dict__.get("name")
        return instance

    def is_renamed(self) -> bool:
        """Whether the name differs from the one last read or saved (unknown: yes)."""
        return getattr(self, "_stored_name", None) != self.name


class Section(SluggedModel):
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", collated("name")]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def get_absolute_url(self) -> str:
        return cached_reverse("articles:section", self.slug)


class Tag(SluggedModel):
    class Meta:
        ordering = [collated("name")]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def get_absolute_url(self) -> str:
        return cached_reverse("articles:tag", self.slug)


class Place(CleanTextModel):
    """A unit of Morocco's territorial organisation, inside its parent."""

    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        PREFECTURE = "prefecture", _("Prefecture")
        PROVINCE = "province", _("Province")
        COMMUNE = "commune", _("Commune")
        DISTRICT = "district", _("District")

    # The kinds a place of each kind may sit in.
    ALLOWED_PARENTS = {
        Kind.REGION: set(),
        Kind.PREFECTURE: {Kind.REGION},
        Kind.PROVINCE: {Kind.REGION},
        Kind.COMMUNE: {Kind.PREFECTURE, Kind.PROVINCE},
        Kind.DISTRICT: {Kind.COMMUNE, Kind.PREFECTURE},
    }
    # The word the address falls back on when the name makes no slug (a name of
    # punctuation only): the kind, in Arabic like every other slug.
    SLUG_FALLBACKS = {
        Kind.REGION: "جهة",
        Kind.PREFECTURE: "عمالة",
        Kind.PROVINCE: "إقليم",
        Kind.COMMUNE: "جماعة",
        Kind.DISTRICT: "مقاطعة",
    }

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    class Meta:
        ordering = [collated("name")]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            # Coalesce: top-level places (no parent) are unique by name too.
            models.UniqueConstraint(
                Coalesce("parent", Value(0)),
                "name",
                name="place_unique_name_in_parent",
                violation_error_message=_(
                    "A place with this name already exists in the same parent."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return cached_reverse("articles:place", self.pk, self.slug)

    @property
    def slug(self) -> str:
        """The address's last part, made from the name: a place stores no slug."""
        fallback = self.SLUG_FALLBACKS.get(self.kind, "مكان")
        return arabic_slugify(self.name) or arabic_slugify(fallback)

    def clean(self) -> None:
        allowed = self.ALLOWED_PARENTS.get(self.kind, set())
        if self.parent is None and allowed:
            raise ValidationError(
                {"parent": _("Choose the place this one belongs to.")}
            )
        if self.parent is not None and self.parent.kind not in allowed:
            raise ValidationError(
                {"parent": _("A place of this kind cannot belong to that place.")}
            )


class Organization(CleanTextModel):
    """A party, one of its branches, a council: may sit inside another."""

    class Kind(models.TextChoices):
        PARTY = "party", _("Party")
        PARTY_BODY = "party_body", _("Party body")
        COUNCIL = "council", _("Elected council")
        PARLIAMENT = "parliament", _("Parliament")
        GOVERNMENT = "government", _("Administration or government")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
    )

    class Meta:
        ordering = [collated("name")]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(
                Coalesce("parent", Value(0)),
                "name",
                name="organization_unique_name_in_parent",
                violation_error_message=_(
                    "An organization with this name already exists in the same parent."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # Walk up the chain: an organization may not end up inside itself.
        seen, node = set(), self.parent
        while node is not None:
            if node.pk == self.pk and self.pk is not None or node.pk in seen:
                raise ValidationError(
                    {"parent": _("An organization cannot be part of itself.")}
                )
            seen.add(node.pk)
            node = node.parent


@contextlib.contextmanager
def stored_with_its_row(file: FieldFile) -> Iterator[None]:
    """The upload a save() writes (in the field's pre_save) is deleted again when
    the row is not written, or when an enclosing transaction that an
    `images.files_undone_on_error` block wraps fails."""
    new_upload = bool(file) and not file._committed
    with images.files_undone_on_error():
        try:
            yield
        finally:
            if new_upload and file._committed:
                images.stored(file.storage, file.name)


def without_metadata(file: FieldFile) -> FieldFile | images.CleanImage:
    """A new upload re-encoded as images.clean_upload does (no GPS position, the
    orientation applied); a stored or empty file as it is."""
    if file and not file._committed and not isinstance(file.file, images.CleanImage):
        return images.clean_upload(file.file)
    return file


def photo_without_metadata(file: FieldFile) -> FieldFile | images.CleanImage:
    """without_metadata() for a model's clean(): a refused upload (a format, size
    or pixel count that articles/images.py does not take) is the photo's error."""
    try:
        return without_metadata(file)
    except ValidationError as error:
        raise ValidationError({"photo": error.error_list}) from error


class OfficialQuerySet(models.QuerySet):
    def matching(self, name: str) -> OfficialQuerySet:
        """Officials whose name or another spelling equals `name`, once folded."""
        key = normalize(name)
        return self.filter(Q(name_key=key) | Q(spellings__key=key)).distinct()


class Official(CleanTextModel):
    name = models.CharField(
        _("name"), max_length=200, validators=[validate_slug_source]
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        allow_unicode=True,
        blank=True,
        help_text=SLUG_HELP,
    )
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    # What the site's search matches (articles/search.py): the name on its first
    # line, the other spellings and position titles on the second, all folded.
    search_text = models.TextField(editable=False, blank=True, default="")
    photo = models.ImageField(_("photo"), upload_to="officials/%Y/", blank=True)
    bio = models.TextField(_("short bio"), blank=True)
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)

    objects = OfficialQuerySet.as_manager()

    class Meta:
        ordering = [collated("name")]
        verbose_name = _("official")
        verbose_name_plural = _("officials")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.photo = photo_without_metadata(self.photo)

    def save(self, *args, **kwargs) -> None:
        self.slug = arabic_slugify(self.slug or self.name)
        update_fields = kwargs.get("update_fields")
        if saves_any(update_fields, frozenset({"name"})):
            self.name_key = normalize(self.name)
            # The second line comes from the spellings and positions: kept as
            # stored, where articles/search_index.py keeps it current.
            related = stored_search_line(self, 1, kwargs.get("using"))
            self.search_text = search_document(search_line(self.name), related)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "name_key", "search_text"}
        self.photo = without_metadata(self.photo)
        with stored_with_its_row(self.photo):
            super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return cached_reverse("articles:official", self.pk, self.slug)

    def photo_width(self) -> int:
        """The photo's width in pixels (its srcset); 0 without a readable file."""
        if not self.photo:
            return 0
        try:
            return self.photo.width
        except (OSError, ValueError):
            return 0

    def build_search_text(self, spellings: list[str], titles: list[str]) -> str:
        """The search text, given the other spellings and the positions' titles."""
        return search_document(search_line(self.name), search_line(*spellings, *titles))


class OfficialSpelling(CleanTextModel):
    """Another way the name is written: a variant, a Latin or French spelling."""

    official = models.ForeignKey(
        Official, on_delete=models.CASCADE, related_name="spellings"
    )
    name = models.CharField(_("spelling"), max_length=200)
    key = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        ordering = [collated("name")]
        verbose_name = _("other spelling")
        verbose_name_plural = _("other spellings")
        constraints = [
            models.UniqueConstraint(
                fields=["official", "key"], name="spelling_unique_per_official"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.key = normalize(self.name)
        super().save(*args, **kwargs)


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class Position(CleanTextModel):
    """A post an official holds or held in an organization."""

    official = models.ForeignKey(
        Official,
        verbose_name=_("official"),
        on_delete=models.CASCADE,
        related_name="positions",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="positions",
    )
    title = models.CharField(_("position title"), max_length=255)
    # A month or a year alone is allowed: the date is its first day and the
    # precision says how much of it is known.
    start_date = models.DateField(_("start date"), null=True, blank=True)
    start_precision = models.CharField(
        _("start date precision"),
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
    )
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_precision = models.CharField(
        _("end date precision"),
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
    )

    class Meta:
        ordering = [F("start_date").desc(nulls_last=True), "pk"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="position_ends_after_start",
                violation_error_message=_("The end date is before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.organization}"

    def save(self, *args, **kwargs) -> None:
        # Keep the stored date on the first day of the known month or year.
        self.start_date = truncate_date(self.start_date, self.start_precision)
        self.end_date = truncate_date(self.end_date, self.end_precision)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        start = truncate_date(self.start_date, self.start_precision)
        end = truncate_date(self.end_date, self.end_precision)
        if start and end and end < start:
            raise ValidationError(
                {"end_date": _("The end date is before the start date.")}
            )

    @property
    def is_current(self) -> bool:
        return self.end_date is None or self.end_date >= timezone.localdate()


def truncate_date(value: datetime.date | None, precision: str) -> datetime.date | None:
    if value is None or precision == DatePrecision.DAY:
        return value
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value.replace(month=1, day=1)


class Event(CleanTextModel):
    """What an article reports: a meeting, a session, a visit."""

    title = models.CharField(_("event"), max_length=255)
    date = models.DateField(_("date"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    place = models.ForeignKey(
        Place,
        verbose_name=_("city or commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    organizer = models.ForeignKey(
        Organization,
        verbose_name=_("organizer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    presided_by = models.ForeignKey(
        Official,
        verbose_name=_("presided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="presided_events",
    )

    class Meta:
        ordering = [F("date").desc(nulls_last=True), "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return cached_reverse("articles:event", self.pk, self.slug)

    @property
    def slug(self) -> str:
        """The address's last part, made from the title: an event stores no slug."""
        return arabic_slugify(self.title) or arabic_slugify("حدث")


def author_url(user: models.Model) -> str:
    """A writer's page; "" for a user without a full name, who has none."""
    name = user.get_full_name()
    return Writer.url_for(user.pk, name) if name else ""


@dataclasses.dataclass(frozen=True)
class Writer:
    """A writer as readers see them: the full name, never the login or e-mail."""

    pk: int
    name: str
    bio: str = ""
    # The address, not the file: the writer is kept in the cache as plain data.
    photo_url: str = ""
    # The stored photo's width in pixels, for the <img>'s srcset.
    photo_width: int = 0

    @classmethod
    def load(cls, pk: int) -> Writer | None:
        """The writer with this id and a full name, with their profile if any."""
        user = (
            get_user_model()
            .objects.select_related("author_profile")
            .only(
                "id",
                "first_name",
                "last_name",
                "author_profile__bio",
                "author_profile__photo",
            )
            .filter(pk=pk)
            .first()
        )
        if user is None or not user.get_full_name():
            return None
        profile = getattr(user, "author_profile", None)
        photo = profile.photo if profile and profile.photo else None
        width = 0
        if photo:
            # Read from the file's header; a missing file shows no photo.
            try:
                width = photo.width
            except (OSError, ValueError):
                photo = None
        return cls(
            pk=user.pk,
            name=user.get_full_name(),
            bio=profile.bio if profile else "",
            photo_url=photo.url if photo else "",
            photo_width=width,
        )

    @staticmethod
    def url_for(pk: int, name: str) -> str:
        return cached_reverse("articles:author", pk, Writer.slug_for(name))

    @staticmethod
    def slug_for(name: str) -> str:
        return arabic_slugify(name) or arabic_slugify("كاتب")

    def __str__(self) -> str:
        return self.name

    @property
    def slug(self) -> str:
        return self.slug_for(self.name)

    def get_absolute_url(self) -> str:
        return self.url_for(self.pk, self.name)


class AuthorProfile(CleanTextModel):
    """What a writer's page shows besides the name: a photo and a short bio."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("writer"),
        on_delete=models.CASCADE,
        related_name="author_profile",
    )
    photo = models.ImageField(_("photo"), upload_to="authors/%Y/", blank=True)
    bio = models.TextField(_("short bio"), blank=True)

    class Meta:
        verbose_name = _("writer's profile")
        verbose_name_plural = _("writers' profiles")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    def clean(self) -> None:
        self.photo = photo_without_metadata(self.photo)

    def save(self, *args, **kwargs) -> None:
        self.photo = without_metadata(self.photo)
        with stored_with_its_row(self.photo):
            super().save(*args, **kwargs)


def published_condition(relation: str = "") -> Q:
    """The rule for what readers may see: published, and its time has come.

    `relation` names the article from another model ("article" on a comment).
    """
    prefix = f"{relation}__" if relation else ""
    return Q(
        **{
            f"{prefix}status": Article.Status.PUBLISHED,
            f"{prefix}published_at__lte": timezone.now(),
        }
    )


class ArticleQuerySet(models.QuerySet):
    # Written without a save(): each drops the cached pages itself, except
    # for views, which readers make by the thousand and no page shows exactly.
    UNCACHED_FIELDS = frozenset({"view_count"})

    def published(self) -> ArticleQuerySet:
        """Articles readers may see: published, and their time has come."""
        return self.filter(published_condition())

    def breaking(self, now: datetime.datetime | None = None) -> ArticleQuerySet:
        """Published articles whose breaking time has not ended, newest first."""
        now = now or timezone.now()
        return self.filter(
            status=Article.Status.PUBLISHED,
            published_at__lte=now,
            breaking_until__gt=now,
        ).order_by("-published_at", "-id")

    def next_breaking_end(self) -> datetime.datetime | None:
        """When the first breaking item still running ends (cached pages end)."""
        return (
            self.filter(
                status=Article.Status.PUBLISHED, breaking_until__gt=timezone.now()
            )
            .order_by("breaking_until")
            .values_list("breaking_until", flat=True)
            .first()
        )

    def next_scheduled_time(self) -> datetime.datetime | None:
        """When the next article scheduled for later goes live (cached pages end)."""
        return (
            self.filter(
                status=Article.Status.PUBLISHED, published_at__gt=timezone.now()
            )
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )

    def update(self, **kwargs) -> int:
        if not set(kwargs) - self.UNCACHED_FIELDS:
            return super().update(**kwargs)
        # In a transaction, so the pages are dropped after the write commits.
        with transaction.atomic(using=self.db):
            pagecache.content_changed()
            return super().update(**kwargs)

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs) -> list[Article]:
        with transaction.atomic(using=self.db):
            pagecache.content_changed()
            return super().bulk_create(objs, *args, **kwargs)

    def publish(self) -> int:
        """Publish now, or at the date already set; returns how many."""
        return self.exclude(status=Article.Status.PUBLISHED).update(
            status=Article.Status.PUBLISHED,
            published_at=Coalesce("published_at", Now()),
        )

    def unpublish(self) -> int:
        """Take published articles off the site; returns how many."""
        return self.filter(status=Article.Status.PUBLISHED).update(
            status=Article.Status.UNPUBLISHED
        )

    def submit_for_review(self) -> int:
        """Hand drafts to the editors; returns how many."""
        return self.filter(status=Article.Status.DRAFT).update(
            status=Article.Status.REVIEW
        )

    def return_to_draft(self) -> int:
        """Give articles in review or taken down back to their writers."""
        return self.filter(
            status__in=[Article.Status.REVIEW, Article.Status.UNPUBLISHED]
        ).update(status=Article.Status.DRAFT)

    def add_views(self, counts: Mapping[int, int]) -> None:
        """Add views to articles (id -> how many), in the database itself.

        One UPDATE for hundreds of articles: a batch of buffered views
        (articles/viewcounts.py) holds each row's lock for a moment only.
        """
        for ids in batched(sorted(pk for pk, n in counts.items() if n), 500):
            added = Case(*(When(pk=pk, then=Value(counts[pk])) for pk in ids))
            self.filter(pk__in=ids).update(view_count=F("view_count") + added)
            # The desk's views by hour, in the caller's transaction.
            viewstats.record({pk: counts[pk] for pk in ids})

    def for_listing(self) -> ArticleQuerySet:
        """What a list of articles shows, in one query for any number of them."""
        return (
            # The card's thumbnail comes in the same query as the article.
            self.select_related("section", "featured_image")
            .only(
                "id",
                "title",
                "slug",
                "lede",
                "published_at",
                "view_count",
                "comment_count",
                "status",
                "section__name",
                "section__slug",
                "featured_image__file",
                "featured_image__alt",
                "featured_image__caption",
                "featured_image__credit",
                "featured_image__width",
                "featured_image__height",
                "featured_image__renditions",
            )
            .order_by("-published_at", "-id")
        )

    def months(self) -> list[dict]:
        """Each month with articles, newest first: `month` (its first day, in
        the site's time zone) and `count`."""
        return [
            {"month": row["month"].date(), "count": row["count"]}
            for row in self.annotate(month=TruncMonth("published_at"))
            .values("month")
            .annotate(count=models.Count("id"))
            .order_by("-month")
        ]

    def for_page(self) -> ArticleQuerySet:
        """Everything the article page shows, in a fixed number of queries."""
        return (
            self.select_related(
                "section",
                "author",
                "featured_image",
                "event__place__parent",
                "event__organizer",
                "event__presided_by",
            )
            .prefetch_related(
                "tags",
                Prefetch(
                    "attendees", queryset=Attendee.objects.select_related("official")
                ),
                # The notes at the article's foot, oldest first; withdrawn ones
                # stay in the history only.
                Prefetch(
                    "corrections",
                    queryset=Correction.objects.filter(
                        withdrawn_at__isnull=True
                    ).order_by("published_at", "pk"),
                ),
            )
            # What search reads, not readers: the body's size again, twice;
            # and the writer's password hash, which no page needs (and no
            # cached copy of the article should hold).
            .defer("search_text", "search_vector", "author__password")
        )

    def most_commented(self, limit: int) -> ArticleQuerySet:
        """The `limit` articles with the most approved comments, in one query."""
        # The stored count: no join with the comments, whatever their number.
        return (
            self.for_listing()
            .filter(comment_count__gt=0)
            .order_by("-comment_count", "-published_at", "-id")[:limit]
        )

    def related_to(self, article: Article, limit: int) -> ArticleQuerySet:
        """Published articles sharing officials, tags or the section with `article`.

        Ranked by how many officials and tags they share, then same section
        first, then newest; one query, the shared ones counted in subqueries.
        Of the section's articles sharing nothing only the newest `limit` can
        rank, so only those are counted: not every article of the section.
        """
        officials = Attendee.objects.filter(
            article_id=article.pk, official__isnull=False
        ).values("official_id")
        tagged = Article.tags.through.objects
        tags = tagged.filter(article_id=article.pk).values("tag_id")
        shared_officials = _count_rows(
            Attendee.objects.filter(
                article_id=OuterRef("pk"), official_id__in=officials
            )
        )
        shared_tags = _count_rows(
            tagged.filter(article_id=OuterRef("pk"), tag_id__in=tags)
        )
        naming_them = Attendee.objects.filter(official_id__in=officials)
        newest_in_section = (
            self.published()
            .filter(section_id=article.section_id)
            .exclude(pk=article.pk)
            .order_by("-published_at", "-id")
            .values("pk")[:limit]
        )
        return (
            self.published()
            .filter(
                Q(pk__in=newest_in_section)
                | Q(pk__in=naming_them.values("article_id"))
                | Q(pk__in=tagged.filter(tag_id__in=tags).values("article_id"))
            )
            .exclude(pk=article.pk)
            .select_related("section")
            .only(
                "id",
                "title",
                "slug",
                "published_at",
                "section__name",
                "section__slug",
            )
            .annotate(
                overlap=shared_officials + shared_tags,
                same_section=Case(
                    When(section_id=article.section_id, then=Value(1)),
                    default=Value(0),
                ),
            )
            .order_by("-overlap", "-same_section", "-published_at", "-id")[:limit]
        )


def _count_rows(queryset: models.QuerySet) -> Coalesce:
    """How many rows a correlated subquery finds (0, not NULL, when none)."""
    counted = (
        queryset.order_by()
        .annotate(count=models.Func(F("pk"), function="COUNT"))
        .values("count")
    )
    return Coalesce(Subquery(counted), 0)


class SearchDocumentVector(models.Func):
    """A stored search document as a weighted text-search vector (PostgreSQL).

    Its first line (the title) weighs most, its third (tags, people) next, its
    second (lede, body, section) least; the 'simple' configuration, since the
    text is already folded. Elsewhere NULL: SQLite searches the text itself.
    """

    arity = 1
    output_field = SearchVectorField()

    def as_sql(self, compiler, connection, **extra_context):
        return "NULL", []

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        title, rest, related = (
            f"to_tsvector('simple'::regconfig, split_part({sql}, E'\\n', {n}))"
            for n in (1, 2, 3)
        )
        vector = f"setweight({title}, 'A') || setweight({related}, 'B') || {rest}"
        return vector, [*params, *params, *params]


@reversion.register(follow=["attendees"], exclude=["search_vector"])
class Article(CleanTextModel):
    # The agencies whose copy the desk runs most, offered in the admin; any
    # other name may be typed.
    SOURCE_CREDIT_SUGGESTIONS = ("و م ع", "أ ف ب", "رويترز", "إفي")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    title = models.CharField(
        _("title"), max_length=255, validators=[validate_slug_source]
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        allow_unicode=True,
        blank=True,
        help_text=_(
            "Made from the title when left empty. Changing it breaks no old link."
        ),
    )
    lede = models.TextField(_("lede"), blank=True)
    body = ProseEditorField(_("body"), extensions=EXTENSIONS, sanitize=sanitize_body)
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    tags = models.ManyToManyField(
        Tag, verbose_name=_("tags"), blank=True, related_name="articles"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    source_credit = models.CharField(
        _("source"),
        max_length=100,
        blank=True,
        help_text=_(
            "The agency the copy comes from (MAP: و م ع, AFP: أ ف ب), "
            "shown beside the byline."
        ),
    )
    featured_image = models.ForeignKey(
        "Image",
        verbose_name=_("featured image"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="featured_in",
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_(
            "A future date makes the article appear by itself when its time comes."
        ),
    )
    comments_enabled = models.BooleanField(_("comments open"), default=True)
    # Breaking news (عاجل): the bar on every reader page links to the article
    # until this time. Lists and caches end with it (articles/breaking.py).
    breaking_until = models.DateTimeField(
        _("breaking until"),
        null=True,
        blank=True,
        help_text=_(
            "While this time is in the future, a published article is shown as "
            "breaking news on every page."
        ),
    )
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    # Approved comments: kept exact by the comments app in the same transaction as
    # every change that moves it (comments/models.py), so that lists and "most
    # commented" read a column instead of counting rows.
    comment_count = models.PositiveIntegerField(
        _("comments"), default=0, editable=False
    )
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated at"), auto_now=True)
    # Set by the desk when readers' text changes after publication (a correction),
    # not by a change of status or a view: the page shows it as "last updated".
    content_updated_at = models.DateTimeField(
        _("last updated"), null=True, blank=True, editable=False
    )
    # What the site's search matches (articles/search.py), folded: the title,
    # then lede, body and section, then tags and people, one line each.
    search_text = models.TextField(editable=False, blank=True, default="")
    # PostgreSQL's full-text index is on this; the migration adds the indexes.
    search_vector = models.GeneratedField(
        expression=SearchDocumentVector("search_text"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ArticleQuerySet.as_manager()

    # What readers read: a change to one of these after publication is dated.
    CONTENT_FIELDS = ("title", "lede", "body", "featured_image_id")
    # The fields of its own that the search text is made of.
    SEARCH_FIELDS = frozenset({"title", "lede", "body", "section", "section_id"})
    # Moved by readers, not editors: restoring a version keeps today's values.
    READER_COUNTERS = ("view_count", "comment_count")

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("publish_article", _("Can publish articles"))]
        indexes = [
            # Home, section and archive pages: published articles, newest first.
            models.Index(
                fields=["status", "-published_at"], name="article_status_pub_idx"
            ),
            models.Index(
                fields=["section", "status", "-published_at"],
                name="article_section_pub_idx",
            ),
            # "Most read".
            models.Index(
                fields=["status", "-view_count"], name="article_status_views_idx"
            ),
            # "Most commented".
            models.Index(
                fields=["status", "-comment_count"],
                name="article_status_comments_idx",
            ),
            # The breaking bar: the few articles ever marked, not the archive.
            models.Index(
                fields=["breaking_until"],
                condition=Q(breaking_until__isnull=False),
                name="article_breaking_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_date",
                violation_error_message=_(
                    "A published article has a publication date."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # Moroccan usage: Western digits, whatever keyboard the editor used.
        self.title = western_digits(self.title)
        self.lede = western_digits(self.lede)
        self.body = western_digits(self.body)
        self.slug = arabic_slugify(self.slug or self.title)
        # Bodies written by code (the demo loader, a shell) skip the form's
        # cleaning; the allow-list applies to every save.
        self.body = sanitize_body(self.body)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if saves_any(update_fields, self.SEARCH_FIELDS):
            # The third line comes from the tags and people: kept as stored,
            # where articles/search_index.py keeps it current.
            related = stored_search_line(self, 2, kwargs.get("using"))
            self.search_text = search_document(*self.own_search_lines(), related)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return cached_reverse("articles:detail", self.pk, self.slug)

    def author_url(self) -> str:
        """The byline's link: the writer's page, when the writer has a name."""
        if self.author_id is None:
            return ""
        return author_url(self.author)

    def clean(self) -> None:
        # Publishing without a date means "now"; derived before the checks run.
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def is_published(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def is_scheduled(self) -> bool:
        return self.status == self.Status.PUBLISHED and not self.is_published()

    def note_content_change(self, previous: Article) -> None:
        """Date the edit when readers could already see the text it changes."""
        changed = any(
            getattr(self, name) != getattr(previous, name)
            for name in self.CONTENT_FIELDS
        )
        if changed and previous.is_published() and self.is_published():
            self.content_updated_at = timezone.now()

    @property
    def last_updated(self) -> datetime.datetime | None:
        """When the page says the text changed: only after it appeared."""
        if (
            self.content_updated_at
            and self.published_at
            and self.content_updated_at > self.published_at
        ):
            return self.content_updated_at
        return None

    @property
    def body_text(self) -> str:
        """The body without markup, for descriptions and counting."""
        return richtext.plain_text(self.body)

    @property
    def word_count(self) -> int:
        return richtext.count_words(self.body)

    @property
    def reading_minutes(self) -> int:
        """Estimated minutes to read the body, at least one."""
        return richtext.reading_minutes(self.word_count)

    def own_search_lines(self) -> list[str]:
        section = self.section.name if self.section_id else ""
        return [
            search_line(self.title),
            search_line(self.lede, self.body_text, section),
        ]

    def build_search_text(self, tags: list[str], people: list[str]) -> str:
        """The search text, given the names of its tags and its people's lines."""
        return search_document(*self.own_search_lines(), search_line(*tags, *people))

    def count_view(self) -> None:
        """Add one view in the database itself, so concurrent readers lose none."""
        type(self).objects.filter(pk=self.pk).update(view_count=F("view_count") + 1)
        # And the desk's views by hour (newsroom/viewstats.py).
        viewstats.record({self.pk: 1})
        # Without Redis no flush runs to delete the old hours: now and then here.
        viewstats.prune_now_and_then()


class Image(CleanTextModel):
    """A picture for an article: featured or inside the body, with its Arabic alt."""

    file = models.ImageField(
        _("image"),
        upload_to="images/%Y/%m/",
        width_field="width",
        height_field="height",
    )
    alt = models.CharField(
        _("alternative text"),
        max_length=300,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    # Width -> stored name of each WebP rendition, made once after upload.
    renditions = models.JSONField(default=dict, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self) -> str:
        return self.alt

    def save(self, *args, **kwargs) -> None:
        replaced: list[str] = []
        if self.file and not self.file._committed:
            if not isinstance(self.file.file, images.CleanImage):
                # Whatever the way in (admin, shell, import), no metadata is stored.
                self.file = images.clean_upload(self.file.file)
            if self.pk:
                # A new picture for an existing image: the old files go.
                replaced = self._stored_names_in_database()
                self.renditions = {}
        with stored_with_its_row(self.file):
            super().save(*args, **kwargs)
        if replaced:
            self._delete_files_on_commit(replaced)

    def delete(self, *args, **kwargs):
        names = self.stored_names()
        result = super().delete(*args, **kwargs)
        self._delete_files_on_commit(names)
        return result

    @property
    def src(self) -> str:
        """The address for browsers that ignore srcset."""
        return self.src_for(800)

    def srcset(self) -> str:
        """The WebP renditions for <img srcset>: "url 480w, url 800w, …"."""
        return ", ".join(f"{url} {width}w" for width, url in self._rendition_urls())

    def src_for(self, width: int) -> str:
        """The narrowest rendition at least `width` wide (else the widest one)."""
        urls = self._rendition_urls()
        if not urls:
            return self.file.url
        return next((url for w, url in urls if w >= width), urls[-1][1])

    def social_url(self) -> str:
        """The card shown when the article is shared (1200×630 JPEG)."""
        name = self.renditions.get(images.SOCIAL_KEY)
        return self.file.storage.url(name) if name else self.file.url

    def social_size(self) -> tuple[int, int]:
        if images.SOCIAL_KEY not in self.renditions:
            return self.width, self.height
        return images.social_size(self.width, self.height)

    def make_renditions(self) -> int:
        """Store the WebP widths and social card still missing; returns how many."""
        wanted = {str(w) for w in images.rendition_widths(self.width)}
        wanted.add(images.SOCIAL_KEY)
        if not self.file or wanted <= self.renditions.keys():
            return 0
        # A rendition the disk refuses, or a row not updated: none is kept.
        with images.files_undone_on_error():
            made = images.make_renditions(
                self.file.storage, self.file.name, self.renditions
            )
            if made:
                self.renditions = {**self.renditions, **made}
                self.save(update_fields=["renditions"])
        return len(made)

    def stored_names(self) -> list[str]:
        """The original and every rendition, as named in storage."""
        names = [self.file.name] if self.file else []
        return names + list(self.renditions.values())

    def _rendition_urls(self) -> list[tuple[int, str]]:
        storage = self.file.storage
        return sorted(
            (int(key), storage.url(name))
            for key, name in self.renditions.items()
            if key.isdigit()
        )

    def _stored_names_in_database(self) -> list[str]:
        row = type(self).objects.filter(pk=self.pk).values("file", "renditions").first()
        if row is None:
            return []
        return [n for n in [row["file"], *row["renditions"].values()] if n]

    def _delete_files_on_commit(self, names: list[str]) -> None:
        storage = self.file.storage

        def delete_files() -> None:
            for name in names:
                storage.delete(name)

        # Only once the row is really gone or replaced: a rollback keeps them.
        transaction.on_commit(delete_files)


@reversion.register()
class Attendee(CleanTextModel):
    """A person an article reports on, with the role exactly as printed there."""

    class Participation(models.TextChoices):
        PRESIDED = "presided", pgettext_lazy("participation", "Presided")
        ATTENDED = "attended", pgettext_lazy("participation", "Attended")
        SPOKE = "spoke", pgettext_lazy("participation", "Spoke")
        ORGANIZED = "organized", pgettext_lazy("participation", "Organized")
        MENTIONED = "mentioned", pgettext_lazy("participation", "Mentioned")
        OTHER = "other", pgettext_lazy("participation", "Other")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="attendees"
    )
    official = models.ForeignKey(
        Official,
        verbose_name=_("official"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appearances",
        help_text=_(
            "Leave empty if the person is not recorded yet; "
            "the name is kept as printed."
        ),
    )
    name_as_printed = models.CharField(
        _("name as printed"),
        max_length=200,
        blank=True,
        help_text=_("Filled from the official's name when left empty."),
    )
    role_as_printed = models.CharField(
        _("role as printed in the article"), max_length=300, blank=True
    )
    participation = models.CharField(
        _("participation"),
        max_length=12,
        choices=Participation,
        default=Participation.ATTENDED,
    )
    position = models.ForeignKey(
        Position,
        verbose_name=_("matching position"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appearances",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("person in the article")
        verbose_name_plural = _("people in the article")
        indexes = [
            models.Index(
                fields=["article", "order"], name="attendee_article_order_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "official"],
                condition=Q(official__isnull=False),
                name="attendee_official_once_per_article",
                violation_error_message=_(
                    "This official is listed twice in the same article."
                ),
            ),
            models.CheckConstraint(
                condition=Q(official__isnull=False) | ~Q(name_as_printed=""),
                name="attendee_has_a_name",
                violation_error_message=_(
                    "Choose an official or type the name as printed."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        if not self.name_as_printed and self.official_id:
            self.name_as_printed = self.official.name
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.official_id is None and not self.name_as_printed.strip():
            raise ValidationError(_("Choose an official or type the name as printed."))
        if self.position_id and self.position.official_id != self.official_id:
            raise ValidationError(
                {"position": _("This position is not one of the chosen official's.")}
            )

    def link_official(self) -> None:
        """Link a name typed without choosing an official, when it is unambiguous.

        It must match exactly one official's name or other spelling; otherwise
        the name stays as typed, unlinked.
        """
        if self.official_id is None:
            self.official = self.matching_official()

    def matching_official(self) -> Official | None:
        """The one official whose name or other spelling is the printed name."""
        matches = list(Official.objects.matching(self.name_as_printed)[:2])
        return matches[0] if len(matches) == 1 else None

    @property
    def display_name(self) -> str:
        return self.name_as_printed or (self.official.name if self.official else "")


class ViewCountBatch(CleanTextModel):
    """A batch of views moved from Redis to the articles' counts (viewcounts.py).

    Written in the transaction that adds the views: a flush that stopped before
    it cleared the batch from Redis is found here, and not added twice.
    """

    token = models.CharField(max_length=32, unique=True)
    applied_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        # Bookkeeping of the flush alone: nobody is given rights on it.
        default_permissions = ()

    def __str__(self) -> str:
        return self.token


class CorrectionQuerySet(models.QuerySet):
    def shown(self) -> CorrectionQuerySet:
        """What readers see: not withdrawn, on an article they may read, newest
        first."""
        return self.filter(
            published_condition("article"), withdrawn_at__isnull=True
        ).order_by("-published_at", "-pk")

    def for_listing(self) -> CorrectionQuerySet:
        """Each note with its article's title and address, in one query."""
        return self.select_related("article").only(
            "id",
            "kind",
            "text",
            "published_at",
            "article__id",
            "article__title",
            "article__slug",
        )


class Correction(CleanTextModel):
    """A dated note on a published article: what was corrected or updated, and why.

    Never deleted: withdrawing one keeps the row, who withdrew it and why, and an
    entry in its history (articles/corrections.py). Not versioned with the
    article: restoring an old version of the article brings no withdrawn note
    back.
    """

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        # An article with corrections is unpublished, not deleted.
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind, default=Kind.CORRECTION
    )
    text = models.TextField(
        _("note"),
        help_text=_("What changed and why, as readers will read it."),
    )
    published_at = models.DateTimeField(_("date"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(
        _("withdrawn at"), null=True, blank=True, editable=False
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    withdrawal_reason = models.TextField(
        _("reason for withdrawal"),
        blank=True,
        help_text=_(
            "To withdraw this note, say why and save. It leaves the site; "
            "the history keeps it."
        ),
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")
        # No deletion at all, for anyone: a note is withdrawn with a reason.
        default_permissions = ("add", "change", "view")
        indexes = [
            # The corrections page and its feed: the notes shown, newest first.
            models.Index(
                fields=["-published_at"],
                condition=Q(withdrawn_at__isnull=True),
                name="correction_shown_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawal_reason=""),
                name="correction_withdrawn_with_reason",
                violation_error_message=_("A withdrawn note says why."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.article}"

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#correction-{self.pk}"

    def clean(self) -> None:
        if self.pk is None and self.article_id and not self.article.is_published():
            raise ValidationError(
                _("Corrections and updates are added to published articles only.")
            )

    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None
