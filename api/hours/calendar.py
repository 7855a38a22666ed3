"""The federal working-day calendar: which Brussels dates the Service Desk works, and its office hours.

A working day is Monday to Friday, except the Belgian public holidays (the `holidays` package, BE, public
category), the federal civil service's own days off (2 November, 15 November, 26 December), and the
closure days listed in the calendar file (`data/calendar.yaml`, path from settings `calendar_file`).
The file also sets the office hours. Its format is documented in the file itself.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays
import yaml

BRUSSELS = ZoneInfo("Europe/Brussels")
DEFAULT_OPENS = time(8, 30)
DEFAULT_CLOSES = time(17, 0)

# Days off of the federal civil service that are not Belgian public holidays (month, day).
# When one falls on a weekend there is no collective replacement day, so nothing moves.
FEDERAL_DAYS_OFF = ((11, 2), (11, 15), (12, 26))

log = logging.getLogger(__name__)


class CalendarError(ValueError):
    """The calendar file is unreadable or says something impossible; the message names the file and the entry."""


@lru_cache(maxsize=64)
def official_days_off(year: int) -> frozenset[date]:
    """Belgian public holidays plus the federal days off of one year (cached: built once per year)."""
    public = holidays.country_holidays("BE", years=year, categories=("public",))
    return frozenset(public) | {date(year, m, d) for m, d in FEDERAL_DAYS_OFF}


@dataclass(frozen=True)
class Calendar:
    """Office hours and extra closure days; everything else follows from the rules above."""

    opens: time = DEFAULT_OPENS
    closes: time = DEFAULT_CLOSES
    closures: dict[date, str] = field(default_factory=dict)  # date -> reason (for operators, never shown)

    def __post_init__(self) -> None:
        if self.opens >= self.closes:
            raise CalendarError(f"office hours must open before they close (got {self.opens:%H:%M}-{self.closes:%H:%M})")

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in official_days_off(day.year) and day not in self.closures


# --- the calendar file ------------------------------------------------------------------------------

class _Loader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so a bad date gets our message naming the entry, not PyYAML's."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _parse_time(value, key: str, path: Path) -> time:
    if isinstance(value, int):  # YAML 1.1 reads an unquoted 08:30 as a sexagesimal number (510)
        hours, minutes = divmod(value, 60)
        if 0 <= hours < 24:
            return time(hours, minutes)
    if isinstance(value, str):
        try:
            return time.fromisoformat(value.strip())
        except ValueError:
            pass
    raise CalendarError(f"{path}: office_hours.{key} must be a time like \"08:30\" (got {value!r})")


def _parse_date(value, where: str, path: Path) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise CalendarError(f"{path}: {where} must be a date like 2026-05-15 (got {value!r})") from None


def _closures(entries, path: Path) -> dict[date, str]:
    if entries is None:
        return {}
    if not isinstance(entries, list):
        raise CalendarError(f"{path}: closures must be a list")
    out: dict[date, str] = {}
    for i, entry in enumerate(entries):
        where = f"closures[{i}]"
        if not isinstance(entry, dict):
            raise CalendarError(f"{path}: {where} must be a mapping with 'date' (or 'from' and 'to') and 'reason'")
        unknown = set(entry) - {"date", "from", "to", "reason"}
        if unknown:
            raise CalendarError(f"{path}: {where} has unknown keys {sorted(unknown)}")
        reason = str(entry.get("reason") or "")
        if "date" in entry:
            if "from" in entry or "to" in entry:
                raise CalendarError(f"{path}: {where} gives both 'date' and 'from'/'to'")
            out[_parse_date(entry["date"], f"{where}.date", path)] = reason
            continue
        if "from" not in entry or "to" not in entry:
            raise CalendarError(f"{path}: {where} needs 'date', or both 'from' and 'to'")
        first = _parse_date(entry["from"], f"{where}.from", path)
        last = _parse_date(entry["to"], f"{where}.to", path)
        if last < first or (last - first).days > 366:
            raise CalendarError(f"{path}: {where} must run forwards and span at most a year")
        day = first
        while day <= last:
            out[day] = reason
            day += timedelta(days=1)
    return out


def load_calendar(path: Path) -> Calendar:
    """Read and validate a calendar file. A missing file means the defaults (08:30-17:00, no closures)."""
    path = Path(path)
    if not path.exists():
        log.warning("calendar file %s not found: using 08:30-17:00 and no extra closure days", path)
        return Calendar()
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except yaml.YAMLError as exc:
        raise CalendarError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise CalendarError(f"{path}: the top level must be a mapping with office_hours and closures")
    unknown = set(raw) - {"office_hours", "closures"}
    if unknown:
        raise CalendarError(f"{path}: unknown top-level keys {sorted(unknown)}")
    hours = raw.get("office_hours") or {}
    if not isinstance(hours, dict) or set(hours) - {"opens", "closes"}:
        raise CalendarError(f"{path}: office_hours takes only 'opens' and 'closes'")
    opens = _parse_time(hours["opens"], "opens", path) if "opens" in hours else DEFAULT_OPENS
    closes = _parse_time(hours["closes"], "closes", path) if "closes" in hours else DEFAULT_CLOSES
    try:
        return Calendar(opens=opens, closes=closes, closures=_closures(raw.get("closures"), path))
    except CalendarError as exc:
        raise CalendarError(f"{path}: {exc}") from None


_loaded: dict[Path, tuple[int, Calendar]] = {}


def calendar_at(path: Path) -> Calendar:
    """The calendar in a file, re-read only when the file changes (an edit needs no restart)."""
    path = Path(path)
    try:
        stamp = os.stat(path).st_mtime_ns
    except FileNotFoundError:
        stamp = -1
    cached = _loaded.get(path)
    if cached and cached[0] == stamp:
        return cached[1]
    cal = load_calendar(path)
    _loaded[path] = (stamp, cal)
    return cal


def current_calendar() -> Calendar:
    """The calendar configured in settings (`FRONTDOOR_CALENDAR_FILE`)."""
    from api.settings import get_settings

    return calendar_at(get_settings().calendar_file)
