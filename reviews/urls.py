from django.urls import include, path

from . import views

app_name = "reviews"

urlpatterns = [
    path("themes/", include("reviews.theme_urls")),
    path("", include("reviews.list_urls")),
    path("", views.review_list, name="list"),
    path("new/", views.review_create, name="create"),
    path("<int:pk>/", views.review_detail, name="detail"),
    path("<int:pk>/edit/", views.review_edit, name="edit"),
    path("<int:pk>/history/", views.review_history, name="history"),
    path("<int:pk>/archive/", views.review_archive, name="archive"),
]
