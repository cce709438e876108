from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .accounts import admin as accounts_admin  # noqa: F401 - sign-in records
from .models import Agency, Partnership, ScrutinyBoard, User


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


@admin.register(Partnership)
class PartnershipAdmin(NoDeleteHistoryAdmin):
    list_display = ["name", "amber_due_within_days", "amber_no_update_days"]


@admin.register(Agency)
class AgencyAdmin(NoDeleteHistoryAdmin):
    list_display = ["name", "kind", "partnership", "is_active"]
    list_filter = ["partnership", "kind", "is_active"]
    search_fields = ["name"]


@admin.register(ScrutinyBoard)
class ScrutinyBoardAdmin(NoDeleteHistoryAdmin):
    list_display = ["name", "partnership"]
