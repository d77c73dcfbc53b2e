from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = "Annotations: reviews, queues and exports"
    default_auto_field = "django.db.models.BigAutoField"
