"""schema.org JSON-LD for a Latest Updates post: one graph for the page and the APIs.

`post_json_ld(post)` builds a `NewsArticle`, or a `LiveBlogPosting` for a post
marked as a running story or under live coverage, with one `liveBlogUpdate`
per published live update (news/live/). The post page renders it as
`<script type="application/ld+json">` (`json_ld_script`) and both Wagtail APIs
serve the same dict as the post's `json_ld` field (`JsonLdField`), so a
headless front end can emit it without rebuilding it.

It reads only the post, its tags, lead image and body (with the People it
quotes), its published live updates, the site and settings, which the API
cache already invalidates on; the exception is the byline, read from the
post's owner (see `byline`).
No request is needed: URLs come from the page's Wagtail Site and
WAGTAILAPI_BASE_URL, so the page and the APIs produce identical JSON.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from rest_framework.fields import Field

from news.api.fields import absolute_media_url, rendition_representation
from news.corrections.representation import json_ld_corrections, modified_at
from news.live.coverage import coverage_status

__all__ = [
    "HEADLINE_MAX_LENGTH",
    "JsonLdField",
    "byline",
    "json_ld_script",
    "post_json_ld",
    "quotation",
]

SCHEMA_ORG = "https://schema.org"
# Google's limit for Article headlines; longer titles are cut at a word.
HEADLINE_MAX_LENGTH = 110

# What django.utils.html.json_script escapes: inside <script>, "</script>" or
# "<!--" in a title must stay data. JSON parsers read \u003C as "<".
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _iso(value: datetime.datetime | None) -> str | None:
    """ISO 8601 with the newsroom's UTC offset, to the second."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def _language_tag(code: str) -> str:
    """Django's "en-gb" as a BCP 47 tag, "en-GB"."""
    language, _dash, region = code.partition("-")
    if len(region) == 2:
        return f"{language}-{region.upper()}"
    return code


def _headline(title: str) -> str:
    if len(title) <= HEADLINE_MAX_LENGTH:
        return title
    cut = title[: HEADLINE_MAX_LENGTH - 1]
    # Cut at the last space, unless that would throw away most of the title.
    if " " in cut[HEADLINE_MAX_LENGTH // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–—-") + "…"


def _without_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def byline(post: Any) -> str:
    """The post owner's full name, or "" when there is none.

    Read from the owner's user account, so renaming a user reaches cached API
    answers only when the post (or something it shows) next changes.
    """
    owner = post.owner if post.owner_id else None
    return owner.get_full_name().strip() if owner else ""


def publisher(site_url: str | None) -> dict[str, Any]:
    """The newsroom as a schema.org Organization (NEWS_PUBLISHER_NAME and _LOGO_URL)."""
    logo = settings.NEWS_PUBLISHER_LOGO_URL
    return _without_empty(
        {
            "@type": "Organization",
            "name": settings.NEWS_PUBLISHER_NAME,
            "url": site_url,
            "logo": {"@type": "ImageObject", "url": absolute_media_url(logo)} if logo else None,
        }
    )


def person(speaker: Any) -> dict[str, Any]:
    """A People-list entry as a schema.org Person."""
    organisation = speaker.organisation
    return _without_empty(
        {
            "@type": "Person",
            "name": speaker.name,
            "jobTitle": speaker.role,
            "affiliation": {"@type": "Organization", "name": organisation}
            if organisation
            else None,
        }
    )


def quotation(value: Any) -> dict[str, Any]:
    """A quote block's value as a schema.org Quotation.

    A speaker from the People list is both `spokenByCharacter` (who said it)
    and `creator` (whose words they are). An anonymous source is no Person,
    so it is named only in `description`, with the quote's context.
    """
    speaker = value.get("speaker")
    said_on = value.get("said_on")
    provenance = value.get("provenance") or {}
    speaker_json = person(speaker) if speaker else None
    return _without_empty(
        {
            "@type": "Quotation",
            "text": value["text"],
            "spokenByCharacter": speaker_json,
            "creator": speaker_json,
            "description": ", ".join(
                part for part in (value.get("attribution"), value.get("context")) if part
            ),
            "dateCreated": said_on.isoformat() if said_on else None,
            # schema.org: "Use isBasedOn to link to source/origin" of a Quotation.
            # The link only: how it was obtained and who checked it stay in the newsroom.
            "isBasedOn": provenance.get("source_url") or value.get("source_url"),
        }
    )


def _images(post: Any) -> list[str]:
    image = post.lead_image
    if image is None:
        return []
    filters = settings.NEWS_IMAGE_RENDITIONS
    urls = []
    # Named renditions the API already makes (and prefetches), so building this
    # never renders another image size on a request.
    for name in settings.NEWS_JSON_LD_IMAGE_RENDITIONS:
        rendition = rendition_representation(image, filters[name])
        if rendition and rendition["url"] not in urls:
            urls.append(rendition["url"])
    return urls


def plain_text(body: Any) -> str:
    """A StreamField's words without markup, one paragraph per text of each block."""
    parts = []
    for block in body:
        for text in block.block.get_searchable_content(block.value):
            # Empty optional fields (a date not given) come back as None.
            if text is not None and str(text).strip():
                parts.append(str(text).strip())
    return "\n\n".join(parts)


def live_blog_updates(post: Any, canonical: str | None) -> list[dict[str, Any]]:
    """One BlogPosting per update readers can see, newest first, each linking to its anchor."""
    from news.live.bodies import prefetch_bodies
    from news.live.models import LiveUpdate

    updates = list(
        LiveUpdate.objects.public().filter(post_id=post.pk).order_by("-posted_at", "-pk")
    )
    prefetch_bodies(updates)
    return [
        _without_empty(
            {
                "@type": "BlogPosting",
                # An update may have no headline; its first words stand in.
                "headline": _headline(update.headline or update.summary(HEADLINE_MAX_LENGTH)),
                "datePublished": _iso(update.posted_at),
                "articleBody": plain_text(update.body),
                "url": f"{canonical}#update-{update.pk}" if canonical else None,
            }
        )
        for update in updates
    ]


def post_json_ld(post: Any) -> dict[str, Any]:
    """The schema.org JSON-LD of a Latest Updates post (a live one, or a draft in preview).

    Properties with no value (a draft's dates, a post without a lead image)
    are left out rather than sent empty.
    """
    url_parts = post.get_url_parts()
    if url_parts:
        _site_id, root_url, page_path = url_parts
        canonical, site_url = root_url + page_path, root_url + "/"
    else:  # a preview of a post not saved yet has no address
        canonical = site_url = None
    organisation = publisher(site_url)
    author_name = byline(post)
    # Live coverage (news/live/) makes a running story whether or not the box is ticked.
    covered = post.pk is not None and coverage_status(post) is not None
    running = post.is_running_story or covered
    quotations = [quotation(block.value) for block in post.body if block.block_type == "quote"]
    headline = _headline(post.title)

    data: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "LiveBlogPosting" if running else "NewsArticle",
        "headline": headline,
        "description": post.standfirst,
        "url": canonical,
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical} if canonical else None,
        "datePublished": _iso(post.first_published_at),
        # A correction changes what readers see as much as a publish does.
        "dateModified": _iso(modified_at(post)),
        "author": {"@type": "Person", "name": author_name} if author_name else organisation,
        "publisher": organisation,
        "image": _images(post),
        "keywords": sorted(tag.name for tag in post.tags.all()),
        "inLanguage": _language_tag(settings.LANGUAGE_CODE),
        # Quotations are works the article cites; `citation` takes any CreativeWork.
        "citation": quotations,
        "correction": json_ld_corrections(post, _iso),
    }
    if running:
        started = post.coverage_started_at or post.first_published_at
        data["coverageStartTime"] = _iso(started)
        data["coverageEndTime"] = _iso(post.coverage_ended_at)
        updates = live_blog_updates(post, canonical) if covered else []
        if updates:
            data["liveBlogUpdate"] = updates
        # Without updates, the body's blocks carry no times of their own, so the
        # one update we can date truthfully is the latest published version.
        elif post.last_published_at:
            data["liveBlogUpdate"] = [
                _without_empty(
                    {
                        "@type": "BlogPosting",
                        "headline": headline,
                        "datePublished": _iso(post.last_published_at),
                        "articleBody": post.standfirst,
                        "url": canonical,
                    }
                )
            ]
    return _without_empty(data)


def json_ld_script(data: dict[str, Any]) -> SafeString:
    """`<script type="application/ld+json">…</script>`, safe to put in a page whatever the data.

    json.dumps escapes quotes and backslashes; `<`, `>` and `&` become \\u
    escapes, so no text in the data can end the script element.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


class JsonLdField(Field):
    """The post's JSON-LD as an API field, in v2 and (through Wagtail's shim) v3."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        # The whole page, not an attribute of it.
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> dict[str, Any]:
        return post_json_ld(value)
