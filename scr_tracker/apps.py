from django.apps import AppConfig


class ScrTrackerConfig(AppConfig):
    name = "scr_tracker"
    verbose_name = "Users and configuration"

    def ready(self):
        from .accounts.methods import use_govuk_methods

        use_govuk_methods()
