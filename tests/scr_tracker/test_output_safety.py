"""Output safety: `<script>alert(1)</script>` typed into any text field of a review,
recommendation, action or assurance statement is shown as text, never run, on every page."""

import re

import pytest
from django.db import models
from django.utils.html import escape

from assurance.models import AssuranceStatement
from tests.permissions.walk import is_page, walk

PAYLOAD = "<script>alert(1)</script>"
SHORT_PAYLOAD = "<script>1</script>"  # for Recommendation.number, 20 characters at most


def _text_fields(instance):
    """Every field a person types text into: char and text fields without fixed choices."""
    return [
        field
        for field in instance._meta.get_fields()
        if isinstance(field, (models.CharField, models.TextField))
        and field.editable
        and not field.choices
    ]


def _poison(instance, label):
    """Put a distinct script payload in each text field; return {payload: "Model.field"}."""
    planted = {}
    for field in _text_fields(instance):
        marker = f"{label}.{field.name}"
        value = f"{PAYLOAD}{marker}"
        if field.max_length and len(value) > field.max_length:
            value = f"{SHORT_PAYLOAD}{field.name[:1]}"
        setattr(instance, field.name, value)
        planted[value] = marker
    instance.save()
    return planted


@pytest.fixture
def poisoned(objects):
    planted = {}
    planted |= _poison(objects["review"], "Review")
    planted |= _poison(objects["recommendation"], "Recommendation")
    planted |= _poison(objects["action_a"], "Action")
    planted |= _poison(
        AssuranceStatement.objects.get(recommendation=objects["recommendation"]), "Statement"
    )
    return planted


def test_every_text_field_is_planted(poisoned):
    fields = set(poisoned.values())
    assert {"Review.title", "Review.summary", "Recommendation.text", "Action.key_actions"} <= fields
    assert {"Statement.narrative", "Statement.level"} <= fields
    assert any(value.startswith(SHORT_PAYLOAD) for value in poisoned)  # Recommendation.number


@pytest.mark.parametrize("role", ["board_manager", "lead_a", "scrutineer"])
def test_script_in_any_text_field_is_escaped_on_every_page(
    client, request, objects, poisoned, role
):
    client.force_login(request.getfixturevalue(role))

    for name, response in walk(client, objects):
        if not is_page(response):
            continue
        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html, f"{role} GET {name}"
        assert SHORT_PAYLOAD not in html, f"{role} GET {name}"
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), f"{role} GET {name}"


def test_every_text_field_is_shown_somewhere_as_harmless_text(
    client, board_manager, objects, poisoned
):
    client.force_login(board_manager)
    pages = [
        response.content.decode() for _, response in walk(client, objects) if is_page(response)
    ]

    not_shown = sorted(
        marker
        for value, marker in poisoned.items()
        if not any(escape(value) in html for html in pages)
    )

    assert not_shown == []
