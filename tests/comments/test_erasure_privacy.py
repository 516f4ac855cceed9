"""Erasure leaves the person in no admin history, and an export is written for
its owner's eyes only."""

from __future__ import annotations

import io
import json
import os
import stat

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.urls import reverse

from comments.models import Comment
from comments.privacy import erase_commenter
from tests.factories import CommentFactory, UserFactory


def log_change(user, comment: Comment, message) -> LogEntry:
    """What the admin writes when a moderator changes a comment."""
    return LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(Comment),
        object_id=str(comment.pk),
        object_repr=str(comment),
        action_flag=CHANGE,
        change_message=message,
    )


@pytest.fixture
def moderator(db):
    return UserFactory(username="moderator", is_staff=True, is_superuser=True)


def test_erasure_takes_the_name_out_of_the_admin_history(article, moderator):
    comment = CommentFactory(
        article=article, name="سعاد العلوي", email="souad@example.ma"
    )
    structured = log_change(
        moderator,
        comment,
        # As the admin stores it: JSON, the Arabic escaped.
        json.dumps([{"changed": {"fields": ["Name"], "old": "سعاد العلوي"}}]),
    )
    plain = log_change(moderator, comment, "Renamed from souad@example.ma")

    erase_commenter("souad@example.ma")

    for entry in (structured, plain):
        entry.refresh_from_db()
        assert "سعاد" not in entry.object_repr
        text = json.dumps(entry.change_message, ensure_ascii=False)
        assert "سعاد" not in entry.get_change_message()
        assert "سعاد" not in text and "souad@example.ma" not in text
    assert json.loads(structured.change_message)[0]["changed"]["fields"] == ["Name"]


def test_erasure_leaves_other_peoples_history_alone(article, moderator):
    mine = CommentFactory(article=article, name="سعاد", email="souad@example.ma")
    theirs = CommentFactory(article=article, name="سعاد", email="other@example.ma")
    log_change(moderator, mine, "")
    kept = log_change(moderator, theirs, "Changed the name سعاد")

    erase_commenter("souad@example.ma")

    kept.refresh_from_db()
    assert kept.object_repr == "سعاد"
    assert kept.change_message == "Changed the name سعاد"


def test_erasure_from_the_admin_scrubs_its_history(admin_client, article):
    comment = CommentFactory(article=article, name="Khalid Souiri", email="k@ex.ma")
    admin_client.post(
        reverse("admin:comments_comment_change", args=[comment.pk]),
        {"name": "Khalid S.", "email": "k@ex.ma", "body": comment.body},
    )
    entries = LogEntry.objects.filter(object_id=str(comment.pk))
    assert "Khalid" in entries.get().object_repr
    admin_client.post(
        reverse("admin:comments_comment_privacy"),
        {"action": "confirm", "email": "k@ex.ma", "text": "keep"},
    )
    assert not any(
        "Khalid" in e.object_repr or "Khalid" in e.change_message for e in entries
    )


# --- the export file ------------------------------------------------------------


@pytest.fixture
def open_umask():
    previous = os.umask(0)
    yield
    os.umask(previous)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_export_file_is_readable_by_its_owner_only(tmp_path, article, open_umask):
    CommentFactory(article=article, email="souad@example.ma")
    target = tmp_path / "souad.json"
    call_command(
        "comments_export", "souad@example.ma", "-o", str(target), stderr=io.StringIO()
    )
    assert mode(target) == 0o600
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 1


def test_an_export_over_a_readable_file_makes_it_private(tmp_path, article, open_umask):
    CommentFactory(article=article, email="souad@example.ma")
    target = tmp_path / "souad.json"
    target.write_text("old")
    target.chmod(0o644)
    call_command(
        "comments_export", "souad@example.ma", "-o", str(target), stderr=io.StringIO()
    )
    assert mode(target) == 0o600
    assert json.loads(target.read_text(encoding="utf-8"))


def test_an_export_does_not_follow_a_planted_link(tmp_path, article):
    CommentFactory(article=article, email="souad@example.ma")
    elsewhere = tmp_path / "theirs.json"
    elsewhere.write_text("")
    trap = tmp_path / "souad.json"
    trap.symlink_to(elsewhere)
    with pytest.raises(CommandError):
        call_command("comments_export", "souad@example.ma", "-o", str(trap))
    assert elsewhere.read_text() == ""
