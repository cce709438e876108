"""Included from the root URLs under /jobs/."""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/", views.job_detail, name="job_detail"),
    path("<int:pk>/download/", views.job_download, name="job_download"),
]
