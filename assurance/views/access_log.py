"""The access log: who downloaded which evidence file or report, when and from where."""

from django.shortcuts import render

from scr_tracker.access import require_perm
from scr_tracker.pages import paginate

from .. import queries


def access_log(request):
    require_perm(request, "assurance.view_accesslog")
    page = paginate(request, queries.access_log_for(request.user))
    return render(
        request,
        "assurance/access_log.html",
        {"page_obj": page, "breadcrumbs": [("Access log", "")]},
    )
