from django.contrib import admin

from scr_tracker.admin import NoDeleteHistoryAdmin

from .models import Review, Theme


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
