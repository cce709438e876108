from django.contrib import admin

from scr_tracker.admin import NoDeleteHistoryAdmin

from .models import Review, ReviewStage, StageRule, Theme


@admin.register(Theme)
class ThemeAdmin(NoDeleteHistoryAdmin):
    list_display = ["name", "partnership", "source", "is_active"]
    list_filter = ["partnership", "is_active"]
    search_fields = ["name"]


@admin.register(Review)
class ReviewAdmin(NoDeleteHistoryAdmin):
    list_display = ["reference", "title", "kind", "status", "partnership", "archived_at"]
    list_filter = ["partnership", "kind", "status"]
    search_fields = ["reference", "title"]
    filter_horizontal = ["themes", "related_reviews"]


@admin.register(StageRule)
class StageRuleAdmin(NoDeleteHistoryAdmin):
    """A partnership's own stage rules, over the shipped defaults (reviews.lifecycle): each
    change asks for a reason, kept in the history."""

    list_display = [
        "partnership",
        "lifecycle",
        "position",
        "key",
        "name",
        "clock_unit",
        "clock_amount",
        "clock_from",
        "is_active",
    ]
    list_filter = ["partnership", "lifecycle", "is_active"]
    search_fields = ["name", "key"]


@admin.register(ReviewStage)
class ReviewStageAdmin(NoDeleteHistoryAdmin):
    """Stage records are written by the timeline's forms; the admin shows them read-only."""

    list_display = ["review", "name", "state", "due_date", "current_due", "completed_on"]
    list_filter = ["state", "review__partnership"]
    readonly_fields = [f.name for f in ReviewStage._meta.fields]

    def has_add_permission(self, request):
        return False
