from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from .accounts import admin as accounts_admin  # noqa: F401 - sign-in records
from .accounts import services as account_services
from .models import Agency, ApiToken, Partnership, ScrutinyBoard, User

CHANGE_REASON = "change_reason"


def _with_change_reason(form_class):
    """`form_class` with a required "Reason for this change" field, which the history keeps."""
    if CHANGE_REASON in getattr(form_class, "declared_fields", {}):
        return form_class
    return type(
        form_class.__name__,
        (form_class,),
        {
            CHANGE_REASON: forms.CharField(
                label="Reason for this change",
                help_text="Required. Kept in the record's history with your name.",
                widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
                max_length=1000,
            ),
            "__module__": __name__,
        },
    )


class ChangeReasonAdminMixin:
    """Every save through the admin asks why, and the history row keeps who and why
    (`_change_reason`, `_history_user`). Put it first among an admin's bases."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = kwargs.get("form")
        if base is None:
            base = getattr(self, "add_form", None) if obj is None else None
            base = base or self.form
        kwargs["form"] = _with_change_reason(base)
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f != CHANGE_REASON]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        return [*fieldsets, ("Why", {"fields": [CHANGE_REASON]})]

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data[CHANGE_REASON].strip()
        obj._history_user = request.user
        super().save_model(request, obj, form, change)


class NoDeleteHistoryAdmin(ChangeReasonAdminMixin, SimpleHistoryAdmin):
    """Audited records are archived, never deleted, in the admin as everywhere. Every save
    asks for a reason. Reverting to an earlier version is off: it would write every field,
    including those only the workflow's services may change (an action's status, say)."""

    def has_delete_permission(self, request, obj=None):
        return False

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied("Earlier versions are shown, never restored, in the admin.")
        return super().history_form_view(request, object_id, version_id, extra_context)


class ViewOnlyAdmin(NoDeleteHistoryAdmin):
    """Records that change only through the workflow's services (posting, judging, deciding,
    assuring), which check who may and keep the action in step: shown, never edited here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
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
    # UserAdmin answers the add form's fieldsets itself, without asking its bases.
    add_fieldsets = [*UserAdmin.add_fieldsets, ("Why", {"fields": [CHANGE_REASON]})]


@admin.register(Partnership)
class PartnershipAdmin(NoDeleteHistoryAdmin):
    list_display = ["name", "nation", "amber_due_within_days", "amber_no_update_days"]


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
