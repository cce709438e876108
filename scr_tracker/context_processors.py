from django.conf import settings

from .navigation import navigation_for


def service(request):
    """Values every page template needs: service name, protective marking, navigation."""
    return {
        "service_name": settings.SERVICE_NAME,
        "protective_marking": settings.PROTECTIVE_MARKING,
        "nav_items": navigation_for(request),
    }
