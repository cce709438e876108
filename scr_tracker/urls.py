from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import errors, health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("reviews/", include("reviews.urls")),
    path("", include("recommendations.urls")),
    path("", include("assurance.urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

handler500 = errors.server_error
