"""Search: a folded search text on articles and officials, and their indexes.

On PostgreSQL the article's text is also stored as a weighted text-search
vector; a GIN index on it serves full-text search, and trigram GIN indexes on
the texts serve partial words (the pg_trgm extension). SQLite has neither
index: it searches the text itself.

The normaliser now reads both hamza seats (ؤ, ئ) as one letter, so the name
keys of officials and of their other spellings are computed again too.
"""

import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

import articles.models
from articles.richtext import plain_text
from newsroom.arabic import normalize, search_document, search_line

BATCH = 500

# (name, model, SQL after USING): PostgreSQL only.
PG_INDEXES = [
    ("article_search_vector_idx", "article", "gin (search_vector)"),
    ("article_search_trgm_idx", "article", "gin (search_text gin_trgm_ops)"),
    ("official_search_trgm_idx", "official", "gin (search_text gin_trgm_ops)"),
]


def batches(queryset):
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        yield queryset.filter(pk__in=ids[start : start + BATCH])


def fill_officials(apps, schema_editor):
    Official = apps.get_model("articles", "Official")
    OfficialSpelling = apps.get_model("articles", "OfficialSpelling")
    for batch in batches(Official.objects.all()):
        officials = list(batch.prefetch_related("spellings", "positions"))
        for official in officials:
            official.name_key = normalize(official.name)
            keys = set()
            for spelling in official.spellings.all():
                key = normalize(spelling.name)
                if key in keys:
                    # Two spellings that differed only by a hamza seat: one
                    # is enough, and the unique constraint wants no more.
                    spelling.delete()
                    continue
                keys.add(key)
                if spelling.key != key:
                    OfficialSpelling.objects.filter(pk=spelling.pk).update(key=key)
            official.search_text = search_document(
                search_line(official.name),
                search_line(
                    *(s.name for s in official.spellings.all() if s.pk),
                    *(p.title for p in official.positions.all()),
                ),
            )
        Official.objects.bulk_update(officials, ["name_key", "search_text"])


def fill_articles(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for batch in batches(Article.objects.all()):
        articles = list(
            batch.select_related("section").prefetch_related("tags", "attendees")
        )
        for article in articles:
            body = plain_text(article.body)
            people = []
            for attendee in article.attendees.all():
                people += [attendee.name_as_printed, attendee.role_as_printed]
            article.search_text = search_document(
                search_line(article.title),
                search_line(article.lede, body, article.section.name),
                search_line(*(tag.name for tag in article.tags.all()), *people),
            )
        Article.objects.bulk_update(articles, ["search_text"])


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, model_name, using in PG_INDEXES:
        table = apps.get_model("articles", model_name)._meta.db_table
        schema_editor.execute(
            f"CREATE INDEX {schema_editor.quote_name(name)} "
            f"ON {schema_editor.quote_name(table)} USING {using}"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _model_name, _using in PG_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_editorial_groups")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="official",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=articles.models.SearchDocumentVector("search_text"),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        # Does nothing on other databases.
        TrigramExtension(),
        migrations.RunPython(fill_officials, migrations.RunPython.noop),
        migrations.RunPython(fill_articles, migrations.RunPython.noop),
        migrations.RunPython(add_indexes, drop_indexes),
    ]
