"""The filter forms' fields built in Python (scr_tracker/form_fields.py) are exactly what
crispy-forms-gds renders: every filter form, unbound, with values chosen and with errors, and
any other kind of field a filter may gain."""

import pytest
from django import forms
from django.contrib.auth.models import Group
from django.template import Context, Template
from django.test import RequestFactory
from django.test.html import parse_html

from assurance.filters import ActionFilter, RecommendationFilter
from recommendations.models import Action, Recommendation
from reviews.filters import ReviewFilter
from reviews.models import Review
from scr_tracker.form_fields import _default_layout, render_fields
from scr_tracker.forms import GovukDateField, GovukForm
from tests.reviews.factories import ReviewFactory, ThemeFactory

pytestmark = pytest.mark.django_db

CRISPY = Template(
    "{% load crispy_forms_tags govuk %}"
    "{% govuk_form_helper form as helper %}{% crispy form helper %}"
)


def crispy(form):
    return CRISPY.render(Context({"form": form}))


def assert_same_markup(make_form):
    """Two forms made alike (crispy-forms-gds changes the widgets' attributes as it renders,
    so each renderer gets its own), rendered by each: the same HTML, whitespace aside."""
    ours, theirs = render_fields(make_form()), crispy(make_form())
    assert ours.count("govuk-form-group") == theirs.count("govuk-form-group") > 0
    assert parse_html(ours) == parse_html(theirs), f"\n{ours}\n---\n{theirs}"
    return ours


@pytest.fixture
def scope(partnership, agency_a, agency_b, board_manager):
    review = ReviewFactory(partnership=partnership, reference="SCR-1", title="Baby <F> & co")
    ReviewFactory(partnership=partnership, reference="SCR-2", title="Child G")
    theme = ThemeFactory(name="Neglect")
    request = RequestFactory().get("/")
    request.user = board_manager
    return {"request": request, "review": review, "agency": agency_a, "theme": theme}


MODELS = {ActionFilter: Action, RecommendationFilter: Recommendation, ReviewFilter: Review}
CHOSEN = {
    ActionFilter: lambda s: {
        "q": 'escalation "protocol" <b>',
        "review": s["review"].pk,
        "agency": s["agency"].pk,
        "status": "in_progress",
        "partnership_rag": "red",
        "agency_rag": "none",
        "theme": s["theme"].pk,
        "due_after_0": "1",
        "due_after_1": "Mar",
        "due_after_2": "2026",
        "overdue": "on",
        "to_do": "on",
        "sort": "-due",
    },
    RecommendationFilter: lambda s: {
        "q": "voice",
        "review": s["review"].pk,
        "source": "imr",
        "agency": s["agency"].pk,
        "agreed_after_0": "2",
        "agreed_after_1": "4",
        "agreed_after_2": "2025",
        "open_actions": "on",
    },
    ReviewFilter: lambda s: {"q": "baby", "kind": "lcspr", "theme": s["theme"].pk, "exempt": "on"},
}
WRONG = {
    ActionFilter: lambda s: {
        "review": "999999",
        "agency": "x",
        "status": "nonsense",
        "due_after_0": "31",
        "due_after_1": "2",
        "due_after_2": "2026",
        "due_before_0": "3",
        "due_before_2": "26",
        "updated_since_1": "13",
    },
    RecommendationFilter: lambda s: {"scope": "x", "agreed_before_0": "x", "agreed_before_2": "1"},
    ReviewFilter: lambda s: {"status": "x", "agreed_after_0": "1", "agreed_after_1": "1"},
}


@pytest.mark.parametrize("filterset", [ActionFilter, RecommendationFilter, ReviewFilter])
@pytest.mark.parametrize("state", ["unbound", "empty", "chosen", "wrong"])
def test_filter_forms_have_crispy_forms_markup(scope, filterset, state):
    data = {
        "unbound": lambda s: None,
        "empty": lambda s: {},
        "chosen": CHOSEN[filterset],
        "wrong": WRONG[filterset],
    }[state](scope)

    def make():
        form = filterset(data, request=scope["request"], queryset=MODELS[filterset].objects.none())
        form = form.form
        form.is_valid()
        return form

    assert _default_layout(make()) is not None  # built in Python, not by crispy-forms-gds
    html = assert_same_markup(make)
    if state == "chosen":
        assert "selected" in html and "checked" in html
        if filterset is not ReviewFilter:
            assert (
                f'<option value="{scope["review"].pk}" selected>SCR-1: Baby &lt;F&gt; &amp; co'
                in html
            )
    if state == "wrong":
        assert "govuk-form-group--error" in html and "govuk-input--error" in html
        assert '<span class="govuk-visually-hidden">Error:</span>' in html


class _EveryKind(GovukForm):
    """A field of each kind a filter might gain: the fast paths and crispy-forms-gds's own."""

    text = forms.CharField(label="Words <b>", help_text="Any of them & more", required=False)
    number = forms.IntegerField(required=False)
    email = forms.EmailField(required=True)
    when = forms.DateField(required=False, help_text="")
    on = GovukDateField(label="On the day", required=True)
    flag = forms.BooleanField(label="Only mine", help_text="Yours alone", required=False)
    pick = forms.ChoiceField(choices=[("", "Any"), ("a", "A & B")], required=True)
    group = forms.ModelChoiceField(queryset=Group.objects.order_by("name"), required=False)
    groups = forms.ModelMultipleChoiceField(queryset=Group.objects.order_by("name"), required=False)
    kind = forms.ChoiceField(choices=[("x", "X"), ("y", "Y")], widget=forms.RadioSelect)
    notes = forms.CharField(widget=forms.Textarea, required=False, help_text="Say more")
    secret = forms.CharField(widget=forms.HiddenInput, required=False)
    upload = forms.FileField(required=False)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {
            "text": "a <b>",
            "number": "3",
            "email": "a@example.org",
            "on_0": "1",
            "on_1": "2",
            "on_2": "2027",
            "flag": "on",
            "pick": "a",
            "kind": "y",
            "notes": "<script>",
            "secret": "s&",
        },
        {"number": "x", "email": "no", "on_0": "40", "on_2": "99", "pick": "z", "groups": ["0"]},
    ],
)
def test_every_kind_of_field_has_crispy_forms_markup(data):
    Group.objects.create(name="Police & <Crime>")

    def make():
        form = _EveryKind(data)
        form.is_valid()
        return form

    assert _default_layout(make()) is not None
    assert_same_markup(make)


def test_a_form_with_its_own_layout_is_left_to_crispy_forms():
    from crispy_forms_gds.layout import Fieldset, Layout, Size

    class Laid(GovukForm):
        title = forms.CharField()
        summary = forms.CharField(required=False)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.helper.layout = Layout(
                Fieldset("title", "summary", legend="About", legend_size=Size.MEDIUM)
            )

    html = assert_same_markup(lambda: Laid({}))
    assert "govuk-fieldset__legend--m" in html


def test_the_tag_renders_the_fields(scope):
    form = ActionFilter({}, request=scope["request"], queryset=Action.objects.none()).form
    html = Template("{% load govuk %}{% govuk_fields form %}").render(Context({"form": form}))
    assert 'id="div_id_review"' in html and 'name="due_after_0"' in html


def test_long_pickers_are_marked_for_the_autocomplete(scope, recommendation):
    """The review filters and the action form's lead officer: plain selects that
    static/src/js/autocomplete.js turns into autocompletes."""
    from recommendations.forms import ActionForm

    for filterset, model in [(ActionFilter, Action), (RecommendationFilter, Recommendation)]:
        form = filterset({}, request=scope["request"], queryset=model.objects.none()).form
        assert 'data-module="app-autocomplete"' in str(form["review"])
    lead = ActionForm(recommendation=recommendation)["lead_officer_user"]
    assert 'data-module="app-autocomplete"' in str(lead)
    assert str(lead).startswith("<select")
