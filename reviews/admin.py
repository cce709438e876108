from django.contrib import admin

from scr_tracker.admin import NoDeleteHistoryAdmin

from .models import Agency, Partnership, Review, ScrutinyBoard, Theme


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


@admin.register(Theme)
class ThemeAdmin(NoDeleteHistoryAdmin):
    list_display = ["name", "source", "is_active"]
    search_fields = ["name"]


@admin.register(Review)
class ReviewAdmin(NoDeleteHistoryAdmin):
    list_display = ["reference", "title", "kind", "status", "partnership", "archived_at"]
    list_filter = ["partnership", "kind", "status"]
    search_fields = ["reference", "title"]
    filter_horizontal = ["themes", "related_reviews"]
