from django.apps import AppConfig


class PurgeConfig(AppConfig):
    name = "cms.delivery.purge"
    label = "edge_purge"
    verbose_name = "Front-end cache purges"
    default_auto_field = "django.db.models.BigAutoField"
