from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render

from .models import Role


def home(request):
    """Send each role to the page it works from."""
    role = request.user.role
    if role == Role.SCRUTINY_MEMBER:
        # Scrutiny members work from the reports issued to their board.
        return redirect("assurance:reports:register")
    if role == Role.AGENCY_LEAD:
        return redirect("assurance:my_actions")
    if role in (Role.BOARD_MANAGER, Role.SCRUTINEER):
        return redirect("assurance:dashboard")
    return redirect("assurance:review_list")


@login_not_required
def accessibility_statement(request):
    return render(
        request,
        "scr_tracker/accessibility.html",
        {"contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL},
    )
