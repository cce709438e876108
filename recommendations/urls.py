"""Every URL of the recommendations app, under /recommendations/: adding, editing, archiving
recommendations and actions, and importing and downloading action plans."""

from django.urls import include, path

from . import views

app_name = "recommendations"
urlpatterns = [
    path("reviews/<int:review_pk>/new/", views.recommendation_create, name="create"),
    path("<int:pk>/edit/", views.recommendation_edit, name="edit"),
    path("<int:pk>/history/", views.recommendation_history, name="history"),
    path("<int:pk>/archive/", views.recommendation_archive, name="archive"),
    path("<int:recommendation_pk>/actions/new/", views.action_create, name="action_create"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/history/", views.action_history, name="action_history"),
    path("actions/<int:pk>/archive/", views.action_archive, name="action_archive"),
    path("", include("recommendations.importer.urls")),
]
