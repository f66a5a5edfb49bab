"""/api/v3/openapi.json declares every error an operation answers, as problem+json,
and leaves out the routes the newsroom does not serve (which answer 404/405).

Generated clients type their errors from the document, and .ci/fuzz holds the
server to it (schemathesis' status code, content type and schema checks); these
tests hold the document to the rules in cms/delivery/openapi_responses.py
without a live server.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from cms.delivery import openapi_responses
from cms.wagtail_fixes import v3_unsupported

pytestmark = pytest.mark.django_db

PROBLEM_JSON = "application/problem+json"
PROBLEM_REF = "#/components/schemas/ProblemDetail"
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def document(client) -> dict[str, Any]:
    response = client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(document: dict[str, Any]):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            if method in METHODS:
                yield path, method, operation


def test_the_document_post_processing_and_route_removal_are_installed():
    assert openapi_responses.installed()
    assert v3_unsupported.installed()


def test_every_error_is_problem_json_with_a_problem_schema(document):
    problems = []
    for path, method, operation in operations(document):
        for status, response in operation["responses"].items():
            if not status.startswith(("4", "5")):
                continue
            content = response.get("content", {})
            schema = content.get(PROBLEM_JSON, {}).get("schema", {})
            if list(content) != [PROBLEM_JSON] or schema.get("$ref") != PROBLEM_REF:
                problems.append(f"{method.upper()} {path} {status}: {json.dumps(content)[:120]}")
    assert not problems, "\n".join(problems)
    problem = document["components"]["schemas"]["ProblemDetail"]
    assert set(problem["required"]) == {"type", "title", "status"}


@pytest.mark.parametrize(
    ("rule", "status", "applies"),
    [
        ("a query parameter or a body can be unreadable", 400, "query_or_body"),
        ("any parameter or body is validated", 422, "any_input"),
        ("an id in the path may name nothing", 404, "path"),
        ("a token is required", 401, "token_only"),
        ("a token is required", 403, "token_only"),
        ("rate limits apply to every request", 429, "always"),
        ("a database outage answers every request", 503, "always"),
    ],
)
def test_each_operation_declares_the_errors_its_shape_implies(document, rule, status, applies):
    missing = []
    for path, method, operation in operations(document):
        where = {parameter["in"] for parameter in operation.get("parameters", [])}
        body = "requestBody" in operation
        token_only = all(requirement for requirement in operation.get("security", [{}]))
        if {
            "query_or_body": "query" in where or body,
            "any_input": bool(where) or body,
            "path": "path" in where,
            "token_only": token_only,
            "always": True,
        }[applies] and str(status) not in operation["responses"]:
            missing.append(f"{method.upper()} {path}")
    assert not missing, f"{status} ({rule}) not declared on: {missing}"


def test_conflicts_and_stale_drafts_are_declared(document):
    paths = document["paths"]
    for action in ("submit", "approve", "reject"):
        assert "409" in paths[f"/api/v3/editorial/pages/{{page_id}}/{action}/"]["post"]["responses"]
    assert "412" in paths["/api/v3/pages/{page_id}/"]["patch"]["responses"]
    assert "412" in paths["/api/v3/pages/{page_id}/actions/publish/"]["post"]["responses"]


def test_public_reads_say_a_token_is_optional(document):
    detail = document["paths"]["/api/v3/pages/{page_id}/"]["get"]
    assert detail["security"] == [{"BearerTokenAuth": []}, {}]
    assert set(document["components"]["securitySchemes"]) == {"BearerTokenAuth"}
    assert "304" in detail["responses"]
    assert "content" not in detail["responses"]["304"]


def test_query_parameters_are_as_narrow_as_the_server_reads_them(document, settings):
    def parameter(path: str, name: str) -> dict[str, Any]:
        found = [p for p in document["paths"][path]["get"]["parameters"] if p["name"] == name]
        return found[0]["schema"]

    assert parameter("/api/v3/pages/", "limit")["maximum"] == settings.WAGTAILAPI_LIMIT_MAX
    assert parameter("/api/v3/news/posts/", "limit")["anyOf"][0]["type"] == "integer"
    assert parameter("/api/v3/news/posts/", "published_after")["anyOf"][0]["format"] == "date"
    assert parameter("/api/v3/news/changes/", "limit")["anyOf"][0]["maximum"] == 500


def _string_schemas(schema: dict[str, Any]):
    if schema.get("type") == "string":
        yield schema
    for branch in [*schema.get("anyOf", []), *schema.get("oneOf", [])]:
        yield from _string_schemas(branch)
    if isinstance(schema.get("items"), dict):
        yield from _string_schemas(schema["items"])


def test_string_query_parameters_say_they_hold_no_nul(document, client, site_tree):
    # The server refuses a NUL in any API query parameter (cms/delivery/query_guard.py);
    # the document must say so, or a client may send one the schema allows.
    loose = [
        (path, parameter["name"])
        for path, _method, operation in operations(document)
        for parameter in operation.get("parameters", [])
        if parameter.get("in") == "query"
        for schema in _string_schemas(parameter.get("schema", {}))
        if "pattern" not in schema and "enum" not in schema
    ]
    assert loose == []
    response = client.get("/api/v3/pages/find/", {"site": "a\x00b", "html_path": "/"})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("site:")


def test_each_declared_error_is_what_the_server_answers(client, section, writer, token_for):
    """A sample of the rules, against the real routes."""
    cases = [
        (client.get("/api/v3/pages/999999/"), 404),
        (client.get("/api/v3/pages/", {"limit": "x"}), 422),
        (client.get("/api/v3/news/posts/", {"published_after": "soon"}), 400),
        (client.post(f"/api/v3/pages/{section.pk}/actions/publish/"), 401),
        (
            client.post(
                f"/api/v3/editorial/pages/{section.pk}/approve/",
                {},
                content_type="application/json",
                **token_for(writer),
            ),
            None,  # 403 or 404: not a post the writer may review
        ),
    ]
    for response, status in cases:
        assert response["Content-Type"] == PROBLEM_JSON, response.content
        assert status is None or response.status_code == status, response.content


# --- operations the newsroom does not serve ---------------------------------------

REMOVED = [
    ("post", "/api/v3/pages/{id}/actions/copy/"),
    ("post", "/api/v3/pages/{id}/actions/create_alias/"),
    ("post", "/api/v3/pages/{id}/actions/move/"),
    ("post", "/api/v3/pages/{id}/actions/convert_alias/"),
    ("post", "/api/v3/pages/{id}/actions/copy_for_translation/"),
    ("get", "/api/v3/snippets/news.person/"),
    ("post", "/api/v3/snippets/news.person/"),
    ("get", "/api/v3/snippets/news.person/1/"),
    ("patch", "/api/v3/snippets/news.person/1/"),
    ("delete", "/api/v3/snippets/news.person/1/"),
    ("post", "/api/v3/snippets/news.person/1/actions/publish/"),
]


def test_removed_operations_are_not_in_the_document(document):
    paths = set(document["paths"])
    assert not [path for path in paths if path.startswith("/api/v3/snippets/")]
    for action in v3_unsupported.REMOVED_PAGE_ACTIONS:
        assert f"/api/v3/pages/{{page_id}}/actions/{action}/" not in paths
    # The actions the editorial flow relies on stay.
    for action in ("publish", "unpublish", "revert", "delete"):
        assert f"/api/v3/pages/{{page_id}}/actions/{action}/" in paths


@pytest.mark.parametrize(("method", "url"), REMOVED)
@pytest.mark.parametrize("who", ["anonymous", "editor"])
def test_removed_operations_answer_404_problem_json(
    client, site_tree, editor, token_for, method, url, who
):
    client.raise_request_exception = False
    headers = token_for(editor) if who == "editor" else {}
    response = client.generic(
        method.upper(),
        url.format(id=site_tree.section.pk),
        data=b"{}",
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 404, response.content
    assert response["Content-Type"] == PROBLEM_JSON


def test_a_removed_action_on_the_root_page_is_a_404_not_a_crash(client, editor, token_for):
    # Wagtail's copy, create_alias and move answered 500 on the tree's root (page 1).
    client.raise_request_exception = False
    for action in ("copy", "create_alias", "move"):
        response = client.post(
            f"/api/v3/pages/1/actions/{action}/",
            {"destination_id": 1},
            content_type="application/json",
            **token_for(editor),
        )
        assert response.status_code == 404, (action, response.content)


def test_another_method_on_a_kept_route_is_405(client, section, editor, token_for):
    response = client.get(f"/api/v3/pages/{section.pk}/actions/publish/", **token_for(editor))
    assert response.status_code == 405
    assert "POST" in response["Allow"]


def test_site_pages_keep_the_html_404(client, site_tree):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
