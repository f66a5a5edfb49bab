"""GET /api/v3/news/posts/{id}/ninjs/: a live post as an IPTC ninjs 3.1 document.

The same bytes answer `GET /api/v3/pages/{id}/` with `Accept:
application/ninjs+json` (negotiation.py). Only a live post without a view
restriction has one, whoever asks (a token grants no extra visibility); any
other id is the same 404 problem+json as the detail's. Answers are cached
under the post's own version token (cms/delivery/middleware.py), like its
detail, so a publish or a live update reaches the next request.

The schemas below describe the subset of ninjs 3.1 we send, for
/api/v3/openapi.json; the JSON itself is built by ninjs.py.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Router, Schema
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.api.v3.errors import ProblemDetail

from cms.delivery.query_params import MAX_WHOLE_NUMBER
from cms.delivery.variants import NINJS_MEDIA_TYPE
from news.api.schemas import DateTimeString, UrlString
from news.interchange.ninjs import canceled_ninjs, post_ninjs

__all__ = ["NinjsDocument", "ninjs_response", "public_post", "router"]

router = Router(tags=["news"])


class NinjsText(Schema):
    role: str = Field(description='"main" for headlines and bodies, "summary" or "correction".')
    contentType: str = Field(description='"text/plain", or "text/html" for bodies.')
    value: str


class NinjsSubject(Schema):
    name: str = Field(description="The tag's name.")
    literal: str = Field(description="The tag's slug.")


class NinjsPerson(Schema):
    name: str
    rel: Literal["quoted", "announced"] = Field(
        description="quoted: speaker of a quote; announced: announced an aid package."
    )
    literal: str = Field(description='"person:<id>", the same person in every post.')


class NinjsInfoSource(Schema):
    name: str = Field(description="A quote's speaker or attribution.")
    role: Literal["quoted"]


class NinjsRendition(Schema):
    name: str = Field(description="A NEWS_IMAGE_RENDITIONS name: thumbnail, medium, large.")
    href: UrlString
    contentType: str = Field(None, description="e.g. image/png; absent if unknown.")
    title: str = Field(None, description="The image's title.")
    width: int
    height: int


class NinjsAltId(Schema):
    role: Literal["url", "cms-id"]
    value: str


class NinjsAssociation(Schema):
    name: str = Field(description="The update's headline or first words.")
    rel: Literal["update"]
    uri: str = Field(description="tag: URI of the live update.")
    type: Literal["text"]
    firstCreated: DateTimeString
    versionCreated: DateTimeString
    pubStatus: Literal["usable"]
    headlines: list[NinjsText] = Field(None, description="Absent when the update has none.")
    by: str = Field(None, description="The update's author.")
    bodies: list[NinjsText] = Field(None)
    people: list[NinjsPerson] = Field(None)
    infoSources: list[NinjsInfoSource] = Field(None)


class NinjsDocument(Schema):
    """An IPTC ninjs 3.1 news item. Properties without a value are left out, never null."""

    uri: str = Field(description="tag: URI, the same as the post's id in the section's feeds.")
    # A plain object: its `schema` key would shadow a method of ninja's Schema.
    standard: dict[str, str] = Field(
        description='{"name": "ninjs", "version": "3.1", "schema": the IPTC JSON Schema URI}.'
    )
    type: Literal["text"]
    representationType: Literal["full"]
    version: str = Field(description="Versions published so far; grows with each publish.")
    firstCreated: DateTimeString = Field(description="First publication.")
    versionCreated: DateTimeString = Field(description="When this version was published.")
    contentCreated: DateTimeString = Field(description="When the post was first saved.")
    pubStatus: Literal["usable", "withheld", "canceled"]
    embargoedUntil: DateTimeString = Field(None, description="Absent unless embargoed.")
    language: str = Field(description="BCP 47, e.g. en-GB.")
    headlines: list[NinjsText]
    descriptions: list[NinjsText] = Field(
        None, description='The standfirst ("summary") and correction notices ("correction").'
    )
    by: str = Field(None, description="The byline.")
    bodies: list[NinjsText] = Field(None, description="The body as HTML (text/html).")
    subjects: list[NinjsSubject] = Field(None, description="The post's tags.")
    people: list[NinjsPerson] = Field(None)
    infoSources: list[NinjsInfoSource] = Field(None)
    renditions: list[NinjsRendition] = Field(None, description="Sizes of the lead image.")
    associations: list[NinjsAssociation] = Field(
        None, description="Published live updates, newest first (at most 100)."
    )
    altIds: list[NinjsAltId]


def public_post(request: HttpRequest, post_id: int) -> Any:
    """The live, unrestricted post with this id on the request's site, or Http404."""
    from news.api.v3 import live_public_posts

    # Beyond a 64-bit key no row can match, and the database would refuse to compare.
    post = (
        live_public_posts(request).select_related("owner", "lead_image").filter(pk=post_id).first()
        if post_id <= MAX_WHOLE_NUMBER
        else None
    )
    if post is None:
        raise Http404("No live post with this id.")
    return post


def _retracted_post(request: HttpRequest, post_id: int) -> Any:
    """The retracted, unpublished post with this id; or None."""
    from news.corrections.tombstones import retraction_for_page

    if post_id > MAX_WHOLE_NUMBER:
        return None
    retraction = retraction_for_page(post_id)
    if retraction is None or retraction.post.live:
        return None
    # The row keeps the last version readers saw; a draft written since is not shown.
    return retraction.post


def ninjs_response(request: HttpRequest, post_id: int, content_type: str) -> HttpResponse:
    """The post's ninjs document as `content_type`; Http404 for any id without one."""
    from news.embargo.lookup import embargoed_post
    from news.embargo.partners import request_partner

    embargoed = embargoed_post(post_id) if request_partner(request) else None
    try:
        document = post_ninjs(embargoed or public_post(request, post_id))
    except Http404:
        # A retracted post is still announced, as canceled, so agencies withdraw it.
        retracted = _retracted_post(request, post_id)
        if retracted is None:
            raise
        document = canceled_ninjs(retracted)
    body = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False)
    return HttpResponse(body.encode(), content_type=f"{content_type}; charset=utf-8")


@router.get(
    "/posts/{int:post_id}/ninjs/",
    response={200: NinjsDocument, 404: ProblemDetail},
    auth=[BearerTokenAuth(), AllowAnonymous()],
    url_name="news_post_ninjs",
    operation_id="news_post_ninjs",
    summary="A live post as an IPTC ninjs 3.1 document",
    description="The same document as `GET /api/v3/pages/{id}/` with "
    f"`Accept: {NINJS_MEDIA_TYPE}`; docs/interchange.md describes every property.",
)
def post_as_ninjs(request: HttpRequest, post_id: int) -> HttpResponse:
    # An HttpResponse, not the schema: ninja would write absent properties as null,
    # which the ninjs schema refuses.
    return ninjs_response(request, post_id, "application/json")
