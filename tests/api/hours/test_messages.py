"""Dates and times as a Dutch or French reader expects them."""
from datetime import date, datetime, time

import pytest

from api.hours.calendar import BRUSSELS
from api.hours.messages import CATALOGUE, clock_time, day_name, moment

MONDAY_1_DEC = datetime(2025, 12, 1, 8, 30, tzinfo=BRUSSELS)
FRIDAY_28_NOV = date(2025, 11, 28)


def test_every_key_exists_in_both_languages():
    assert set(CATALOGUE["nl"]) == set(CATALOGUE["fr"])


@pytest.mark.parametrize("lang, expected", [
    ("nl", "maandag 1 december om 8.30 uur"),
    ("fr", "lundi 1er décembre à 8h30"),
])
def test_first_of_the_month(lang, expected):
    assert MONDAY_1_DEC.strftime("%A") == "Monday"
    assert moment(MONDAY_1_DEC, FRIDAY_28_NOV, lang) == expected


@pytest.mark.parametrize("lang, expected", [
    ("nl", "dinsdag 2 december om 8.30 uur"),
    ("fr", "mardi 2 décembre à 8h30"),  # "1er" only on the first
])
def test_other_days_have_no_ordinal(lang, expected):
    assert moment(datetime(2025, 12, 2, 8, 30, tzinfo=BRUSSELS), FRIDAY_28_NOV, lang) == expected


@pytest.mark.parametrize("lang, today, expected", [
    ("nl", date(2025, 12, 1), "vandaag om 8.30 uur"),
    ("fr", date(2025, 12, 1), "aujourd'hui à 8h30"),
    ("nl", date(2025, 11, 30), "morgen om 8.30 uur"),
    ("fr", date(2025, 11, 30), "demain à 8h30"),
])
def test_today_and_tomorrow(lang, today, expected):
    assert moment(MONDAY_1_DEC, today, lang) == expected


@pytest.mark.parametrize("lang, wall, expected", [
    ("nl", time(8, 30), "8.30 uur"), ("fr", time(8, 30), "8h30"),
    ("nl", time(17, 0), "17 uur"), ("fr", time(17, 0), "17h"),
    ("nl", time(9, 5), "9.05 uur"), ("fr", time(9, 5), "9h05"),
])
def test_clock_times(lang, wall, expected):
    assert clock_time(wall, lang) == expected


def test_day_names_in_both_languages():
    assert day_name(date(2026, 4, 7), date(2026, 4, 3), "nl") == "dinsdag 7 april"
    assert day_name(date(2026, 4, 7), date(2026, 4, 3), "fr") == "mardi 7 avril"
