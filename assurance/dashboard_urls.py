from django.urls import path

from . import dashboard_views

urlpatterns = [
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("search/", dashboard_views.search, name="search"),
]
