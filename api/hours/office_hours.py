"""When the Service Desk's phone line is open, and deadlines counted in federal working days.

Pure functions of the time they are given (no hidden "now"): aware datetimes in, aware UTC datetimes out,
computed on the Brussels wall clock. Each takes an optional `Calendar`; without one they use the calendar
file from settings (re-read only when it changes).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from api.hours.calendar import BRUSSELS, Calendar, CalendarError, current_calendar

# How far ahead we look for an opening before concluding the calendar closes everything.
MAX_SCAN_DAYS = 400


def _brussels(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("give an aware datetime (UTC preferably), not a naive one")
    return at.astimezone(BRUSSELS)


def _utc(day: date, wall) -> datetime:
    """A Brussels wall-clock time on a day, as UTC. Working days never hold a DST gap or fold (those are Sundays)."""
    return datetime.combine(day, wall, tzinfo=BRUSSELS).astimezone(timezone.utc)


def is_working_day(day: date | datetime, cal: Calendar | None = None) -> bool:
    """A federal working day; a datetime counts by its Brussels date."""
    if isinstance(day, datetime):
        day = _brussels(day).date()
    return (cal or current_calendar()).is_working_day(day)


def is_open(at: datetime, cal: Calendar | None = None) -> bool:
    """Open from `opens` (inclusive) to `closes` (exclusive) on working days: 08:30 is open, 17:00 is closed."""
    cal = cal or current_calendar()
    local = _brussels(at)
    return cal.is_working_day(local.date()) and cal.opens <= local.time() < cal.closes


def next_opening(at: datetime, cal: Calendar | None = None) -> datetime | None:
    """The next start of office hours strictly after `at`.

    When closed, that is when the line opens again (today at 08:30 before opening time). When open, it is
    the opening of the next working day (the one after the current period closes). None only when the
    calendar closes every day for over a year.
    """
    cal = cal or current_calendar()
    day = _brussels(at).date()
    at_utc = at.astimezone(timezone.utc)
    for _ in range(MAX_SCAN_DAYS):
        if cal.is_working_day(day):
            opening = _utc(day, cal.opens)
            if opening > at_utc:
                return opening
        day += timedelta(days=1)
    return None


def closes_at(at: datetime, cal: Calendar | None = None) -> datetime | None:
    """When the current office-hours period ends, if the line is open at `at`; else None."""
    cal = cal or current_calendar()
    if not is_open(at, cal):
        return None
    return _utc(_brussels(at).date(), cal.closes)


def add_working_days(at: datetime, n: int, cal: Calendar | None = None) -> datetime:
    """The same Brussels wall-clock time `n` federal working days later (used for the 5-working-day auto-close).

    Days are counted after `at`'s Brussels date, so a start on a weekend or holiday counts from the next
    working day: Saturday 10:00 + 1 is Monday 10:00, Friday 10:00 + 1 is Monday 10:00. n = 0 returns `at`.
    """
    if n < 0:
        raise ValueError("n must be zero or more working days")
    cal = cal or current_calendar()
    local = _brussels(at)
    if n == 0:
        return at.astimezone(timezone.utc)
    day, counted, idle = local.date(), 0, 0
    while counted < n:
        day += timedelta(days=1)
        if cal.is_working_day(day):
            counted, idle = counted + 1, 0
        else:
            idle += 1
            if idle > MAX_SCAN_DAYS:
                raise CalendarError("the calendar has no working day for over a year")
    return _utc(day, local.time())


def working_days_until(at: datetime, until: datetime, cal: Calendar | None = None) -> int:
    """How many federal working days come after `at`'s Brussels date up to `until`'s (0: the same day or
    earlier): the inverse of add_working_days, for "closes in N working days"."""
    cal = cal or current_calendar()
    day, last, n = _brussels(at).date(), _brussels(until).date(), 0
    while day < last:
        day += timedelta(days=1)
        n += cal.is_working_day(day)
    return n
