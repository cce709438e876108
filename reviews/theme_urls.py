from django.urls import path

from . import theme_views

urlpatterns = [
    path("", theme_views.theme_list, name="theme_list"),
    path("new/", theme_views.theme_create, name="theme_create"),
    path("<int:pk>/edit/", theme_views.theme_edit, name="theme_edit"),
    path("<int:pk>/history/", theme_views.theme_history, name="theme_history"),
]
