import pytest
from django.urls import reverse, set_script_prefix

from scr_tracker.links import pk_url


@pytest.mark.parametrize(
    "viewname",
    ["assurance:action_detail", "assurance:recommendation_detail", "assurance:review_detail"],
)
@pytest.mark.parametrize("prefix", ["/", "/tracker/"])
def test_pk_url_is_reverse(viewname, prefix):
    set_script_prefix(prefix)
    try:
        for pk in (1, 42, 987654321, 10**12):
            assert pk_url(viewname, pk) == reverse(viewname, args=[pk])
        assert pk_url(viewname, "7") == reverse(viewname, args=["7"])
    finally:
        set_script_prefix("/")
