"""The one UI date reader and writer: dd/mm/yyyy both ways, and a date that does not exist
said so rather than blamed on its format."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coordinator_app.domain.errors import InvalidInput
from coordinator_app.ui.widgets.dates import (
    local_time,
    month_name,
    parse_uk_date,
    period_name,
    required_uk_date,
    uk_date,
    uk_date_time,
)


@given(st.dates(min_value=date(1000, 1, 1)))
def test_written_dates_read_back(day: date) -> None:
    assert parse_uk_date("date", uk_date(day)) == day


def test_reads_one_digit_day_and_month_and_nothing_as_none() -> None:
    assert parse_uk_date("date", " 7/2/2026 ") == date(2026, 2, 7)
    assert parse_uk_date("date", "   ") is None
    assert uk_date(None) == ""
    assert uk_date_time(datetime(2026, 1, 31, 14, 5, tzinfo=UTC)) == "31/01/2026 14:05"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("31/02/2026", "'31/02/2026' is not a date: February 2026 has no day 31."),
        ("29/02/2025", "February 2025 has no day 29."),
        ("00/03/2026", "March 2026 has no day 0."),
        ("12/13/2026", "is not a date: there is no month 13."),
    ],
)
def test_a_date_that_does_not_exist_is_said_so(text: str, says: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_uk_date("target date", text)
    assert says in caught.value.sentence()
    assert caught.value.sentence().startswith("The target date")
    assert "dd/mm/yyyy" not in caught.value.message  # not blamed on the format


@pytest.mark.parametrize("text", ["2026-02-01", "1/2/26", "31 Jan 2026", "tomorrow", "1/2/0000"])
def test_a_wrong_format_says_how_to_write_it(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_uk_date("review date", text)
    assert caught.value.sentence() == (
        f"The review date '{text}' is not a date. Write it as dd/mm/yyyy, e.g. 07/12/2026."
    )


def test_29_february_in_a_leap_year_is_a_date() -> None:
    assert parse_uk_date("date", "29/02/2028") == date(2028, 2, 29)


def test_a_required_date_left_empty_is_said_so() -> None:
    with pytest.raises(InvalidInput, match="The date of the cost is empty"):
        required_uk_date("date of the cost", "")
    assert required_uk_date("date of the cost", "01/01/2026") == date(2026, 1, 1)


def test_months_and_periods_are_named_as_read() -> None:
    assert month_name("2026-11") == "November 2026" == month_name(date(2026, 11, 30))
    assert period_name("2026-Q4") == "October to December 2026"
    assert period_name("2027-01") == "January 2027"
    assert period_name("not a period") == "not a period"
    assert "UTC" not in local_time("2026-11-03T14:05:00Z")
    assert local_time("2026-11-03T14:05:00Z").startswith("03/11/2026")
