"""Error pages with production behaviour (DEBUG off): the house layout, a reference to quote,
no stack trace and nothing from the failure itself; the details go to the log only."""

import logging

import pytest
from django.test import Client
from django.urls import reverse


@pytest.fixture
def browser(settings):
    settings.DEBUG = False
    return Client(raise_request_exception=False)


@pytest.mark.urls("tests.deploy.urls_with_a_fault")
def test_a_failure_shows_the_house_error_page_with_a_reference(browser):
    response = browser.get("/fails/", headers={"X-Request-ID": "ref-0042"})

    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    assert 'class="govuk-template"' in html
    assert "<strong>ref-0042</strong>" in html
    assert response["X-Request-ID"] == "ref-0042"


@pytest.mark.urls("tests.deploy.urls_with_a_fault")
def test_a_failure_reveals_nothing_about_itself(browser):
    html = browser.get("/fails/").content.decode()

    for leak in ("Traceback", "RuntimeError", "12 Example Street", "Child H", "fails"):
        assert leak not in html


@pytest.mark.urls("tests.deploy.urls_with_a_fault")
def test_a_failure_is_logged_with_its_traceback_and_reference(browser, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        browser.get("/fails/", headers={"X-Request-ID": "ref-0043"})

    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info[0] is RuntimeError
    assert record.request.id == "ref-0043"


def test_page_not_found_in_production(browser):
    response = browser.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_forbidden_page_in_production(browser, lead_a, plan):
    browser.force_login(lead_a)

    response = browser.get(reverse("reviews:edit", args=[plan.pk]))

    assert response.status_code == 403
    assert "You cannot view this page" in response.content.decode()
