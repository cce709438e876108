from django.apps import AppConfig


class ScrTrackerConfig(AppConfig):
    name = "scr_tracker"
    verbose_name = "Users and configuration"

    def ready(self):
        from .accounts import lockout  # noqa: F401 - connects the sign-in receiver
        from .accounts.methods import use_govuk_methods

        use_govuk_methods()
