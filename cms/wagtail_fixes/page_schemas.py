"""Wagtail API v3's generated page schemas, typed with the newsroom's block and image schemas.

Upstream behaviour worked around (Wagtail 8.0.x, checked against 8.0.x): the v3
read-schema generator types every StreamField as `list[Any]`, and a serializer
field from its `to_representation` return hint (a plain dict for our image and
JSON-LD fields), so `/api/v3/openapi.json` could not say what a post's body or
lead image contains. No upstream issue is known to us; the generator offers
`register_field_schema` and `extend_schema`, which this uses.

`install()` teaches the generator our stream blocks and serializer fields (the
schemas themselves live in `news.api.schemas`, beside what they describe), then
rebuilds the page schemas before Wagtail's pages router freezes them into its
routes. The JSON itself is still produced by each block's
`get_api_representation`; only the annotations change.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.exceptions import ImproperlyConfigured

__all__ = ["install", "installed"]


def _typed_streamfield_schema(fallback: Any) -> Any:
    """A field-schema function for Wagtail's read generator, wrapping its StreamField one.

    Wagtail's function keeps doing the serialising (its resolver calls the
    stream block's `get_api_representation`); only the annotation changes, and
    the field becomes required because the resolver always returns a list.
    """

    from news.api.schemas import stream_schema

    def field_schema(generator: Any, field: Any) -> tuple[Any, Any, Any]:
        annotation, default, resolver = fallback(generator, field)
        if not getattr(field.stream_block, "typed_api_schema", False):
            return annotation, default, resolver
        return stream_schema(type(field.stream_block)), ..., resolver

    field_schema.typed_stream_blocks = True  # type: ignore[attr-defined]
    return field_schema


def _type_serializer_fields(registry: Any, read_generator: Any) -> None:
    """Type `APIField(serializer=ImageWithRenditionsField())` fields as `Image | None`,
    `APIField(serializer=JsonLdField())` as a JSON object (never null), and
    `APIField(serializer=LiveCoverageField())` as `LiveCoverage | None` and
    `APIField(serializer=CorrectionsField())` as a list of `Correction`.

    Wagtail types a serializer field from its `to_representation` return hint,
    which for ours is a plain dict. The generated schema keeps its resolver (the
    serializer itself); a subclass only narrows the annotation.
    """
    from wagtail.api import APIField
    from wagtail.models import get_page_models

    from news.api.fields import ImageWithRenditionsField
    from news.api.schemas import Correction, DateTimeString, Image, JsonLd, live_schemas
    from news.corrections.representation import CorrectionsField
    from news.embargo.fields import EmbargoUntilField
    from news.live.detail import LiveCoverageField
    from news.structured_data import JsonLdField

    annotations = [
        (ImageWithRenditionsField, Image | None),
        (JsonLdField, JsonLd),
        (LiveCoverageField, live_schemas().LiveCoverage | None),
        (CorrectionsField, list[Correction]),
        (EmbargoUntilField, DateTimeString | None),
    ]
    for model in get_page_models():
        typed = {
            field.name: (annotation, ..., None)
            for field in APIField.get_fields_for_model(model)
            for serializer_class, annotation in annotations
            if isinstance(field.serializer, serializer_class)
        }
        registration = registry.get(model._meta.label)
        if typed and registration and registration.read_schema:
            schema = registration.read_schema
            registration.read_schema = read_generator.extend_schema(schema, schema.__name__, typed)


PAGES_ROUTER = "wagtail.api.v3.routers.pages"


def install() -> None:
    """Make Wagtail's generated v3 page schemas use the newsroom's types.

    Wagtail's pages router reads the registry's page schemas once, when it is
    first imported, to build its detail union (/api/v3/pages/{id}/ and /find/).
    That import comes from `wagtail.contrib.redirects`' `ready()` (it mounts its
    own v3 router), so this must run from the ready() of an app listed before
    it in INSTALLED_APPS, as `cms.wagtail_fixes` is. If the router is already loaded the
    change could not reach it, so refuse to start rather than serve a schema
    that silently says `list[Any]`.
    """
    if PAGES_ROUTER in sys.modules:
        raise ImproperlyConfigured(
            f"{PAGES_ROUTER} was imported before cms.wagtail_fixes.page_schemas.install(): "
            "list 'cms.wagtail_fixes' before wagtail.contrib.redirects, wagtail.snippets, "
            "wagtail.images and wagtail.documents in INSTALLED_APPS, and do not import "
            "wagtail.api.v3.api from a module loaded earlier."
        )
    from wagtail.api.v3.schemas.generators.read import read_generator
    from wagtail.fields import StreamField

    current = read_generator.field_schemas[StreamField]
    if not getattr(current, "typed_stream_blocks", False):
        read_generator.register_field_schema(StreamField, _typed_streamfield_schema(current))

    # Importing the registry generates the page schemas; generate them again in
    # case it was imported (with Wagtail's untyped StreamField) before now.
    from wagtail.api.v3.registry import registry

    registry.register_defaults()
    _type_serializer_fields(registry, read_generator)


def installed() -> bool:
    from wagtail.api.v3.schemas.generators.read import read_generator
    from wagtail.fields import StreamField

    return getattr(read_generator.field_schemas[StreamField], "typed_stream_blocks", False)
