from django.urls import include, path

from . import views

app_name = "assurance"

urlpatterns = [
    path(
        "recommendations/<int:recommendation_pk>/assurance/",
        views.statement_edit,
        name="statement_edit",
    ),
    path(
        "recommendations/<int:recommendation_pk>/assurance/history/",
        views.statement_history,
        name="statement_history",
    ),
    path("my-actions/", views.my_actions, name="my_actions"),
    path("actions/<int:action_pk>/updates/new/", views.update_create, name="update_create"),
    path("actions/<int:action_pk>/due-date/", views.due_date_request, name="due_date_request"),
    path("actions/<int:action_pk>/close/", views.action_close, name="action_close"),
    path("actions/<int:action_pk>/impact/", views.action_impact, name="action_impact"),
    path("review-queue/", views.review_queue, name="review_queue"),
    path("updates/<int:pk>/judge/", views.update_judge, name="update_judge"),
    path("due-date-requests/<int:pk>/", views.due_date_decide, name="due_date_decide"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence_download"),
    path("access-log/", views.access_log, name="access_log"),
    path("reports/", include("assurance.reports.urls")),
    path("", include("assurance.dashboard_urls")),
]
