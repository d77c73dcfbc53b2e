from django.apps import AppConfig


class ProvenanceConfig(AppConfig):
    name = "provenance"
    verbose_name = "Provenance: articles, claims and sources"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from provenance import checks  # noqa: F401  (registers the start-up checks)
        from provenance.services import tokens  # noqa: F401  (audits tokens changed elsewhere)
