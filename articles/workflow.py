"""An article's way from a writer's draft to the site, and who may move it.

    draft ──submit──> in review ──publish──> published ──unpublish──> unpublished
      ^                   │          (now, or scheduled:                 │
      └── return to draft ┘          a future date)                      │
      └──────────────────────────── return to draft ─────────────────────┘

Permissions say what each group may do (migration 0005 makes the groups); the
rule they cannot say lives here: a writer who may not publish sees only their
own articles and edits them only while they are drafts. The admin's buttons and
actions call these functions; every move is a revision, with who made it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import zip_longest

import reversion
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_noop
from reversion.models import Version

from . import richtext
from .models import Article, ArticleQuerySet, Attendee, Image, Official, Section, Tag

Status = Article.Status

# The groups migration 0005 makes. Their names are stable keys, stored in
# English; the admin shows them through the catalogue.
AUTHORS = gettext_noop("Authors")
EDITORS = gettext_noop("Editors")
COMMENT_MODERATORS = gettext_noop("Comment moderators")


def can_publish(user: AbstractBaseUser) -> bool:
    """The editors' desk: publishing, and every writer's articles."""
    return user.has_perm("articles.publish_article")


def visible_to(user: AbstractBaseUser, articles: QuerySet) -> QuerySet:
    """The articles `user` may see in the admin: all of them, or their own."""
    return articles if can_publish(user) else articles.filter(author=user.pk)


def may_edit(user: AbstractBaseUser, article: Article) -> bool:
    """Editors edit anything; a writer, their own article while it is a draft."""
    if not user.has_perm("articles.change_article"):
        return False
    if can_publish(user):
        return True
    return article.author_id == user.pk and article.status == Status.DRAFT


def submit_for_review(articles: QuerySet, *, by: AbstractBaseUser) -> int:
    """Send drafts to the editors; returns how many moved."""
    return _move(
        articles,
        ArticleQuerySet.submit_for_review,
        gettext("Submitted for review."),
        by,
    )


def publish(articles: QuerySet, *, by: AbstractBaseUser) -> int:
    """Publish now, or at the future date already set (scheduled)."""
    return _move(articles, ArticleQuerySet.publish, gettext("Published."), by)


def unpublish(articles: QuerySet, *, by: AbstractBaseUser) -> int:
    """Take published (or scheduled) articles off the site."""
    return _move(articles, ArticleQuerySet.unpublish, gettext("Unpublished."), by)


def return_to_draft(articles: QuerySet, *, by: AbstractBaseUser) -> int:
    """Give articles in review or taken down back to their writers."""
    return _move(
        articles, ArticleQuerySet.return_to_draft, gettext("Returned to draft."), by
    )


def _move(
    articles: QuerySet,
    move: Callable[[ArticleQuerySet], int],
    comment: str,
    by: AbstractBaseUser,
) -> int:
    # The status changes in one UPDATE (two editors clicking at once move an
    # article once); the revision then records each moved article as it is now.
    ids = list(articles.values_list("pk", flat=True))
    with transaction.atomic():
        before = dict(Article.objects.filter(pk__in=ids).values_list("pk", "status"))
        count = move(Article.objects.filter(pk__in=ids))
        moved = [
            article
            for article in Article.objects.filter(pk__in=ids)
            if article.status != before.get(article.pk)
        ]
        if moved:
            with reversion.create_revision():
                reversion.set_user(by)
                reversion.set_comment(comment)
                for article in moved:
                    reversion.add_to_revision(article)
    return count


# --- revisions: what changed between two versions -----------------------------


@dataclass
class Line:
    """One row of a comparison: the old text and the new, marked up."""

    old: SafeString
    new: SafeString
    kind: str  # "same", "changed", "removed", "added" or "note"


@dataclass
class FieldChange:
    name: str
    label: str
    lines: list[Line]


# A body's blocks end here: one line each in a comparison.
_BLOCK_END = re.compile(r"</(?:p|h2|h3|li|blockquote|figcaption)>|<br\s*/?>")


def compare_versions(old: Version, new: Version) -> list[FieldChange]:
    """The fields that differ between two versions of an article, line by line."""
    before, after = _readable(old), _readable(new)
    changes = []
    for key, (label, lines) in after.items():
        old_lines = before[key][1]
        if old_lines != lines:
            changes.append(FieldChange(key, label, diff_lines(old_lines, lines)))
        elif key == "body" and old.field_dict["body"] != new.field_dict["body"]:
            # Same words, different HTML: bold, a link, an image.
            note = escape(gettext("Same text; formatting, links or images changed."))
            changes.append(FieldChange(key, label, [Line(note, note, "note")]))
    return changes


def diff_lines(old: list[str], new: list[str]) -> list[Line]:
    """Lines side by side; a changed line shows its removed and added words."""
    rows = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [Line(escape(line), escape(line), "same") for line in old[i1:i2]]
            continue
        for before, after in zip_longest(old[i1:i2], new[j1:j2]):
            if before is None:
                rows.append(Line(SafeString(""), escape(after), "added"))
            elif after is None:
                rows.append(Line(escape(before), SafeString(""), "removed"))
            else:
                rows.append(Line(*_diff_words(before, after), "changed"))
    return rows


def _diff_words(old: str, new: str) -> tuple[SafeString, SafeString]:
    a, b = old.split(), new.split()
    left: list[str] = []
    right: list[str] = []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if tag == "equal":
            left.append(escape(removed))
            right.append(escape(added))
            continue
        if removed:
            left.append(format_html("<del>{}</del>", removed))
        if added:
            right.append(format_html("<ins>{}</ins>", added))
    # Every piece is escaped or built by format_html.
    return SafeString(" ".join(left)), SafeString(" ".join(right))


def _label(name: str) -> str:
    return capfirst(Article._meta.get_field(name).verbose_name)


def _readable(version: Version) -> dict[str, tuple[str, list[str]]]:
    """A version's fields as lines of text a person compares."""
    data = version.field_dict
    section = Section.objects.filter(pk=data.get("section_id")).first()
    image = Image.objects.filter(pk=data.get("featured_image_id")).first()
    tags = Tag.objects.filter(pk__in=data.get("tags") or []).order_by("name")
    published_at = data.get("published_at")
    return {
        "title": (_label("title"), [data["title"]]),
        "section": (_label("section"), [str(section)] if section else []),
        "lede": (_label("lede"), data.get("lede", "").splitlines()),
        "body": (_label("body"), _body_lines(data.get("body", ""))),
        "featured_image": (_label("featured_image"), [str(image)] if image else []),
        "status": (_label("status"), [str(Article.Status(data["status"]).label)]),
        "published_at": (
            _label("published_at"),
            [formats.date_format(timezone.localtime(published_at), "DATETIME_FORMAT")]
            if published_at
            else [],
        ),
        "tags": (_label("tags"), [tag.name for tag in tags]),
        "attendees": (
            capfirst(Attendee._meta.verbose_name_plural),
            _attendee_lines(version),
        ),
    }


def _body_lines(html: str) -> list[str]:
    lines = (richtext.plain_text(block) for block in _BLOCK_END.split(html or ""))
    return [line for line in lines if line]


def _attendee_lines(version: Version) -> list[str]:
    """The people saved with this version of the article, one line each."""
    rows = [
        attendee.field_dict
        for attendee in version.revision.version_set.filter(
            content_type=ContentType.objects.get_for_model(Attendee)
        )
    ]
    rows = [row for row in rows if str(row["article_id"]) == version.object_id]
    rows.sort(key=lambda row: (row["order"], row["id"]))
    officials = Official.objects.in_bulk(
        {row["official_id"] for row in rows if row["official_id"]}
    )
    lines = []
    for row in rows:
        official = officials.get(row["official_id"])
        name = row["name_as_printed"] or (official.name if official else "")
        participation = Attendee.Participation(row["participation"]).label
        lines.append(
            " — ".join(
                part
                for part in [name, str(participation), row["role_as_printed"]]
                if part
            )
        )
    return lines
