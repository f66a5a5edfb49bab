"""Every patch in cms/wagtail_fixes/ is in place once Django has started.

One test per fix, each looking at what Wagtail itself calls (the method, the
module attribute, the route or the middleware list), so an upgrade that
replaces the patched piece, or a start-up that skips a fix, fails here by name.
"""

from __future__ import annotations

from django.conf import settings


def test_page_schemas_types_streamfields_in_wagtails_read_generator():
    from wagtail.api.v3.registry import registry
    from wagtail.api.v3.schemas.generators.read import read_generator
    from wagtail.fields import StreamField

    from cms.wagtail_fixes import page_schemas

    assert page_schemas.installed()
    field_schema = read_generator.field_schemas[StreamField]
    assert field_schema.__module__ == page_schemas.__name__
    # And the page schemas were rebuilt with it: a post's body is typed, not list[Any].
    body = registry.get("news.LatestUpdatesPage").read_schema.model_fields["body"]
    assert "Any" not in str(body.annotation)


def test_draftail_threads_replaces_the_converters_method():
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    from cms.wagtail_fixes import draftail_threads

    assert draftail_threads.installed()
    assert ContentstateConverter.from_database_format.__module__ == draftail_threads.__name__


def test_v3_page_ids_replaces_the_body_models_page_lookup():
    from wagtail.api.v3.schemas.pages import PageTypeInjectingBodyModel

    from cms.wagtail_fixes import v3_page_ids

    assert v3_page_ids.installed()
    method = PageTypeInjectingBodyModel.__dict__["get_meta_type"]
    assert method.__func__.__module__ == v3_page_ids.__name__


def test_v3_query_params_wraps_the_stock_v3_parameter_readers():
    from wagtail.api.v3.pagination import WagtailLimitOffsetPagination
    from wagtail.api.v3.schemas.params import SearchSchema

    from cms.wagtail_fixes import v3_query_params

    assert v3_query_params.installed()
    # functools.wraps keeps Wagtail's names; the wrappers are marked as ours.
    for method in (WagtailLimitOffsetPagination.paginate_queryset, SearchSchema.search_queryset):
        assert getattr(method, v3_query_params._PATCHED, False)


def test_v3_stream_bodies_wraps_the_form_data_flattening():
    from wagtail.api.v3 import form_data

    from cms.wagtail_fixes import v3_stream_bodies

    assert v3_stream_bodies.installed()
    assert form_data.flatten_block_value.__wrapped__ is v3_stream_bodies._FLATTEN


def test_v3_unsupported_routes_are_not_mounted():
    from wagtail.api.v3.urls import api

    from cms.wagtail_fixes import v3_unsupported

    assert v3_unsupported.installed()
    paths = api.get_openapi_schema()["paths"]
    assert not any(path.startswith("/api/v3/snippets/") for path in paths)
    assert not any(path.endswith("/copy/") for path in paths)


def test_v3_preconditions_guards_the_draft_routes():
    from cms.wagtail_fixes import v3_preconditions

    assert v3_preconditions.installed()
    operations = v3_preconditions._operations()
    assert set(operations) == v3_preconditions.TAGGED
    for operation_id in v3_preconditions.GUARDED:
        assert operations[operation_id].view_func.__code__.co_filename == v3_preconditions.__file__


def test_token_reads_wraps_the_v3_pages_images_and_documents_querysets():
    from wagtail.api.v3.routers import pages
    from wagtail.documents.api.v3 import router as documents
    from wagtail.images.api.v3 import router as images

    from cms.wagtail_fixes import token_reads

    assert token_reads.installed()
    for function in (
        pages.get_pages_queryset,
        images.get_restricted_collection_ids,
        documents.get_restricted_collection_ids,
    ):
        # functools.wraps copies the name; the wrapper's code is still ours.
        assert function.__code__.co_filename == token_reads.__file__
    assert token_reads._detail_operation().view_func.__code__.co_filename == token_reads.__file__


def test_request_bodies_middleware_is_in_the_stack():
    from cms.wagtail_fixes.request_bodies import JSONObjectBodyMiddleware

    path = f"{JSONObjectBodyMiddleware.__module__}.{JSONObjectBodyMiddleware.__name__}"
    assert path == "cms.wagtail_fixes.request_bodies.JSONObjectBodyMiddleware"
    assert path in settings.MIDDLEWARE
