from django.urls import include, path

from . import views

app_name = "assurance"

urlpatterns = [
    path("", include("assurance.dashboard_urls")),
    path("recommendations/<int:recommendation_pk>/assurance/", views.statement_edit, name="statement_edit"),
    path("recommendations/<int:recommendation_pk>/assurance/history/", views.statement_history, name="statement_history"),
]
