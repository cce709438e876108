from django.contrib import admin

from scr_tracker.admin import NoDeleteHistoryAdmin

from .models import AccessLog, AssuranceStatement, Evidence, ProgressUpdate, ReminderSent


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(NoDeleteHistoryAdmin):
    list_display = ["action", "author", "created_at", "rag", "judgement"]
    list_select_related = ["action__recommendation__review", "action__agency", "author"]
    raw_id_fields = ["action", "author", "judged_by"]


@admin.register(Evidence)
class EvidenceAdmin(NoDeleteHistoryAdmin):
    list_display = ["__str__", "action", "supplied_by", "created_at", "judgement"]
    list_select_related = ["action__recommendation__review", "action__agency", "supplied_by"]
    raw_id_fields = ["action", "update", "supplied_by", "judged_by"]


@admin.register(AssuranceStatement)
class AssuranceStatementAdmin(NoDeleteHistoryAdmin):
    list_display = ["recommendation", "level", "updated_at"]
    list_select_related = ["recommendation__review"]
    raw_id_fields = ["recommendation"]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the access log is append-only, in the admin as in the app."""

    list_display = ["at", "user", "kind", "description", "ip_address"]
    list_filter = ["kind", "partnership"]
    list_select_related = ["user"]
    search_fields = ["description", "user__username"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "user", "action_count", "sent_at"]
    list_filter = ["kind"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
