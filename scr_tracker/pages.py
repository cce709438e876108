"""Small helpers shared by the apps' views."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from .forms import ArchiveForm
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
    """Confirm and archive, or confirm and restore, an audited object, with the reason. The
    form says which (`action=archive|restore`), checked against the object as it is now:
    archiving what is already archived (a second POST of the same form) does nothing and
    says so. Nothing is ever deleted."""
    wanted_now = "restore" if obj.is_archived else "archive"
    form = ArchiveForm(request.POST or None, initial={"action": wanted_now}, what=what)
    if request.method == "POST" and form.is_valid():
        wanted = form.cleaned_data["action"]
        if wanted != wanted_now:
            state = "archived" if obj.is_archived else "not archived"
            messages.info(request, f"The {what} was already {state}, so nothing was changed.")
            return redirect(done_url)
        reason = form.cleaned_data["reason"]
        if wanted == "archive":
            archive(actor=request.user, reason=reason)
            messages.success(
                request,
                f"The {what} has been archived. Board managers can still see and restore it.",
            )
        else:
            restore(actor=request.user, reason=reason)
            messages.success(request, f"The {what} has been restored.")
        return redirect(done_url)
    return render(
        request,
        "scr_tracker/archive_confirm.html",
        {
            "object": obj,
            "form": form,
            "restoring": wanted_now == "restore",
            "breadcrumbs": breadcrumbs,
            "title": title,
            "what": what,
        },
    )
