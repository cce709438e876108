"""Template tags for the GOV.UK components in templates/components/.

Load with ``{% load govuk %}``.
"""

from crispy_forms_gds.helper import FormHelper
from django import forms, template
from django.conf import settings
from django.http import QueryDict
from django.utils.html import conditional_escape, format_html

register = template.Library()

# govuk-tag colour modifier for each status code that status_tag.html may be given: the
# ActionStatus, ReviewStatus, RevisionState and Judgement codes. A code not listed gets the
# plain tag. The words always say the status; the colour only repeats it.
STATUS_TAG_COLOURS = {
    "not_started": "grey",
    "in_progress": "blue",
    "claimed": "light-blue",
    "assured": "green",
    "not_implemented": "grey",
    "agreed": "turquoise",
    "published": "green",
    "closed": "grey",
    "original": "grey",
    "pending": "yellow",
    "approved": "green",
    "declined": "red",
    "awaiting": "yellow",
    "accepted": "green",
    "returned": "orange",
}


def _has_errors(form):
    return bool(form is not None and getattr(form, "is_bound", False) and form.errors)


@register.simple_tag
def error_title_prefix(*forms_):
    """``"Error: "`` when any of the forms has errors, so a page title reads as GOV.UK asks.

    Usage: ``{% block title %}{% error_title_prefix form %}Add an action{% endblock %}``
    """
    return "Error: " if any(_has_errors(form) for form in forms_) else ""


def field_anchor(bound_field):
    """The id of the element an error summary link for this field should move focus to.

    Mirrors the ids crispy-forms-gds renders: checkboxes and radios are numbered from 1
    (``id_<name>_1``); a date input links to its first part in error, else the day.
    """
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect):  # includes CheckboxSelectMultiple
        return f"id_{bound_field.html_name}_1"
    if isinstance(widget, forms.MultiWidget):
        subfields = getattr(bound_field.field, "fields", ())
        for index, subfield in enumerate(subfields):
            if getattr(subfield.widget, "errors", None):
                return f"{bound_field.auto_id}_{index}"
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id


@register.simple_tag
def error_summary_items(form):
    """The error summary's list: dicts of ``message`` and ``href`` (``""`` for no link).

    Errors not tied to a visible field (non-field errors, hidden fields) come first and
    link to the first visible field; then each field's errors, in the order the page shows
    the fields.
    """
    if not _has_errors(form):
        return []
    visible = form.visible_fields()
    first_href = f"#{field_anchor(visible[0])}" if visible else ""
    items = [{"message": message, "href": first_href} for message in form.non_field_errors()]
    for bound_field in form.hidden_fields():
        items.extend({"message": message, "href": first_href} for message in bound_field.errors)
    for bound_field in _in_page_order(form, visible):
        href = f"#{field_anchor(bound_field)}"
        items.extend({"message": message, "href": href} for message in bound_field.errors)
    return items


def _in_page_order(form, bound_fields):
    """The fields in the order the form's crispy layout shows them, if it has one."""
    layout = getattr(getattr(form, "helper", None), "layout", None)
    if layout is None:
        return bound_fields
    order = {pointer.name: i for i, pointer in enumerate(layout.get_field_names())}
    return sorted(bound_fields, key=lambda bf: order.get(bf.name, len(order)))


@register.simple_tag
def govuk_form_helper(form):
    """The crispy-forms-gds ``FormHelper`` that ``components/form.html`` renders fields with.

    A form built on ``scr_tracker.forms`` brings its own; any other form (such as Django's
    ``AuthenticationForm``) gets a default one. Either way ``form.html`` writes the
    ``<form>`` tag and CSRF token itself, so the helper must not.

    It also takes ``autofocus`` off every field (Django's sign-in form sets it): a page that
    opens inside a form skips the skip link, the protective marking and the heading, which
    keyboard and screen reader users need first.
    """
    for field in form.fields.values():
        field.widget.attrs.pop("autofocus", None)
    helper = getattr(form, "helper", None)
    if not isinstance(helper, FormHelper):
        helper = FormHelper(form)
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


# The RAG rating tag: colour and words for each rating code ("" is not rated). The words always
# say the rating; the colour only repeats it.
RAG_TAGS = {
    "red": ("red", "Red"),
    "amber": ("yellow", "Amber"),
    "green": ("green", "Green"),
    "blue": ("blue", "Blue"),
    "closed": ("grey", "Not implemented"),
}
NOT_RATED_TAG = ("grey", "Not rated")


@register.simple_tag
def rag_tag(rag):
    """``{% rag_tag action.partnership_rag %}``: a RAG rating as a GOV.UK tag, always in words.
    A tag rather than an included template: plan tables show two a row, hundreds a page."""
    colour, words = RAG_TAGS.get(str(rag or ""), NOT_RATED_TAG)
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, words)


@register.filter
def status_tag_colour(status):
    """The govuk-tag colour modifier (``"green"``, …) for a status code, or ``""``."""
    return STATUS_TAG_COLOURS.get(str(status), "")


@register.simple_tag
def elided_page_range(page_obj):
    """Page numbers around the current page, with ``Paginator.ELLIPSIS`` for gaps."""
    paginator = page_obj.paginator
    return list(paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1))


@register.simple_tag(takes_context=True)
def page_href(context, number, query=None):
    """The link to page ``number``, keeping the list's filters.

    ``query`` is the filters as an encoded query string; without it the current request's
    query string is kept (with ``page`` replaced).
    """
    if not query:
        request = context.get("request")
        params = request.GET.copy() if request is not None else QueryDict(mutable=True)
    else:
        params = QueryDict(str(query).lstrip("?"), mutable=True)
    params["page"] = number
    return conditional_escape(f"?{params.urlencode()}")


@register.simple_tag
def service_settings():
    """``service_name`` and ``protective_marking`` straight from settings.

    For ``500.html``, which is rendered without a request, so without context processors.
    """
    return {
        "service_name": settings.SERVICE_NAME,
        "protective_marking": settings.PROTECTIVE_MARKING,
    }
