"""Sign-in records from django-axes, for administrators, read-only: failed attempts and
lockouts (AccessAttempt), sign-ins and sign-outs (AccessLog), each failure (AccessFailureLog).
A lockout ends by itself after AXES_COOLOFF_MINUTES; `manage.py axes_reset_username NAME`
ends it sooner."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessAttempt)
class AccessAttemptAdmin(ReadOnlyAdmin):
    list_display = ["attempt_time", "username", "ip_address", "failures_since_start", "path_info"]
    list_filter = ["attempt_time"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"
    exclude = ["get_data", "post_data"]


@admin.register(AccessFailureLog)
class AccessFailureLogAdmin(ReadOnlyAdmin):
    list_display = ["attempt_time", "username", "ip_address", "locked_out", "path_info"]
    list_filter = ["attempt_time", "locked_out"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ["attempt_time", "logout_time", "username", "ip_address", "path_info"]
    list_filter = ["attempt_time", "logout_time"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"
