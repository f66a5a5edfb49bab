"""The one parser for query strings (cms/delivery/query_params.py): what it takes and refuses.

Besides examples, hypothesis checks the promise every endpoint relies on: any
text either parses to a value within bounds or raises InvalidParameter naming
the parameter, never another exception.
"""

from __future__ import annotations

import datetime

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cms.delivery.query_params import (
    MAX_WHOLE_NUMBER,
    InvalidParameter,
    bounded,
    iso_date,
    iso_datetime,
    search_words,
    storable_datetime,
    text,
    whole_number,
    whole_number_or,
)

# Digits of other scripts that int() reads, and ones that isdigit() accepts but int() refuses.
NOT_ASCII_DIGITS = ["٣", "３", "²", "𝟙", "۱۲", "߁", "१"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", 0),
        ("7", 7),
        ("007", 7),
        (str(MAX_WHOLE_NUMBER), MAX_WHOLE_NUMBER),
        ("0" * 50 + "1", 1),
    ],
)
def test_whole_numbers_in_ascii_digits_parse(value, expected):
    assert whole_number("n", value) == expected


@pytest.mark.parametrize(
    "value",
    [
        *NOT_ASCII_DIGITS,
        "",
        " 1",
        "1 ",
        "+1",
        "-1",
        "-0",
        "1_000",
        "1.0",
        "1e3",
        "0x10",
        "NaN",
        "\x00",
        "1\x00",
        str(MAX_WHOLE_NUMBER + 1),
        "1" * 40,
        "9" * 5000,
    ],
)
def test_anything_else_is_refused_naming_the_parameter(value):
    with pytest.raises(InvalidParameter) as refused:
        whole_number("offset", value)
    assert refused.value.parameter == "offset"
    assert str(refused.value) == f"offset: must be a whole number from 0 to {MAX_WHOLE_NUMBER}."


def test_bounds_are_in_the_message():
    assert whole_number("limit", "20", low=1, high=20) == 20
    for value in ("0", "21"):
        with pytest.raises(
            InvalidParameter, match=r"^limit: must be a whole number from 1 to 20\.$"
        ):
            whole_number("limit", value, low=1, high=20)


def test_no_bound_above_the_databases():
    with pytest.raises(InvalidParameter, match=f"from 0 to {MAX_WHOLE_NUMBER}"):
        whole_number("id", str(MAX_WHOLE_NUMBER + 1), high=10**30)
    with pytest.raises(InvalidParameter):
        bounded("offset", MAX_WHOLE_NUMBER + 1)
    assert bounded("offset", MAX_WHOLE_NUMBER) == MAX_WHOLE_NUMBER


def test_absent_or_empty_is_the_default():
    assert whole_number_or("limit", None, 20) == 20
    assert whole_number_or("limit", "", 20) == 20
    assert whole_number_or("since", None, None) is None
    assert whole_number_or("limit", "5", 20) == 5


@settings(max_examples=300, deadline=None)
@given(value=st.text(), low=st.integers(0, 10), high=st.one_of(st.none(), st.integers(0, 2**70)))
@example(value="٣", low=0, high=None)
@example(value="²", low=0, high=None)
@example(value="1" * 40, low=0, high=None)
@example(value=str(2**63), low=0, high=None)
def test_any_text_is_a_number_in_bounds_or_invalid_parameter(value, low, high):
    try:
        number = whole_number("n", value, low=low, high=high)
    except InvalidParameter as refused:
        assert refused.parameter == "n"
        assert str(refused).startswith("n: ")
    else:
        upper = MAX_WHOLE_NUMBER if high is None else min(high, MAX_WHOLE_NUMBER)
        assert low <= number <= upper
        assert value.isascii() and value.isdigit() and int(value) == number


@settings(max_examples=100, deadline=None)
@given(number=st.integers(0, MAX_WHOLE_NUMBER))
def test_every_number_in_bounds_round_trips(number):
    assert whole_number("n", str(number)) == number


def test_dates():
    assert iso_date("d", "2024-12-01") == datetime.date(2024, 12, 1)
    for value in [
        "20241201",
        "2024-W48-7",
        "2024-13-01",
        "2024-02-30",
        "٢٠٢٤-١٢-٠١",
        "2024-12-01\x00",
    ]:
        with pytest.raises(InvalidParameter, match=r"^d: "):
            iso_date("d", value)


def test_datetimes():
    utc = datetime.UTC
    assert iso_datetime("t", "2024-12-01T10:30:00Z") == datetime.datetime(
        2024, 12, 1, 10, 30, tzinfo=utc
    )
    assert iso_datetime("t", "2024-12-01T10:30+02:00").utcoffset() == datetime.timedelta(hours=2)
    # Naive: the newsroom's time zone (UTC in tests).
    assert iso_datetime("t", "2024-12-01T10:30").tzinfo is not None
    for value in [
        "2024-12-01",
        "2024-12-01 10:30",
        "2024-12-01T25:00",
        "2024-12-01T10:30+99:00",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-23:59",
        "２０２４-12-01T10:30",
    ]:
        with pytest.raises(InvalidParameter, match=r"^t: "):
            iso_datetime("t", value)


def test_a_datetime_with_no_utc_counterpart_is_refused():
    plus_14 = datetime.timezone(datetime.timedelta(hours=14))
    with pytest.raises(InvalidParameter, match=r"^created_at_from: "):
        storable_datetime("created_at_from", datetime.datetime(1, 1, 1, tzinfo=plus_14))
    ok = datetime.datetime(2024, 1, 1, tzinfo=plus_14)
    assert storable_datetime("created_at_from", ok) is ok


@settings(max_examples=200, deadline=None)
@given(value=st.text())
@example(value="0001-01-01T00:00+00:01")
def test_any_text_is_a_date_a_datetime_or_invalid_parameter(value):
    for parse in (iso_date, iso_datetime):
        try:
            parse("when", value)
        except InvalidParameter as refused:
            assert refused.parameter == "when"


def test_text_and_search_words():
    assert text("tag", None) == ""
    assert text("tag", "NATO") == "NATO"
    with pytest.raises(InvalidParameter, match="^tag: must not contain NUL"):
        text("tag", "NA\x00TO")
    assert search_words("search", ' "NATO" allies ') == "NATO  allies"
    with pytest.raises(InvalidParameter, match="^search: "):
        search_words("search", "a\x00b")
