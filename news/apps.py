from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Newsroom"

    def ready(self) -> None:
        # The Wagtail patches news relies on (typed v3 page schemas among them) are
        # installed by cms.wagtail_fixes, listed next in INSTALLED_APPS.
        from wagtail.models import ReferenceIndex

        from news import provenance
        from news.corrections import signals as corrections
        from news.importers import redirects
        from news.live import publishing
        from news.live.models import LiveUpdate

        redirects.connect()
        publishing.connect()
        corrections.connect()
        # A new revision never carries a quote's verification: only approval sets it.
        provenance.connect()
        # Wagtail indexes the references of pages and snippets only; an update's
        # body shows People and images too, and cms/delivery/invalidation.py
        # finds the stories to refresh through this index when one is edited.
        ReferenceIndex.register_model(LiveUpdate)
