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
        # owner edits (cms/wagtail_fixes/token_reads.py).
        from cms.wagtail_fixes import install_after_wagtail_apps

        install_after_wagtail_apps()
        # The document declares every error each operation answers.
        from cms.delivery import openapi_responses

        openapi_responses.install()
