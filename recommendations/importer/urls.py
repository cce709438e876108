"""Included from recommendations/urls.py: names live in the "recommendations" namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("import/<int:pk>/columns/", views.import_mapping, name="import_mapping"),
    path("import/<int:pk>/agencies/", views.import_agencies, name="import_agencies"),
    path("import/<int:pk>/discard/", views.import_discard, name="import_discard"),
    path(
        "reviews/<int:review_pk>/action-plan.xlsx",
        views.action_plan_download,
        name="action_plan_download",
    ),
]
