"""A GIN index for the database search backend's match, and the tags field's own class.

Wagtail's PostgreSQL backend matches `(title || body) @@ query`, but its own
GIN indexes cover `title` and `body` one at a time, which that expression
cannot use: every search read and concatenated every index entry's
tsvectors, and without statistics on the expression PostgreSQL guessed 200
matches for a word that matched 98,000. An index on the expression itself
serves the match and, once analysed, gives the planner true estimates.
Built CONCURRENTLY (so this migration is not atomic): publishing, which
writes index entries, carries on while it builds. PostgreSQL only; SQLite's
backend has its own FTS5 table.

`tags` moves to `news.tags.ClusterTagsField` (no schema change): it reads a
revision's tags in one query.
"""

from django.db import migrations

import news.tags

INDEX = "news_search_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} "
        "ON wagtailsearch_indexentry USING gin ((title || body))"
    )
    # Statistics on the indexed expression: what makes the planner's estimates right.
    schema_editor.execute("ANALYZE wagtailsearch_indexentry")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("news", "0006_import_jobs"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [
        migrations.AlterField(
            model_name="latestupdatespage",
            name="tags",
            field=news.tags.ClusterTagsField(
                blank=True,
                help_text="A comma-separated list of tags.",
                through="news.LatestUpdatesPageTag",
                to="taggit.Tag",
                verbose_name="Tags",
            ),
        ),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
