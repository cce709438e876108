"""The fields of a GOV.UK form built in Python, with exactly the markup crispy-forms-gds renders.

crispy-forms-gds renders each field through several templates, and each widget through
Django's templates again; on the filtered lists that was about 40% of the page's time (issue
18). :func:`render_fields` builds the same markup (``tests/scr_tracker/test_form_fields.py``
compares it with crispy-forms-gds's for every filter form, unbound, with values chosen and
with errors) and is used by the filter forms (``templates/assurance/lists/_filters.html``).

It reproduces crispy-forms-gds's default layout: every field in order, with the house
form's helper (``scr_tracker.forms.GovukFormMixin.helper``) and no layout objects. A field
whose widget it has no fast path for (checkboxes, radios, textareas, file uploads, any
custom widget) is rendered by crispy-forms-gds itself, and a form with its own layout
(``Fieldset``, sizes, ...) is rendered wholly by crispy-forms-gds, so any form can be given.
"""

from crispy_forms.layout import Layout
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from crispy_forms_gds.helper import FormHelper
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

# crispy-forms-gds's CrispyGDSFieldNode: the GOV.UK class each widget class gets.
_CONVERTERS = {
    "checkboxinput": "govuk-checkboxes__input",
    "select": "govuk-select",
    "textinput": "govuk-input",
    "emailinput": "govuk-input",
    "passwordinput": "govuk-input",
    "textarea": "govuk-textarea",
    "clearablefileinput": "govuk-file-upload",
}
# Django widget templates that are only ``django/forms/widgets/input.html``.
_INPUT_TEMPLATES = {
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "hidden",
        "checkbox",
        "email",
        "url",
        "number",
        "password",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
    )
}
_DATE_TEMPLATE = "gds/widgets/date.html"


def _converters():
    return {**_CONVERTERS, **getattr(settings, "CRISPY_CLASS_CONVERTERS", {})}


def _is_multivalue(bound_field):
    return isinstance(bound_field.field.widget, forms.MultiWidget)


def _is_checkbox(bound_field):
    return isinstance(bound_field.field.widget, forms.CheckboxInput)


def _has_fast_path(bound_field):
    widget = bound_field.field.widget
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return False  # their own crispy templates (fieldsets of items)
    if isinstance(widget, forms.MultiWidget):
        return widget.template_name == _DATE_TEMPLATE and all(
            w.template_name in _INPUT_TEMPLATES for w in widget.widgets
        )
    if type(widget).__name__ == "Select" and hasattr(widget, "render"):
        return True  # Django's or the house Select (scr_tracker.forms.Select, built in Python)
    return widget.template_name in _INPUT_TEMPLATES


def _set_gds_attrs(bound_field):
    """What crispy-forms-gds's ``{% crispy_gds_field %}`` does to the widgets' attributes
    before rendering (it changes them in place; so does this): the GOV.UK classes, the error
    classes and ``aria-describedby`` naming the hint and the error messages."""
    field = bound_field.field
    widgets = getattr(field.widget, "widgets", [getattr(field.widget, "widget", field.widget)])
    multivalue = _is_multivalue(bound_field)
    error_widgets = [f.widget for f in field.fields] if multivalue else None
    error_count = sum(len(getattr(w, "errors", [])) for w in error_widgets) if multivalue else 0
    errors = bound_field.errors
    converters = _converters()
    for index, widget in enumerate(widgets):
        class_name = widget.__class__.__name__.lower()
        class_name = converters.get(class_name, class_name)
        css_class = class_name.split() if class_name else []
        for extra in widget.attrs.get("class", "").split():
            if extra not in css_class:
                css_class.append(extra)
        css_class = " ".join(css_class)
        if hasattr(widget, "input_type") and "input_type" in widget.attrs:
            widget.input_type = widget.attrs.pop("input_type")
        if field.help_text and not multivalue:
            widget.attrs["aria-describedby"] = f"{bound_field.auto_id}_hint"
        if "class" in widget.attrs and "govuk-js-character-count" in widget.attrs["class"]:
            if widget.attrs["aria-describedby"]:
                widget.attrs["aria-describedby"] += f" {bound_field.auto_id}-info"
            else:
                widget.attrs["aria-describedby"] = f"{bound_field.auto_id}-info"
        if errors:
            widget_class_name = widget.__class__.__name__
            if widget_class_name in ("Select", "TextInput", "Textarea"):
                if (
                    not multivalue
                    or error_count == 0
                    or getattr(error_widgets[index], "errors", None)
                ):
                    css_class += " govuk-input--error"
            elif widget_class_name in ("FileInput", "ClearableFileInput"):
                css_class += " govuk-file-upload--error"
            if not field.help_text:
                widget.attrs["aria-describedby"] = ""
            for error_index, error in enumerate(errors, start=1):
                error_id = f"{bound_field.auto_id}_{error_index}_error"
                if multivalue and not (
                    getattr(error_widgets[index], "errors", None)
                    and error in error_widgets[index].errors
                ):
                    continue
                described = widget.attrs.get("aria-describedby", "")
                widget.attrs["aria-describedby"] = f"{described} {error_id}".lstrip()
        widget.attrs["class"] = css_class


def _attrs(attrs):
    """``django/forms/widgets/attrs.html``: True as a bare attribute, False left out."""
    return "".join(
        ""
        if value is False
        else f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
    )


def _input(context):
    """``django/forms/widgets/input.html`` from a widget's context."""
    value = context["value"]
    value_attr = "" if value is None else f' value="{conditional_escape(value)}"'
    return (
        f'<input type="{conditional_escape(context["type"])}" '
        f'name="{conditional_escape(context["name"])}"{value_attr}{_attrs(context["attrs"])}>'
    )


def _date(context):
    """crispy-forms-gds's ``gds/widgets/date.html``."""
    parts = [f'<div class="govuk-date-input" id="{conditional_escape(context["attrs"]["id"])}">']
    for sub in context["subwidgets"]:
        attrs = dict(sub["attrs"])
        label = attrs.pop("label")
        parts.append(
            '<div class="govuk-date-input__item"><div class="govuk-form-group">'
            f'<label class="govuk-label govuk-date-input__label" '
            f'for="{conditional_escape(attrs.get("id", ""))}">{conditional_escape(label)}</label>'
            f"{_input({**sub, 'attrs': attrs})}</div></div>"
        )
    parts.append("</div>")
    return "".join(parts)


def render_widget(bound_field):
    """``str(bound_field)`` (``BoundField.as_widget``), built in Python where the widget's
    template is one of Django's inputs or crispy-forms-gds's date input."""
    widget = bound_field.field.widget
    if type(widget).__name__ == "Select" or not (
        widget.template_name in _INPUT_TEMPLATES or widget.template_name == _DATE_TEMPLATE
    ):
        return str(bound_field)
    if bound_field.field.localize:
        widget.is_localized = True
    attrs = bound_field.build_widget_attrs({}, widget)
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound_field.auto_id)
    context = widget.get_context(bound_field.html_name, bound_field.value(), attrs)["widget"]
    html = _date(context) if widget.template_name == _DATE_TEMPLATE else _input(context)
    return mark_safe(html)  # noqa: S308 - every value is escaped above


def _hint_and_errors(bound_field):
    """``gds/layout/help_text_and_errors.html``: the hint, then each error message."""
    parts = []
    if bound_field.help_text:
        parts.append(
            f'<div id="{bound_field.auto_id}_hint" class="govuk-hint">{bound_field.help_text}</div>'
        )
    for index, error in enumerate(bound_field.errors, start=1):
        parts.append(
            f'<span id="{bound_field.auto_id}_{index}_error" class="govuk-error-message">'
            f'<span class="govuk-visually-hidden">Error:</span> {conditional_escape(error)}</span>'
        )
    return "".join(parts)


def render_field(bound_field):
    """One field as crispy-forms-gds's ``gds/field.html`` renders it with the default
    layout (labels shown, errors shown, no sizes)."""
    if bound_field.is_hidden:
        return render_widget(bound_field)
    _set_gds_attrs(bound_field)
    group = "govuk-form-group"
    if bound_field.errors:
        group += " govuk-form-group--error"
    css_classes = bound_field.css_classes()
    if css_classes:
        group += f" {css_classes}"
    label = bound_field.label  # escaped by GovukFormMixin; crispy-forms-gds prints it |safe
    parts = [f'<div id="div_{bound_field.auto_id}" class="{group}">']
    if _is_multivalue(bound_field):
        described = ""
        if bound_field.help_text or bound_field.errors:
            ids = f"{bound_field.auto_id}_hint" if bound_field.help_text else ""
            ids += "".join(
                f" {bound_field.auto_id}_{i}_error" for i in range(1, len(bound_field.errors) + 1)
            )
            described = f' aria-describedby="{ids}"'
        parts.append(f'<fieldset class="govuk-fieldset"{described}>')
        if label:
            parts.append(f'<legend class="govuk-fieldset__legend">{label}</legend>')
        parts += [_hint_and_errors(bound_field), render_widget(bound_field), "</fieldset>"]
    elif _is_checkbox(bound_field):
        parts += [
            _hint_and_errors(bound_field),
            '<div class="govuk-checkboxes"><div class="govuk-checkboxes__item">',
            render_widget(bound_field),
            f'<label class="govuk-label govuk-checkboxes__label" '
            f'for="{bound_field.id_for_label}">{label}</label></div></div>',
        ]
    else:
        if label:
            parts.append(
                f'<label for="{bound_field.id_for_label}" class="govuk-label">{label}</label>'
            )
        parts += [_hint_and_errors(bound_field), render_widget(bound_field)]
    parts.append("</div>")
    return "".join(str(part) for part in parts)


def _default_layout(form):
    """The field names, if the form's helper lays out every field in order with crispy's
    defaults (what this module reproduces); else None."""
    helper = getattr(form, "helper", None)
    if helper is None:
        return list(form.fields)
    if type(helper) is not FormHelper or not isinstance(helper.layout, Layout):
        return None
    defaults = FormHelper()
    if any(
        getattr(helper, name, None) != getattr(defaults, name, None)
        for name in (
            "label_size",
            "legend_size",
            "field_template",
            "form_show_errors",
            "form_show_labels",
            "render_unmentioned_fields",
            "render_hidden_fields",
            "render_required_fields",
            "include_media",
        )
    ):
        return None
    names = helper.layout.fields
    if not all(isinstance(name, str) and name in form.fields for name in names):
        return None
    return names


_CRISPY = Template("{% load crispy_forms_tags %}{% crispy form helper %}")


def render_fields(form):
    """Every field of ``form`` with the markup of ``{% crispy form helper %}`` as
    ``components/form.html`` uses it (no ``<form>`` tag, no CSRF token)."""
    from .templatetags.govuk import govuk_form_helper

    helper = govuk_form_helper(form)
    names = _default_layout(form)
    if names is None:
        return _CRISPY.render(Context({"form": form, "helper": helper}))
    form.use_required_attribute = False  # as crispy-forms-gds's helper does
    parts = []
    for name in names:
        bound_field = form[name]
        if _has_fast_path(bound_field):
            parts.append(render_field(bound_field))
        else:
            parts.append(str(as_crispy_field(bound_field, "gds")))
    return mark_safe("".join(parts))  # noqa: S308 - built from escaped parts
