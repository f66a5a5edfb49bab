"""No query string gets a 5xx from a public endpoint.

Every documented query parameter of every public endpoint gets hostile values
(huge, negative and non-ASCII numbers, NULs, malformed UTF-8, search syntax)
and arbitrary text from hypothesis, through the Django test client. An answer
may be anything but a 5xx; a 4xx from an API endpoint must be problem+json
that names the parameter (in `detail`, or in `errors[].loc` for v3's 422s).

The v3 parameters are read from /api/v3/openapi.json, so a parameter added to
a route is fuzzed without editing this file; v2 has no such document, so its
parameters are listed below. Operations that need a token are fuzzed with an
editor's token. Example counts are fixed, so the run stays short on SQLite.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page, Site

from cms.delivery.query_params import MAX_WHOLE_NUMBER

pytestmark = pytest.mark.django_db

OPENAPI = "/api/v3/openapi.json"

# Already percent-encoded, so bytes that are not UTF-8 reach the server as they are.
# Every parameter of every endpoint gets each of these.
HOSTILE = [
    quote(value, safe="")
    for value in [
        "٣",  # Arabic-Indic three: int() reads it
        "²",  # isdigit() says yes, int() refuses it
        "1" * 40,
        str(2**63),
        str(-(2**63) - 1),
        "a\x00b",
    ]
] + ["%ED%A0%80"]  # a lone surrogate, as UTF-8 would encode it
# Some parameters get each of these, hypothesis choosing which.
MORE = [
    quote(value, safe="")
    for value in [
        str(MAX_WHOLE_NUMBER),
        "３",  # fullwidth three
        "-1",
        "",
        "0",
        'NATO "allies',
        "*:!",
        "x" * 2000,
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-23:59",
        "root",
    ]
] + ["%FF", "%C0%80"]

# Listed by hand: API v2 publishes no machine-readable description of its parameters.
V2_PAGES = [
    "type",
    "fields",
    "child_of",
    "descendant_of",
    "ancestor_of",
    "translation_of",
    "locale",
    "site",
    "order",
    "search",
    "search_operator",
    "limit",
    "offset",
    "id",
    "title",
    "slug",
    "show_in_menus",
    "first_published_at",
    "tag",
    "published_after",
    "published_before",
    "rich_text_format",
]
# With type=news.LatestUpdatesPage: the post filters and the post's own fields.
V2_POSTS = [
    *("tag", "published_after", "published_before", "search", "order", "fields"),
    *("dateline", "standfirst", "tags", "lead_image", "source_url"),
]
V2_FILES = ["fields", "order", "search", "search_operator", "limit", "offset", "id", "title"]
V2_IMAGES = [*V2_FILES, "width", "height", "tags"]


@dataclass(frozen=True)
class Endpoint:
    path: str
    parameters: tuple[str, ...]
    fixed: str = ""  # query that comes with every request, e.g. a page type
    token: bool = False
    api: bool = True  # answers problem+json

    def url(self, parameter: str, encoded: str) -> tuple[str, str]:
        query = f"{parameter}={encoded}"
        return self.path, f"{self.fixed}&{query}" if self.fixed else query


def v3_endpoints(client: Client, ids: dict[str, int]) -> list[Endpoint]:
    """Every v3 GET operation with query parameters, from the OpenAPI document."""
    document = client.get(OPENAPI).json()
    endpoints = []
    for template, operations in document["paths"].items():
        operation = operations.get("get")
        if not operation:
            continue
        parameters = operation.get("parameters", [])
        query = tuple(p["name"] for p in parameters if p["in"] == "query")
        path_names = [p["name"] for p in parameters if p["in"] == "path"]
        if not query or any(name not in ids for name in path_names):
            # Snippet routes: no snippet type is exposed, so there is no {type} to fill in.
            continue
        path = template.format(**{name: ids[name] for name in path_names})
        public = {"AllowAnonymous": []} in operation.get("security", [{}])
        endpoints.append(Endpoint(path, query, token=not public))
    return endpoints


def v2_endpoints(ids: dict[str, int]) -> list[Endpoint]:
    page, image, document = ids["page_id"], ids["image_id"], ids["document_id"]
    return [
        Endpoint("/api/v2/pages/", tuple(V2_PAGES)),
        Endpoint("/api/v2/pages/", tuple(V2_POSTS), fixed="type=news.LatestUpdatesPage"),
        Endpoint(f"/api/v2/pages/{page}/", ("fields", "rich_text_format", "type")),
        Endpoint("/api/v2/pages/find/", ("id", "html_path", "site")),
        Endpoint("/api/v2/images/", tuple(V2_IMAGES)),
        Endpoint(f"/api/v2/images/{image}/", ("fields",)),
        Endpoint("/api/v2/images/find/", ("id",)),
        Endpoint("/api/v2/documents/", tuple(V2_FILES)),
        Endpoint(f"/api/v2/documents/{document}/", ("fields",)),
        Endpoint("/api/v2/documents/find/", ("id",)),
    ]


SITE = [
    Endpoint("/latest-updates/rss.xml", ("tag",), api=False),
    Endpoint("/latest-updates/atom.xml", ("tag",), api=False),
    Endpoint("/latest-updates/feed.json", ("tag",), api=False),
    Endpoint("/search/", ("query", "page"), api=False),
    Endpoint("/sitemap.xml", ("p",), api=False),
]


@pytest.fixture
def world(demo, editor, token_for, settings):
    """The demo post, an image and a document, every public endpoint and an editor's token."""
    from tests.factories import ImageFactory

    # Every request counts, and none is answered from an earlier answer.
    settings.API_RATE_LIMIT_ANON_PER_MINUTE = 0
    settings.API_RESPONSE_CACHE = False
    image = ImageFactory()
    document = _document()
    ids = {
        "page_id": demo.pk,
        "image_id": image.pk,
        "document_id": document.pk,
        "redirect_id": 1,
        "site_id": Site.objects.get().pk,
        "revision_id": demo.latest_revision_id,
    }
    endpoints = v3_endpoints(Client(), ids) + v2_endpoints(ids) + SITE
    return endpoints, token_for(editor)


def _document():
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model()(title="Aid figures")
    document.file.save("aid.txt", ContentFile(b"NATO aid"), save=False)
    document.save()
    return document


def check(endpoint: Endpoint, parameter: str, encoded: str, token: dict[str, str]) -> str | None:
    """What is wrong with the answer to one request, or None."""
    path, query = endpoint.url(parameter, encoded)
    headers = token if endpoint.token else {}
    # A server error is an answer here, not an exception, so every one is reported.
    response = Client(raise_request_exception=False).get(path, QUERY_STRING=query, **headers)
    where = f"GET {path}?{query[:120]}"
    if response.status_code >= 500:
        return f"{where}: {response.status_code}"
    # 401, 403 and 404 are about the reader or the object, not the parameter.
    if endpoint.api and response.status_code in (400, 422):
        if response["Content-Type"] != "application/problem+json":
            return f"{where}: {response.status_code} as {response['Content-Type']}"
        body = response.json()
        named = parameter in body.get("detail", "") or any(
            parameter in map(str, error.get("loc", [])) for error in body.get("errors") or []
        )
        if not named:
            return f"{where}: {response.status_code} does not name {parameter!r}: {body}"
    return None


def test_the_openapi_document_gives_the_v3_parameters(world):
    endpoints, _token = world
    v3 = {endpoint.path: endpoint.parameters for endpoint in endpoints}
    assert {"limit", "offset", "search", "child_of", "type"} <= set(v3["/api/v3/pages/"])
    assert set(v3["/api/v3/news/posts/"]) >= {"limit", "offset", "published_after"}
    assert set(v3["/api/v3/news/changes/"]) == {"since", "limit"}
    assert "/api/v3/images/" in v3 and "/api/v3/documents/" in v3


def test_hostile_values_in_every_parameter(world):
    endpoints, token = world
    problems = [
        problem
        for endpoint in endpoints
        for parameter in endpoint.parameters
        for encoded in HOSTILE
        if (problem := check(endpoint, parameter, encoded, token))
    ]
    assert not problems, "\n".join(problems[:40])


# Text as a client might send it: any Unicode (NUL included), numbers of any size
# in any script, and raw bytes that need not be UTF-8.
DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩０１２３４５６７８９²³¹"
VALUES = st.one_of(
    st.sampled_from(MORE),
    st.text(max_size=60).map(lambda value: quote(value, safe="")),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.text(alphabet=DIGITS, min_size=1, max_size=30).map(lambda value: quote(value, safe="")),
    st.binary(max_size=12).map(lambda value: quote(value, safe="")),
)


def test_arbitrary_values_in_any_parameter(world):
    endpoints, token = world
    pairs = [(endpoint, parameter) for endpoint in endpoints for parameter in endpoint.parameters]

    @settings(
        max_examples=200,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(pair=st.sampled_from(pairs), encoded=VALUES)
    def fuzz(pair: tuple[Endpoint, str], encoded: str) -> None:
        endpoint, parameter = pair
        problem = check(endpoint, parameter, encoded, token)
        assert problem is None, problem

    fuzz()
    # The page tree is untouched by any of it.
    assert Page.objects.filter(live=True).exists()
