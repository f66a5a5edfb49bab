from django.apps import AppConfig


class WagtailFixesConfig(AppConfig):
    name = "cms.wagtail_fixes"
    label = "wagtail_fixes"
    verbose_name = "Wagtail fixes"

    def ready(self) -> None:
        # Listed before wagtail.contrib.redirects, wagtail.snippets, wagtail.images
        # and wagtail.documents in INSTALLED_APPS: see cms/wagtail_fixes/__init__.py.
        from cms.wagtail_fixes import install_all

        install_all()
