from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Newsroom"

    def ready(self) -> None:
        # Types post bodies and images in Wagtail API v3's generated page schemas.
        # Must run before Wagtail's v3 pages router is imported (see install()).
        from news import api_schema

        api_schema.install()

        from news.importers import redirects

        redirects.connect()

        # Rich-text fields in the admin stay correct under threaded app servers.
        from cms import draftail_threads, v3_page_ids, v3_preconditions, v3_query_params

        draftail_threads.install()
        # A v3 write to a page id that is not a number is a 404, not a crash.
        v3_page_ids.install()
        # No query string reaches a 500 in v3's stock routes (limits, search, filters).
        v3_query_params.install()
        # v3 drafts carry ETags, and a write with a stale If-Match is refused.
        v3_preconditions.install()
