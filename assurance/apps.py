from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "assurance"
    verbose_name = "Progress, evidence and assurance"

    def ready(self):
        # The access log hears about personal API tokens made and revoked in the foundation.
        from .api import signals  # noqa: F401
