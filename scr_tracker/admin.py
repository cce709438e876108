from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .accounts import admin as accounts_admin  # noqa: F401 - sign-in records
from .accounts import services as account_services
from .models import Agency, ApiToken, Partnership, ScrutinyBoard, User


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


@admin.register(ApiToken)
class ApiTokenAdmin(NoDeleteHistoryAdmin):
    """Administrators see every personal API token (never the token itself, which is not
    stored) and revoke any of them; each revocation is in the token's history and the access
    log. Tokens are created by their owners on the account security page."""

    list_display = [
        "name",
        "user",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at", "expires_at", "user__role"]
    search_fields = ["name", "prefix", "user__username", "user__last_name"]
    list_select_related = ["user"]
    actions = ["revoke"]
    readonly_fields = [
        "user",
        "name",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "revoked_by",
        "revoked_reason",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Revoke the selected API tokens")
    def revoke(self, request, queryset):
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True).select_related("user"):
            account_services.api_token_revoke(
                token=token,
                actor=request.user,
                reason="Revoked by an administrator in the admin site",
                request=request,
            )
            revoked += 1
        self.message_user(request, f"{revoked} API token(s) revoked.")
