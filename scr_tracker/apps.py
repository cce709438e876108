from django.apps import AppConfig


class ScrTrackerConfig(AppConfig):
    name = "scr_tracker"
    verbose_name = "Users and configuration"
