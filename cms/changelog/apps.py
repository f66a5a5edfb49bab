from django.apps import AppConfig


class ChangelogConfig(AppConfig):
    name = "cms.changelog"
    label = "changelog"
    verbose_name = "Change log"

    def ready(self) -> None:
        from cms.changelog import events, signals

        signals.connect()
        # The caches, then the webhooks: the order is stated in events.SUBSCRIBERS.
        events.connect_subscribers()
