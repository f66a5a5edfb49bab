"""/api/v3/openapi.json is a contract: front ends generate their types from it.

The whole document is compared with a committed snapshot, so any change to it
shows up in review. After an intended change, rewrite the snapshot with

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/api/test_openapi_schema.py

and review the diff. The other tests check what a front end relies on.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from news.blocks import AidPackageBlock, NewsBodyBlock

pytestmark = pytest.mark.django_db

SNAPSHOT = Path(__file__).parent / "snapshots" / "openapi.json"
IMAGE_FIELDS = {"id", "title", "width", "height", "url", "renditions"}


@pytest.fixture
def document(client) -> dict[str, Any]:
    response = client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    return response.json()


def resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """Follow a `$ref` (possibly wrapped in a one-item `allOf`) to its component."""
    if "allOf" in schema and len(schema["allOf"]) == 1:
        schema = schema["allOf"][0]
    if "$ref" in schema:
        return document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def non_null(schema: dict[str, Any]) -> dict[str, Any]:
    """The non-null branch of `T | None` (`anyOf: [T, {type: null}]`)."""
    branches = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
    assert len(branches) == 1, schema
    return branches[0]


def is_nullable(schema: dict[str, Any]) -> bool:
    return {"type": "null"} in schema.get("anyOf", [])


def component(document: dict[str, Any], name: str) -> dict[str, Any]:
    return document["components"]["schemas"][name]


def body_items(document: dict[str, Any]) -> dict[str, Any]:
    return component(document, "LatestUpdatesPageSchema")["properties"]["body"]["items"]


def block_value(document: dict[str, Any], block_type: str) -> dict[str, Any]:
    member = resolve(
        document, {"$ref": body_items(document)["discriminator"]["mapping"][block_type]}
    )
    return resolve(document, member["properties"]["value"])


def test_openapi_document_matches_snapshot(document):
    actual = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS"):
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(actual)
    rerun = "Re-run with UPDATE_SNAPSHOTS=1 to rewrite it, then review the diff."
    assert SNAPSHOT.exists(), f"No OpenAPI snapshot at {SNAPSHOT}. {rerun}"
    expected = SNAPSHOT.read_text()
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), actual.splitlines(), "snapshot", "actual", lineterm=""
        )
        excerpt = "\n".join(list(diff)[:80])
        pytest.fail(f"/api/v3/openapi.json differs from {SNAPSHOT.name}. {rerun}\n{excerpt}")


def test_openapi_version_is_3_1(document):
    assert document["openapi"].startswith("3.1.")


def test_post_detail_responses_use_the_typed_post_schema(document):
    ref = "#/components/schemas/LatestUpdatesPageSchema"
    for path in ("/api/v3/pages/{page_id}/", "/api/v3/pages/find/"):
        assert ref in json.dumps(document["paths"][path]["get"]["responses"]["200"]), path


def test_body_is_a_union_of_every_block_discriminated_on_type(document):
    items = body_items(document)
    children = list(NewsBodyBlock.base_blocks)
    assert items["discriminator"]["propertyName"] == "type"
    mapping = items["discriminator"]["mapping"]
    assert sorted(mapping) == sorted(children)
    assert sorted(member["$ref"] for member in items["oneOf"]) == sorted(mapping.values())
    for block_type, ref in mapping.items():
        member = resolve(document, {"$ref": ref})
        assert member["properties"]["type"]["const"] == block_type
        assert set(member["required"]) == {"type", "value", "id"}
        assert member["properties"]["id"]["type"] == "string"
    assert "body" in component(document, "LatestUpdatesPageSchema")["required"]


def test_aid_package_amount_currency_and_items_are_typed(document):
    aid = block_value(document, "aid_package")
    properties = aid["properties"]
    assert non_null(properties["amount"])["type"] == "string"
    assert "pattern" in non_null(properties["amount"])
    currency = non_null(properties["currency"])
    assert {"USD", "EUR"} <= set(currency["enum"])
    choices = AidPackageBlock.base_blocks["currency"].field.choices
    assert currency["enum"] == [code for code, _label in choices if code]
    item = resolve(document, properties["items"]["items"])
    assert item["properties"]["name"]["type"] == "string"
    assert item["properties"]["category"]["enum"][0] == "air_defence"
    assert set(resolve(document, non_null(properties["announced_by"]))["properties"]) == {
        "id",
        "name",
        "role",
    }
    # Optional facts are nullable, and always present.
    for name in ("amount", "currency", "announced_by", "announced_on", "source_url"):
        assert is_nullable(properties[name]), name
    assert set(aid["required"]) == set(properties)


def test_dates_are_iso_dates(document):
    post = component(document, "LatestUpdatesPageSchema")["properties"]
    assert post["dateline"]["format"] == "date"
    assert non_null(block_value(document, "quote")["properties"]["said_on"])["format"] == "date"
    assert non_null(block_value(document, "aid_package")["properties"]["announced_on"]) == {
        "format": "date",
        "type": "string",
    }


def test_images_share_one_shape(document):
    post = component(document, "LatestUpdatesPageSchema")["properties"]
    lead_image = non_null(post["lead_image"])
    block_image = non_null(block_value(document, "image")["properties"]["image"])
    assert lead_image == block_image == {"$ref": "#/components/schemas/Image"}
    assert set(component(document, "Image")["properties"]) == IMAGE_FIELDS


def test_a_v3_post_has_the_same_body_and_lead_image_as_in_v2(client, demo):
    v2 = client.get(f"/api/v2/pages/{demo.pk}/").json()
    response = client.get(f"/api/v3/pages/{demo.pk}/")
    assert response.status_code == 200, response.content
    v3 = response.json()
    assert v3["meta"]["type"] == "news.LatestUpdatesPage"
    assert {block["type"] for block in v3["body"]} == set(NewsBodyBlock.base_blocks)
    assert v3["body"] == v2["body"]
    assert v3["lead_image"] == v2["lead_image"]
    assert set(v3["lead_image"]) == IMAGE_FIELDS


def test_find_serves_the_same_typed_post(client, demo):
    response = client.get(
        "/api/v3/pages/find/", {"html_path": f"/latest-updates/{demo.slug}/"}, follow=True
    )
    assert response.status_code == 200, response.content
    assert response.json()["body"] == client.get(f"/api/v2/pages/{demo.pk}/").json()["body"]


def test_typing_refuses_to_install_after_the_pages_router_froze_its_schemas():
    from cms.wagtail_fixes import page_schemas

    # By now the router has been imported (the URLconf mounts it), so a late
    # install could not reach it: it must fail loudly instead of doing nothing.
    with pytest.raises(ImproperlyConfigured, match="INSTALLED_APPS"):
        page_schemas.install()
