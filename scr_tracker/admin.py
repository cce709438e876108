from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .accounts import admin as accounts_admin  # noqa: F401 - sign-in records
from .models import User


class NoDeleteHistoryAdmin(SimpleHistoryAdmin):
    """Audited records are archived, never deleted, in the admin as everywhere."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class ScrUserAdmin(UserAdmin, NoDeleteHistoryAdmin):
    list_display = ["username", "get_full_name", "role", "partnership", "is_active"]
    list_filter = ["role", "partnership", "is_active"]
    filter_horizontal = ["agencies", "groups", "user_permissions"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (
            "Role and scope",
            {"fields": ["role", "partnership", "agencies", "scrutiny_board", "job_title"]},
        ),
    ]
