"""Small helpers shared by the apps' views."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from .history import history_for


def today():
    return timezone.localdate()


def paginate(request, queryset, per_page: int = 50):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def history_page(request, obj, *, breadcrumbs, title: str):
    return render(
        request,
        "scr_tracker/history.html",
        {"object": obj, "entries": history_for(obj), "breadcrumbs": breadcrumbs, "title": title},
    )


def archive_page(request, obj, *, archive, restore, breadcrumbs, title: str, done_url, what: str):
    """Confirm and archive (or restore) an audited object. Nothing is ever deleted."""
    if request.method == "POST":
        reason = request.POST.get("reason", "").strip()
        if obj.is_archived:
            restore(actor=request.user, reason=reason)
            messages.success(request, f"The {what} has been restored.")
        else:
            archive(actor=request.user, reason=reason)
            messages.success(
                request,
                f"The {what} has been archived. Board managers can still see and restore it.",
            )
        return redirect(done_url)
    return render(
        request,
        "scr_tracker/archive_confirm.html",
        {"object": obj, "breadcrumbs": breadcrumbs, "title": title, "what": what},
    )
