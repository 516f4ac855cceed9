"""Address keys: no address overflows its column, and export, erasure, trust and
duplicates find the address given and never another person's."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from comments import notifications, privacy
from comments.models import Comment, Commenter, email_key, normal_address
from tests.factories import ArticleFactory, CommentFactory

# A valid address of 97 characters that case folding made 187 long (each "ß"
# folds to "ss"): too long for the old 100-character column on PostgreSQL.
LONG_ADDRESS = "r@" + ".".join(["ß" * 30] * 3) + ".de"


def test_an_address_whose_folded_form_is_long_is_stored(
    client, article, lenient, form_data
):
    assert len(LONG_ADDRESS) <= Comment._meta.get_field("email").max_length
    response = client.post(
        reverse("comments:post", args=[article.pk]), form_data(email=LONG_ADDRESS)
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.email == LONG_ADDRESS
    assert len(comment.email_key) == 64
    assert list(Comment.objects.of_address(LONG_ADDRESS)) == [comment]


def test_every_key_fits_its_column():
    for field in (
        Comment._meta.get_field("email_key"),
        Commenter._meta.get_field("email_key"),
    ):
        assert len(email_key("x" * 300 + "@" + "ü" * 60 + ".ma")) <= field.max_length


@pytest.mark.parametrize(
    ("typed", "same"),
    [
        ("Souad@Example.MA", "souad@example.ma"),
        ("  souad@example.ma ", "souad@example.ma"),
        ("x@Bücher.ma", "x@xn--bcher-kva.ma"),
        ("x@ＥＸＡＭＰＬＥ.ma", "x@example.ma"),
    ],
)
def test_case_and_idna_forms_of_one_address_share_a_key(typed, same):
    assert email_key(typed) == email_key(same)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("straße@example.de", "strasse@example.de"),
        ("Straße@example.de", "straße@example.de"),
        ("x@straße.de", "x@strasse.de"),
        ("ΣΟΦΙΑ@example.gr", "σοφια@example.gr"),
    ],
)
def test_addresses_that_fold_alike_are_different_people(one, other):
    assert normal_address(one) != normal_address(other)
    assert email_key(one) != email_key(other)


@pytest.fixture
def two_people(db):
    article = ArticleFactory()
    mine = CommentFactory(article=article, email="x@straße.de", name="سعاد")
    theirs = CommentFactory(article=article, email="x@strasse.de", name="خالد")
    return mine, theirs


def test_export_returns_only_the_address_given(two_people):
    mine, _theirs = two_people
    exported = privacy.export_comments("x@straße.de")
    assert [c["id"] for c in exported] == [mine.pk]
    assert {c["email"] for c in exported} == {"x@straße.de"}


def test_erasure_touches_only_the_address_given(two_people):
    mine, theirs = two_people
    assert privacy.erase_commenter("x@strasse.de") == 1
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.email == "x@straße.de" and not mine.is_erased
    assert theirs.email == "" and theirs.is_erased


def test_the_erase_command_touches_only_the_address_given(two_people):
    mine, theirs = two_people
    call_command("comments_erase", "x@straße.de", "--yes", stdout=io.StringIO())
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.is_erased and not theirs.is_erased


def test_the_admin_exports_only_the_address_given(admin_client, two_people):
    mine, _theirs = two_people
    response = admin_client.post(
        reverse("admin:comments_comment_privacy"),
        {"action": "export", "email": "x@straße.de"},
    )
    assert response.status_code == 200
    assert [c["id"] for c in response.json()] == [mine.pk]


def test_a_proven_address_does_not_vouch_for_one_that_folds_alike(db):
    other = Commenter.objects.create(
        email_key=email_key("x@strasse.de"), confirmed_at=timezone.now()
    )
    assert not Commenter.objects.filter(
        pk=other.pk, email_key=email_key("x@straße.de")
    ).exists()


def test_the_confirmation_goes_to_the_address_typed(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.request_confirmation("Souad@Bücher.ma")
    assert mail.outbox[0].to == ["souad@xn--bcher-kva.ma"]
    commenter = Commenter.objects.get()
    assert commenter.email == "Souad@Bücher.ma"
    assert commenter.email_key == email_key("souad@xn--bcher-kva.ma")


# --- the migration ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_rekeys_stored_comments_and_commenters():
    executor = MigrationExecutor(connection)
    before = [("comments", "0004_clean_stored_text")]
    after = executor.loader.graph.leaf_nodes("comments")
    article = ArticleFactory()
    executor.migrate(before)
    try:
        apps = executor.loader.project_state(before).apps
        OldComment = apps.get_model("comments", "Comment")
        OldCommenter = apps.get_model("comments", "Commenter")

        def old(email: str, body_key: str = "b" * 64, **fields):
            return OldComment.objects.create(
                article_id=article.pk,
                email=email,
                email_key=email.strip().casefold(),
                body="نص",
                body_key=body_key,
                **fields,
            ).pk

        sharp = old("Straße@Example.de", body_key="a" * 64)
        double = old("strasse@example.de")
        unicode_domain = old("x@bücher.ma")
        ascii_domain = old("x@xn--bcher-kva.ma")  # the same text, the same person
        erased = old("")
        OldCommenter.objects.create(email_key="souad@example.ma")
        OldCommenter.objects.create(email_key="x@bücher.ma")
        OldCommenter.objects.create(
            email_key="x@xn--bcher-kva.ma", confirmed_at=timezone.now()
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(after)

    key = dict(Comment.objects.values_list("pk", "email_key"))
    assert key[sharp] == email_key("Straße@example.de")
    assert key[double] == email_key("strasse@example.de")
    assert key[sharp] != key[double]
    assert key[unicode_domain] == key[ascii_domain] == email_key("x@bücher.ma")
    # The second copy of the same text no longer counts as a duplicate.
    assert Comment.objects.get(pk=ascii_domain).body_key == ""
    assert Comment.objects.get(pk=unicode_domain).body_key == "b" * 64
    assert key[erased] == ""
    assert set(Commenter.objects.values_list("email", "email_key")) == {
        ("souad@example.ma", email_key("souad@example.ma")),
        ("x@xn--bcher-kva.ma", email_key("x@bücher.ma")),
    }
    assert Commenter.objects.get(email="x@xn--bcher-kva.ma").confirmed_at
