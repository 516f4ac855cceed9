"""The privacy commands an operator runs: export, erase, forget network data."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from comments.models import Comment
from tests.factories import CommentFactory
from tests.helpers import sent_days_ago

pytestmark = pytest.mark.django_db


def run(*args: str, answer: str | None = None, monkeypatch=None) -> str:
    out = io.StringIO()
    if answer is not None:
        monkeypatch.setattr("builtins.input", lambda prompt="": answer)
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def souad(**fields) -> Comment:
    defaults = {
        "email": "Souad@Example.ma",
        "name": "سعاد",
        "url": "https://souad.example.ma",
        "ip": "203.0.113.7",
        "user_agent": "Mozilla/5.0",
        "body": "نص التعليق",
    }
    return CommentFactory(**(defaults | fields))


# --- comments_export ------------------------------------------------------------------


def test_export_prints_all_and_only_the_comments_of_that_address():
    first, second = souad(), souad(email="souad@example.ma", body="تعليق ثان")
    CommentFactory(email="other@example.ma")

    output = run("comments_export", "SOUAD@example.MA")

    data = json.loads(output)
    assert sorted(row["id"] for row in data) == [first.pk, second.pk]
    assert {row["ip"] for row in data} == {"203.0.113.7"}
    # UTF-8 text, not \u escapes.
    assert "نص التعليق" in output


def test_export_writes_a_utf8_file(tmp_path):
    comment = souad()
    target = tmp_path / "souad.json"

    output = run("comments_export", "souad@example.ma", "--output", str(target))

    assert output == ""
    text = target.read_text(encoding="utf-8")
    assert "سعاد" in text
    assert [row["id"] for row in json.loads(text)] == [comment.pk]


def test_export_refuses_what_is_not_an_address():
    with pytest.raises(CommandError):
        run("comments_export", "not-an-address")


# --- comments_erase -------------------------------------------------------------------


def assert_erased(comment: Comment, body_kept: bool) -> None:
    comment.refresh_from_db()
    assert (comment.name, comment.email, comment.url) == ("", "", "")
    assert (comment.ip, comment.user_agent) == (None, "")
    assert comment.erased_at is not None
    assert (comment.body == "نص التعليق") is body_kept


def test_erase_with_yes_follows_the_sites_choice_for_the_text(settings):
    settings.COMMENTS_ERASE_TEXT = False
    comment = souad()
    other = CommentFactory(email="other@example.ma", name="قارئ")

    run("comments_erase", "souad@example.ma", "--yes")

    assert_erased(comment, body_kept=True)
    assert not Comment.objects.of_address("souad@example.ma").exists()
    other.refresh_from_db()
    assert other.name == "قارئ"


def test_erase_follows_the_setting_to_delete_the_text(settings):
    settings.COMMENTS_ERASE_TEXT = True
    comment = souad()

    run("comments_erase", "souad@example.ma", "--yes")

    assert_erased(comment, body_kept=False)


@pytest.mark.parametrize(
    ("option", "body_kept"), [("--delete-text", False), ("--keep-text", True)]
)
def test_erase_option_overrides_the_setting(settings, option, body_kept):
    settings.COMMENTS_ERASE_TEXT = body_kept
    comment = souad()

    run("comments_erase", "souad@example.ma", option, "--yes")

    assert_erased(comment, body_kept=body_kept)


def test_erase_asks_and_does_nothing_unless_told_yes(monkeypatch):
    comment = souad()

    run("comments_erase", "souad@example.ma", answer="no", monkeypatch=monkeypatch)

    comment.refresh_from_db()
    assert comment.email == "Souad@Example.ma"
    assert comment.erased_at is None


def test_erase_goes_ahead_when_the_operator_types_yes(monkeypatch):
    comment = souad()

    run("comments_erase", "souad@example.ma", answer="yes", monkeypatch=monkeypatch)

    assert_erased(comment, body_kept=True)


def test_erase_says_how_many_comments_it_changed():
    for body in ["الأول", "الثاني", "الثالث"]:
        souad(body=body)

    output = run("comments_erase", "souad@example.ma", "--yes")

    assert "3" in output


# --- comments_forget_network_data -----------------------------------------------------


def test_forget_network_data_clears_only_comments_past_retention(settings):
    settings.COMMENTS_RETENTION_DAYS = 60
    old = sent_days_ago(souad(), 61)
    recent = sent_days_ago(souad(body="تعليق حديث"), 59)

    run("comments_forget_network_data")

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.ip, old.user_agent) == (None, "")
    assert old.email == "Souad@Example.ma"  # only the network data goes
    assert (recent.ip, recent.user_agent) == ("203.0.113.7", "Mozilla/5.0")


def test_forget_network_data_takes_the_days_from_the_option():
    comment = sent_days_ago(souad(), 8)

    run("comments_forget_network_data", "--days", "7")

    comment.refresh_from_db()
    assert comment.ip is None


def test_forget_network_data_is_quiet_unless_verbose():
    sent_days_ago(souad(), 100)
    assert run("comments_forget_network_data") == ""

    for body in ["الأول", "الثاني", "الثالث"]:
        sent_days_ago(souad(body=body), 100)
    assert "3" in run("comments_forget_network_data", "-v", "2")
