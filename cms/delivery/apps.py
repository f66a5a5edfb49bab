from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "cms.delivery"
    label = "delivery"
    verbose_name = "Content delivery"

    def ready(self) -> None:
        from cms.delivery import invalidation

        invalidation.connect()
        # After wagtail.images and wagtail.documents, whose v3 routers need their
        # schemas registered: a token reads the public content plus what its
        # owner edits (cms/delivery/token_reads.py).
        from cms.delivery import token_reads

        token_reads.install()
        # After wagtail.snippets, which mounts the snippet routes in its ready():
        # v3 routes the newsroom does not support are not served (cms/v3_unsupported.py),
        # and the document declares every error each operation answers.
        from cms import v3_bad_input, v3_unsupported
        from cms.delivery import openapi_responses

        v3_unsupported.install()
        # Malformed requests that crashed Wagtail's v3 routes are a 400/422, not a 500.
        v3_bad_input.install()
        openapi_responses.install()
