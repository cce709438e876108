"""Working days: Monday to Friday, less the bank holidays of a partnership's nation.

The bank holidays come from the `holidays` library's United Kingdom calendar and its four
subdivisions (England, Wales, Scotland, Northern Ireland), substitute days included, never from
a hand-kept list: a new year's calendar, or a one-off bank holiday, arrives with the library.

Counting follows how statutory guidance words a clock ("within 5 working days of becoming
aware"): the day of the event is day 0, so the deadline is the fifth working day after it. A
clock that starts on a weekend or a bank holiday counts from that day all the same.
"""

import datetime
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta
from django.db import models


class Nation(models.TextChoices):
    ENGLAND = "england", "England"
    WALES = "wales", "Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern_ireland", "Northern Ireland"


# The `holidays` library's subdivision of the United Kingdom ("GB") for each nation.
SUBDIVISIONS = {
    Nation.ENGLAND: "ENG",
    Nation.WALES: "WLS",
    Nation.SCOTLAND: "SCT",
    Nation.NORTHERN_IRELAND: "NIR",
}


@lru_cache(maxsize=8)
def calendar(nation: str) -> holidays.HolidayBase:
    """The nation's bank holidays; the library fills in each year as it is asked about."""
    return holidays.country_holidays("GB", subdiv=SUBDIVISIONS[Nation(nation)])


def holiday_name(day: datetime.date, nation: str) -> str | None:
    return calendar(nation).get(day)


def is_working_day(day: datetime.date, nation: str) -> bool:
    return day.weekday() < 5 and day not in calendar(nation)


def add_working_days(start: datetime.date, count: int, nation: str) -> datetime.date:
    """The `count`th working day after `start` (before it, for a negative count)."""
    step = 1 if count >= 0 else -1
    day, left = start, abs(count)
    while left:
        day += datetime.timedelta(days=step)
        if is_working_day(day, nation):
            left -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date, nation: str) -> int:
    """How many working days after `start` up to and including `end`: negative when `end` is
    before `start` (then the working days from `end` up to, not including, `start`)."""
    if end == start:
        return 0
    if end < start:
        return -working_days_between(end, start, nation)
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day, nation):
            count += 1
    return count


def add_months(start: datetime.date, count: int) -> datetime.date:
    """The same day `count` months later (the month's last day where it has no such day)."""
    return start + relativedelta(months=count)
