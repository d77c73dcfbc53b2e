from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = "Annotations: reviews, queues and exports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from annotations.services.queue import leases_end
        from provenance.signals import claims_released

        claims_released.connect(leases_end, dispatch_uid="annotations.leases_end")
