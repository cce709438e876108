"""Every URL of the reviews app, under /reviews/: adding, editing and archiving reviews, and
the themes vocabulary. The reviews list and a review's page are assurance's (they show the
action plan and its ratings)."""

from django.urls import include, path

from . import views

app_name = "reviews"
urlpatterns = [
    path("themes/", include("reviews.theme_urls")),
    path("new/", views.review_create, name="create"),
    path("stages/", views.stage_rules, name="stages"),
    path("<int:pk>/edit/", views.review_edit, name="edit"),
    path("<int:pk>/history/", views.review_history, name="history"),
    path("<int:pk>/archive/", views.review_archive, name="archive"),
    path("<int:pk>/stages/<slug:key>/", views.stage_record, name="stage_record"),
    path("<int:pk>/stages/<slug:key>/extend/", views.stage_extend, name="stage_extend"),
]
