"""House form base classes: every form built on them renders GOV.UK Frontend markup.

Build forms on :class:`GovukForm` or :class:`GovukModelForm` and render them with
``templates/components/form.html``; no per-form helper, widget or CSS class is needed::

    from django import forms

    from scr_tracker.forms import GovukDateField, GovukModelForm

    class ActionForm(GovukModelForm):
        # A model DateField (due_date) becomes a day/month/year date input by itself,
        # a ManyToManyField (agencies) a list of checkboxes, a TextField a 5-row textarea.
        class Meta:
            model = Action
            fields = ["description", "due_date", "agencies", "evidence"]

    class ReportFilterForm(GovukForm):
        issued_after = GovukDateField(label="Issued after", required=False)
        status = forms.ChoiceField(choices=STATUSES, widget=forms.RadioSelect)

and in the page::

    {% load govuk %}
    {% block title %}{% error_title_prefix form %}Add an action{% endblock %}
    ...
    {% include "components/form.html" with form=form submit_label="Add action" cancel_url=url %}

What the base classes do to each field, once the form's own ``__init__`` has run:

* ``forms.DateField`` with its default widget → :class:`GovukDateField` (GOV.UK date input
  with separate day, month and year boxes, and GOV.UK's error messages);
* ``ModelMultipleChoiceField`` with its default ``SelectMultiple`` → checkboxes;
* ``Textarea`` → 5 rows instead of Django's 10;
* file inputs → a plain GOV.UK file upload (Django's "Currently … Clear" markup is not
  GOV.UK; offer removal as its own checkbox where a form needs it);
* number inputs → text inputs with a numeric keyboard, as GOV.UK advises;
* other inputs and selects get the ``govuk-input`` / ``govuk-select`` classes;
* Django's "This field is required." becomes "Enter the title" / "Select the agencies";
* labels and hints are HTML-escaped (crispy-forms-gds prints them unescaped) unless
  marked safe.

Fields a subclass adds or replaces *after* calling ``super().__init__()`` are not
converted: declare :class:`GovukDateField` and ``CheckboxSelectMultiple`` for those.

Browser validation is off (no ``required`` attributes; ``form.html`` adds ``novalidate``)
so that every error reaches the server's error summary.
"""

import calendar
import datetime
import html

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt, pretty_name
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

__all__ = [
    "GovukDateField",
    "GovukDateWidget",
    "GovukForm",
    "GovukFormMixin",
    "GovukModelForm",
    "Select",
]

_PARTS = ("day", "month", "year")
_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}


def _lower_first(text):
    """'Due date' → 'due date', but 'SCR date' stays 'SCR date'."""
    text = str(text)
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _subject(label):
    """'Due date' → 'the due date', for messages such as "Enter the due date"."""
    subject = _lower_first(html.unescape(str(label)))
    if subject.startswith(("the ", "your ", "a ", "an ")):
        return subject
    return f"the {subject}"


def _join_parts(parts):
    return " and ".join(parts) if len(parts) < 3 else f"{parts[0]}, {parts[1]} and {parts[2]}"


class GovukDateWidget(DateInputWidget):
    """crispy-forms-gds's day/month/year widget, with numeric keyboards on phones."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for widget in self.widgets:
            widget.attrs["inputmode"] = "numeric"


class GovukDateField(DateInputField):
    """A date entered as day, month and year (the GOV.UK date input), cleaned to a ``date``.

    Replaces the messages of crispy-forms-gds's :class:`DateInputField` with the
    GOV.UK pattern, built from the field's label, and highlights only the box in
    error where there is one:

    * nothing entered (and required): "Enter the due date";
    * a part missing: "Due date must include a year" / "… a day and month";
    * a 2-digit year: "Year must include 4 numbers";
    * anything else that is not a date (31 2, letters): "Due date must be a real date".

    Months may be typed as numbers or names ("3", "Mar", "March"). Override any message
    with ``error_messages``; ``{label}``, ``{subject}`` ("the due date") and ``{missing}``
    are filled in.
    """

    widget = GovukDateWidget
    default_error_messages = {
        "required": "Enter {subject}",
        "incomplete": "{label} must include a {missing}",
        "invalid": "{label} must be a real date",
        "year_digits": "Year must include 4 numbers",
    }

    def __init__(self, *, error_messages=None, help_text=None, **kwargs):
        super().__init__(**kwargs)
        # DateInputField sets fixed messages in its __init__: put ours back, then the caller's.
        for cls in reversed(type(self).__mro__):
            self.error_messages.update(getattr(cls, "default_error_messages", {}))
        self.error_messages.update(error_messages or {})
        self.help_text = "For example, 27 3 2027" if help_text is None else help_text

    def _message(self, key, **extra):
        label = html.unescape(str(self.label or "Date"))
        return str(self.error_messages[key]).format(label=label, subject=_subject(label), **extra)

    def _error(self, key, parts=(), **extra):
        """The error ``key``; marks the boxes in ``parts`` (none: all three) for highlighting."""
        message = self._message(key, **extra)
        for name in parts:
            self.fields[_PARTS.index(name)].widget.errors = [message]
        return ValidationError(message, code=key)

    def clean(self, value):
        for field in self.fields:
            field.widget.errors = []
        if self.disabled and not isinstance(value, (list, tuple)):
            value = self.widget.decompress(value)
        values = [*value, "", "", ""][:3] if isinstance(value, (list, tuple)) else ["", "", ""]
        day, month, year = (str(v).strip() if v is not None else "" for v in values)

        if not (day or month or year):
            if self.required:
                raise self._error("required")
            return None
        missing = [name for name, text in zip(_PARTS, (day, month, year), strict=True) if not text]
        if missing:
            raise self._error("incomplete", missing, missing=_join_parts(missing))

        month_number = _MONTHS.get(month.lower(), month)
        bad = [
            name
            for name, text in zip(_PARTS, (day, str(month_number), year), strict=True)
            if not (text.isascii() and text.isdigit())
        ]
        if bad:
            raise self._error("invalid", bad if len(bad) < 3 else ())
        if len(year) != 4:
            raise self._error("year_digits", ["year"])
        try:
            out = datetime.date(int(year), int(month_number), int(day))
        except ValueError as error:
            raise self._error("invalid") from error

        self.validate(out)
        self.run_validators(out)
        return out

    @classmethod
    def from_date_field(cls, field, name):
        """A GovukDateField that stands in for the plain ``forms.DateField`` ``field``."""
        error_messages = {}
        if field.error_messages.get("required") != forms.Field.default_error_messages["required"]:
            error_messages["required"] = field.error_messages["required"]
        return cls(
            required=field.required,
            label=field.label or pretty_name(name),
            initial=field.initial,
            help_text=field.help_text or None,
            disabled=field.disabled,
            show_hidden_initial=field.show_hidden_initial,
            validators=list(field.validators),
            error_messages=error_messages,
        )


class GovukFormMixin:
    """Makes a Django form render GOV.UK markup through crispy-forms-gds.

    Mix in before the Django form class; normally use :class:`GovukForm` or
    :class:`GovukModelForm` instead. See this module's docstring for what it changes.

    ``helper`` is a crispy-forms-gds ``FormHelper`` built on first use, laying out every
    field in order. To lay a form out differently, set its layout in ``__init__``::

        from crispy_forms_gds.layout import Field, Fieldset, Layout, Size

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.helper.layout = Layout(
                Fieldset("title", "summary", legend="About the review", legend_size=Size.MEDIUM),
                Field.text("reference", field_width=10),
            )
    """

    #: Rows for every textarea (Django's default is 10).
    textarea_rows = 5
    # The server validates; browser pop-ups would pre-empt the GOV.UK error summary.
    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in list(self.fields.items()):
            self.fields[name] = self._govuk_field(name, field)

    @cached_property
    def helper(self):
        helper = FormHelper(self)
        helper.form_tag = False  # components/form.html writes the <form> and CSRF token
        helper.disable_csrf = True
        return helper

    def _govuk_field(self, name, field):
        widget = field.widget
        if (
            type(field) is forms.DateField
            and type(widget) is forms.DateInput
            and widget.input_type == "text"
        ):
            field = GovukDateField.from_date_field(field, name)
        field.label = field.label or pretty_name(name)
        # crispy-forms-gds prints labels and hints with |safe: escape them here (a string
        # marked safe is left alone), so that a hint such as "<title> Recommendation" shows.
        field.label = conditional_escape(field.label)
        if field.help_text:
            field.help_text = conditional_escape(field.help_text)
        if isinstance(field, GovukDateField):
            return field

        multiple = isinstance(field, forms.ModelMultipleChoiceField)
        if multiple and type(widget) is forms.SelectMultiple:
            field.widget = widget = forms.CheckboxSelectMultiple(attrs=widget.attrs)
            widget.choices = field.choices
        elif isinstance(widget, forms.Textarea):
            if str(widget.attrs.get("rows", "10")) == "10":
                widget.attrs["rows"] = self.textarea_rows
            self._add_class(widget, "govuk-textarea")
        elif isinstance(widget, forms.FileInput):
            if isinstance(widget, forms.ClearableFileInput):
                field.widget = widget = forms.FileInput(attrs=widget.attrs)
            self._add_class(widget, "govuk-file-upload")
        elif isinstance(widget, forms.Select):
            if type(widget) is forms.Select:
                field.widget = widget = Select(attrs=widget.attrs)
                widget.choices = field.choices
            self._add_class(widget, "govuk-select")
        elif type(widget) is forms.NumberInput:
            # GOV.UK asks for a text input with a numeric keyboard, not type="number".
            attrs = {k: v for k, v in widget.attrs.items() if k not in ("min", "max", "step")}
            whole = isinstance(field, forms.IntegerField)
            attrs.update(inputmode="numeric" if whole else "decimal", spellcheck="false")
            field.widget = widget = forms.TextInput(attrs=attrs)
            self._add_class(widget, "govuk-input")
        elif isinstance(widget, forms.widgets.Input) and widget.input_type not in (
            "hidden",
            "checkbox",
            "radio",
        ):
            self._add_class(widget, "govuk-input")

        # GOV.UK's wording instead of Django's "This field is required."
        if field.error_messages.get("required") == forms.Field.default_error_messages["required"]:
            choose = isinstance(widget, (forms.Select, forms.RadioSelect, forms.FileInput))
            verb = "Select" if choose else "Enter"
            if not isinstance(widget, forms.CheckboxInput):
                field.error_messages["required"] = f"{verb} {_subject(field.label)}"
        return field

    @staticmethod
    def _add_class(widget, css_class):
        classes = widget.attrs.get("class", "").split()
        if css_class not in classes:
            widget.attrs["class"] = " ".join([*classes, css_class])


class Select(forms.Select):
    """A select with the markup of Django's templates, built in Python: Django renders one
    template per option, and a filter offering a partnership's hundreds of reviews spent
    most of its list page's time there. The base classes use it for every plain Select.
    Named as Django's on purpose: crispy-forms-gds picks its CSS and error classes by the
    widget's class name."""

    def render(self, name, value, attrs=None, renderer=None):
        # Widget.get_context, not ChoiceWidget's: the options are built here straight from
        # the choices, as ChoiceWidget.optgroups and the option template would build them,
        # without a dict and an attribute merge for each option.
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        if self.allow_multiple_selected:
            widget["attrs"]["multiple"] = True
        values = set(widget["value"])
        multiple = self.allow_multiple_selected
        has_selected = False
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            grouped = isinstance(option_label, (list, tuple))
            if grouped:
                parts.append(format_html('\n  <optgroup label="{}">', option_value))
            for value_, label in option_label if grouped else [(option_value, option_label)]:
                text = str(value_)
                selected = (not has_selected or multiple) and text in values
                has_selected |= selected
                chosen = " selected" if selected else ""
                parts.append(
                    f'\n  <option value="{conditional_escape(text)}"{chosen}>'
                    f"{conditional_escape(label)}</option>"
                )
            if grouped:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


class GovukForm(GovukFormMixin, forms.Form):
    """A ``forms.Form`` that renders GOV.UK markup. See the module docstring."""


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    """A ``forms.ModelForm`` that renders GOV.UK markup. See the module docstring.

    Model ``DateField`` → GOV.UK date input; ``ManyToManyField`` → checkboxes;
    ``TextField`` → 5-row textarea; ``help_text`` → the field's hint.
    """


class ArchiveForm(GovukForm):
    """Archive or restore, never a toggle: the form names which, and the view checks it
    against the object's state. Either way the reason is required and kept in the history."""

    action = forms.ChoiceField(
        choices=[("archive", "Archive"), ("restore", "Restore")],
        widget=forms.HiddenInput,
        error_messages={
            "required": "Open the page again: the form did not say whether to archive or restore",
            "invalid_choice": "Open the page again: the form did not say whether to archive or "
            "restore",
        },
    )
    reason = forms.CharField(label="Reason (kept in the history)", max_length=300)

    def __init__(self, *args, what: str, **kwargs):
        super().__init__(*args, **kwargs)
        doing = "restoring" if self.initial.get("action") == "restore" else "archiving"
        self.fields["reason"].error_messages["required"] = f"Give the reason for {doing} the {what}"
