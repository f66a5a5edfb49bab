from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Newsroom"

    def ready(self) -> None:
        # The Wagtail patches news relies on (typed v3 page schemas among them) are
        # installed by cms.wagtail_fixes, listed next in INSTALLED_APPS.
        from news.importers import redirects
        from news.live import publishing

        redirects.connect()
        publishing.connect()
