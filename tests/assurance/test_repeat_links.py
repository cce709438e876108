"""A recommendation that repeats an earlier one names and links it only for readers who may
open the earlier one. An agency lead reads a recommendation when one of their agencies has an
action on it, so the earlier recommendation (another review, other agencies) may be closed to
them: the pages and the downloads then say it repeats an earlier recommendation, without the
review's title or a link that would answer 404."""

import csv
import io
import re

import pytest
from django.urls import reverse

from recommendations.models import NOT_SHARED_REPEAT
from tests.recommendations.factories import ActionFactory, RecommendationFactory
from tests.reviews.factories import ReviewFactory

pytestmark = pytest.mark.django_db

EARLIER_TITLE = "Child Q"


@pytest.fixture
def repeat(partnership, agency_a, agency_b):
    earlier = RecommendationFactory(
        review=ReviewFactory(partnership=partnership, title=EARLIER_TITLE), number="2"
    )
    ActionFactory(recommendation=earlier, agency=agency_a)
    later = RecommendationFactory(
        review=ReviewFactory(partnership=partnership, title="Child B1"),
        number="iv",
        repeats=earlier,
    )
    ActionFactory(recommendation=later, agency=agency_a)
    ActionFactory(recommendation=later, agency=agency_b)
    return earlier, later


def _pages(later):
    return [later.review.get_absolute_url(), later.get_absolute_url()]


def _links(html):
    return set(re.findall(r'href="(/assurance/[^"#?]+)"', html))


def test_an_agency_lead_who_cannot_open_the_earlier_one_is_not_led_to_it(client, lead_b, repeat):
    earlier, later = repeat
    client.force_login(lead_b)
    assert client.get(earlier.get_absolute_url()).status_code == 404
    for url in _pages(later):
        html = client.get(url).content.decode()
        assert NOT_SHARED_REPEAT in html, url
        assert EARLIER_TITLE not in html, url
        assert earlier.get_absolute_url() not in html, url
        # Every record the page links to opens for this reader.
        for link in _links(html):
            assert client.get(link).status_code != 404, f"{url} links to {link}"


@pytest.mark.parametrize("reader", ["board_manager", "lead_a"])
def test_readers_who_can_open_it_see_it_named_and_linked(client, request, reader, repeat):
    earlier, later = repeat
    client.force_login(request.getfixturevalue(reader))
    for url in _pages(later):
        html = client.get(url).content.decode()
        assert f'href="{earlier.get_absolute_url()}"' in html, url
        assert f"{EARLIER_TITLE} recommendation 2" in html, url
        assert NOT_SHARED_REPEAT not in html, url


@pytest.mark.parametrize(
    ("reader", "expected"),
    [("lead_b", NOT_SHARED_REPEAT), ("lead_a", f"{EARLIER_TITLE} recommendation 2")],
)
def test_the_download_names_it_only_for_readers_who_can_open_it(
    client, request, reader, expected, repeat
):
    _, later = repeat
    client.force_login(request.getfixturevalue(reader))
    response = client.get(reverse("assurance:recommendation_export_csv"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    (row,) = [r for r in rows if r["Number"] == "iv"]
    assert row["Repeats"] == expected
