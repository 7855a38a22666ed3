"""GET /office-hours in Dutch and French with a pinned clock."""
import pytest

from api.settings import get_settings

PHONES = {"nl": "02 740 79 93", "fr": "02 740 79 94"}


def at(client, when: str, lang: str, expect: int = 200) -> dict:
    assert client.put("/_test/clock", json={"at": when}).status_code == 200
    resp = client.get("/office-hours", params={"lang": lang})
    assert resp.status_code == expect, resp.text
    return resp.json()


def test_friday_1700_is_closed_until_monday_in_dutch(sqlite_client):
    body = at(sqlite_client, "2025-11-28T17:00:00+01:00", "nl")
    assert body == {
        "open": False,
        "now": "2025-11-28T16:00:00Z",
        "next_opening": "2025-12-01T07:30:00Z",
        "closes_at": None,
        "next_opening_text": "maandag 1 december om 8.30 uur",
        "phone": "02 740 79 93",
        "phones": PHONES,
        "hours": "De Service Desk is telefonisch bereikbaar op federale werkdagen van 8.30 uur tot 17 uur.",
        "message": body["message"],
    }
    message = body["message"]
    assert "gesloten" in message and "vanaf maandag 1 december om 8.30 uur" in message
    assert message.index("02 740 79 93") < message.index("02 740 79 94")
    assert "ticket" in message


def test_friday_1700_is_closed_until_monday_in_french(sqlite_client):
    body = at(sqlite_client, "2025-11-28T17:00:00+01:00", "fr")
    assert body["open"] is False and body["closes_at"] is None
    assert body["next_opening"] == "2025-12-01T07:30:00Z"
    assert body["next_opening_text"] == "lundi 1er décembre à 8h30"
    assert body["phone"] == "02 740 79 94" and body["phones"] == PHONES
    message = body["message"]
    assert "fermée" in message and "lundi 1er décembre à 8h30" in message
    assert message.index("02 740 79 94") < message.index("02 740 79 93")
    assert "ticket" in message


@pytest.mark.parametrize("lang, first, second, words", [
    ("nl", "02 740 79 93", "02 740 79 94", ("nu telefonisch bereikbaar", "tot 17 uur", "Bel nu")),
    ("fr", "02 740 79 94", "02 740 79 93", ("joignable par téléphone maintenant", "jusqu'à 17h", "Appelez")),
])
def test_friday_1659_is_open_with_the_own_language_number_first(sqlite_client, lang, first, second, words):
    body = at(sqlite_client, "2025-11-28T16:59:00+01:00", lang)
    assert body["open"] is True
    assert body["closes_at"] == "2025-11-28T16:00:00Z"
    assert body["next_opening"] == "2025-12-01T07:30:00Z"  # the next period, after today's closing
    assert body["phone"] == first
    message = body["message"]
    assert message.index(first) < message.index(second)
    for word in words:
        assert word in message


@pytest.mark.parametrize("lang, text", [("nl", "morgen om 8.30 uur"), ("fr", "demain à 8h30")])
def test_the_evening_before_a_working_day_says_tomorrow(sqlite_client, lang, text):
    body = at(sqlite_client, "2025-12-01T19:00:00+01:00", lang)
    assert body["open"] is False and body["next_opening_text"] == text
    assert text in body["message"]


@pytest.mark.parametrize("lang, text", [("nl", "vandaag om 8.30 uur"), ("fr", "aujourd'hui à 8h30")])
def test_early_morning_says_today(sqlite_client, lang, text):
    body = at(sqlite_client, "2025-12-01T08:29:00+01:00", lang)
    assert body["open"] is False and body["next_opening"] == "2025-12-01T07:30:00Z"
    assert body["next_opening_text"] == text
    assert at(sqlite_client, "2025-12-01T08:30:00+01:00", lang)["open"] is True


@pytest.mark.parametrize("lang, after_good_friday, on_easter_monday", [
    ("nl", "dinsdag 7 april om 8.30 uur", "morgen om 8.30 uur"),
    ("fr", "mardi 7 avril à 8h30", "demain à 8h30"),
])
def test_easter_monday_is_closed(sqlite_client, lang, after_good_friday, on_easter_monday):
    friday = at(sqlite_client, "2026-04-03T17:00:00+02:00", lang)  # Good Friday is a working day
    assert friday["next_opening"] == "2026-04-07T06:30:00Z"
    assert friday["next_opening_text"] == after_good_friday
    monday = at(sqlite_client, "2026-04-06T10:00:00+02:00", lang)
    assert monday["open"] is False
    assert monday["next_opening_text"] == on_easter_monday


@pytest.mark.parametrize("lang, text", [("nl", "maandag 30 maart om 8.30 uur"), ("fr", "lundi 30 mars à 8h30")])
def test_spring_forward_weekend(sqlite_client, lang, text):
    body = at(sqlite_client, "2026-03-28T12:00:00+01:00", lang)  # Saturday before the change
    assert body["next_opening"] == "2026-03-30T06:30:00Z"  # 08:30 at UTC+2
    assert body["next_opening_text"] == text


def test_a_closure_day_from_the_configured_calendar_file(sqlite_client, tmp_path, monkeypatch):
    path = tmp_path / "closures.yaml"
    path.write_text("closures:\n  - date: 2025-12-01\n    reason: test closure\n", encoding="utf-8")
    monkeypatch.setenv("FRONTDOOR_CALENDAR_FILE", str(path))
    get_settings.cache_clear()
    nl = at(sqlite_client, "2025-11-28T17:00:00+01:00", "nl")
    fr = at(sqlite_client, "2025-11-28T17:00:00+01:00", "fr")
    assert nl["next_opening"] == fr["next_opening"] == "2025-12-02T07:30:00Z"
    assert nl["next_opening_text"] == "dinsdag 2 december om 8.30 uur"
    assert fr["next_opening_text"] == "mardi 2 décembre à 8h30"


@pytest.mark.parametrize("lang", ["de", "en", "NL", ""])
def test_unknown_language_is_a_clear_422(sqlite_client, lang):
    resp = sqlite_client.get("/office-hours", params={"lang": lang})
    assert resp.status_code == 422
    assert resp.json()["code"] == "unknown_language"
    assert "lang=nl or lang=fr" in resp.json()["detail"]


def test_missing_language_is_a_422(sqlite_client):
    resp = sqlite_client.get("/office-hours")
    assert resp.status_code == 422 and resp.json()["code"] == "validation_error"
    assert "lang" in resp.json()["detail"]


def test_unpinned_clock_answers_for_the_real_now(sqlite_client):
    sqlite_client.put("/_test/clock", json={"at": None})
    body = sqlite_client.get("/office-hours", params={"lang": "fr"}).json()
    assert body["next_opening"] is not None and body["now"].endswith("Z")


@pytest.mark.parametrize("lang, text", [
    ("nl", "dinsdag 16 november om 8.30 uur"),
    ("fr", "mardi 16 novembre à 8h30"),
])
def test_11_and_15_november(sqlite_client, lang, text):
    # 2027: Thursday 11 closed, Friday 12 open, Monday 15 closed
    assert at(sqlite_client, "2027-11-11T10:00:00+01:00", lang)["open"] is False
    assert at(sqlite_client, "2027-11-12T10:00:00+01:00", lang)["open"] is True
    body = at(sqlite_client, "2027-11-12T17:00:00+01:00", lang)
    assert body["next_opening"] == "2027-11-16T07:30:00Z"
    assert body["next_opening_text"] == text


def test_a_malformed_calendar_file_stops_the_api_at_start(sqlite_settings, tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from api.hours.calendar import CalendarError
    from api.main import create_app

    path = tmp_path / "broken.yaml"
    path.write_text("office_hours: {opens: '17:00', closes: '08:30'}\n", encoding="utf-8")
    monkeypatch.setenv("FRONTDOOR_CALENDAR_FILE", str(path))
    get_settings.cache_clear()
    with pytest.raises(CalendarError, match="open before they close"):
        with TestClient(create_app()):
            pass


def test_the_hours_are_stated_open_or_closed_in_both_languages(sqlite_client):
    for at_time in ("2026-12-01T10:00:00+01:00", "2026-12-04T19:30:00+01:00"):
        assert at(sqlite_client, at_time, "nl")["hours"] == (
            "De Service Desk is telefonisch bereikbaar op federale werkdagen van 8.30 uur tot 17 uur.")
        assert at(sqlite_client, at_time, "fr")["hours"] == (
            "Le Service Desk est joignable par téléphone les jours ouvrables fédéraux de 8h30 à 17h.")
