"""Helpers shared by the assurance views."""

from django.core.exceptions import ValidationError

from recommendations.models import Action


def actions():
    """Actions with everything an action's workflow pages read."""
    return Action.objects.select_related("recommendation__review__partnership", "agency")


def add_service_errors(form, error: ValidationError, *, field: str | None = None) -> None:
    """Show a service's ValidationError on the form: errors for a named field on that field,
    others on `field` (or the whole form)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else field, errors)
    else:
        form.add_error(field, error.messages)
