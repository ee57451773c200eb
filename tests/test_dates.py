import datetime as dt

import pytest

from kithbook.dates import parse_cadence, parse_date, parse_datetime, parse_duration, parse_period
from kithbook.model import Period

PLUS_ONE = dt.timezone(dt.timedelta(hours=1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20", (dt.date(2026, 11, 20), None)),
        ("2026-11-20 14:30", (dt.date(2026, 11, 20), dt.time(14, 30))),
        ("2026-11-20 14:30:15", (dt.date(2026, 11, 20), dt.time(14, 30, 15))),
        ("2026-11-20T09:05", (dt.date(2026, 11, 20), dt.time(9, 5))),
        ("2026-11-20 9:05", (dt.date(2026, 11, 20), dt.time(9, 5))),
        ("2026-11-20 18:00+01:00", (dt.date(2026, 11, 20), dt.time(18, tzinfo=PLUS_ONE))),
        ("2026-11-20T18:00:00Z", (dt.date(2026, 11, 20), dt.time(18, tzinfo=dt.UTC))),
        ("2026-11-20 18:00 +0100", (dt.date(2026, 11, 20), dt.time(18, tzinfo=PLUS_ONE))),
        ("2024-02-29", (dt.date(2024, 2, 29), None)),
        (dt.date(2026, 1, 2), (dt.date(2026, 1, 2), None)),
    ],
)
def test_every_form_people_type_is_read(text, expected):
    assert parse_datetime(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-11-31", "2026-11-31 does not exist: November 2026 has 30 days"),
        ("2025-02-29", "2025-02-29 does not exist: February 2025 has 28 days"),
        ("2026-13-01", "no month 13"),
        ("2026-11-20 24:00", "no such time of day"),
        ("2026-11-20 12:60", "no such time of day"),
        ("20 Nov 2026", "cannot read '20 Nov 2026' as a date"),
        ("2026-11-20 18:00+25:00", "impossible time zone offset"),
    ],
)
def test_impossible_or_unreadable_dates_are_explained(text, message):
    with pytest.raises(ValueError, match=message):
        parse_datetime(text)


def test_a_plain_date_refuses_a_time():
    with pytest.raises(ValueError, match="without a time"):
        parse_date("2026-11-20 10:00")


@pytest.mark.parametrize(
    ("text", "period"),
    [("90d", Period(90, "d")), ("6w", Period(6, "w")), ("3m", Period(3, "m")),
     ("1Y", Period(1, "y")), (30, Period(30, "d")), (" 2 w ", Period(2, "w"))],
)
def test_periods(text, period):
    assert parse_period(text) == period


@pytest.mark.parametrize("text", ["3 months", "m3", "", "1.5w", True, None, [1]])
def test_bad_periods(text):
    with pytest.raises(ValueError):
        parse_period(text)


def test_cadence_never_is_none_and_errors_name_never():
    assert parse_cadence("never") is None
    assert parse_cadence("Never") is None
    with pytest.raises(ValueError, match="or never"):
        parse_cadence("sometimes")


@pytest.mark.parametrize(
    ("start", "period", "end"),
    [
        (dt.date(2026, 1, 31), Period(1, "m"), dt.date(2026, 2, 28)),
        (dt.date(2024, 2, 29), Period(1, "y"), dt.date(2025, 2, 28)),
        (dt.date(2026, 11, 26), Period(3, "m"), dt.date(2027, 2, 26)),
        (dt.date(2026, 12, 31), Period(2, "w"), dt.date(2027, 1, 14)),
        (dt.date(2026, 11, 30), Period(13, "m"), dt.date(2027, 12, 30)),
    ],
)
def test_period_arithmetic_clamps_to_month_end(start, period, end):
    assert period.after(start) == end


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("45m", 45), ("1h", 60), ("1h30m", 90), ("1h 30m", 90), ("90 min", 90), (30, 30), ("20", 20)],
)
def test_durations(text, minutes):
    assert parse_duration(text) == dt.timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["45 minutes", "h", "", "soon", 1.5])
def test_bad_durations(text):
    with pytest.raises(ValueError):
        parse_duration(text)


@pytest.mark.parametrize(
    ("start", "count", "end"),
    [
        ("2026-11-26", 1, "2026-11-27"),  # Thursday -> Friday
        ("2026-11-27", 1, "2026-11-30"),  # Friday -> Monday
        ("2026-11-28", 1, "2026-11-30"),  # Saturday -> Monday
        ("2026-11-29", 5, "2026-12-04"),  # Sunday -> Friday
        ("2026-11-27", 3, "2026-12-02"),
        ("2026-11-27", 7, "2026-12-08"),
        ("2026-11-23", 10, "2026-12-07"),
        ("2026-11-23", 0, "2026-11-23"),
    ],
)
def test_business_days_skip_weekends(start, count, end):
    assert Period(count, "b").after(dt.date.fromisoformat(start)) == dt.date.fromisoformat(end)


def test_business_day_periods_parse():
    assert parse_period("7b") == Period(7, "b")
