from django.contrib import admin

from scr_tracker.admin import NoDeleteHistoryAdmin

from .models import Action, DueDateRevision, Recommendation


@admin.register(Recommendation)
class RecommendationAdmin(NoDeleteHistoryAdmin):
    list_display = ["__str__", "source", "scope", "archived_at"]
    list_filter = ["review__partnership", "source", "scope"]
    list_select_related = ["review"]
    search_fields = ["text", "number", "review__title"]
    raw_id_fields = ["review", "repeats"]
    filter_horizontal = ["themes"]


@admin.register(Action)
class ActionAdmin(NoDeleteHistoryAdmin):
    list_display = ["__str__", "agency", "lead_officer", "due_date", "status", "agency_rag"]
    list_filter = ["status", "agency_rag", "agency__partnership"]
    list_select_related = ["recommendation__review", "agency"]
    search_fields = ["key_actions", "lead_officer"]
    raw_id_fields = ["recommendation", "lead_officer_user", "assured_by"]


@admin.register(DueDateRevision)
class DueDateRevisionAdmin(NoDeleteHistoryAdmin):
    list_display = ["action", "timescale", "due_date", "state", "requested_at"]
    list_select_related = ["action__recommendation__review", "action__agency"]
    raw_id_fields = ["action", "requested_by", "decided_by"]
