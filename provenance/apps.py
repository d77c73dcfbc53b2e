from django.apps import AppConfig


class ProvenanceConfig(AppConfig):
    name = "provenance"
    verbose_name = "Provenance: articles, claims and sources"
    default_auto_field = "django.db.models.BigAutoField"
