"""In the Actions list and My actions each row's link is the action's own text (cut at a word
when long), leading to the action; the review's reference and the recommendation sit beneath."""

import re

import pytest
from django.urls import reverse

from assurance.templatetags.assurance_rows import action_link_text

pytestmark = pytest.mark.django_db

LONG = (
    "Audit GP attendance at child protection conferences across every practice in the city, "
    "report the findings to the board, and agree with each practice manager the changes needed "
    "to reach the standard."
)


def link_to(html, action):
    match = re.search(
        rf'<a class="govuk-link" href="{action.get_absolute_url()}">([^<]*)</a>', html
    )
    assert match, f"no link to {action.get_absolute_url()}"
    return match.group(1), html[match.end() : match.end() + 400]


@pytest.mark.parametrize("page", ["assurance:action_list", "assurance:my_actions"])
def test_the_link_is_the_actions_text_with_the_reference_beneath(client, lead_a, action_a, page):
    action_a.key_actions = LONG
    action_a.save()
    client.force_login(lead_a)
    html = client.get(reverse(page)).content.decode()
    text, after = link_to(html, action_a)
    assert text == action_link_text(action_a)
    assert text.endswith("…") and LONG.startswith(text[:-1]) and len(text) <= 120
    assert "SCR-BABY-F recommendation 1" in after


def test_short_text_is_the_whole_link_and_long_text_is_cut_at_a_word(action_a):
    action_a.key_actions = "Refresh the\nchronology   guidance."
    assert action_link_text(action_a) == "Refresh the chronology guidance."
    action_a.key_actions = LONG
    cut = action_link_text(action_a)
    assert cut[:-1] == LONG[: len(cut) - 1] and LONG[len(cut) - 1] == " "
