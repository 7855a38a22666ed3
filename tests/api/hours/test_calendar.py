"""The working-day rules and the calendar file."""
import os
from datetime import date, time

import pytest

from api.hours.calendar import Calendar, CalendarError, calendar_at, load_calendar, official_days_off

CAL = Calendar()


@pytest.mark.parametrize("day", [
    date(2026, 1, 1),    # New Year (Thursday)
    date(2026, 4, 6),    # Easter Monday
    date(2026, 5, 1),    # Labour Day (Friday)
    date(2026, 5, 14),   # Ascension (Thursday)
    date(2026, 5, 25),   # Whit Monday
    date(2026, 7, 21),   # National Day (Tuesday)
    date(2025, 8, 15),   # Assumption (Friday)
    date(2027, 11, 1),   # All Saints (Monday)
    date(2026, 11, 11),  # Armistice (Wednesday)
    date(2026, 12, 25),  # Christmas (Friday)
    date(2026, 11, 2),   # federal day off (Monday)
    date(2027, 11, 15),  # federal day off (Monday)
    date(2025, 12, 26),  # federal day off (Friday)
])
def test_holidays_and_federal_days_off_on_weekdays_are_not_working_days(day):
    assert day.weekday() < 5, "the example must be a weekday to prove anything"
    assert not CAL.is_working_day(day)


@pytest.mark.parametrize("day", [
    date(2026, 4, 3),    # Good Friday: not a public holiday in Belgium
    date(2026, 4, 7),    # the Tuesday after Easter
    date(2027, 11, 12),  # Friday between 11 and 15 November
    date(2027, 11, 16),  # Tuesday after 15 November
    date(2025, 12, 24),  # Christmas Eve (Wednesday)
    date(2025, 12, 31),  # New Year's Eve (Wednesday)
    date(2026, 1, 2),    # Friday after New Year
])
def test_ordinary_weekdays_are_working_days(day):
    assert CAL.is_working_day(day)


def test_weekends_are_not_working_days():
    assert not CAL.is_working_day(date(2025, 11, 29))  # Saturday
    assert not CAL.is_working_day(date(2025, 11, 30))  # Sunday


def test_official_days_off_are_cached_per_year():
    assert official_days_off(2026) is official_days_off(2026)
    assert date(2026, 11, 15) in official_days_off(2026)  # a Sunday in 2026, still listed


def _write(tmp_path, body: str):
    path = tmp_path / "calendar.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_closure_days_and_ranges_from_the_file(tmp_path):
    cal = load_calendar(_write(tmp_path, """
office_hours:
  opens: "09:00"
  closes: "16:00"
closures:
  - date: 2026-05-15
    reason: bridge day after Ascension
  - from: 2026-12-28
    to: 2026-12-31
    reason: collective closure
"""))
    assert (cal.opens, cal.closes) == (time(9, 0), time(16, 0))
    assert not cal.is_working_day(date(2026, 5, 15))
    assert [cal.is_working_day(date(2026, 12, d)) for d in (28, 29, 30, 31)] == [False] * 4
    assert cal.is_working_day(date(2026, 5, 13)) and cal.is_working_day(date(2027, 1, 4))


def test_the_shipped_file_is_valid_and_keeps_the_desk_hours():
    from api.settings import ROOT

    cal = load_calendar(ROOT / "data" / "calendar.yaml")
    assert (cal.opens, cal.closes) == (time(8, 30), time(17, 0))


def test_unquoted_yaml_times_are_understood(tmp_path):
    # YAML 1.1 reads 08:30 without quotes as the number 510; we accept it rather than misread it.
    cal = load_calendar(_write(tmp_path, "office_hours:\n  opens: 08:30\n  closes: 17:00\n"))
    assert (cal.opens, cal.closes) == (time(8, 30), time(17, 0))


def test_missing_file_means_the_defaults(tmp_path):
    cal = load_calendar(tmp_path / "absent.yaml")
    assert (cal.opens, cal.closes, cal.closures) == (time(8, 30), time(17, 0), {})


@pytest.mark.parametrize("body, fragment", [
    ("office_hours: {opens: '17:00', closes: '08:30'}", "open before they close"),
    ("office_hours: {opens: 'half past eight'}", "office_hours.opens"),
    ("office_hours: {lunch: '12:00'}", "only 'opens' and 'closes'"),
    ("closures:\n  - date: 2026-02-30\n", "closures[0].date"),
    ("closures:\n  - from: 2026-12-31\n    to: 2026-12-28\n", "run forwards"),
    ("closures:\n  - from: 2026-12-31\n", "both 'from' and 'to'"),
    ("closures:\n  - day: 2026-12-31\n", "unknown keys"),
    ("closures: 2026-12-31\n", "must be a list"),
    ("holidays: []\n", "unknown top-level keys"),
    ("office_hours: [\n", "not valid YAML"),
])
def test_a_malformed_file_is_refused_with_a_message_naming_the_file(tmp_path, body, fragment):
    path = _write(tmp_path, body)
    with pytest.raises(CalendarError) as err:
        load_calendar(path)
    assert fragment in str(err.value) and str(path) in str(err.value)


def test_an_edited_file_is_picked_up_without_restart(tmp_path):
    path = _write(tmp_path, "closures: []\n")
    assert calendar_at(path).is_working_day(date(2026, 5, 15))
    assert calendar_at(path) is calendar_at(path)  # unchanged file: not re-read
    path.write_text("closures:\n  - date: 2026-05-15\n    reason: bridge day\n", encoding="utf-8")
    stat = os.stat(path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert not calendar_at(path).is_working_day(date(2026, 5, 15))
