"""Tests for the timescale reader, which derives due dates from free-text timescales."""

import dataclasses
import random
from datetime import date

import pytest

from recommendations.timescale import Timescale, read_timescale

CANNOT_READ = 'Could not read a date from "{}"; the text is kept and no due date is set.'

# (text, due date, already actioned, ongoing, needs review)
READINGS = [
    # Empty cells
    ("", None, False, False, False),
    ("   ", None, False, False, False),
    ("\u00a0\t\n", None, False, False, False),
    # Ongoing work
    ("Ongoing", None, False, True, False),
    ("On-going", None, False, True, False),
    ("on going", None, False, True, False),
    ("ongoing and reviewed annually", None, False, True, False),
    ("Continuous", None, False, True, False),
    ("Throughout", None, False, True, False),
    ("Immediate and ongoing", None, False, True, False),
    ("Ongoing, review March 2016", date(2016, 3, 31), False, True, True),
    # Already done
    ("Already actioned see 8.5.2", None, True, False, False),
    ("Already actioned", None, True, False, False),
    ("Completed", None, True, False, False),
    ("Complete", None, True, False, False),
    ("Done", None, True, False, False),
    ("Actioned", None, True, False, False),
    ("Completed March 2015", date(2015, 3, 31), True, False, False),
    ("Completed 12/03/2015", date(2015, 3, 12), True, False, False),
    # "Complete by" sets a deadline; it does not report the work as done
    ("Complete by March 2016", date(2016, 3, 31), False, False, False),
    # Month and year: the last day of the month
    ("December 2010", date(2010, 12, 31), False, False, False),
    ("Dec 2010", date(2010, 12, 31), False, False, False),
    ("Dec. 2010", date(2010, 12, 31), False, False, False),
    ("Sept 2015", date(2015, 9, 30), False, False, False),
    ("sep 2015", date(2015, 9, 30), False, False, False),
    ("By September 2015", date(2015, 9, 30), False, False, False),
    ("by end of March 2016", date(2016, 3, 31), False, False, False),
    ("By the end of March 2016", date(2016, 3, 31), False, False, False),
    ("End of April 2016", date(2016, 4, 30), False, False, False),
    ("April 2016", date(2016, 4, 30), False, False, False),
    ("FEBRUARY 2016", date(2016, 2, 29), False, False, False),
    ("Mar-16", date(2016, 3, 31), False, False, False),
    ("03/2016", date(2016, 3, 31), False, False, False),
    # Full dates, always day first
    ("8/04/2015", date(2015, 4, 8), False, False, False),
    ("08/04/2015", date(2015, 4, 8), False, False, False),
    ("31.07.2015", date(2015, 7, 31), False, False, False),
    ("31-07-2015", date(2015, 7, 31), False, False, False),
    ("31/7/15", date(2015, 7, 31), False, False, False),
    ("2015-07-31", date(2015, 7, 31), False, False, False),
    ("31 July 2015", date(2015, 7, 31), False, False, False),
    ("31st July 2015", date(2015, 7, 31), False, False, False),
    ("1st of April 2016", date(2016, 4, 1), False, False, False),
    ("July 31, 2015", date(2015, 7, 31), False, False, False),
    ("31-Jul-15", date(2015, 7, 31), False, False, False),
    # Deadline words that do not need a second look
    ("Before 31 March 2016", date(2016, 3, 31), False, False, False),
    ("No later than 31.3.16", date(2016, 3, 31), False, False, False),
    ("Due 2016", date(2016, 12, 31), False, False, False),
    ("Due by 30/06/2016", date(2016, 6, 30), False, False, False),
    ("31 March 2016 at the latest", date(2016, 3, 31), False, False, False),
    # Quarters, seasons, years and financial years
    ("Q1 2016", date(2016, 3, 31), False, False, False),
    ("Q4 2016", date(2016, 12, 31), False, False, False),
    ("Quarter 2 2016", date(2016, 6, 30), False, False, False),
    ("Q1 2016/17", date(2016, 6, 30), False, False, False),
    ("Q4 2015-16", date(2016, 3, 31), False, False, False),
    ("Spring 2016", date(2016, 5, 31), False, False, False),
    ("Summer 2016", date(2016, 8, 31), False, False, False),
    ("Autumn 2018", date(2018, 11, 30), False, False, False),
    ("Winter 2016", date(2017, 2, 28), False, False, False),
    ("Winter 2015", date(2016, 2, 29), False, False, False),
    ("2016", date(2016, 12, 31), False, False, False),
    ("By the end of 2016", date(2016, 12, 31), False, False, False),
    ("2015/16", date(2016, 3, 31), False, False, False),
    ("2015/2016", date(2016, 3, 31), False, False, False),
    ("By end of financial year 2015/16", date(2016, 3, 31), False, False, False),
    # Typography pasted from word processors
    ("2015\u201316", date(2016, 3, 31), False, False, False),
    ("December\u00a02010.", date(2010, 12, 31), False, False, False),
    ("  By\u00a0end of\u202fMarch 2016.  ", date(2016, 3, 31), False, False, False),
    ("By 31st March 2016 \u2014 ", date(2016, 3, 31), False, False, False),
    # Words around a date
    ("Immediate \u2013 completed by July 2015", date(2015, 7, 31), False, False, True),
    ("Immediate - completed by July 2015", date(2015, 7, 31), False, False, True),
    ("Review at LSCB meeting in June 2016", date(2016, 6, 30), False, False, True),
    ("see 31/03/2015", date(2015, 3, 31), False, False, True),
    # Two-digit years, school terms and ranges, as people write them
    ("Dec 10", date(2010, 12, 31), False, False, False),
    ("Sept 10", date(2010, 9, 30), False, False, False),
    ("By end Dec 10", date(2010, 12, 31), False, False, False),
    ("31 Jul 15", date(2015, 7, 31), False, False, False),
    ("Autumn 10", date(2010, 11, 30), False, False, False),
    ("End of Autumn Term 2010", date(2010, 12, 31), False, False, False),
    ("Spring term 11", date(2011, 4, 30), False, False, False),
    ("Summer Term 2011", date(2011, 7, 31), False, False, False),
    ("Q3 2015/16", date(2015, 12, 31), False, False, False),
    ("Oct \u2013 end Dec 10", date(2010, 12, 31), False, False, True),
    ("Sept 10 \u2013 Mar 11", date(2011, 3, 31), False, False, True),
    ("Oct 10 - Jan 11", date(2011, 1, 31), False, False, True),
    ("April 2010 to March 2011", date(2011, 3, 31), False, False, True),
    # Several dates: the latest is used
    ("31.03.2015 / 31.05.2015", date(2015, 5, 31), False, False, True),
    ("31.03.2015/31.05.2015", date(2015, 5, 31), False, False, True),
    ("March 2015 and June 2015", date(2015, 6, 30), False, False, True),
    ("June 2015 and March 2015", date(2015, 6, 30), False, False, True),
    ("01/04/2015-31/03/2016", date(2016, 3, 31), False, False, True),
    # Not dates at all
    ("31/02/2015", None, False, False, False),
    ("32.01.2015", None, False, False, False),
    ("31/13/2015", None, False, False, False),
    ("12/31/2015", None, False, False, False),
    ("31 February 2015", None, False, False, False),
    ("13/2016", None, False, False, False),
    ("2015/17", None, False, False, False),
    ("Immediate", None, False, False, False),
    ("Immediately", None, False, False, False),
    ("With immediate effect", None, False, False, False),
    ("On advice from legal services", None, False, False, False),
    ("TBC", None, False, False, False),
    ("asap", None, False, False, False),
    ("Within 3 months", None, False, False, False),
    ("31 March", None, False, False, False),
    ("8.5.12.3", None, False, False, False),
]


@pytest.mark.parametrize(
    ("text", "due_date", "already_actioned", "ongoing", "needs_review"), READINGS
)
def test_reads_due_date_and_status_from_free_text(
    text, due_date, already_actioned, ongoing, needs_review
):
    timescale = read_timescale(text)

    assert timescale.due_date == due_date
    assert timescale.already_actioned is already_actioned
    assert timescale.ongoing is ongoing
    assert timescale.needs_review is needs_review


@pytest.mark.parametrize(("text", "due_date", "already_actioned", "ongoing", "_"), READINGS)
def test_is_understood_exactly_when_it_gives_a_date_a_status_or_nothing(
    text, due_date, already_actioned, ongoing, _
):
    timescale = read_timescale(text)

    expected = due_date is not None or already_actioned or ongoing or not text.strip()
    assert timescale.understood is expected


@pytest.mark.parametrize(
    ("text", "due_date", "already_actioned", "ongoing", "needs_review"), READINGS
)
def test_explains_itself_only_when_a_person_should_look(
    text, due_date, already_actioned, ongoing, needs_review
):
    timescale = read_timescale(text)

    clean_read = due_date is not None and not needs_review
    nothing_to_read = due_date is None and (already_actioned or ongoing or not text.strip())
    assert (timescale.message == "") is (clean_read or nothing_to_read)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("  Dec 2010  ", "Dec 2010"),
        ("\u00a0On advice from legal services\n", "On advice from legal services"),
        ("Immediate \u2013 completed by July 2015", "Immediate \u2013 completed by July 2015"),
        (None, ""),
    ],
)
def test_keeps_the_original_text_only_stripped(text, kept):
    assert read_timescale(text).text == kept


def test_reads_nothing_from_none_and_says_nothing():
    assert read_timescale(None) == Timescale("", None, False, False, False, "")


def test_result_cannot_be_changed_after_reading():
    timescale = read_timescale("Dec 2010")

    with pytest.raises(dataclasses.FrozenInstanceError):
        timescale.due_date = date(2011, 1, 31)


def test_ignores_today_so_results_never_depend_on_the_clock():
    without_today = read_timescale("Immediately")
    with_today = read_timescale("Immediately", today=date(2016, 1, 1))

    assert with_today == without_today
    assert read_timescale("March 2016", today=date(2020, 1, 1)).due_date == date(2016, 3, 31)


@pytest.mark.parametrize(
    "text", ["On advice from legal services", "TBC", "asap", "Within 3 months", "31 March"]
)
def test_says_it_could_not_read_a_date_and_keeps_the_text(text):
    timescale = read_timescale(text)

    assert timescale.message == CANNOT_READ.format(text)
    assert not timescale.understood


@pytest.mark.parametrize("text", ["Immediate", "Immediately", "With immediate effect"])
def test_says_immediate_action_has_no_date(text):
    timescale = read_timescale(text)

    assert timescale.message == (
        f'Could not read a date from "{text}": immediate action has no fixed date, '
        "so the text is kept and no due date is set."
    )
    assert not timescale.understood


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "31/02/2015",
            'Could not read a date from "31/02/2015": it is not a real date when read day first'
            " (day/month/year); the text is kept and no due date is set.",
        ),
        (
            "12/31/2015",
            'Could not read a date from "12/31/2015": it is not a real date when read day first'
            " (day/month/year); the text is kept and no due date is set.",
        ),
        (
            "By 32.01.2015",
            'Could not read a date from "By 32.01.2015": "32.01.2015" is not a real date when read'
            " day first (day/month/year); the text is kept and no due date is set.",
        ),
        (
            "31 February 2015",
            'Could not read a date from "31 February 2015": it is not a real date; the text is kept'
            " and no due date is set.",
        ),
        (
            "13/2016",
            'Could not read a date from "13/2016": it does not name a real month; the text is kept'
            " and no due date is set.",
        ),
        (
            "2015/17",
            'Could not read a date from "2015/17": it is not a financial year such as 2015/16; the'
            " text is kept and no due date is set.",
        ),
    ],
)
def test_names_the_text_when_a_date_is_not_real(text, message):
    timescale = read_timescale(text)

    assert timescale.due_date is None
    assert timescale.message == message


def test_names_the_latest_of_several_dates():
    timescale = read_timescale("31.03.2015 / 31.05.2015")

    assert timescale.message == (
        'Several dates found in "31.03.2015 / 31.05.2015"; the latest, 31 May 2015, is used.'
    )


def test_asks_for_a_check_when_words_surround_the_date():
    timescale = read_timescale("Immediate \u2013 completed by July 2015")

    assert timescale.message == (
        'Read "Immediate \u2013 completed by July 2015" as 31 July 2015, but it has other words'
        " around the date; please check it."
    )


def test_points_out_ongoing_text_that_also_gives_a_date():
    timescale = read_timescale("Ongoing, review March 2016")

    assert timescale.message == (
        '"Ongoing, review March 2016" is marked as ongoing but also gives a date;'
        " 31 March 2016 is used."
    )


def test_uses_the_real_date_and_says_which_one_was_ignored():
    timescale = read_timescale("31/02/2015 or 31/03/2015")

    assert timescale.due_date == date(2015, 3, 31)
    assert timescale.needs_review
    assert timescale.message == (
        'Read "31/02/2015 or 31/03/2015" as 31 March 2015, but it has other words around the'
        ' date; please check it. "31/02/2015" is not a real date when read day first'
        " (day/month/year), so it was ignored."
    )


def test_keeps_already_actioned_quiet_even_with_a_cross_reference():
    timescale = read_timescale("Already actioned see 8.5.2")

    assert timescale.message == ""
    assert timescale.understood


def test_shortens_a_long_paragraph_in_its_message():
    text = "The board will consider this at a future meeting " * 10
    timescale = read_timescale(text)

    quoted = timescale.message.split('"')[1]
    assert len(quoted) <= 120
    assert quoted.endswith("...")
    assert text.startswith(quoted[:-3])


FUZZ_PIECES = [
    "31", "07", "7", "15", "2015", "2016/17", "0000", "9999", "00", "13", "29", "02", "1900",
    "/", ".", "-", " ", ",", "'", "\u2013", "\u2014", "\u00a0", "\u202f", "\u200b", "\x00", "\n",
    "st", "of", "by", "end", "Q", "Q1", "Q5", "quarter", "March", "Sept", "Dec.", "feb", "may",
    "Winter", "spring", "see", "8.5.2", "para", "ongoing", "Completed", "Done", "Immediate",
    "\u00e9", "\u0663", "\U0001f600", "K", "\ud800",
]  # fmt: skip


def test_never_raises_for_any_string():
    rng = random.Random(20150731)
    texts = ["".join(rng.choices(FUZZ_PIECES, k=rng.randint(0, 15))) for _ in range(5000)]
    texts += [
        "".join(chr(rng.randint(0, 0x10FFFF)) for _ in range(rng.randint(0, 40)))
        for _ in range(2000)
    ]
    texts += ["1" * 50_000, "31/07/2015 " * 5_000, "Q1 " * 10_000, "see 1." * 10_000]

    for text in texts:
        timescale = read_timescale(text)

        assert isinstance(timescale, Timescale)
        assert timescale.text == text.strip()
        assert timescale.understood or timescale.message
        assert not timescale.needs_review or (timescale.due_date and timescale.message)
