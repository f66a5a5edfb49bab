"""`python -m bench.dataset`: the bench database, made idempotently.

A migrated SQLite file under bench/.data/ with the newsroom bootstrapped, one
realistic post of about thirty blocks (paragraphs, quotes with Person
snippets, an aid package, key developments, images) and enough smaller posts
that a listing of twenty is full. Everything is published through Wagtail
revisions, as the admin does. Each run also writes the post's current v2
detail bytes, which the bare view serves back.
"""

from __future__ import annotations

import datetime
import io
import json
import os
from typing import Any

import django

from bench import paths

POST_SLUG = "bench-nato-ministerial"
FILLER_SLUG = "bench-update-{:02d}"
FILLER_POSTS = 24
# Client headers shared with the load client, so cache keys and bytes match.
HOST = "127.0.0.1"
ACCEPT = "application/json"


def configure() -> None:
    """Set Django up on the bench settings, whatever the shell exported."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    django.setup()


def _publish(post: Any, section: Any) -> None:
    section.add_child(instance=post)
    post.save_revision(log_action=True).publish(log_action=True)


def _bench_body(people: dict, image: Any) -> list[tuple[str, Any]]:
    from wagtail.rich_text import RichText

    from news.demo import _body

    # The demo story twice over (28 blocks), then a closing heading and paragraph.
    return [
        *_body(people, image),
        *_body(people, image),
        ("heading", "What comes next"),
        ("paragraph", RichText("<p>Ministers meet again in the spring.</p>")),
    ]


def ensure_posts() -> tuple[Any, int]:
    """The bench post and its filler siblings. Returns (post, posts live in the section)."""
    from news.demo import _demo_image, ensure_people
    from news.models import LatestUpdatesPage, NewsIndexPage

    section = NewsIndexPage.objects.get()
    image = _demo_image()
    people = ensure_people()
    post = LatestUpdatesPage.objects.filter(slug=POST_SLUG).first()
    if post is None:
        post = LatestUpdatesPage(
            title="NATO allies rally behind Ukraine in Brussels (bench)",
            slug=POST_SLUG,
            standfirst="Foreign ministers meet as Washington unveils $725 million in new "
            "military aid; a membership invitation for Kyiv is not expected.",
            dateline=datetime.date(2024, 12, 3),
            lead_image=image,
            live=False,
        )
        post.body = _bench_body(people, image)
        post.tags.add("NATO", "Ukraine", "military aid")
        _publish(post, section)
    for number in range(1, FILLER_POSTS + 1):
        slug = FILLER_SLUG.format(number)
        if LatestUpdatesPage.objects.filter(slug=slug).exists():
            continue
        filler = LatestUpdatesPage(
            title=f"Update {number} from the Brussels ministerial",
            slug=slug,
            standfirst=f"Short update number {number}.",
            dateline=datetime.date(2024, 12, 3),
            lead_image=image,
            live=False,
        )
        filler.body = _bench_body(people, image)[:4]
        filler.tags.add("NATO", f"update {number % 5}")
        _publish(filler, section)
    return post, LatestUpdatesPage.objects.live().count()


def detail_bytes(page_id: int) -> bytes:
    """The post's v2 detail exactly as the app serves it to the load client."""
    from django.test import Client

    response = Client(HTTP_HOST=HOST, HTTP_ACCEPT=ACCEPT).get(f"/api/v2/pages/{page_id}/")
    assert response.status_code == 200, response.content[:500]
    return response.content


def build() -> dict[str, Any]:
    from django.core.management import call_command

    for folder in (paths.DATA_DIR, paths.MEDIA_ROOT, paths.STATIC_ROOT):
        folder.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("bootstrap_newsroom", stdout=io.StringIO())
    post, live_posts = ensure_posts()
    body = detail_bytes(post.pk)
    paths.DETAIL_BYTES.write_bytes(body)
    info = {
        "post_id": post.pk,
        "blocks": len(post.body),
        "detail_bytes": len(body),
        "live_posts": live_posts,
    }
    paths.DATASET_INFO.write_text(json.dumps(info, indent=2) + "\n")
    return info


def load_info() -> dict[str, Any]:
    try:
        return json.loads(paths.DATASET_INFO.read_text())
    except FileNotFoundError:
        raise SystemExit(
            f"{paths.DATASET_INFO} is missing: run `python -m bench.dataset`."
        ) from None


if __name__ == "__main__":
    configure()
    info = build()
    print(
        f"Bench dataset ready in {paths.DATA_DIR}: post {info['post_id']} with "
        f"{info['blocks']} blocks ({info['detail_bytes']} bytes of v2 JSON), "
        f"{info['live_posts']} live posts."
    )
