from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render

from assurance.reports.views import register as issued_report_register

from .models import Role


def home(request):
    """Send each role to the page it works from."""
    role = request.user.role
    if role == Role.SCRUTINY_MEMBER:
        # Scrutiny members work from the reports issued to their board.
        return issued_report_register(request)
    if role == Role.AGENCY_LEAD:
        return redirect("assurance:my_actions")
    if role in (Role.BOARD_MANAGER, Role.SCRUTINEER):
        return redirect("assurance:dashboard")
    return redirect("reviews:list")


@login_not_required
def accessibility_statement(request):
    return render(
        request, "accessibility.html", {"contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL}
    )
