from django.contrib import admin

from scr_tracker.admin import NoDeleteHistoryAdmin

from .models import AssuranceStatement, Evidence, ProgressUpdate


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
