"""The analytics views: who reads them, the ranges they take, tickets per Brussels day and ISO week, the median first
response, auto-closed tickets, the top questions, and the CSV and the SVG chart in Dutch and French."""
import csv
import io
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

import pytest

from api import worker
from api.analytics import messages
from tests.api.analytics.conftest import BOT, pin
from tests.api.tickets.helpers import create

# Sunday 15 November 2026, 23:30 UTC is Monday 16 November, 00:30 in Brussels: the Monday, in its ISO week
SUNDAY_NIGHT_UTC = datetime(2026, 11, 15, 23, 30, tzinfo=timezone.utc)
RANGE = {"from": "2026-11-09", "to": "2026-11-29"}


@pytest.mark.parametrize("path", ["/analytics/summary", "/analytics/series.csv",
                                  "/analytics/chart.svg?figure=tickets"])
def test_an_account_is_needed_and_every_desk_role_reads(client, make_user, path):
    r = client.get(path)
    assert r.status_code == 401 and r.json()["code"] == "missing_token"
    for role in ("agent", "service_manager", "editor", "admin"):
        assert client.get(path, headers=make_user(role)).status_code == 200, role


@pytest.mark.parametrize("params, code", [
    ({"from": "2026-11-20", "to": "2026-11-10"}, "bad_range"),
    ({"from": "2024-01-01", "to": "2026-11-10"}, "range_too_long"),
    ({"from": "1999-12-31", "to": "2000-01-02"}, "validation_error"),
    ({"period": "month"}, "validation_error"),
])
def test_a_bad_range_is_422_with_a_stable_code(client, make_user, params, code):
    r = client.get("/analytics/summary", params=params, headers=make_user("agent"))
    assert r.status_code == 422 and r.json()["code"] == code


def _tickets(client, agent) -> None:
    """Three tickets: an agent answers after 30, 90 and never minutes (a note first does not count); one closes
    by itself."""
    pin(client, SUNDAY_NIGHT_UTC)
    fast = create(client, type="incident", language="fr", channel="web")["number"]
    slow = create(client, type="question", channel="chat")["number"]
    create(client, type="complaint", channel="api")
    for number in (fast, slow):
        assert client.post(f"/tickets/{number}/claim", headers=agent).status_code == 200
    pin(client, SUNDAY_NIGHT_UTC + timedelta(minutes=10))
    assert client.post(f"/tickets/{slow}/notes", json={"text": "intern"}, headers=agent).status_code == 201
    pin(client, SUNDAY_NIGHT_UTC + timedelta(minutes=30))
    r = client.post(f"/tickets/{fast}/request-info", json={"text": "Welke browser?"}, headers=agent)
    assert r.status_code == 200
    pin(client, SUNDAY_NIGHT_UTC + timedelta(minutes=90))
    assert client.post(f"/tickets/{slow}/reply", json={"text": "Zo doet u het."}, headers=agent).status_code == 200
    # the waiting ticket closes after 5 working days: the worker runs on Wednesday 25 November, 00:30 Brussels
    assert len(worker.run_once(SUNDAY_NIGHT_UTC + timedelta(days=9))["autoclose"]) == 1


def test_tickets_per_brussels_day_and_iso_week(client, make_user):
    agent = make_user("agent")
    _tickets(client, agent)
    pin(client, SUNDAY_NIGHT_UTC + timedelta(days=10))
    daily = client.get("/analytics/summary", params=RANGE, headers=agent).json()
    by_day = {s["start"]: s for s in daily["series"]}
    assert len(by_day) == 21 and by_day["2026-11-16"]["tickets"] == 3 and by_day["2026-11-15"]["tickets"] == 0
    monday = by_day["2026-11-16"]
    assert monday["tickets_by_type"] == {"question": 1, "incident": 1, "urgent_incident": 0, "complaint": 1,
                                         "request": 0}
    assert monday["tickets_by_language"] == {"nl": 2, "fr": 1} and monday["tickets_by_bot"] == 1
    assert monday["median_first_response_minutes"] == 60.0  # of 30 and 90; the unanswered one has none
    assert daily["totals"]["autoclosed"] == by_day["2026-11-25"]["autoclosed"] == 1

    weekly = client.get("/analytics/summary", params={**RANGE, "period": "week"}, headers=agent).json()
    assert [s["start"] for s in weekly["series"]] == ["2026-11-09", "2026-11-16", "2026-11-23"]  # Mondays
    assert [s["tickets"] for s in weekly["series"]] == [0, 3, 0]
    assert weekly["totals"]["tickets"] == 3 and weekly["totals"]["median_first_response_minutes"] == 60.0
    assert [s["autoclosed"] for s in weekly["series"]] == [0, 0, 1]
    for lang in ("nl", "fr"):
        for key, text in daily["definitions"][lang].items():
            assert text["label"] and text["definition"], (lang, key)
    assert "24 uur" in daily["definitions"]["nl"]["deflection_rate"]["definition"]
    assert "24 heures" in daily["definitions"]["fr"]["deflection_rate"]["definition"]


def test_top_questions_with_their_feedback(bot, client, make_user):
    agent = make_user("agent")
    pin(client, SUNDAY_NIGHT_UTC)
    for q, helpful in [("ik ben mijn pincode vergeten", True), ("ik ben mijn pincode vergeten", False),
                       ("Wat is het telefoonnummer van de servicedesk?", None)]:
        search = client.get("/faq/search", params={"q": q, "lang": "nl"}, headers=BOT).json()
        if helpful is not None:
            client.post("/faq/feedback", headers=BOT, json={"search_id": search["search_id"],
                                                            "entry_id": search["hits"][0]["id"], "helpful": helpful})
    top = client.get("/analytics/summary", params=RANGE, headers=agent).json()["top_questions"]
    assert top == [
        {"entry_id": "eid-pin-nl", "question": "Ik ben de pincode van mijn eID vergeten", "answers": 2,
         "feedback_yes": 1, "feedback_no": 1},
        {"entry_id": "contact-phone-nl", "question": "Wat is het telefoonnummer van de servicedesk?", "answers": 1,
         "feedback_yes": 0, "feedback_no": 0},
    ]


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_csv_and_chart_in_both_languages(client, make_user, lang):
    agent = make_user("editor")
    _tickets(client, make_user("agent"))
    r = client.get("/analytics/series.csv", params={**RANGE, "lang": lang}, headers=agent)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert 'filename="frontdoor-analytics-2026-11-09-2026-11-29-day.csv"' in r.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(r.text)))
    header = rows[0]
    assert header[0] == messages.WORDS["period"][lang] and messages.name("deflection_rate", lang) in header
    assert len(rows) == 22
    monday = dict(zip(header, rows[8]))
    assert monday[messages.WORDS["period"][lang]] == "2026-11-16" and monday[messages.name("tickets", lang)] == "3"

    r = client.get("/analytics/chart.svg", params={**RANGE, "figure": "tickets", "lang": lang}, headers=agent)
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    assert "style=" not in r.text  # the CSP allows no inline style
    svg = ET.fromstring(r.text)
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.get("role") == "img"
    title = svg.find(f"{ns}title").text
    assert title.startswith(messages.name("tickets", lang)) and "2026-11-09" in title
    assert "2026-11-16: 3;" in svg.find(f"{ns}desc").text and "2026-11-15: 0;" in svg.find(f"{ns}desc").text
    assert len(svg.findall(f".//{ns}rect")) == 21
