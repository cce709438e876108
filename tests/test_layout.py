"""The page layout (base.html), the sign-in and accessibility pages, the error pages and
the GOV.UK form base classes. None of this needs the front-end build (static/dist/)."""

import datetime
import re

import pytest
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.paginator import Paginator
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.html import parse_html
from django.urls import reverse

from scr_tracker.accounts.forms import SIGN_IN_ERROR
from scr_tracker.forms import GovukDateField, GovukForm
from scr_tracker.models import Role
from scr_tracker.templatetags.govuk import error_title_prefix

LOGIN_URL = "/accounts/login/"


@pytest.fixture(autouse=True)
def _service_settings(settings):
    settings.SERVICE_NAME = "SCR Tracker"
    settings.PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"


def _squash(html):
    """The HTML with each run of whitespace made one space, so tests ignore indentation."""
    return " ".join(html.split())


def _title(html):
    return " ".join(re.search(r"<title>(.*?)</title>", html, re.S).group(1).split())


def _assert_house_layout(html):
    assert '<html lang="en-GB" class="govuk-template">' in html
    assert '<a href="#main-content"' in html and "govuk-skip-link" in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert 'href="/static/dist/app.css"' in html
    assert 'type="module" src="/static/dist/app.js"' in html
    # The Content-Security-Policy will forbid inline script and style.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html and "style=" not in html
    # Not a GOV.UK service: no GOV.UK name, crown or crest.
    assert "gov.uk" not in html.lower()
    assert "crown" not in html.lower() and "crest" not in html.lower()
    assert f'href="{reverse("accessibility")}"' in html


@pytest.mark.django_db  # the sign-in steps keep their state in the session
def test_sign_in_page_has_the_house_layout(client):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    html = response.content.decode()
    _assert_house_layout(html)
    assert _title(html) == "Sign in – SCR Tracker"
    assert "app-protective-marking" in html and "OFFICIAL-SENSITIVE" in html
    assert html.index("OFFICIAL-SENSITIVE") < html.index("app-header__service-name")
    assert ">SCR Tracker</a>" in html
    assert "Sign out" not in html
    assert "novalidate" in html
    assert 'class="govuk-label"' in html and 'class="govuk-input' in html
    assert "govuk-error-summary" not in html


@pytest.mark.django_db
def test_protective_marking_can_be_switched_off(client, settings):
    settings.PROTECTIVE_MARKING = ""

    html = client.get(LOGIN_URL).content.decode()

    assert "app-protective-marking" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["nobody", "jo.bloggs"])
def test_failed_sign_in_shows_a_generic_error_summary(client, username):
    get_user_model().objects.create_user("jo.bloggs", password="a-long-enough-password")

    response = client.post(
        LOGIN_URL,
        {
            "sign_in_view-current_step": "auth",
            "auth-username": username,
            "auth-password": "wrong-password",
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert _title(html) == "Error: Sign in – SCR Tracker"
    assert 'class="govuk-error-summary"' in html and "There is a problem" in html
    assert f'<a href="#id_auth-username">{SIGN_IN_ERROR}</a>' in html
    assert 'id="id_auth-username"' in html
    # The same words whether or not the account exists.
    assert "not exist" not in html.lower() and "no account" not in html.lower()


def test_accessibility_statement_is_open_without_signing_in(client):
    response = client.get(reverse("accessibility"))

    assert response.status_code == 200
    html = response.content.decode()
    _assert_house_layout(html)
    assert _title(html) == "Accessibility statement – SCR Tracker"
    for words in [
        "Accessibility statement for SCR Tracker",
        "Web Content Accessibility Guidelines version 2.2",
        "Equality and Human Rights Commission",
        "Equality Advisory and Support Service",
        "23 November 2026",
        "axe-core",
    ]:
        assert words in html


@pytest.mark.django_db
def test_header_shows_who_is_signed_in_and_a_sign_out_button(client):
    user = get_user_model().objects.create_user(
        "ann", first_name="Ann", last_name="Lead", role=Role.ADMINISTRATOR
    )
    client.force_login(user)

    html = client.get(reverse("accessibility")).content.decode()

    assert "Ann Lead" in html and "Administrator" in html
    sign_out = re.search(r'<form method="post"\s+action="([^"]+)"[^>]*>(.*?)</form>', html, re.S)
    assert sign_out.group(1) == reverse("logout")
    assert "csrfmiddlewaretoken" in sign_out.group(2) and "Sign out" in sign_out.group(2)


@pytest.mark.django_db
def test_messages_render_as_notification_banners(client):
    user = get_user_model().objects.create_user("ann", role=Role.ADMINISTRATOR)
    client.force_login(user)
    request = RequestFactory().get("/")
    request.user = user
    request.session = client.session
    request._messages = FallbackStorage(request)
    messages.success(request, "The review has been saved.")
    messages.warning(request, "Check the due date.")
    html = _squash(render_to_string("scr_tracker/accessibility.html", request=request))

    assert 'govuk-notification-banner--success" role="alert"' in html
    assert 'role="region"' in html
    assert "The review has been saved." in html and "Check the due date." in html
    assert 'id="notification-banner-title-1"' in html
    assert 'id="notification-banner-title-2"' in html


def test_not_found_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    _assert_house_layout(html)
    assert "Page not found" in html


def test_server_error_page_needs_no_request():
    html = render_to_string("500.html")

    assert "Sorry, there is a problem with the service" in html
    assert "SCR Tracker" in html and "OFFICIAL-SENSITIVE" in html
    assert 'href="/static/dist/app.css"' in html


class _ActionForm(GovukForm):
    key_actions = forms.CharField(widget=forms.Textarea, help_text="What the <agency> will do")
    due_date = forms.DateField()  # a plain DateField becomes a GOV.UK date input
    agreed = GovukDateField(label="Date agreed", required=False)
    groups = forms.ModelMultipleChoiceField(queryset=Group.objects.all())


def _render(form):
    return render_to_string("components/form.html", {"form": form, "submit_label": "Add action"})


@pytest.mark.django_db
def test_form_base_class_renders_govuk_fields():
    Group.objects.create(name="Police")
    html = _render(_ActionForm())

    assert isinstance(_ActionForm().fields["due_date"], GovukDateField)
    assert '<textarea name="key_actions" cols="40" rows="5" class="govuk-textarea"' in html
    assert 'class="govuk-hint">What the &lt;agency&gt; will do</div>' in html
    assert 'aria-describedby="id_key_actions_hint"' in html
    assert '<div class="govuk-date-input" id="id_due_date">' in html
    assert re.search(r'<legend class="govuk-fieldset__legend[^"]*">\s*Due date\s*</legend>', html)
    for part, width in [("0", 2), ("1", 2), ("2", 4)]:
        assert re.search(
            rf'<input type="text" name="due_date_{part}" class="govuk-input '
            rf'govuk-date-input__input govuk-input--width-{width}"[^>]*inputmode="numeric"',
            html,
        )
    assert re.search(r'class="govuk-checkboxes__input"\s+id="id_groups_1"', html)
    assert "required" not in html
    assert "govuk-error-summary" not in html
    assert '<button type="submit" class="govuk-button"' in _squash(html) and "Add action" in html


@pytest.mark.django_db
def test_form_base_class_renders_errors_the_govuk_way():
    form = _ActionForm(
        {"key_actions": "", "due_date_0": "31", "due_date_1": "4", "due_date_2": "2027"}
    )
    assert not form.is_valid()
    html = _render(form)

    assert error_title_prefix(form) == "Error: "
    summary = html[html.index("govuk-error-summary") : html.index("<form")]
    assert '<a href="#id_key_actions">Enter the key actions</a>' in summary
    assert '<a href="#id_due_date_0">Due date must be a real date</a>' in summary
    assert '<a href="#id_groups_1">Select the groups</a>' in summary
    assert "govuk-form-group govuk-form-group--error" in html
    # crispy-forms-gds marks every field in error with govuk-input--error: the same red border.
    assert 'class="govuk-textarea govuk-input--error"' in html
    assert '<span class="govuk-visually-hidden">Error:</span> Due date must be a real date' in html
    assert html.count("govuk-date-input__input govuk-input--width-2 govuk-input--error") == 2


@pytest.mark.parametrize(
    ("day", "month", "year", "expected", "highlighted"),
    [
        ("", "", "", "Enter the due date", []),
        ("3", "", "2027", "Due date must include a month", ["month"]),
        ("", "", "2027", "Due date must include a day and month", ["day", "month"]),
        ("3", "4", "27", "Year must include 4 numbers", ["year"]),
        ("30", "2", "2027", "Due date must be a real date", []),
        ("x", "2", "2027", "Due date must be a real date", ["day"]),
    ],
)
def test_date_field_explains_each_mistake(day, month, year, expected, highlighted):
    form = _ActionForm({"due_date_0": day, "due_date_1": month, "due_date_2": year})

    assert form.errors["due_date"] == [expected]
    parts = form.fields["due_date"].fields
    assert [
        name
        for name, part in zip(["day", "month", "year"], parts, strict=True)
        if part.widget.errors
    ] == highlighted


def test_date_field_accepts_month_names_and_optional_dates():
    form = _ActionForm({"due_date_0": " 3 ", "due_date_1": "Mar", "due_date_2": "2027"})
    form.is_valid()

    assert form.cleaned_data["due_date"] == datetime.date(2027, 3, 3)
    assert form.cleaned_data["agreed"] is None


def test_error_title_prefix_is_empty_without_errors():
    assert error_title_prefix(_ActionForm()) == ""
    assert error_title_prefix(None) == ""


def test_pagination_keeps_the_filters():
    page = Paginator(list(range(100)), 10).page(5)
    request = RequestFactory().get("/assurance/reviews/", {"status": "open", "page": "5"})

    html = _squash(render_to_string("components/pagination.html", {"page_obj": page}, request))

    assert 'href="?status=open&amp;page=4" rel="prev"' in html
    assert 'href="?status=open&amp;page=5" aria-label="Page 5" aria-current="page">5</a>' in html
    assert "govuk-pagination__item--ellipsis" in html
    assert 'href="?status=open&amp;page=10"' in html


def test_rag_tag_always_has_words():
    for rag, words, colour in [
        ("red", "Red", "red"),
        ("amber", "Amber", "yellow"),
        ("green", "Green", "green"),
        ("blue", "Blue", "blue"),
        ("closed", "Not implemented", "grey"),
        ("", "Not rated", "grey"),
        (None, "Not rated", "grey"),
        ("<script>", "Not rated", "grey"),
    ]:
        html = Template("{% load govuk %}{% govuk_tag rag=rag %}").render(Context({"rag": rag}))
        assert html == f'<strong class="govuk-tag govuk-tag--{colour}">{words}</strong>'


class _SelectForm(GovukForm):
    agency = forms.ModelChoiceField(queryset=Group.objects.order_by("name"))
    rag = forms.ChoiceField(
        choices=[("", "Any"), ("Ratings", [("red", "Red <overdue>"), ("amber", "Amber")])]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("data", [None, {"rag": "amber"}, {"agency": "0", "rag": "x"}])
def test_selects_are_built_in_python_with_djangos_markup(data):
    """The house Select renders exactly what Django's templates render, options, groups,
    selection, escaping and error classes included."""
    from scr_tracker.forms import Select

    Group.objects.create(name="Police & <Crime>")
    Group.objects.create(name="Health")
    form = _SelectForm(data)
    for name, field in form.fields.items():
        assert type(field.widget) is Select
        html = str(form[name])
        django_select = forms.Select(attrs=field.widget.attrs, choices=field.choices)
        expected = form[name].as_widget(widget=django_select)
        assert parse_html(html) == parse_html(expected)  # attribute order aside
    assert "Police &amp; &lt;Crime&gt;" in str(form["agency"])
    assert '<optgroup label="Ratings">' in str(form["rag"])
    if data:
        page = _render(form)
        assert 'class="govuk-select govuk-input--error"' in page
