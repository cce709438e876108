"""Working-day arithmetic across bank holidays and year ends, for each nation, from the
`holidays` library's UK calendar (no hand-kept list)."""

import datetime

import pytest

from scr_tracker.working_days import (
    Nation,
    add_months,
    add_working_days,
    holiday_name,
    is_working_day,
    working_days_between,
)

D = datetime.date
E, W, S, N = Nation.ENGLAND, Nation.WALES, Nation.SCOTLAND, Nation.NORTHERN_IRELAND

# (nation, start, working days, expected day, why)
ADDING = [
    # A plain week: Monday + 5 working days is the next Monday.
    (E, D(2026, 3, 2), 5, D(2026, 3, 9), "no holiday"),
    # Christmas 2026: Fri 25 Dec, Sat 26 Dec (Boxing Day), substitute Mon 28 Dec; 1 Jan (Fri).
    (E, D(2026, 12, 23), 5, D(2027, 1, 4), "Christmas, Boxing Day substitute, New Year"),
    (W, D(2026, 12, 23), 5, D(2027, 1, 4), "Wales keeps England's holidays"),
    (N, D(2026, 12, 23), 5, D(2027, 1, 4), "Northern Ireland: same at Christmas"),
    # Scotland also stops on 2 January (Sat in 2027, so Mon 4 Jan is its substitute).
    (S, D(2026, 12, 23), 5, D(2027, 1, 5), "Scotland: 2 January and its substitute"),
    (S, D(2025, 12, 31), 1, D(2026, 1, 5), "Scotland: 1 and 2 January 2026 (Thu, Fri)"),
    (E, D(2025, 12, 31), 1, D(2026, 1, 2), "England works on 2 January"),
    # Christmas 2027: Sat 25 and Sun 26 Dec, substitutes Mon 27 and Tue 28 Dec.
    (E, D(2027, 12, 24), 1, D(2027, 12, 29), "two substitute days"),
    # Easter 2026: Good Friday 3 April everywhere; Easter Monday 6 April not in Scotland.
    (E, D(2026, 4, 2), 1, D(2026, 4, 7), "Good Friday and Easter Monday"),
    (S, D(2026, 4, 2), 1, D(2026, 4, 6), "Scotland works on Easter Monday"),
    (N, D(2026, 4, 2), 1, D(2026, 4, 7), "Northern Ireland keeps Easter Monday"),
    # St Patrick's Day (Tue 17 March 2026) in Northern Ireland only.
    (N, D(2026, 3, 16), 1, D(2026, 3, 18), "St Patrick's Day"),
    (E, D(2026, 3, 16), 1, D(2026, 3, 17), "not a holiday in England"),
    # 12 July 2026 is a Sunday: Northern Ireland's substitute is Monday 13 July.
    (N, D(2026, 7, 10), 1, D(2026, 7, 14), "Battle of the Boyne substitute"),
    (E, D(2026, 7, 10), 1, D(2026, 7, 13), "England works on 13 July"),
    # Scotland's summer holiday is the first Monday of August, England's the last.
    (S, D(2026, 7, 31), 1, D(2026, 8, 4), "Scotland: first Monday of August"),
    (E, D(2026, 8, 28), 1, D(2026, 9, 1), "England: late summer bank holiday"),
    (S, D(2026, 8, 28), 1, D(2026, 8, 31), "Scotland works on England's late summer holiday"),
    # St Andrew's Day, Monday 30 November 2026, in Scotland.
    (S, D(2026, 11, 27), 1, D(2026, 12, 1), "St Andrew's Day"),
    # A rapid review's 15 working days over Easter 2026 in England.
    (E, D(2026, 3, 27), 15, D(2026, 4, 21), "15 working days across Easter"),
    # A clock that starts on a Saturday counts from it.
    (E, D(2026, 3, 7), 1, D(2026, 3, 9), "a weekend start"),
    # Counting back.
    (E, D(2027, 1, 4), -5, D(2026, 12, 23), "back across Christmas"),
    (E, D(2026, 3, 9), 0, D(2026, 3, 9), "zero days"),
]


@pytest.mark.parametrize(("nation", "start", "count", "expected", "why"), ADDING)
def test_add_working_days(nation, start, count, expected, why):
    assert add_working_days(start, count, nation) == expected, why


@pytest.mark.parametrize(("nation", "start", "count", "expected", "why"), ADDING)
def test_counting_between_undoes_adding(nation, start, count, expected, why):
    if is_working_day(start, nation) or count == 0:
        assert working_days_between(start, expected, nation) == count, why


# (nation, from, to, working days between)
BETWEEN = [
    (E, D(2026, 12, 24), D(2027, 1, 4), 4),  # 29, 30, 31 Dec; 4 Jan
    (S, D(2026, 12, 24), D(2027, 1, 4), 3),  # 29, 30, 31 Dec (4 Jan is Scotland's substitute)
    (E, D(2027, 1, 4), D(2026, 12, 24), -4),  # late by four working days
    (E, D(2026, 5, 1), D(2026, 5, 1), 0),
    (N, D(2026, 3, 13), D(2026, 3, 20), 4),  # Mon 16, Wed 18, Thu 19, Fri 20
]


@pytest.mark.parametrize(("nation", "start", "end", "expected"), BETWEEN)
def test_working_days_between(nation, start, end, expected):
    assert working_days_between(start, end, nation) == expected


@pytest.mark.parametrize(
    ("nation", "day", "working"),
    [
        (E, D(2026, 12, 28), False),  # Boxing Day (observed)
        (S, D(2026, 1, 2), False),
        (E, D(2026, 1, 2), True),
        (S, D(2026, 4, 6), True),  # Easter Monday
        (W, D(2026, 4, 6), False),
        (N, D(2026, 3, 17), False),
        (N, D(2026, 7, 13), False),
        (E, D(2026, 3, 14), False),  # a Saturday
    ],
)
def test_is_working_day(nation, day, working):
    assert is_working_day(day, nation) is working


def test_holidays_come_from_the_library_with_their_names():
    assert holiday_name(D(2026, 3, 17), N) == "Saint Patrick's Day"
    assert holiday_name(D(2026, 3, 17), E) is None


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 3, 16), 6, D(2026, 9, 16)),
        (D(2026, 8, 31), 6, D(2027, 2, 28)),  # no 31 February: the month's last day
        (D(2027, 8, 31), 6, D(2028, 2, 29)),  # leap year
        (D(2026, 7, 1), 6, D(2027, 1, 1)),  # across the year end
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected
