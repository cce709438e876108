"""The accessibility statement's standard shape and contact, and forms that leave the focus
where the page starts. The browser checks are in tests/browser/."""

import re

import pytest
from django.urls import reverse

STANDARD_HEADINGS = [
    "Accessibility statement for SCR Tracker",
    "How accessible this website is",
    "Feedback and contact information",
    "Reporting accessibility problems with this website",
    "Enforcement procedure",
    "Technical information about this website’s accessibility",
    "Compliance status",
    "Non-accessible content",
    "Non-compliance with the accessibility regulations",
    "Disproportionate burden",
    "Content that’s not within the scope of the accessibility regulations",
    "What we’re doing to improve accessibility",
    "Preparation of this accessibility statement",
]


def _headings(html):
    return [" ".join(text.split()) for text in re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", html)]


def test_accessibility_statement_has_the_sections_of_the_public_sector_model(client, settings):
    settings.SERVICE_NAME = "SCR Tracker"

    html = client.get(reverse("accessibility")).content.decode()

    assert [h for h in _headings(html) if h in STANDARD_HEADINGS] == STANDARD_HEADINGS
    assert "This statement was prepared on" in html
    assert "This website was last tested on" in html


def test_accessibility_statement_names_the_contact_email_when_one_is_set(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "lscp.business@example.gov.uk"

    html = client.get(reverse("accessibility")).content.decode()

    assert 'href="mailto:lscp.business@example.gov.uk"' in html
    assert "business support team" not in html


def test_accessibility_statement_sends_people_to_business_support_without_an_email(
    client, settings
):
    settings.ACCESSIBILITY_CONTACT_EMAIL = ""

    html = client.get(reverse("accessibility")).content.decode()

    assert "mailto:" not in html
    assert "contact your partnership’s business support team" in html


@pytest.mark.django_db  # the two-step sign-in keeps its state in the session
def test_sign_in_page_does_not_move_the_focus_into_the_form(client):
    html = client.get(reverse("login")).content.decode()

    assert 'name="auth-username"' in html
    assert "autofocus" not in html
