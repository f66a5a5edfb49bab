from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "cms.editorial"
    label = "editorial"
    verbose_name = "Editorial workflow"

    def ready(self) -> None:
        # Listed after wagtail.images in INSTALLED_APPS, so this replaces its image policy.
        from cms.editorial import duties, images

        images.register()
        # After wagtail's own ready(), which registers its default page actions.
        duties.register_actions()
