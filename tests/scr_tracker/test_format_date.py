"""components.format_date builds its common formats directly: always what Django's date filter
shows, for dates and for date-times in the current time zone."""

import calendar
import datetime

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.timezone import template_localtime

from scr_tracker.components import _FAST_DATE_FORMATS, format_date


@pytest.mark.parametrize("fmt", [*_FAST_DATE_FORMATS, "jS F Y", "j F Y, H:i"])
@pytest.mark.parametrize("month", range(1, 13))
def test_format_date_is_the_date_filter(fmt, month):
    day = datetime.date(2026, month, 9)
    # 23:30 UTC on the last day of the month is the next month in British Summer Time.
    last = calendar.monthrange(2026, month)[1]
    late = datetime.datetime(2026, month, last, 23, 30, tzinfo=datetime.UTC)
    values = [late, timezone.now()] if "H" in fmt else [day, late, timezone.now()]
    for value in values:
        assert format_date(value, fmt) == date_filter(template_localtime(value), fmt)
    assert format_date(None, fmt) == ""
