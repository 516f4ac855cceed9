"""Keeps the stored search text of articles and officials current, and rebuilds it.

An article's `search_text` (read by articles/search.py) is made of its own
fields, which `Article.save()` derives, and of its tags' names and its people's
printed names and roles; an official's, of its name, which `Official.save()`
derives, and of its other spellings and its positions' titles. The receivers
here cover every write that changes the text without a `save()` of the row
holding it: tags added or removed (from either side), people, spellings and
positions saved or deleted, a section or tag renamed, a tag deleted. They work
in the transaction of the write. `QuerySet.update()`, `bulk_create()`, raw SQL
and deleting through rows directly send no signal: `manage.py
rebuild_search_index` repairs after them. PostgreSQL derives an article's
vectors (`search_vector`, and the word suffixes of migration 0009) from its
`search_text` itself: nothing here keeps them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import batched

from django.db import transaction
from django.db.models import Model, Prefetch, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from .models import (
    Article,
    Attendee,
    Official,
    OfficialSpelling,
    Position,
    Section,
    SluggedModel,
    Tag,
)

# Rows read and written at a time: memory holds one batch, whatever the total.
BATCH_SIZE = 1000


# --- refreshing ------------------------------------------------------------------


def _in_batches(
    rows: QuerySet, batch_size: int | None, fill: Callable[[Model], None]
) -> Iterator[int]:
    """Fill and store the search text of `rows`, batch by batch; yields each size.

    Keyset pagination: each batch starts after the previous one's highest id, so
    no OFFSET makes the database skip rows already done and nothing but the
    batch is in memory. Each batch is locked, computed and written in one
    transaction, so a concurrent edit of the same rows waits instead of being
    overwritten with older text.
    """
    batch_size = batch_size or BATCH_SIZE
    last = None
    while True:
        after = rows if last is None else rows.filter(pk__gt=last)
        with transaction.atomic(using=rows.db):
            batch = list(
                after.order_by("pk").select_for_update(of=("self",))[:batch_size]
            )
            for row in batch:
                fill(row)
            rows.model._base_manager.using(rows.db).bulk_update(batch, ["search_text"])
        size = len(batch)
        if size:
            last = batch[-1].pk
        # Let the batch go before the next one is read: one in memory, not two.
        del batch
        if size:
            yield size
        if size < batch_size:
            return


def _fill_article(article: Article) -> None:
    people = [
        text
        for attendee in article.attendees.all()
        for text in (attendee.name_as_printed, attendee.role_as_printed)
    ]
    tags = [tag.name for tag in article.tags.all()]
    article.search_text = article.build_search_text(tags, people)


def _fill_official(official: Official) -> None:
    spellings = [spelling.name for spelling in official.spellings.all()]
    titles = [position.title for position in official.positions.all()]
    official.search_text = official.build_search_text(spellings, titles)


def article_batches(
    articles: QuerySet[Article], batch_size: int | None = None
) -> Iterator[int]:
    """Store again the search text of `articles`; yields each batch's size.

    Four queries a batch: the articles with their sections (only the fields the
    text is made of), their tags, their people, one UPDATE.
    """
    rows = (
        articles.select_related("section")
        .only("id", "title", "lede", "body", "section__name")
        .prefetch_related(
            Prefetch("tags", Tag.objects.only("id", "name")),
            Prefetch(
                "attendees",
                Attendee.objects.only(
                    "id", "article_id", "name_as_printed", "role_as_printed"
                ),
            ),
        )
    )
    return _in_batches(rows, batch_size, _fill_article)


def official_batches(
    officials: QuerySet[Official], batch_size: int | None = None
) -> Iterator[int]:
    """Store again the search text of `officials`; yields each batch's size."""
    rows = officials.only("id", "name").prefetch_related(
        Prefetch(
            "spellings", OfficialSpelling.objects.only("id", "official_id", "name")
        ),
        Prefetch("positions", Position.objects.only("id", "official_id", "title")),
    )
    return _in_batches(rows, batch_size, _fill_official)


def refresh_articles(articles: QuerySet[Article], batch_size: int | None = None) -> int:
    """Store again the search text of `articles`, in batches; returns how many."""
    return sum(article_batches(articles, batch_size))


def refresh_officials(
    officials: QuerySet[Official], batch_size: int | None = None
) -> int:
    """Store again the search text of `officials`, in batches; returns how many."""
    return sum(official_batches(officials, batch_size))


def _refresh_ids(model: type[Model], ids: Iterable[int]) -> None:
    refresh = refresh_articles if model is Article else refresh_officials
    for chunk in batched(sorted(ids), BATCH_SIZE):
        refresh(model._base_manager.filter(pk__in=chunk))


# --- deletes: collect before, refresh once after --------------------------------
# A delete sends pre_delete for every row, deletes them all, then sends
# post_delete for every row. The rows whose text changes are noted on the object
# that deletes (the instance, or the queryset) and refreshed at the first
# post_delete, once however many of the deleted rows they had.

_HELD = "_search_index_held"


def _holder(origin: object, instance: Model) -> object:
    return instance if origin is None else origin


def _hold(holder: object, model: type[Model], ids: Iterable[int]) -> None:
    vars(holder).setdefault(_HELD, {}).setdefault(model, set()).update(ids)


def _refresh_held(holder: object, model: type[Model]) -> None:
    ids = vars(holder).get(_HELD, {}).pop(model, None)
    if ids:
        _refresh_ids(model, ids)


def _deleting(origin: object, model: type[Model]) -> bool:
    """Whether the delete under way started from rows of `model` (owners go too)."""
    if isinstance(origin, QuerySet):
        return issubclass(origin.model, model)
    return isinstance(origin, model)


# --- receivers -------------------------------------------------------------------


def _tags_changed(
    sender, instance: Model, action: str, reverse: bool, pk_set, **kwargs
) -> None:
    """Tags added to or removed from articles, from either side."""
    if reverse and action == "pre_clear":
        # A tag's articles, noted before the rows that say so are gone.
        _hold(instance, Article, instance.articles.values_list("pk", flat=True))
    elif reverse and action == "post_clear":
        _refresh_held(instance, Article)
    elif action in {"post_add", "post_remove", "post_clear"} and pk_set != set():
        # pk_set: the articles (reverse) or tags really added or removed.
        _refresh_ids(Article, pk_set if reverse else [instance.pk])


def _renamed(
    sender, instance: SluggedModel, created: bool, raw: bool, update_fields, **kwargs
) -> None:
    """A section or tag renamed: its name is in its articles' text."""
    if created or raw or (update_fields is not None and "name" not in update_fields):
        return
    if instance.is_renamed():
        refresh_articles(instance.articles.all())


def _tag_deleting(sender, instance: Tag, origin=None, **kwargs) -> None:
    holder = _holder(origin, instance)
    _hold(holder, Article, instance.articles.values_list("pk", flat=True))


def _tag_deleted(sender, instance: Tag, origin=None, **kwargs) -> None:
    _refresh_held(_holder(origin, instance), Article)


def _attendee_saved(sender, instance: Attendee, raw: bool, **kwargs) -> None:
    if not raw:
        _refresh_ids(Article, [instance.article_id])


def _attendee_deleting(sender, instance: Attendee, origin=None, **kwargs) -> None:
    if not _deleting(origin, Article):
        _hold(_holder(origin, instance), Article, [instance.article_id])


def _attendee_deleted(sender, instance: Attendee, origin=None, **kwargs) -> None:
    _refresh_held(_holder(origin, instance), Article)


def _official_part_saved(
    sender, instance: OfficialSpelling | Position, raw: bool, **kwargs
) -> None:
    if not raw:
        _refresh_ids(Official, [instance.official_id])


def _official_part_deleting(
    sender, instance: OfficialSpelling | Position, origin=None, **kwargs
) -> None:
    if not _deleting(origin, Official):
        _hold(_holder(origin, instance), Official, [instance.official_id])


def _official_part_deleted(
    sender, instance: OfficialSpelling | Position, origin=None, **kwargs
) -> None:
    _refresh_held(_holder(origin, instance), Official)


def connect() -> None:
    """Connect the receivers (called once, by the app's `ready()`)."""
    uid = "articles.search_index"
    m2m_changed.connect(
        _tags_changed, sender=Article.tags.through, dispatch_uid=f"{uid}.tags"
    )
    for model in (Section, Tag):
        post_save.connect(
            _renamed, sender=model, dispatch_uid=f"{uid}.renamed.{model.__name__}"
        )
    pre_delete.connect(_tag_deleting, sender=Tag, dispatch_uid=f"{uid}.tag")
    post_delete.connect(_tag_deleted, sender=Tag, dispatch_uid=f"{uid}.tag")
    post_save.connect(_attendee_saved, sender=Attendee, dispatch_uid=f"{uid}.people")
    pre_delete.connect(
        _attendee_deleting, sender=Attendee, dispatch_uid=f"{uid}.people"
    )
    post_delete.connect(
        _attendee_deleted, sender=Attendee, dispatch_uid=f"{uid}.people"
    )
    for model in (OfficialSpelling, Position):
        name = f"{uid}.official.{model.__name__}"
        post_save.connect(_official_part_saved, sender=model, dispatch_uid=name)
        pre_delete.connect(_official_part_deleting, sender=model, dispatch_uid=name)
        post_delete.connect(_official_part_deleted, sender=model, dispatch_uid=name)
