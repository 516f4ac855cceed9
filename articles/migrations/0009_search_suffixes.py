"""Search: parts of words found through an index (PostgreSQL only).

A term inside a word (تثمار in الاستثمار) was looked for with LIKE '%term%'
through the trigram index, whose candidates must each be checked against the
whole text: thousands of rows for a word in a few articles of a hundred. Each
article now also stores the suffixes of its words from three letters up
(الاستثمار, لاستثمار, ..., مار) as a text-search vector: a term is inside a
word exactly when it starts one of them, a prefix query that the vector's GIN
index answers alone, with no row to check.

PostgreSQL computes the column from `search_text`, as it does `search_vector`,
so no write can leave it stale. The model does not declare it: only
articles/search.py reads it, and SQLite has no use for it.

Its statistics are kept short on purpose: the planner then knows only the
commonest suffixes' frequencies (above a fifth of the articles, on the
archive bench/search.py generates) and takes any other term for a rare one,
found through the index. Knowing middling ones too, it read the newest
articles one by one for terms in 7 to 20% of them, unpacking each row's
vector until 500 matched: up to five times slower than the index.
"""

from django.db import migrations

FUNCTION = "article_search_suffixes"
COLUMN = "search_suffixes"
INDEX = "article_search_suffixes_idx"
STATISTICS = 40

CREATE_FUNCTION = f"""
CREATE FUNCTION {FUNCTION}(document text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN array_to_tsvector(ARRAY(
        SELECT substr(word, start)
        FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, document)))
            AS word,
            generate_series(1, length(word) - 2) AS start
    ))
"""


def add_suffixes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(
        apps.get_model("articles", "Article")._meta.db_table
    )
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
            "WHERE name = 'default_toast_compression'"
        )
        row = cursor.fetchone()
    # Read on every row the newest-first plan checks: lz4 unpacks it in about
    # two thirds of pglz's time. Builds without lz4 keep the default.
    compression = " COMPRESSION lz4" if row and row[0] else ""
    schema_editor.execute(CREATE_FUNCTION)
    schema_editor.execute(
        f"ALTER TABLE {table} ADD COLUMN {COLUMN} tsvector{compression} "
        f"GENERATED ALWAYS AS ({FUNCTION}(search_text)) STORED"
    )
    schema_editor.execute(
        f"ALTER TABLE {table} ALTER COLUMN {COLUMN} SET STATISTICS {STATISTICS}"
    )
    schema_editor.execute(f"CREATE INDEX {INDEX} ON {table} USING gin ({COLUMN})")
    # Statistics now, not at autovacuum's next pass: without them the planner
    # takes every term for a rare one.
    schema_editor.execute(f"ANALYZE {table} ({COLUMN})")


def drop_suffixes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(
        apps.get_model("articles", "Article")._meta.db_table
    )
    schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {COLUMN}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}(text)")


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_viewcountbatch")]

    operations = [migrations.RunPython(add_suffixes, drop_suffixes)]
