"""The app's URLs plus one view that fails, to see the error page a person would get."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from scr_tracker.urls import handler500
from scr_tracker.urls import urlpatterns as app_urlpatterns

__all__ = ["handler500", "urlpatterns"]


@login_not_required
def fails(request):
    raise RuntimeError("Child H's address is 12 Example Street")


urlpatterns = [*app_urlpatterns, path("fails/", fails)]
