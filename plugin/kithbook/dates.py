"""Dates, times, periods and durations in the forms people type.

Each parser takes the raw YAML value and returns a typed value or raises
`ValueError` with a message meant for the user (the caller adds file, line
and key).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from typing import Any

from kithbook.model import Birthday, Period

_DATE_TIME = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6})\d*)?)?)?"
    r"[ \t]*(Z|[+-]\d{2}(?::?\d{2})?)?"
)
_PERIOD = re.compile(r"(\d+)[ \t]*([dbwmy])")
_DURATION = re.compile(r"(?:(\d+)[ \t]*h)?[ \t]*(?:(\d+)[ \t]*m(?:in)?)?")

# Dates outside these years are refused: a build adds and subtracts periods around every
# date, and year 1 or 9999 would overflow Python's dates (the calendar, the heatmaps).
FIRST_YEAR, LAST_YEAR = 1800, 2199
# The longest period (cadence, snooze, nudge) and meeting duration that can be meant.
MAX_PERIOD_DAYS = 36_525  # 100 years
MAX_DURATION = dt.timedelta(days=7)
_UNIT_DAYS = {"d": 1, "b": 1, "w": 7, "m": 31, "y": 366}

DATE_FORMS = "YYYY-MM-DD, optionally followed by HH:MM or HH:MM:SS and an offset like +01:00"


class _TooLong(ValueError):
    """A period past MAX_PERIOD_DAYS: said as such, not as unreadable."""


def parse_date(value: Any) -> dt.date:
    """A calendar date (a time, if given, is not allowed here)."""
    day, time = parse_datetime(value)
    if time is not None:
        raise ValueError(f"expected a date without a time, e.g. 2026-11-20, got {value!s}")
    return day


def parse_datetime(value: Any) -> tuple[dt.date, dt.time | None]:
    """A date and an optional time (aware when the text carries an offset)."""
    if isinstance(value, dt.datetime):
        return value.date(), value.timetz()
    if isinstance(value, dt.date):
        return value, None
    if not isinstance(value, str):
        raise ValueError(f"expected a date ({DATE_FORMS}), got {_describe(value)}")
    return _parse_datetime_text(value)


@functools.lru_cache(maxsize=8192)
def _parse_datetime_text(value: str) -> tuple[dt.date, dt.time | None]:
    """Cached: a vault repeats the same dates many times over."""
    match = _DATE_TIME.fullmatch(value.strip())
    if not match:
        raise ValueError(f"cannot read {value!r} as a date; write {DATE_FORMS}")
    year, month, day = (int(g) for g in match.group(1, 2, 3))
    date = _checked_date(year, month, day)
    if match.group(4) is None:
        if match.group(8):
            raise ValueError(f"{value!r} has a time zone offset but no time")
        return date, None
    return date, _checked_time(match, value)


def _checked_date(year: int, month: int, day: int) -> dt.date:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"{year:04d}-{month:02d}-{day:02d} is out of range: Kithbook reads"
                         f" dates from {FIRST_YEAR} to {LAST_YEAR}")
    if not 1 <= month <= 12:
        raise ValueError(f"{year:04d}-{month:02d}-{day:02d} does not exist: no month {month}")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        name = calendar.month_name[month]
        raise ValueError(
            f"{year:04d}-{month:02d}-{day:02d} does not exist: {name} {year} has {last} days"
        )
    return dt.date(year, month, day)


def _checked_time(match: re.Match[str], value: str) -> dt.time:
    hour, minute = int(match.group(4)), int(match.group(5))
    second = int(match.group(6) or 0)
    micro = int((match.group(7) or "0").ljust(6, "0"))
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"{value!r} has no such time of day (use 00:00 to 23:59)")
    return dt.time(hour, minute, second, micro, tzinfo=_offset(match.group(8), value))


def _offset(text: str | None, value: str) -> dt.tzinfo | None:
    if text is None:
        return None
    if text == "Z":
        return dt.UTC
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError(f"{value!r} has an impossible time zone offset {text}")
    sign = -1 if text[0] == "-" else 1
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


_BIRTHDAY = re.compile(r"(?:(\d{4})-)?(\d{1,2})-(\d{1,2})")


def parse_birthday(value: Any) -> Birthday:
    """`MM-DD`, or `YYYY-MM-DD` when the year is known; 02-29 is a real birthday."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return Birthday(value.month, value.day, value.year)
    match = _BIRTHDAY.fullmatch(value.strip()) if isinstance(value, str) else None
    if not match:
        raise ValueError(f"cannot read {value!r} as a birthday; write MM-DD (e.g. 05-17)"
                         " or YYYY-MM-DD")
    year = int(match.group(1)) if match.group(1) else None
    month, day = int(match.group(2)), int(match.group(3))
    if year is not None:
        _checked_date(year, month, day)
    elif not 1 <= month <= 12:
        raise ValueError(f"{month:02d}-{day:02d} does not exist: no month {month} (MM-DD)")
    elif not 1 <= day <= (last := calendar.monthrange(2000, month)[1]):  # 2000: leap year
        raise ValueError(f"{month:02d}-{day:02d} does not exist: {calendar.month_name[month]}"
                         f" has {last} days at most")
    return Birthday(month, day, year)


def parse_count(value: Any) -> int:
    """A whole number, zero or more (an invitation's `sequence`)."""
    if isinstance(value, bool) or not isinstance(value, int | str) or \
            not str(value).strip().isdigit():
        raise ValueError(f"expected a whole number (0, 1, 2, ...), got {_describe(value)}")
    return int(str(value).strip())


def parse_period(value: Any) -> Period:
    """`Nd`, `Nb` (business days), `Nw`, `Nm` or `Ny`; a bare number means days."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"expected a period like 90d, 6w, 3m or 1y, got {_describe(value)}")
    text = str(value).strip().lower()
    if text.isdigit():
        text += "d"
    match = _PERIOD.fullmatch(text)
    if not match:
        raise ValueError(
            f"cannot read {value!r} as a period; write a number and d, b (business days),"
            " w, m or y (e.g. 90d)"
        )
    count, unit = int(match.group(1)), match.group(2)
    if count * _UNIT_DAYS[unit] > MAX_PERIOD_DAYS:
        raise _TooLong(f"{value!s} is too long: a period is at most 100 years")
    return Period(count, unit)  # type: ignore[arg-type]


_UNIT_WORDS = re.compile(r"(\d+)\s*(business\s+days?|days?|weeks?|wks?|months?|mos?|years?|yrs?)",
                        re.I)


def parse_typed_period(value: str) -> Period:
    """A period as typed on the command line: `2w`, or in words: `2 weeks`, `10 business
    days`, `3 months`, `1 year`. (Files keep the short form, which is what gets written.)"""
    short = _UNIT_WORDS.fullmatch(value.strip())
    if short is None:
        return parse_period(value)
    unit = short.group(2).lower()
    letter = "b" if unit.startswith("business") else unit[0]
    return parse_period(f"{short.group(1)}{letter}")


def parse_cadence(value: Any) -> Period | None:
    """A keep-in-touch interval, or None for `never`."""
    if isinstance(value, str) and value.strip().lower() == "never":
        return None
    if value is False:  # `cadence: no` / `off` in YAML 1.1
        return None
    try:
        return parse_period(value)
    except _TooLong:
        raise
    except ValueError:
        raise ValueError(
            f"cannot read {value!r} as a cadence; write 90d, 6w, 3m, 1y or never"
        ) from None


def parse_duration(value: Any) -> dt.timedelta:
    """`45m`, `1h`, `1h30m`, `90 min`; a bare number means minutes."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"expected a duration like 45m or 1h30m, got {_describe(value)}")
    text = str(value).strip().lower()
    if text.isdigit():
        return _checked_duration(0, int(text), value)
    match = _DURATION.fullmatch(text)
    if not text or not match or not any(match.groups()):
        raise ValueError(f"cannot read {value!r} as a duration; write 45m, 1h or 1h30m")
    hours, minutes = (int(g or 0) for g in match.groups())
    return _checked_duration(hours, minutes, value)


def _checked_duration(hours: int, minutes: int, value: Any) -> dt.timedelta:
    """The duration, or ValueError past MAX_DURATION (checked before a timedelta overflows)."""
    if hours * 60 + minutes > MAX_DURATION.total_seconds() // 60:
        raise ValueError(f"{value!s} is too long: a duration is at most 7 days (168h)")
    return dt.timedelta(hours=hours, minutes=minutes)


def _describe(value: Any) -> str:
    """How a wrong YAML value reads to a person: its YAML type and the value."""
    names = {bool: "true/false", int: "a number", float: "a number", list: "a list",
             dict: "a mapping", type(None): "nothing"}
    return names.get(type(value), type(value).__name__) + ("" if value is None else f" ({value!r})")
