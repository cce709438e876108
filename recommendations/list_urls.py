from django.urls import path

from . import list_views

urlpatterns = [
    path("actions/", list_views.action_list, name="action_list"),
    path("actions/export.csv", list_views.action_export_csv, name="action_export_csv"),
    path("actions/export.xlsx", list_views.action_export_xlsx, name="action_export_xlsx"),
    path("recommendations/", list_views.recommendation_list, name="recommendation_list"),
    path(
        "recommendations/export.csv",
        list_views.recommendation_export_csv,
        name="recommendation_export_csv",
    ),
    path(
        "recommendations/export.xlsx",
        list_views.recommendation_export_xlsx,
        name="recommendation_export_xlsx",
    ),
]
