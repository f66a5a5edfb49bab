"""`python -m bench.scale.generate <posts>`: N published posts on PostgreSQL, fast.

Publishing through Wagtail (`add_child`, `save_revision().publish()`) costs
about 0.4 s a post here: 100,000 posts would take half a day. So one post is
published the real way, as a template, and every other post is a copy of its
rows with its own values, written with COPY:

- `wagtailcore_page`: the treebeard materialised path is computed (the
  section's path plus a 4-character base-36 step per child), as are depth,
  `url_path`, publication times spread over three years, and the section's
  `numchild`;
- `news_latestupdatespage`: the multi-table child row (same id), with a body
  from `bench.scale.bodies`;
- `wagtailcore_revision`: one live revision per post, its content the
  template revision's with this post's fields, so the admin edit view opens it;
- tags (a pool of 50, one to three a post; the compared posts always carry
  the pool's first three), one `published` change-log row a
  post in publication order, and the database search backend's index entries,
  whose tsvectors PostgreSQL computes in one INSERT … SELECT (modelsearch
  weights: title B, everything else D).

Sequences are moved past the ids written. Admin log entries, reference index
and renditions are not made: nothing measured reads them per post.
"""

from __future__ import annotations

import datetime
import json
import random
import sys
import time
import uuid
from typing import Any

from django.db import connection, transaction

from bench.scale.bodies import BodyMaker, sentence, title

TEMPLATE_SLUG = "bench-scale-template"
BIG_BLOCKS = 300
SMALL_BLOCKS = 10
# A typical post's body: mostly a dozen blocks, some long running stories.
BODY_BLOCKS = (6, 24)
# Tags on the compared posts: as many as the most-tagged posts carry.
COMPARED_TAGS = 3
TAG_POOL = [
    *("NATO", "Ukraine", "military aid", "sanctions", "energy", "diplomacy", "Crimea"),
    *("Black Sea", "grain", "air defence", "reconstruction", "refugees", "EU", "G7"),
    *("Kyiv", "Kharkiv", "Odesa", "Zaporizhzhia", "Donetsk", "Brussels", "Warsaw"),
    *("Berlin", "Washington", "London", "Paris", "drones", "artillery", "HIMARS"),
    *("F-16", "Patriot", "mines", "humanitarian", "economy", "IMF", "World Bank"),
    *("frozen assets", "elections", "parliament", "cyber", "shipping", "nuclear safety"),
    *("prisoner exchange", "ceasefire talks", "weather", "power grid", "winter"),
    *("OSCE", "UN", "Red Cross", "Moldova", "Belarus"),
]
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
SUPERUSER = "benchadmin"


def mp_step(number: int) -> str:
    """Treebeard's 4-character base-36 step for the number-th child (1-based)."""
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = ALPHABET[rest] + digits
    return digits.rjust(4, "0")


def _row(table: str, where: str, value: Any) -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE {where} = %s", [value])  # noqa: S608
        names = [column.name for column in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


def _copy(table: str, columns: list[str], rows: Any) -> None:
    """COPY rows in; JSON values must already be strings."""
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, which has copy()
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _next_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608
        return cursor.fetchone()[0]


def _reset_sequences(tables: list[str]) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT MAX(id) FROM {table}))"
            )


def _template(section: Any, people: list[Any], maker: BodyMaker) -> Any:
    """One post published the way the admin does: the rows every copy starts from."""
    from news.demo import _demo_image
    from news.models import LatestUpdatesPage

    post = LatestUpdatesPage.objects.filter(slug=TEMPLATE_SLUG).first()
    if post is not None:
        return post
    body, _ = maker.body(12)
    post = LatestUpdatesPage(
        title="Allies meet in Brussels (bench template)",
        slug=TEMPLATE_SLUG,
        standfirst=sentence(maker.rng),
        dateline=datetime.date(2024, 12, 3),
        lead_image=_demo_image(),
        live=False,
    )
    post.body = body
    section.add_child(instance=post)
    post.tags.add("NATO", "Ukraine")
    post.save_revision(log_action=True).publish(log_action=True)
    return post


def ensure_superuser() -> Any:
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username=SUPERUSER, defaults={"is_superuser": True, "is_staff": True}
    )
    return user


def _tags() -> list[int]:
    from taggit.models import Tag

    ids = []
    for name in TAG_POOL:
        tag = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)
        ids.append(tag.pk)
    return ids


@transaction.atomic
def generate(posts: int, seed: int = 7) -> dict[str, Any]:
    """Make the section hold `posts` live posts; returns what was made and how long it took."""
    from news.demo import ensure_people
    from news.models import LatestUpdatesPage, NewsIndexPage

    began = time.perf_counter()
    people = list(ensure_people().values())
    maker = BodyMaker(people, seed=seed)
    section = NewsIndexPage.objects.get()
    template = _template(section, people, maker)
    ensure_superuser()
    tag_ids = _tags()
    copies = posts - LatestUpdatesPage.objects.count()
    if copies < 0:
        raise SystemExit(f"The database already holds more than {posts} posts: drop it first.")

    page = _row("wagtailcore_page", "id", template.pk)
    child = _row("news_latestupdatespage", "page_ptr_id", template.pk)
    revision = _row("wagtailcore_revision", "id", page["live_revision_id"])
    entry = _row("wagtailsearch_indexentry", "object_id", str(template.pk))
    # Django reads jsonb through a raw cursor as text.
    content = json.loads(revision["content"])
    site_prefix = section.url_path  # "/home/latest-updates/"; public paths drop the root's part
    public_prefix = "/" + section.url_path.split("/", 2)[2]

    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    first_page_id, first_revision_id = (
        _next_id("wagtailcore_page"),
        _next_id("wagtailcore_revision"),
    )
    first_tag_row = _next_id("news_latestupdatespagetag")
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    span = datetime.timedelta(days=3 * 365)
    # Which copies get the bodies the query counts compare (10 and 300 blocks).
    big, small = copies // 2, copies // 2 + 1
    pages, children, revisions, tag_rows, changes, index_rows = [], [], [], [], [], []
    for number in range(copies):
        page_id, revision_id = first_page_id + number, first_revision_id + number
        # Oldest first, so ids and change-log cursors follow publication order.
        published = now - span + span * number / max(copies, 1) - datetime.timedelta(hours=1)
        compared = {big: BIG_BLOCKS, small: SMALL_BLOCKS}.get(number)
        if compared:
            body, body_text = maker.compared_body(compared)
        else:
            body, body_text = maker.body(rng.randint(*BODY_BLOCKS))
        body_json = json.dumps(body)
        heading = title(rng, page_id)
        slug = f"update-{page_id}"
        standfirst = sentence(rng)
        post_tags = rng.sample(tag_ids, rng.randint(1, 3))
        if compared:
            # The same tags in every database, so the compared posts differ only in length.
            post_tags = tag_ids[:COMPARED_TAGS]
        url_path = f"{site_prefix}{slug}/"
        path = section.path + mp_step(section.numchild + number + 1)
        pages.append(
            {
                **page,
                "id": page_id,
                "path": path,
                "title": heading,
                "draft_title": heading,
                "slug": slug,
                "url_path": url_path,
                "first_published_at": published,
                "last_published_at": published,
                "latest_revision_created_at": published,
                "live_revision_id": revision_id,
                "latest_revision_id": revision_id,
                "translation_key": uuid.uuid4(),
            }
        )
        dateline = published.date()
        children.append(
            {
                **child,
                "page_ptr_id": page_id,
                "standfirst": standfirst,
                "dateline": dateline,
                "body": body_json,
            }
        )
        revision_content = {
            **content,
            "pk": page_id,
            "path": path,
            "title": heading,
            "draft_title": heading,
            "slug": slug,
            "url_path": url_path,
            "translation_key": str(pages[-1]["translation_key"]),
            "live": True,
            "live_revision": revision_id,
            "latest_revision": revision_id,
            "first_published_at": published.isoformat(),
            "last_published_at": published.isoformat(),
            "standfirst": standfirst,
            "dateline": dateline.isoformat(),
            "body": body_json,
            "tagged_items": [
                {"pk": None, "tag": tag, "content_object": page_id} for tag in post_tags
            ],
        }
        revisions.append(
            {
                **revision,
                "id": revision_id,
                "created_at": published,
                "content": json.dumps(revision_content),
                "object_id": str(page_id),
                "object_str": heading,
            }
        )
        for tag in post_tags:
            tag_rows.append((first_tag_row + len(tag_rows), tag, page_id))
        changes.append(("published", page_id, revision_id, published, public_prefix + slug + "/"))
        index_rows.append((str(page_id), heading, f"{standfirst} {body_text}"))
    prepared = time.perf_counter()

    page_columns = list(page)
    _copy(
        "wagtailcore_revision",
        list(revision),
        ([r[c] for c in revision] for r in revisions),
    )
    _copy("wagtailcore_page", page_columns, ([p[c] for c in page_columns] for p in pages))
    _copy("news_latestupdatespage", list(child), ([c[k] for k in child] for c in children))
    _copy("news_latestupdatespagetag", ["id", "tag_id", "content_object_id"], tag_rows)
    _copy(
        "changelog_pagechange",
        ["event", "page_id", "revision_id", "occurred_at", "url_path"],
        changes,
    )
    _index(entry["content_type_id"], index_rows)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE wagtailcore_page SET numchild = numchild + %s WHERE id = %s",
            [copies, section.pk],
        )
    _reset_sequences(
        ["wagtailcore_page", "wagtailcore_revision", "news_latestupdatespagetag", "taggit_tag"]
    )
    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum would eventually gather, so plans are the steady ones.
        cursor.execute("ANALYZE")
    finished = time.perf_counter()
    return {
        "posts": LatestUpdatesPage.objects.count(),
        "generated": copies,
        "seconds": round(finished - began, 1),
        "seconds_python": round(prepared - began, 1),
        "seconds_database": round(finished - prepared, 1),
    }


def _index(content_type_id: int, rows: list[tuple[str, str, str]]) -> None:
    """Search index entries, with tsvectors made by PostgreSQL in one statement."""
    from modelsearch.backends import get_search_backend

    backend = get_search_backend()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_scale_index "
            "(object_id text, title text, body text) ON COMMIT DROP"
        )
    _copy("bench_scale_index", ["object_id", "title", "body"], rows)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO wagtailsearch_indexentry (content_type_id, object_id, title_norm, "
            "autocomplete, title, body, title_text, body_text) "
            "SELECT %s, object_id, 1.0, to_tsvector(%s::regconfig, title), "
            "setweight(to_tsvector(config, title), 'B'), "
            "setweight(to_tsvector(config, body), 'D'), title, body "
            # No SEARCH_CONFIG means PostgreSQL's default, as the backend leaves it.
            "FROM bench_scale_index, CAST(COALESCE(%s, "
            "current_setting('default_text_search_config')) AS regconfig) AS config",
            [content_type_id, backend.autocomplete_config, backend.config],
        )
    # The backend's own normalisation of title lengths, as update_index ends with.
    backend.index_class(backend)._refresh_title_norms(full=True)


def main() -> int:
    import os

    import django

    posts = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.scale.settings")
    django.setup()
    info = generate(posts)
    print(json.dumps(info))
    return 0


if __name__ == "__main__":
    sys.exit(main())
