"""A Latest Updates post as an IPTC ninjs 3.1 document, for agencies and aggregators.

`post_ninjs(post)` builds the document that `GET /api/v3/news/posts/{id}/ninjs/`
and the `Accept: application/ninjs+json` variant of the v3 detail serve
(news/interchange/api.py, negotiation.py). docs/interchange.md lists every
property and where it comes from.

Property names follow the 3.1 JSON Schema (camelCase: `firstCreated`,
`pubStatus`, `contentType`, `infoSources`); ninjs 1.x wrote them in lower
case, and the 3.x schema refuses those. A property without a value is left
out rather than sent empty or null: the schema types them as strings and
arrays, never null.

Three decisions have a function of their own, so each is made in one place:
`pub_status` (retractions), `embargoed_until` (embargoes) and `corrections`.
"""

from __future__ import annotations

import datetime
import mimetypes
import re
from typing import Any

from django.conf import settings
from django.db.models import Count, Max

from cms.changelog.models import PageChange
from news.api.fields import absolute_media_url, rendition_representation
from news.structured_data import _language_tag, byline, plain_text

__all__ = [
    "MAX_ASSOCIATIONS",
    "NINJS_SCHEMA",
    "NINJS_VERSION",
    "corrections",
    "embargoed_until",
    "post_ninjs",
    "post_uri",
    "pub_status",
    "update_uri",
]

NINJS_VERSION = "3.1"
NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#"
# A running story can collect thousands of updates; the newest this many are
# associated (the update feed, /api/v3/news/posts/{id}/updates/, has them all).
MAX_ASSOCIATIONS = 100

# A root-relative src or href in rendered HTML (rich text links, image tags).
_RELATIVE_URL = re.compile(r'(?P<attr>\b(?:src|href)=")(?P<path>/(?!/)[^"]*)"')


# --- The three hooks ---------------------------------------------------------


def pub_status(post: Any) -> str:
    """ninjs `pubStatus`: "usable" for a published post.

    A retracted post is "canceled" (the value ninjs gives a withdrawn item):
    retractions are decided here and nowhere else.
    """
    from news.corrections.tombstones import retraction_for_page

    if not post.live and post.pk is not None and retraction_for_page(post.pk) is not None:
        return "canceled"
    return "usable"


def embargoed_until(post: Any) -> datetime.datetime | None:
    """ninjs `embargoedUntil` for partners, or None when the post is not embargoed.

    The property is left out of the document when this is None (ninjs: "if
    absent, this object is not embargoed"). Only a partner's document, built
    from the approved version (news/embargo/), is ever embargoed.
    """
    return post.embargo_until if getattr(post, "embargoed", False) else None


def corrections(post: Any) -> list[str]:
    """The post's published correction notices, in plain text, oldest first.

    ninjs 3.1 has no corrections property; each notice goes out as a
    `descriptions` entry with role "correction" (see `_correction`), its
    kind first ("Correction: …", "Retraction: …").
    """
    from news.corrections.models import Correction

    if post.pk is None:
        return []
    found = Correction.objects.published().filter(post_id=post.pk, update__isnull=True)
    return [f"{correction.get_kind_display()}: {correction.text}" for correction in found]


# --- Identifiers and times -----------------------------------------------------


def _iso(moment: datetime.datetime | None) -> str | None:
    """RFC 3339 in UTC, to the second (the schema's `date-time` format)."""
    if moment is None:
        return None
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _utc_day(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).date().isoformat()


def post_uri(post: Any, hostname: str) -> str:
    """A tag: URI (RFC 4151) for the post, the same as its id in the section's feeds.

    It survives a change of slug or section, which a URL would not; the date is
    the post's first publication, a day the site owned its name.
    """
    return f"tag:{hostname},{_utc_day(post.first_published_at)}:post:{post.pk}"


def update_uri(update: Any, hostname: str) -> str:
    """A tag: URI for one live update, dated by the time it was first posted."""
    return f"tag:{hostname},{_utc_day(update.posted_at)}:update:{update.pk}"


def _published_versions(post: Any) -> tuple[int, datetime.datetime | None]:
    """(how many versions readers have seen, when the newest appeared).

    Counted from the change log (cms/changelog/): a publish of the post or a
    change to its live updates each made a new version of what it shows, and
    each wrote one row, so the count grows with every one.
    """
    found = PageChange.objects.filter(
        page_id=post.pk, event__in=(PageChange.PUBLISHED, PageChange.UPDATED)
    ).aggregate(count=Count("id"), newest=Max("occurred_at"))
    return found["count"], found["newest"]


def _content_created(post: Any) -> datetime.datetime | None:
    """When the writer first saved the post (its first revision), or its first publication
    if that is earlier (an imported post keeps its old blog's date)."""
    first_revision = post.revisions.order_by("created_at").values_list("created_at", flat=True)
    candidates = [t for t in (first_revision.first(), post.first_published_at) if t is not None]
    return min(candidates) if candidates else None


# --- Text ------------------------------------------------------------------------


def _absolute_links(html: str, root_url: str) -> str:
    """Root-relative links and image sources made absolute: the HTML is read elsewhere."""

    def absolute(match: re.Match[str]) -> str:
        path = match["path"]
        url = absolute_media_url(path) if path.startswith(settings.MEDIA_URL) else root_url + path
        return f'{match["attr"]}{url}"'

    return _RELATIVE_URL.sub(absolute, html)


def _html(stream: Any, root_url: str) -> str:
    """A StreamField rendered with its blocks' own templates, as the public page shows it."""
    return _absolute_links(str(stream.render_as_block()).strip(), root_url)


def _text(role: str, value: str) -> dict[str, str]:
    return {"role": role, "contentType": "text/plain", "value": value}


def _correction(notice: str) -> dict[str, str]:
    return _text("correction", notice)


# What a canceled item keeps: enough to identify it and say why it was withdrawn.
CANCELED_KEEPS = (
    "uri",
    "standard",
    "type",
    "representationType",
    "version",
    "firstCreated",
    "versionCreated",
    "contentCreated",
    "pubStatus",
    "language",
    "headlines",
    "descriptions",
    "altIds",
)


def canceled_ninjs(post: Any) -> dict[str, Any]:
    """A retracted post's document: pubStatus "canceled", the retraction among its
    descriptions, and none of the retracted content (body, people, images, updates)."""
    document = post_ninjs(post)
    return {key: value for key, value in document.items() if key in CANCELED_KEEPS}


# --- People and sources ------------------------------------------------------------


def _people_and_sources(streams: list[Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """ninjs `people` and `infoSources` from the blocks that name someone.

    A quote's speaker from the People list is a person with rel "quoted"; an aid
    package's `announced_by` one with rel "announced". Every quote's source,
    named person or attribution ("a senior NATO diplomat"), is an info source
    with role "quoted": an anonymous source is no person, but it is a source.
    Each appears once per relationship, in the order of the body.
    """
    people: dict[tuple[int, str], dict[str, Any]] = {}
    sources: dict[str, dict[str, Any]] = {}

    def add_person(person: Any, rel: str) -> None:
        if person is not None:
            people.setdefault(
                (person.pk, rel),
                {"name": person.name, "rel": rel, "literal": f"person:{person.pk}"},
            )

    for stream in streams:
        for block in stream:
            value = block.value
            if block.block_type == "quote":
                speaker = value.get("speaker")
                add_person(speaker, "quoted")
                name = speaker.name if speaker is not None else (value.get("attribution") or "")
                if name:
                    sources.setdefault(name, {"name": name, "role": "quoted"})
            elif block.block_type == "aid_package":
                add_person(value.get("announced_by"), "announced")
    return list(people.values()), list(sources.values())


# --- Images ------------------------------------------------------------------------


def _renditions(image: Any) -> list[dict[str, Any]]:
    """The lead image's named renditions (NEWS_IMAGE_RENDITIONS), the sizes the APIs serve."""
    if image is None:
        return []
    renditions = []
    for name, spec in settings.NEWS_IMAGE_RENDITIONS.items():
        made = rendition_representation(image, spec)
        if made is None:  # the original is missing; the other sizes would fail too
            continue
        content_type, _encoding = mimetypes.guess_type(made["url"])
        renditions.append(
            _without_empty(
                {
                    "name": name,
                    "href": made["url"],
                    "contentType": content_type,
                    "title": image.title,
                    "width": made["width"],
                    "height": made["height"],
                }
            )
        )
    return renditions


# --- Live updates ------------------------------------------------------------------


def _update_name(update: Any, length: int = 80) -> str:
    """The update's headline, or the first text of its body (a quote's words, not its
    attribution: LiveUpdate.summary() runs a block's texts together)."""
    if update.headline:
        return update.headline
    first = plain_text(update.body).split("\n\n", 1)[0]
    if not first:
        return f"Update {update.pk}"
    return first if len(first) <= length else first[: length - 1] + "…"


def _associations(post: Any, hostname: str, root_url: str) -> list[dict[str, Any]]:
    """The story's published live updates (news/live/), newest first, each a ninjs object."""
    from news.live.bodies import prefetch_bodies
    from news.live.models import LiveUpdate

    updates = list(
        LiveUpdate.objects.public()
        .filter(post_id=post.pk)
        .select_related("author")
        .order_by("-posted_at", "-pk")[:MAX_ASSOCIATIONS]
    )
    prefetch_bodies(updates)
    associations = []
    for update in updates:
        people, sources = _people_and_sources([update.body])
        author = update.author
        changed = max(t for t in (update.posted_at, update.last_published_at) if t is not None)
        associations.append(
            _without_empty(
                {
                    "name": _update_name(update),
                    "rel": "update",
                    "uri": update_uri(update, hostname),
                    "type": "text",
                    "firstCreated": _iso(update.posted_at),
                    "versionCreated": _iso(changed),
                    "pubStatus": "usable",
                    "headlines": [_text("main", update.headline)] if update.headline else [],
                    "by": (author.get_full_name() or author.get_username()) if author else "",
                    "bodies": [
                        {"role": "main", "contentType": "text/html", "value": html}
                        for html in [_html(update.body, root_url)]
                        if html
                    ],
                    "people": people,
                    "infoSources": sources,
                }
            )
        )
    return associations


# --- The document --------------------------------------------------------------------


def _without_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def post_ninjs(post: Any) -> dict[str, Any]:
    """The ninjs 3.1 document of a live Latest Updates post.

    Needs no request: addresses come from the post's Wagtail Site and
    WAGTAILAPI_BASE_URL, so both routes serve the same bytes.
    """
    _site_id, root_url, page_path = post.get_url_parts() or (None, settings.WAGTAILAPI_BASE_URL, "")
    site = post.get_site()
    hostname = site.hostname if site is not None else "localhost"
    versions, newest = _published_versions(post)
    embargo = embargoed_until(post)
    people, sources = _people_and_sources([post.body])
    body = _html(post.body, root_url)
    # The public address and our own id, for partners who link or deduplicate by them.
    alt_ids = [{"role": "cms-id", "value": str(post.pk)}]
    if page_path:
        alt_ids.insert(0, {"role": "url", "value": root_url + page_path})
    return _without_empty(
        {
            "uri": post_uri(post, hostname),
            "standard": {"name": "ninjs", "version": NINJS_VERSION, "schema": NINJS_SCHEMA},
            "type": "text",
            "representationType": "full",
            # At least "1": a post made live without the change log (a fixture) was seen once.
            "version": str(max(versions, 1)),
            "firstCreated": _iso(post.first_published_at),
            "versionCreated": _iso(newest or post.last_published_at or post.first_published_at),
            "contentCreated": _iso(_content_created(post)),
            "pubStatus": pub_status(post),
            "embargoedUntil": _iso(embargo) if embargo else None,
            "language": _language_tag(settings.LANGUAGE_CODE),
            "headlines": [_text("main", post.title)],
            "descriptions": [
                *([_text("summary", post.standfirst)] if post.standfirst else []),
                *(_correction(notice) for notice in corrections(post)),
            ],
            "by": byline(post),
            "bodies": [{"role": "main", "contentType": "text/html", "value": body}] if body else [],
            "subjects": [
                {"name": tag.name, "literal": tag.slug}
                for tag in sorted(post.tags.all(), key=lambda tag: tag.name)
            ],
            "people": people,
            "infoSources": sources,
            "renditions": _renditions(post.lead_image),
            "associations": _associations(post, hostname, root_url),
            "altIds": alt_ids,
        }
    )
