from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "cms.tasks"
    label = "cms_tasks"
    verbose_name = "Background tasks"
