"""Address keys that cannot overflow or collide, and the count of form stamp uses.

The keys were the case-folded address (up to 100 characters, and `ß` folded to
`ss`): they become the SHA-256 of the address's normal form (64 characters).
Computed here with a copy of `comments.models.normal_address`, as it was when
this migration was written: later changes to it must not change this step.
"""

import hashlib
import unicodedata

from django.db import migrations, models

BATCH = 1000


def normal_address(email):
    address = email.strip()
    local, at, domain = address.rpartition("@")
    if not at:
        return address
    if local.isascii():
        local = local.lower()
    labels = []
    dots = str.maketrans("\u3002\uff0e\uff61", "...")
    for label in unicodedata.normalize("NFKC", domain).translate(dots).split("."):
        label = label.lower()
        if not label.isascii():
            label = "xn--" + label.encode("punycode").decode("ascii")
        labels.append(label)
    return f"{local}@{'.'.join(labels)}"


def new_key(email):
    address = normal_address(email)
    return hashlib.sha256(address.encode()).hexdigest() if address else ""


def old_key(email):
    return email.strip().casefold()[:100]


def rekey_comments(Comment, key_of):
    """Give every comment the key of its address.

    Two comments whose keys the old rule told apart (`x@bücher.ma` and
    `x@xn--bcher-kva.ma`) may now share one: the same text twice from that
    address on one article would break `comment_once_per_author_and_text`, so
    the later copy is kept without a text key (it no longer counts as a
    duplicate; everything else, erasure included, still finds it).
    """
    rows = Comment.objects.exclude(email="", email_key="").order_by("article_id", "pk")
    seen, after = set(), None
    while True:
        # Read in pages, each before it is written (not through one open cursor
        # over rows being updated).
        page = (
            rows
            if after is None
            else rows.filter(
                models.Q(article_id__gt=after[0])
                | models.Q(article_id=after[0], pk__gt=after[1])
            )
        )
        page = list(page.values_list("pk", "article_id", "email", "body_key")[:BATCH])
        if not page:
            return
        changed = []
        for pk, article_id, email, body_key in page:
            if after is None or article_id != after[0]:
                seen = set()
            after = (article_id, pk)
            key = key_of(email)
            if key and body_key:
                if (key, body_key) in seen:
                    body_key = ""
                seen.add((key, body_key))
            changed.append(Comment(pk=pk, email_key=key, body_key=body_key))
        Comment.objects.bulk_update(changed, ["email_key", "body_key"])


def rekey_commenters(Commenter, key_of, address_of):
    """Give every commenter the key of the address they proved.

    Where two now share a key, the one confirmed first stays.
    """
    kept = {}
    # Few rows (one per address that asked for a link): read at once.
    for commenter in list(
        Commenter.objects.order_by(models.F("confirmed_at").asc(nulls_last=True), "pk")
    ):
        address = address_of(commenter)
        key = key_of(address)
        if key in kept:
            commenter.delete()
            continue
        kept[key] = commenter
        commenter.email_key, commenter.email = key, address
        commenter.save(update_fields=["email_key", "email"])


def forwards(apps, schema_editor):
    rekey_comments(apps.get_model("comments", "Comment"), new_key)
    # The confirmation link went to the stored (case-folded) address: that is
    # the address its owner proved.
    rekey_commenters(
        apps.get_model("comments", "Commenter"),
        new_key,
        lambda commenter: commenter.email_key,
    )


def backwards(apps, schema_editor):
    rekey_comments(apps.get_model("comments", "Comment"), old_key)
    rekey_commenters(
        apps.get_model("comments", "Commenter"),
        old_key,
        lambda commenter: commenter.email,
    )


class Migration(migrations.Migration):
    dependencies = [("comments", "0004_clean_stored_text")]

    operations = [
        migrations.AddField(
            model_name="commenter",
            name="email",
            field=models.EmailField(blank=True, max_length=100),
        ),
        # The keys are computed while the columns still hold the old ones.
        migrations.RunPython(forwards, backwards, elidable=False),
        migrations.AlterField(
            model_name="comment",
            name="email_key",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="commenter",
            name="email_key",
            field=models.CharField(max_length=64, unique=True),
        ),
        migrations.CreateModel(
            name="StampUse",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("key", models.CharField(max_length=64, unique=True)),
                ("uses", models.PositiveIntegerField(default=0)),
                ("expires_at", models.DateTimeField(db_index=True)),
            ],
            options={
                "verbose_name": "form stamp use",
                "verbose_name_plural": "form stamp uses",
            },
        ),
    ]
