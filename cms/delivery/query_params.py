"""One parser for the numbers, dates and search words in query strings.

A query string is text from anyone. Python's own parsers take far more than an
API promises (`int()` reads "٣", "３", " 1", "+1" and "1_000"; `str.isdigit()`
says yes to "²", which `int()` then refuses), and a number that parses can
still be too large for the database: SQLite and PostgreSQL both fail on an
OFFSET or an id beyond a signed 64-bit integer. So every endpoint we serve
reads its parameters here:

- a whole number is ASCII digits only, from the endpoint's minimum to at most
  MAX_WHOLE_NUMBER;
- a date is the ISO 8601 calendar form YYYY-MM-DD; a datetime is ISO 8601
  (YYYY-MM-DDTHH:MM[:SS[.ffffff]], optional `Z` or ±HH:MM offset; naive means
  the newsroom's TIME_ZONE), and either must exist in UTC, where the database
  compares it;
- free text and search words must not contain NUL, which PostgreSQL cannot
  store or compare; search words lose double quotes, which no search here
  gives a meaning to;
- an absent or empty parameter is "not given" (the `_or` functions).

Whatever cannot be used raises `InvalidParameter`, the one exception every
API answers with a 400 application/problem+json whose detail starts with the
parameter's name, e.g. `limit: must be a whole number from 1 to 20.`: ninja's
exception handler for API v3 (cms/api.py), `ProblemDetailsMixin` for API v2
(cms/delivery/problems.py). The feeds answer it as a plain-text 400.
"""

from __future__ import annotations

import datetime
import re
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

__all__ = [
    "MAX_WHOLE_NUMBER",
    "InvalidParameter",
    "bounded",
    "check_field_filter",
    "iso_date",
    "iso_datetime",
    "search_words",
    "storable_datetime",
    "text",
    "unquoted",
    "whole_number",
    "whole_number_or",
]

# The largest value of a signed 64-bit column (PostgreSQL bigint, SQLite INTEGER),
# which is also the largest LIMIT or OFFSET either database takes.
MAX_WHOLE_NUMBER = 2**63 - 1
_MAX_DIGITS = len(str(MAX_WHOLE_NUMBER))

# `[0-9]`, never `\d`: in a str pattern `\d` matches every script's digits.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?"
)
# How much of a refused value an error message quotes back.
_ECHO = 40

Default = TypeVar("Default")


class InvalidParameter(ValueError):
    """A query parameter whose value cannot be used: a 400 naming the parameter."""

    def __init__(self, parameter: str, problem: str) -> None:
        self.parameter = parameter
        self.problem = problem
        super().__init__(f"{parameter}: {problem}")


def _upper(high: int | None) -> int:
    return MAX_WHOLE_NUMBER if high is None else min(high, MAX_WHOLE_NUMBER)


def _not_whole(name: str, low: int, high: int | None) -> InvalidParameter:
    return InvalidParameter(name, f"must be a whole number from {low} to {_upper(high)}.")


def bounded(name: str, number: int, *, low: int = 0, high: int | None = None) -> int:
    """A number another layer already parsed (pydantic, say), held to the same bounds."""
    if not low <= number <= _upper(high):
        raise _not_whole(name, low, high)
    return number


def whole_number(name: str, value: str, *, low: int = 0, high: int | None = None) -> int:
    """`value` as a whole number from `low` to `high` (never above MAX_WHOLE_NUMBER)."""
    # isascii() first: isdigit() alone also says yes to "²" and "٣".
    if not (value.isascii() and value.isdigit()):
        raise _not_whole(name, low, high)
    # Counting digits before int() keeps a 5,000-digit value from costing anything.
    if len(value.lstrip("0")) > _MAX_DIGITS:
        raise _not_whole(name, low, high)
    return bounded(name, int(value), low=low, high=high)


def whole_number_or(
    name: str,
    value: str | None,
    default: Default,
    *,
    low: int = 0,
    high: int | None = None,
) -> int | Default:
    """`whole_number`, or `default` when the parameter is absent or empty."""
    if value is None or value == "":
        return default
    return whole_number(name, value, low=low, high=high)


def iso_date(name: str, value: str) -> datetime.date:
    """A YYYY-MM-DD calendar date."""
    try:
        # Only the calendar form: Python 3.11's fromisoformat also takes "20241201"
        # and week dates, which no endpoint promises.
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise InvalidParameter(name, f"{value[:_ECHO]!r} is not an ISO date (YYYY-MM-DD)") from None


def iso_datetime(name: str, value: str) -> datetime.datetime:
    """An ISO 8601 date and time, made aware (naive: TIME_ZONE) and storable."""
    try:
        if not _ISO_DATETIME.fullmatch(value):
            raise ValueError(value)
        parsed = datetime.datetime.fromisoformat(value)
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed, timezone.get_default_timezone())
    except (ValueError, OverflowError):
        raise InvalidParameter(
            name, f"{value[:_ECHO]!r} is not an ISO 8601 date and time (YYYY-MM-DDTHH:MM:SS+00:00)"
        ) from None
    return storable_datetime(name, parsed)


def storable_datetime(name: str, value: datetime.datetime) -> datetime.datetime:
    """`value`, if it exists in UTC, where the database compares datetimes.

    0001-01-01T00:00+01:00 is a valid datetime with no UTC counterpart (it falls
    in year 0): Django converts to UTC on the way to the database and raised
    OverflowError there, a 500.
    """
    if timezone.is_aware(value):
        try:
            value.astimezone(datetime.UTC)
        except (ValueError, OverflowError):
            raise InvalidParameter(
                name, f"{value.isoformat()} is outside 0001-01-01 to 9999-12-31 in UTC"
            ) from None
    return value


def text(name: str, value: str | None) -> str:
    """A free-text value ("" when absent), refusing what the database would choke on."""
    if value and "\x00" in value:
        # PostgreSQL cannot store or compare NUL characters: a 400, not a 500.
        raise InvalidParameter(name, "must not contain NUL characters")
    return value or ""


def unquoted(query: str) -> str:
    """A search query without double quotes, which no search here gives a meaning to.

    A plain-text search has no quote syntax, but modelsearch's SQLite (FTS5)
    backend wraps each term in double quotes without escaping them, so one stray
    `"` was a database error. Dropping quotes changes no result on any backend.
    """
    return query.replace('"', " ").strip()


def search_words(name: str, value: str | None) -> str:
    """The words to search for in a search parameter; "" means no search."""
    return unquoted(text(name, value))


def check_field_filter(name: str, field: models.Field, value: str) -> str:
    """The value to filter a model field on (`?dateline=`), refusing one that would crash.

    Wagtail's APIs filter on a model's API fields with the raw value (v2) or its
    `get_prep_value` (v3), catching only ValueError: an unparsable date raised
    ValidationError and a datetime with no UTC counterpart OverflowError, both
    500s. Dates and datetimes are read as the field reads them (to_python), so
    every form Wagtail took still works, and a naive datetime comes back made
    aware in TIME_ZONE, as Django would make it after warning; integers and
    integer foreign keys are ids and counts, read as whole numbers.
    """
    if isinstance(field, models.DateField):  # DateTimeField too
        try:
            parsed = field.to_python(value)
        except ValidationError:
            raise InvalidParameter(name, f"{value[:_ECHO]!r} is not a valid date") from None
        if isinstance(parsed, datetime.datetime):
            if timezone.is_naive(parsed):
                try:
                    parsed = timezone.make_aware(parsed, timezone.get_default_timezone())
                except (ValueError, OverflowError):
                    raise InvalidParameter(name, f"{value[:_ECHO]!r} is out of range") from None
            return storable_datetime(name, parsed).isoformat()
        return value
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    if isinstance(target, models.IntegerField):  # AutoField and BigAutoField too
        whole_number(name, value)
    return value
