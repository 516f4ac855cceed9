"""Readers' comments and proven commenters; each article's approved count kept exact."""

from __future__ import annotations

import datetime
import hashlib
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db import connections, models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from newsroom import pagecache
from newsroom.arabic import normalize
from newsroom.cleaning import CleanTextModel


def normal_address(email: str) -> str:
    """The address as compared: two addresses are one person's if these agree.

    Surrounding space dropped. The domain in its IDNA 2008 ASCII form: each
    label NFKC-normalised and lower-cased (not case-folded: `straße.de` and
    `strasse.de` are different domains), then Punycode. The local part
    lower-cased when it is ASCII (no mailbox tells `Souad@` from `souad@`),
    and kept exactly as typed when it is not: `straße@` and `strasse@` are
    different people, whatever Unicode case folding says.
    """
    address = email.strip()
    local, at, domain = address.rpartition("@")
    if not at:
        # Not an address (the forms refuse it): compared as typed.
        return address
    if local.isascii():
        local = local.lower()
    return f"{local}@{_ascii_domain(domain)}"


# The dots IDNA reads as dots.
_DOTS = str.maketrans("\u3002\uff0e\uff61", "...")


def _ascii_domain(domain: str) -> str:
    labels = []
    for label in unicodedata.normalize("NFKC", domain).translate(_DOTS).split("."):
        label = label.lower()
        if not label.isascii():
            label = "xn--" + label.encode("punycode").decode("ascii")
        labels.append(label)
    return ".".join(labels)


def email_key(email: str) -> str:
    """The address's key: the SHA-256 of its normal form ("" for no address).

    Fixed-length, so no address, however long once its domain is in IDNA form,
    overflows the column; a digest, so two different addresses never share a key.
    """
    address = normal_address(email)
    return hashlib.sha256(address.encode()).hexdigest() if address else ""


def body_key(body: str) -> str:
    """A fingerprint of the text as an Arabic reader reads it (for duplicates)."""
    return hashlib.sha256(normalize(body).encode()).hexdigest()


def shift_comment_counts(deltas: Mapping[int, int]) -> None:
    """Move articles' stored counts of approved comments by `deltas` (id -> change).

    An F() update in the database: concurrent moderators lose no change. Called
    inside the transaction of the write that moved the count.
    """
    by_delta: dict[int, list[int]] = defaultdict(list)
    for article_id, delta in deltas.items():
        if delta and article_id is not None:
            by_delta[delta].append(article_id)
    for delta, article_ids in by_delta.items():
        Article.objects.filter(pk__in=article_ids).update(
            comment_count=Greatest(F("comment_count") + delta, Value(0))
        )


def approved_count_subquery() -> models.Subquery:
    """The number of approved comments of the article in the outer query."""
    approved = (
        Comment.objects.approved()
        .filter(article_id=models.OuterRef("pk"))
        .order_by()
        .values("article_id")
        .annotate(count=models.Count("pk"))
        .values("count")
    )
    return Coalesce(models.Subquery(approved), 0)


class CommentQuerySet(models.QuerySet):
    """Comments; writes that change a status or remove one keep the counts exact.

    `update(status=…)`, `delete()` and `bulk_create()` write no `save()`, so they
    move the articles' stored counts themselves, in the same transaction.
    """

    # Never shown to readers: clearing them leaves every cached page right.
    PRIVATE_FIELDS = frozenset({"ip", "user_agent", "moderators_told_at"})

    def approved(self) -> CommentQuerySet:
        return self.filter(status=Comment.Status.APPROVED)

    def awaiting_digest(self) -> CommentQuerySet:
        """Held for moderation, and not in a mail to the moderators yet."""
        return self.filter(status=Comment.Status.PENDING, moderators_told_at=None)

    def update(self, **kwargs) -> int:
        with transaction.atomic(using=self.db):
            if "status" not in kwargs and "article" not in kwargs:
                # An edit or an erasure: readers may see it.
                if set(kwargs) - self.PRIVATE_FIELDS:
                    pagecache.content_changed()
                return super().update(**kwargs)
            # A change of status reaches readers only through an approved
            # comment, and so moves a count: shift_comment_counts() drops the
            # cached pages then, and a spam wave never does.
            # Locked and read as they are now: a moderator acting on the same
            # comments at the same moment waits, so each change counts once.
            rows = list(
                self.select_for_update().values_list("pk", "article_id", "status")
            )
            new_status = kwargs.get("status")
            new_article = kwargs.get("article")
            deltas: Counter[int] = Counter()
            for _pk, article_id, status in rows:
                if status == Comment.Status.APPROVED:
                    deltas[article_id] -= 1
                after = status if new_status is None else new_status
                if after == Comment.Status.APPROVED:
                    target = article_id if new_article is None else new_article
                    deltas[getattr(target, "pk", target)] += 1
            count = models.QuerySet.update(
                self.model._base_manager.filter(pk__in=[row[0] for row in rows]),
                **kwargs,
            )
            shift_comment_counts(deltas)
        return count

    def delete(self) -> tuple[int, dict[str, int]]:
        with transaction.atomic(using=self.db):
            gone = approved_by_article(with_replies(self.values_list("pk", flat=True)))
            result = super().delete()
            shift_comment_counts({pk: -n for pk, n in gone.items()})
        return result

    delete.alters_data = True
    delete.queryset_only = True

    def bulk_create(self, objs: Iterable[Comment], *args, **kwargs) -> list[Comment]:
        objs = list(objs)
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            shift_comment_counts(
                Counter(
                    c.article_id for c in objs if c.status == Comment.Status.APPROVED
                )
            )
        return created

    def recount_articles(self, batch_size: int = 10_000) -> int:
        """Repair every article's stored count; returns how many were wrong.

        In ranges of ids, so a large site is never locked or read at once.
        """
        repaired, last = 0, 0
        top = Article.objects.order_by("-pk").values_list("pk", flat=True).first()
        while top is not None and last < top:
            wrong = (
                Article.objects.filter(pk__gt=last, pk__lte=last + batch_size)
                .alias(actual=approved_count_subquery())
                .exclude(comment_count=F("actual"))
            )
            repaired += wrong.update(comment_count=approved_count_subquery())
            last += batch_size
        return repaired

    def of_address(self, email: str) -> CommentQuerySet:
        """Every comment left with this address (see `normal_address`), none other."""
        return self.filter(email_key=email_key(email))

    def for_thread(self, article_id: int) -> CommentQuerySet:
        """What the article page shows: its approved comments, oldest first."""
        return (
            self.approved()
            .filter(article_id=article_id)
            .only(
                "id",
                "article_id",
                "parent_id",
                "depth",
                "name",
                "url",
                "body",
                "created_at",
                "status",
                "erased_at",
                "user_id",
            )
            .order_by("created_at", "pk")
        )


class Comment(CleanTextModel):
    """A reader's comment on an article; shown only once a moderator approves it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        TRASH = "trash", _("Trash")

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    # Limits are in characters, as WordPress's columns are (an Arabic name of
    # 245 letters fits).
    name = models.CharField(_("name"), max_length=245, blank=True)
    email = models.EmailField(_("email"), max_length=100, blank=True)
    url = models.URLField(_("website"), max_length=200, blank=True)
    body = models.TextField(_("comment"), max_length=65525, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PENDING
    )
    # Set on the site's own replies, written by staff in the admin.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=500, blank=True)
    email_key = models.CharField(max_length=64, blank=True, editable=False)
    body_key = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # When the moderators' digest listed it (notifications.py).
    moderators_told_at = models.DateTimeField(
        _("moderators told at"), null=True, blank=True, editable=False
    )
    erased_at = models.DateTimeField(
        _("personal data erased at"), null=True, blank=True
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(
                fields=["article", "status", "created_at"],
                name="comment_article_status_idx",
            ),
            models.Index(fields=["status", "-created_at"], name="comment_queue_idx"),
            models.Index(fields=["email_key"], name="comment_email_idx"),
            models.Index(fields=["ip", "-created_at"], name="comment_ip_idx"),
            # The next digest's comments: few rows, whatever the site's size.
            models.Index(
                fields=["created_at"],
                condition=Q(status="pending", moderators_told_at=None),
                name="comment_awaiting_digest_idx",
            ),
        ]
        constraints = [
            # The same text twice from the same address on the same article
            # (a double click) is stored once, even when both arrive together.
            models.UniqueConstraint(
                fields=["article", "email_key", "body_key"],
                condition=~Q(email_key="") & ~Q(body_key=""),
                name="comment_once_per_author_and_text",
            ),
        ]

    def __str__(self) -> str:
        return str(self.display_name)

    def save(self, *args, **kwargs) -> None:
        self.email_key = email_key(self.email)
        self.body_key = body_key(self.body) if self.body else ""
        if self.parent_id and not self.depth:
            self.depth = self.parent.depth + 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and not {"status", "article"} & {*update_fields}:
            super().save(*args, **kwargs)
            return
        # No savepoint of its own inside a caller's transaction (a post's):
        # two round trips fewer, and a failure undoes the caller's work too.
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            deltas: Counter[int] = Counter()
            if not self._state.adding:
                # As stored now, locked: another moderator's change is not
                # counted twice, or lost.
                before = (
                    type(self)
                    ._base_manager.select_for_update()
                    .filter(pk=self.pk)
                    .values_list("article_id", "status")
                    .first()
                )
                if before and before[1] == self.Status.APPROVED:
                    deltas[before[0]] -= 1
            super().save(*args, **kwargs)
            if self.status == self.Status.APPROVED:
                deltas[self.article_id] += 1
            shift_comment_counts(deltas)

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"

    def delete(self, *args, **kwargs) -> tuple[int, dict[str, int]]:
        with transaction.atomic(using=kwargs.get("using")):
            gone = approved_by_article(with_replies([self.pk]))
            result = super().delete(*args, **kwargs)
            shift_comment_counts({pk: -n for pk, n in gone.items()})
        return result

    @property
    def is_site_reply(self) -> bool:
        # Only staff write with a user attached (from the admin); the mark stays
        # if the author later leaves the team.
        return self.user_id is not None

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def is_anonymous(self) -> bool:
        """Shown without a name: erased at its author's request, or never named."""
        return self.is_erased or not self.name

    @property
    def display_name(self) -> str:
        """The name the comment is shown under, on the site, in feeds and the admin."""
        return str(_("Anonymous")) if self.is_anonymous else self.name

    @property
    def thread_is_full(self) -> bool:
        """Whether a reply to this comment would pass the depth limit."""
        return self.depth + 1 >= settings.COMMENTS_MAX_DEPTH

    def can_take_reply(self) -> bool:
        """A reader's or the site's reply: to an approved comment, within the depth."""
        return self.status == self.Status.APPROVED and not self.thread_is_full


def with_replies(comment_ids: Iterable[int]) -> set[int]:
    """The comments and every reply under them, as deleting them removes them all."""
    found = set(comment_ids)
    frontier = found
    while frontier:
        frontier = (
            set(
                Comment._base_manager.filter(parent_id__in=frontier).values_list(
                    "pk", flat=True
                )
            )
            - found
        )
        found |= frontier
    return found


def approved_by_article(comment_ids: Iterable[int]) -> Counter[int]:
    """How many of these comments are approved, per article."""
    return Counter(
        Comment._base_manager.filter(
            pk__in=list(comment_ids), status=Comment.Status.APPROVED
        ).values_list("article_id", flat=True)
    )


class Commenter(CleanTextModel):
    """An address whose owner proved it by following the link mailed to it."""

    email_key = models.CharField(max_length=64, unique=True)
    # Where the link is mailed (as first typed); erased with the commenter.
    email = models.EmailField(max_length=100, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("commenter")
        verbose_name_plural = _("commenters")

    def __str__(self) -> str:
        return self.email or self.email_key


class StampUseQuerySet(models.QuerySet):
    def spend(self, key: str, limit: int, expires_at: datetime.datetime) -> bool:
        """Count one more use of the stamp `key`; False once it had `limit` uses.

        One statement, atomic: posts at the same moment, from any process, never
        both take the last use. Inside the post's own transaction, so a post
        that is not stored uses nothing. Rows past `expires_at` go in
        `forget_expired()`.
        """
        if limit < 1:
            return False
        connection = connections[self.db]
        quote = connection.ops.quote_name
        table = quote(self.model._meta.db_table)
        key_, uses, expires = (quote(name) for name in ("key", "uses", "expires_at"))
        # An upsert whose update is conditional: a new stamp is inserted, a
        # used one counted while it has uses left; only then is a row returned.
        sql = (
            f"INSERT INTO {table} ({key_}, {uses}, {expires}) VALUES (%s, 1, %s) "
            f"ON CONFLICT ({key_}) DO UPDATE SET {uses} = {table}.{uses} + 1 "
            f"WHERE {table}.{uses} < %s RETURNING {key_}"
        )
        params = [key, connection.ops.adapt_datetimefield_value(expires_at), limit]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone() is not None

    def forget_expired(self) -> int:
        """Delete the counts of stamps no longer accepted anyway."""
        return self.filter(expires_at__lt=timezone.now()).delete()[0]


class StampUse(CleanTextModel):
    """How many comments a served form stamp was used for (comments/stamps.py).

    In the database, not the cache: the limit must hold with Redis down.
    """

    key = models.CharField(max_length=64, unique=True)
    uses = models.PositiveIntegerField(default=0)
    # When the stamp stops being accepted anyway: the row can go then.
    expires_at = models.DateTimeField(db_index=True)

    objects = StampUseQuerySet.as_manager()

    class Meta:
        verbose_name = _("form stamp use")
        verbose_name_plural = _("form stamp uses")

    def __str__(self) -> str:
        return self.key
