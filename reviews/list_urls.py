from django.urls import path

from . import list_views

urlpatterns = [
    path("export.csv", list_views.review_export_csv, name="export_csv"),
    path("export.xlsx", list_views.review_export_xlsx, name="export_xlsx"),
]
