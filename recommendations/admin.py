from django.contrib import admin

from scr_tracker.admin import NoDeleteHistoryAdmin, ViewOnlyAdmin

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
    # The model's ordering (recommendation, then agency name ...) sorts every action in the
    # installation through four joins before the first page; newest first walks the primary
    # key's index and stops after a page. No second count of all actions beside a filtered one.
    ordering = ["-pk"]
    show_full_result_count = False
    search_fields = ["key_actions", "lead_officer"]
    raw_id_fields = ["recommendation", "lead_officer_user"]
    # Each of these has a meaning in the workflow and changes only through its service:
    # posting an update, a completion claim, judging it (assured), closing as not implemented,
    # the impact check, and agreeing a due date request (timescale and due date).
    readonly_fields = [
        "status",
        "agency_rag",
        "last_update_at",
        "completion_claimed_at",
        "assured_at",
        "assured_by",
        "not_implemented_reason",
        "reaudit_due",
        "impact_result",
        "impact_recorded_at",
        "timescale",
        "due_date",
    ]


@admin.register(DueDateRevision)
class DueDateRevisionAdmin(ViewOnlyAdmin):
    """Requested by the agency and agreed or declined by the board, in the app only."""

    list_display = ["action", "timescale", "due_date", "state", "requested_at"]
    list_select_related = ["action__recommendation__review", "action__agency"]
    raw_id_fields = ["action", "requested_by", "decided_by"]
