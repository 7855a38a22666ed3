"""is_open, next_opening, closes_at and add_working_days on the Brussels clock, fed UTC instants."""
from datetime import datetime, timedelta, timezone

import pytest

from api.hours.calendar import BRUSSELS, Calendar, load_calendar
from api.hours.office_hours import add_working_days, closes_at, is_open, is_working_day, next_opening

CAL = Calendar()


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(timezone.utc)


def test_friday_1659_is_open_and_1700_is_closed_until_monday_0830():
    # Friday 28 November 2025, winter time (UTC+1)
    assert is_open(utc("2025-11-28T16:59:59+01:00"), CAL)
    assert closes_at(utc("2025-11-28T16:59:00+01:00"), CAL) == utc("2025-11-28T17:00:00+01:00")
    closed = utc("2025-11-28T17:00:00+01:00")
    assert not is_open(closed, CAL)
    assert closes_at(closed, CAL) is None
    assert next_opening(closed, CAL) == utc("2025-12-01T08:30:00+01:00")  # Monday


def test_saturday_is_closed_and_opens_monday():
    saturday = utc("2025-11-29T11:00:00+01:00")
    assert not is_open(saturday, CAL)
    assert next_opening(saturday, CAL) == utc("2025-12-01T08:30:00+01:00")


def test_0829_is_closed_and_0830_is_open():
    before = utc("2025-12-01T08:29:00+01:00")
    assert not is_open(before, CAL)
    assert next_opening(before, CAL) == utc("2025-12-01T08:30:00+01:00")  # today
    opening = utc("2025-12-01T08:30:00+01:00")
    assert is_open(opening, CAL)
    # strictly after: while open, the next opening is the next working day's
    assert next_opening(opening, CAL) == utc("2025-12-02T08:30:00+01:00")
    assert closes_at(opening, CAL) == utc("2025-12-01T17:00:00+01:00")


def test_easter_monday_is_closed():
    easter_monday = utc("2026-04-06T10:00:00+02:00")
    assert not is_open(easter_monday, CAL)
    assert next_opening(utc("2026-04-03T17:00:00+02:00"), CAL) == utc("2026-04-07T08:30:00+02:00")


def test_11_november_is_closed():
    assert not is_open(utc("2026-11-11T10:00:00+01:00"), CAL)  # Wednesday
    assert next_opening(utc("2026-11-10T18:00:00+01:00"), CAL) == utc("2026-11-12T08:30:00+01:00")


def test_2_november_is_closed():
    assert not is_open(utc("2026-11-02T10:00:00+01:00"), CAL)  # Monday, after All Saints on Sunday
    assert next_opening(utc("2026-10-30T17:00:00+01:00"), CAL) == utc("2026-11-03T08:30:00+01:00")


def test_15_november_is_closed():
    # 2027: 11 Nov Thursday, 12 Nov Friday open, 15 Nov Monday closed
    assert is_open(utc("2027-11-12T10:00:00+01:00"), CAL)
    assert not is_open(utc("2027-11-15T10:00:00+01:00"), CAL)
    assert next_opening(utc("2027-11-12T17:00:00+01:00"), CAL) == utc("2027-11-16T08:30:00+01:00")


def test_christmas_and_26_december_are_closed():
    # 2025: 24 Wed open, 25 Thu and 26 Fri closed, weekend, Monday 29 opens
    assert is_open(utc("2025-12-24T16:00:00+01:00"), CAL)
    assert not is_open(utc("2025-12-26T10:00:00+01:00"), CAL)
    assert next_opening(utc("2025-12-24T17:00:00+01:00"), CAL) == utc("2025-12-29T08:30:00+01:00")


def test_spring_forward_next_opening_is_at_0830_summer_time():
    # last Sunday of March 2026 is the 29th: Friday closes at 17:00 UTC+1, Monday opens 08:30 UTC+2
    friday_close = utc("2026-03-27T17:00:00+01:00")
    assert friday_close == datetime(2026, 3, 27, 16, 0, tzinfo=timezone.utc)
    opening = next_opening(friday_close, CAL)
    assert opening == datetime(2026, 3, 30, 6, 30, tzinfo=timezone.utc)
    assert opening.astimezone(BRUSSELS).utcoffset() == timedelta(hours=2)
    assert not is_open(datetime(2026, 3, 30, 6, 29, tzinfo=timezone.utc), CAL)
    assert is_open(datetime(2026, 3, 30, 6, 30, tzinfo=timezone.utc), CAL)
    assert is_open(datetime(2026, 3, 27, 15, 59, tzinfo=timezone.utc), CAL)  # 16:59 winter time


def test_fall_back_next_opening_is_at_0830_winter_time():
    # last Sunday of October 2026 is the 25th: Friday closes at 17:00 UTC+2, Monday opens 08:30 UTC+1
    friday_close = datetime(2026, 10, 23, 15, 0, tzinfo=timezone.utc)
    assert not is_open(friday_close, CAL)
    assert is_open(friday_close - timedelta(minutes=1), CAL)
    opening = next_opening(friday_close, CAL)
    assert opening == datetime(2026, 10, 26, 7, 30, tzinfo=timezone.utc)
    assert opening.astimezone(BRUSSELS).utcoffset() == timedelta(hours=1)
    assert not is_open(datetime(2026, 10, 26, 7, 29, tzinfo=timezone.utc), CAL)


def test_brussels_midnight_not_utc_midnight_decides_the_day():
    # 23:30 UTC on Friday is 00:30 Saturday in Brussels: the next opening is Monday, not "Friday"
    late = datetime(2025, 11, 28, 23, 30, tzinfo=timezone.utc)
    assert next_opening(late, CAL) == utc("2025-12-01T08:30:00+01:00")
    assert not is_working_day(late, CAL)  # a datetime counts by its Brussels date (Saturday)


def test_a_closure_day_from_the_calendar_file(tmp_path):
    path = tmp_path / "calendar.yaml"
    path.write_text("closures:\n  - date: 2026-05-15\n    reason: bridge day after Ascension\n")
    cal = load_calendar(path)
    assert not is_open(utc("2026-05-15T10:00:00+02:00"), cal)
    assert is_open(utc("2026-05-15T10:00:00+02:00"), CAL)
    # Wednesday 13 May closes; Thursday is Ascension, Friday the bridge day: Monday 18 May
    assert next_opening(utc("2026-05-13T17:00:00+02:00"), cal) == utc("2026-05-18T08:30:00+02:00")
    assert add_working_days(utc("2026-05-13T10:00:00+02:00"), 1, cal) == utc("2026-05-18T10:00:00+02:00")


def test_office_hours_from_the_calendar_file(tmp_path):
    path = tmp_path / "calendar.yaml"
    path.write_text('office_hours:\n  opens: "09:00"\n  closes: "16:00"\n')
    cal = load_calendar(path)
    assert not is_open(utc("2025-12-01T08:45:00+01:00"), cal)
    assert is_open(utc("2025-12-01T15:59:00+01:00"), cal)
    assert not is_open(utc("2025-12-01T16:00:00+01:00"), cal)
    assert next_opening(utc("2025-12-01T08:45:00+01:00"), cal) == utc("2025-12-01T09:00:00+01:00")


def test_a_calendar_that_closes_everything_has_no_next_opening():
    start = datetime(2026, 1, 1).date()
    closed = Calendar(closures={start + timedelta(days=i): "closed" for i in range(800)})
    assert next_opening(utc("2026-01-01T10:00:00+01:00"), closed) is None


def test_add_working_days_over_a_weekend():
    thursday = utc("2025-11-27T10:15:00+01:00")
    assert add_working_days(thursday, 1, CAL) == utc("2025-11-28T10:15:00+01:00")
    assert add_working_days(thursday, 2, CAL) == utc("2025-12-01T10:15:00+01:00")
    assert add_working_days(utc("2025-11-28T16:00:00+01:00"), 5, CAL) == utc("2025-12-05T16:00:00+01:00")
    # a start on Saturday counts from Monday
    assert add_working_days(utc("2025-11-29T10:00:00+01:00"), 1, CAL) == utc("2025-12-01T10:00:00+01:00")


def test_add_working_days_over_christmas_and_new_year():
    # from Monday 22 Dec 2025: 23, 24, (25, 26 off, weekend), 29, 30, 31
    assert add_working_days(utc("2025-12-22T10:00:00+01:00"), 5, CAL) == utc("2025-12-31T10:00:00+01:00")
    # from Wednesday 24 Dec 2025: 29, 30, 31, (1 Jan off), 2 Jan, (weekend), 5 Jan
    assert add_working_days(utc("2025-12-24T10:00:00+01:00"), 5, CAL) == utc("2026-01-05T10:00:00+01:00")


def test_add_working_days_keeps_the_brussels_wall_clock_across_the_time_change():
    friday = datetime(2026, 3, 27, 9, 0, tzinfo=timezone.utc)  # 10:00 winter time
    assert add_working_days(friday, 1, CAL) == datetime(2026, 3, 30, 8, 0, tzinfo=timezone.utc)  # 10:00 summer


def test_add_working_days_counts_brussels_dates_near_midnight():
    # 00:30 Tuesday in Brussels is still Monday in UTC
    tuesday_early = datetime(2025, 12, 1, 23, 30, tzinfo=timezone.utc)
    assert add_working_days(tuesday_early, 1, CAL) == datetime(2025, 12, 2, 23, 30, tzinfo=timezone.utc)


def test_add_working_days_edges():
    at = utc("2025-12-01T10:00:00+01:00")
    assert add_working_days(at, 0, CAL) == at
    assert add_working_days(at, 1, CAL).tzinfo == timezone.utc
    with pytest.raises(ValueError):
        add_working_days(at, -1, CAL)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        is_open(datetime(2025, 12, 1, 10, 0), CAL)
    with pytest.raises(ValueError):
        next_opening(datetime(2025, 12, 1, 10, 0), CAL)


def test_outputs_are_utc():
    at = utc("2025-11-28T17:00:00+01:00").astimezone(BRUSSELS)  # a Brussels-aware input works too
    assert next_opening(at, CAL).tzinfo == timezone.utc
    assert closes_at(utc("2025-12-01T10:00:00+01:00"), CAL).tzinfo == timezone.utc
