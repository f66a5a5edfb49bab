from django.apps import AppConfig


class ChangelogConfig(AppConfig):
    name = "cms.changelog"
    label = "changelog"
    verbose_name = "Change log"

    def ready(self) -> None:
        from cms.changelog import signals

        signals.connect()
