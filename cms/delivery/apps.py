from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "cms.delivery"
    label = "delivery"
    verbose_name = "Content delivery"

    def ready(self) -> None:
        from cms.delivery import invalidation

        invalidation.connect()
