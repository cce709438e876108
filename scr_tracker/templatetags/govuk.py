"""Template tags for the GOV.UK components: the forms, error summary and pagination in
templates/components/, and the tags, tables and summary lists rendered from data by
scr_tracker/components.py (``govuk_tag``, ``govuk_table``, ``govuk_summary_list``).

Load with ``{% load govuk %}``.
"""

from crispy_forms_gds.helper import FormHelper
from django import forms, template
from django.conf import settings
from django.template.defaulttags import querystring
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from scr_tracker import components, once

register = template.Library()


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


@register.simple_tag
def govuk_fields(form):
    """Every field of the form with crispy-forms-gds's markup, built in Python
    (scr_tracker/form_fields.py): ``{% govuk_fields form %}`` renders what
    ``{% govuk_form_helper form as helper %}{% crispy form helper %}`` renders, several times
    faster. The filter forms use it."""
    from scr_tracker.form_fields import render_fields

    return render_fields(form)


_NOT_GIVEN = object()


@register.simple_tag
def govuk_tag(text="", colour="", *, classes="", rag=_NOT_GIVEN, status=_NOT_GIVEN):
    """The one way to show a GOV.UK tag, whose words always say what its colour repeats.

    - ``{% govuk_tag "Archived" "grey" %}``: these words, this colour (``classes`` adds more);
    - ``{% govuk_tag rag=action.partnership_rag %}``: a RAG rating code, in words ("Not rated"
      for none);
    - ``{% govuk_tag status=update.judgement text=update.get_judgement_display %}``: a status
      code, coloured by ``components.STATUS_TAG_COLOURS``; ``text`` defaults to the code.

    A Python function rather than an included template: plan tables show two a row, hundreds a
    page. Presenters building rows in Python call ``scr_tracker.components.tag`` and friends.
    """
    if rag is not _NOT_GIVEN:
        return components.rag_tag(rag)
    if status is not _NOT_GIVEN:
        return components.status_tag(status, text or None)
    return components.tag(text, colour, classes=classes)


@register.simple_tag
def govuk_table(table=None, **params):
    """A GOV.UK table from data: ``{% govuk_table head=head rows=rows caption="Themes" %}``.

    ``table`` may be a dict of the parameters (as presenters return them); keywords add to it
    or override it: ``{% govuk_table table caption=caption region=caption %}``. Parameters:
    ``rows``, ``head``, ``caption``, ``caption_classes``, ``first_cell_is_header``, ``classes``,
    ``attributes``, ``region`` (see scr_tracker/components.py).
    """
    return components.table(**{**(table or {}), **params})


@register.simple_tag
def govuk_summary_list(rows, classes=""):
    """A GOV.UK summary list from data: ``{% govuk_summary_list rows %}``; each row a dict of
    ``key``, ``value`` and optional ``actions`` (see scr_tracker/components.py)."""
    return components.summary_list(rows, classes=classes)


# The arrow after the label of the column a list is sorted by; screen readers hear aria-sort.
SORT_ARROWS = {
    "ascending": mark_safe('<span aria-hidden="true"> ▲</span>'),  # noqa: S308
    "descending": mark_safe('<span aria-hidden="true"> ▼</span>'),  # noqa: S308
}


@register.simple_tag(takes_context=True)
def sortable_head(context, headers):
    """The head cells of a sortable list's table from ``scr_tracker.listing.Header``s: each
    sortable column's header links to the list sorted by it (Django's ``{% querystring %}``:
    the filters kept, back to page 1) and says which way it will sort; the current column
    carries ``aria-sort`` and an arrow."""
    cells = []
    for header in headers:
        cell = {"text": header.label, "format": "numeric" if header.numeric else ""}
        if header.sort:
            arrow = SORT_ARROWS.get(header.aria_sort, "")
            cell["text"] = format_html(
                '<a class="govuk-link app-sort-link" href="{}">{}'
                '<span class="govuk-visually-hidden">, sort {}</span>{}</a>',
                querystring(context, sort=header.sort, page=None),
                header.label,
                header.next_direction,
                arrow,
            )
            cell["attributes"] = {"aria-sort": header.aria_sort}
        cells.append(cell)
    return cells


@register.simple_tag
def url_with_query(viewname, *args, **query):
    """A link to another page's filtered list: the view's URL with these query parameters,
    by Django's ``reverse(..., query=...)``:
    ``{% url_with_query 'assurance:action_list' overdue="on" sort="due" %}``. A link that
    changes the current page's own query string uses Django's ``{% querystring %}``."""
    return reverse(viewname, args=args or None, query=query)


@register.simple_tag
def elided_page_range(page_obj):
    """Page numbers around the current page, with ``Paginator.ELLIPSIS`` for gaps."""
    paginator = page_obj.paginator
    return list(paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1))


@register.simple_tag
def service_settings():
    """``service_name`` and ``protective_marking`` straight from settings.

    For ``500.html``, which is rendered without a request, so without context processors.
    """
    return {
        "service_name": settings.SERVICE_NAME,
        "protective_marking": settings.PROTECTIVE_MARKING,
    }


@register.simple_tag(takes_context=True)
def form_token(context):
    """The form's one-time token (scr_tracker/once.py): a second POST of the same form does
    nothing again. Issued to signed-in people only: their forms are the ones that act."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or not getattr(user, "is_authenticated", False):
        return ""
    token = once.issue(request)
    return format_html('<input type="hidden" name="{}" value="{}">', once.FIELD, token)
