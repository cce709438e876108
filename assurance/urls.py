"""Every URL of the assurance app, under /assurance/: the pages that read across the layers
(lists, the review, recommendation and action pages, dashboard, search) and the workflow."""

from django.urls import include, path

from . import dashboard_views, views
from .views import lists, records, themes

app_name = "assurance"
urlpatterns = [
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("search/", dashboard_views.search, name="search"),
    # Lists and their downloads.
    path("reviews/", lists.review_list, name="review_list"),
    path("reviews/export.csv", lists.review_export_csv, name="review_export_csv"),
    path("reviews/export.xlsx", lists.review_export_xlsx, name="review_export_xlsx"),
    path("recommendations/", lists.recommendation_list, name="recommendation_list"),
    path(
        "recommendations/export.csv",
        lists.recommendation_export_csv,
        name="recommendation_export_csv",
    ),
    path(
        "recommendations/export.xlsx",
        lists.recommendation_export_xlsx,
        name="recommendation_export_xlsx",
    ),
    path("actions/", lists.action_list, name="action_list"),
    path("actions/export.csv", lists.action_export_csv, name="action_export_csv"),
    path("actions/export.xlsx", lists.action_export_xlsx, name="action_export_xlsx"),
    path("themes/recurring/", themes.recurring, name="recurring_themes"),
    # The pages of one review, recommendation or action.
    path("reviews/<int:pk>/", records.review_detail, name="review_detail"),
    path("recommendations/<int:pk>/", records.recommendation_detail, name="recommendation_detail"),
    path("actions/<int:pk>/", records.action_detail, name="action_detail"),
    # The workflow.
    path(
        "recommendations/<int:recommendation_pk>/statement/",
        views.statement_edit,
        name="statement_edit",
    ),
    path(
        "recommendations/<int:recommendation_pk>/statement/history/",
        views.statement_history,
        name="statement_history",
    ),
    path("my-actions/", views.my_actions, name="my_actions"),
    path("actions/<int:action_pk>/updates/new/", views.update_create, name="update_create"),
    path("actions/<int:action_pk>/due-date/", views.due_date_request, name="due_date_request"),
    path("actions/<int:action_pk>/close/", views.action_close, name="action_close"),
    path("actions/<int:action_pk>/impact/", views.action_impact, name="action_impact"),
    path("review-queue/", views.review_queue, name="review_queue"),
    path("actions/<int:action_pk>/ask-for-evidence/", views.evidence_ask, name="evidence_ask"),
    path("actions/<int:action_pk>/board-evidence/", views.board_evidence, name="board_evidence"),
    path("updates/<int:pk>/judge/", views.update_judge, name="update_judge"),
    path("due-date-requests/<int:pk>/", views.due_date_decide, name="due_date_decide"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/preview/", views.evidence_preview, name="evidence_preview"),
    path("access-log/", views.access_log, name="access_log"),
    path("reports/", include("assurance.reports.urls")),
]
