from django.contrib import admin
from django.urls import include, path

from . import errors, health, views
from .accounts import views as account_views

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("accounts/", include("scr_tracker.accounts.urls")),
    # Background work: a job's progress page and its file (scr_tracker/jobs/).
    path("jobs/", include("scr_tracker.jobs.urls")),
    path("reviews/", include("reviews.urls")),
    path("recommendations/", include("recommendations.urls")),
    path("assurance/", include("assurance.urls")),
    # The read-only API (docs/api.md): token only, GET and HEAD only.
    path("api/v1/", include("assurance.api.urls")),
    path("admin/login/", account_views.admin_login),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

handler500 = errors.server_error
