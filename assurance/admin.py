from django.contrib import admin
from django.utils.html import format_html

from scr_tracker.admin import NoDeleteHistoryAdmin, ViewOnlyAdmin

from .models import (
    AccessLog,
    AssuranceLevelMeaning,
    AssuranceStatement,
    Evidence,
    EvidenceRequest,
    ProgressUpdate,
    ReminderSent,
)


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ViewOnlyAdmin):
    list_display = ["action", "author", "created_at", "rag", "judgement"]
    list_select_related = ["action__recommendation__review", "action__agency", "author"]
    raw_id_fields = ["action", "author", "judged_by"]


@admin.register(Evidence)
class EvidenceAdmin(ViewOnlyAdmin):
    """Uploads are checked (type, size, virus scan) on the way in through the app, and files
    leave only through the logged download view, which the file link here goes to."""

    list_display = ["__str__", "action", "supplied_by", "created_at", "judgement"]
    list_select_related = ["action__recommendation__review", "action__agency", "supplied_by"]
    raw_id_fields = ["action", "update", "supplied_by", "judged_by"]
    exclude = ["file"]
    readonly_fields = [
        "download",
        "original_filename",
        "content_type",
        "size",
        "sha256",
        "supplied_by",
        "created_at",
    ]

    @admin.display(description="File")
    def download(self, obj):
        if not obj.file:
            return "No file: described evidence"
        return format_html(
            '<a href="{}">Download {}</a>', obj.get_download_url(), obj.original_filename
        )

    def has_add_permission(self, request):
        return False


@admin.register(AssuranceStatement)
class AssuranceStatementAdmin(ViewOnlyAdmin):
    """Written on the recommendation's page, which guards against lost updates."""

    list_display = ["recommendation", "level", "updated_at"]
    list_select_related = ["recommendation__review"]
    raw_id_fields = ["recommendation"]


@admin.register(EvidenceRequest)
class EvidenceRequestAdmin(ViewOnlyAdmin):
    """Asked and answered only through the workflow (the review queue, the agency's update or
    the board's own record of evidence)."""

    list_display = ["action", "requested_by", "requested_at", "answered_at"]
    list_select_related = ["action__recommendation__review", "action__agency", "requested_by"]
    raw_id_fields = ["action", "requested_by", "answered_by_update"]


@admin.register(AssuranceLevelMeaning)
class AssuranceLevelMeaningAdmin(NoDeleteHistoryAdmin):
    """What each of a partnership's assurance levels means, shown on the assurance statement
    form. A level with no row here reads the shipped definition. Every save asks for a reason,
    kept in the history."""

    list_display = ["level", "partnership"]
    list_filter = ["partnership"]
    list_select_related = ["partnership"]


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
