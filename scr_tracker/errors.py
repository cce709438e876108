"""The error page for an unexpected failure, with the request id as a reference the person can
quote, so that support can find the log lines. Nothing else about the failure is shown."""

from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def server_error(request):
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"request_id": getattr(request, "id", "")}))
