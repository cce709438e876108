from django.urls import include, path

from . import views

app_name = "recommendations"

urlpatterns = [
    path("", include("recommendations.list_urls")),
    path(
        "reviews/<int:review_pk>/recommendations/new/", views.recommendation_create, name="create"
    ),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="detail"),
    path("recommendations/<int:pk>/edit/", views.recommendation_edit, name="edit"),
    path("recommendations/<int:pk>/history/", views.recommendation_history, name="history"),
    path("recommendations/<int:pk>/archive/", views.recommendation_archive, name="archive"),
    path(
        "recommendations/<int:recommendation_pk>/actions/new/",
        views.action_create,
        name="action_create",
    ),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/history/", views.action_history, name="action_history"),
    path("actions/<int:pk>/archive/", views.action_archive, name="action_archive"),
    path("", include("recommendations.importer.urls")),
]
