"""The analytics figures match a scripted set of conversations whose deflection rate the test computes itself.

Every conversation goes through the API as in production, but for the route of each turn, which the chat records as
the bot reports it (api.analytics.events.turn; tests/e2e/test_analytics.py has the real bot report it): the FAQ
searches, feedback and tickets that the bot's actions send with the conversation's key, and a turn that Rasa does
not answer (it is not running here), which the chat answers from the FAQ itself. The test then applies
the definition (docs/analytics.md) to its own script and compares; and again once the chat log and the search log
are purged and the tickets anonymised: the figures stay."""
import secrets
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from api.analytics import events
from api.db import new_session
from tests.api.analytics.conftest import BOT, pin

BRUSSELS = ZoneInfo("Europe/Brussels")
DAY = datetime(2026, 11, 16, tzinfo=BRUSSELS)  # a Monday
NEEDS = {"faq", "faq_choice", "request_ticket", "urgent_incident", "complaint", "ticket_status", "add_info", "request_human",
         "down"}

ANSWER_NL, ANSWER_FR, NO_MATCH = ("ik ben mijn pincode vergeten", "nl"), ("J'ai oublié le code PIN de ma carte eID",
                                                                         "fr"), ("Wat wordt het weer morgen?", "nl")
CLARIFY = ("codes eID", "nl")  # two equally close entries: the bot offers both
# (minutes after DAY 09:00 when it begins, steps). A step: ("say", route) | ("search", (q, lang)) |
# ("feedback", helpful) | ("ticket", type) | ("later", hours) | ("down", (q, lang)) (Rasa fails: the API searches)
SCRIPT = [
    (0, [("say", "small_talk")]),  # a greeting only: no support need
    (10, [("say", "faq"), ("search", ANSWER_NL), ("feedback", True)]),  # explicit yes
    (20, [("say", "faq"), ("search", ANSWER_FR), ("feedback", False), ("say", "no"), ("say", "dialogue"),
          ("ticket", "question")]),  # no, then a ticket
    (30, [("say", "faq"), ("search", ANSWER_NL)]),  # an answer, then silence: helped
    (40, [("say", "faq"), ("search", ANSWER_FR), ("feedback", False)]),  # a no without a ticket
    (50, [("say", "faq"), ("search", NO_MATCH), ("say", "request_ticket"), ("ticket", "incident")]),
    (60, [("say", "urgent_incident")]),  # sent to the phone: a need the FAQ did not meet
    (70, [("say", "faq"), ("search", ANSWER_NL), ("feedback", True), ("say", "request_ticket"),
          ("ticket", "request")]),  # yes, and a ticket about something else: the yes counts
    (80, [("say", "faq"), ("search", ANSWER_NL), ("later", 25), ("feedback", False)]),  # a no too late
    (90, [("say", "faq"), ("search", NO_MATCH), ("say", "faq"), ("search", ANSWER_FR)]),  # the second answer helped
    (100, [("say", "office_hours"), ("say", "switch_language")]),  # no support need
    (110, [("down", ANSWER_NL)]),  # Rasa down: answered from the FAQ, then silence
    (120, [("say", "faq"), ("search", CLARIFY), ("say", "faq_choice")]),  # an answer picked among choices: helped
    (130, [("say", "faq"), ("search", CLARIFY), ("say", "request_ticket"), ("ticket", "question")]),
    (-600, [("say", "faq"), ("search", ANSWER_NL), ("feedback", True)]),  # the day before: outside the range
    (60 * 24, [("say", "faq"), ("search", ANSWER_NL)]),  # the day after: outside the range
]


def _play(client, start: datetime, steps) -> dict:
    """Run one conversation; what happened, as the test saw it."""
    now, sid, search = start, None, None
    seen = {"routes": [], "answers": [], "objections": [], "yes": 0, "no": 0, "searches": 0, "no_match": 0,
            "tickets": []}

    def say(message: str) -> None:  # a real turn: Rasa is unreachable, the chat degrades
        nonlocal sid
        pin(client, now)
        body = {"message": message, "lang": "nl", **({"session_id": sid} if sid else {})}
        r = client.post("/chat", json=body)
        assert r.status_code == 200 and r.json()["degraded"], r.text
        sid = r.json()["session_id"]

    def routed(route: str) -> None:  # the turn as the chat records it when the bot reports its route
        nonlocal sid
        sid = sid or secrets.token_urlsafe(24)
        with new_session() as db:
            events.turn(db, now, sid, "nl", None if route == "dialogue" else route, False)
            db.commit()

    def searched(decision: str) -> None:
        seen["searches"] += 1
        seen["no_match"] += decision == "no_match"
        if decision == "answer":
            seen["answers"].append(now)

    for kind, arg in steps:
        if kind == "say":
            routed(arg)
            seen["routes"].append(arg)
            if arg == "faq_choice":
                seen["answers"].append(now)
        elif kind == "down":
            say(arg[0])
            seen["routes"].append("down")
            searched("answer")  # the chat searched the FAQ itself; the pincode question has an answer
        elif kind == "search":
            pin(client, now)
            r = client.get("/faq/search", params={"q": arg[0], "lang": arg[1], "session_id": sid}, headers=BOT)
            search = r.json()
            searched(search["decision"])
        elif kind == "feedback":
            pin(client, now)
            r = client.post("/faq/feedback", headers=BOT, json={
                "search_id": search["search_id"], "entry_id": search["hits"][0]["id"], "helpful": arg,
                "session_id": sid})
            assert r.status_code == 204, r.text
            seen["yes" if arg else "no"] += 1
            if not arg:
                seen["objections"].append(now)
        elif kind == "ticket":
            pin(client, now)
            r = client.post("/tickets", headers=BOT, json={
                "type": arg, "subject": "Hulp", "description": "Het lukt niet.", "language": "nl",
                "email": f"{uuid.uuid4().hex[:8]}@example.be", "channel": "chat", "chat_session": sid})
            assert r.status_code == 201, r.text
            seen["tickets"].append(arg)
            seen["objections"].append(now)
        elif kind == "later":
            now += timedelta(hours=arg)
            continue
        now += timedelta(minutes=1)
    return seen


def _expected(conversations: list[dict]) -> dict:
    """The definition, applied to the script: a support need is a turn routed to the FAQ or a desk route, or a
    ticket; it helped on an explicit yes, or an answer with no "no" and no ticket up to 24 hours after the last."""
    needs = [c for c in conversations if NEEDS & set(c["routes"]) or c["tickets"]]
    deflected = [c for c in needs if c["yes"] or (c["answers"] and not any(
        t <= max(c["answers"]) + timedelta(hours=24) for t in c["objections"]))]
    return {"conversations": len(needs), "deflected": len(deflected)}


def _summary(client, headers, now: datetime) -> dict:
    pin(client, now)
    r = client.get("/analytics/summary", params={"from": "2026-11-16", "to": "2026-11-16"}, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def test_the_figures_match_a_scripted_set_of_conversations(bot, client, make_user):
    agent = make_user("agent")
    start = DAY.replace(hour=9)
    played = [_play(client, start + timedelta(minutes=m), steps) for m, steps in SCRIPT]
    in_range = [c for (m, _), c in zip(SCRIPT, played) if 0 <= m < 15 * 60]
    expected = _expected(in_range)
    assert expected == {"conversations": 12, "deflected": 7}  # the script is what the comments say
    assert [len(c["answers"]) for c in played[-4:-2]] == [1, 0]  # "codes eID" has choices, not an answer

    later = _summary(client, agent, DAY + timedelta(days=3))["totals"]
    assert later["conversations"] == expected["conversations"] and later["pending"] == 0
    assert later["deflected"] == expected["deflected"]
    assert later["deflection_rate"] == round(expected["deflected"] / expected["conversations"], 4)
    yes, no = sum(c["yes"] for c in in_range), sum(c["no"] for c in in_range)
    assert (later["feedback_yes"], later["feedback_no"]) == (yes, no - 1)  # the late "no" was given the next day
    searches, no_match = sum(c["searches"] for c in in_range), sum(c["no_match"] for c in in_range)
    assert (later["searches"], later["no_match"]) == (searches, no_match)
    assert later["no_match_rate"] == round(no_match / searches, 4)
    tickets = [t for c in in_range for t in c["tickets"]]
    assert later["tickets"] == later["tickets_by_bot"] == len(tickets) == 4
    assert later["tickets_by_type"] == {"question": 2, "incident": 1, "urgent_incident": 0, "complaint": 0,
                                        "request": 1}
    assert later["tickets_by_language"] == {"nl": 4, "fr": 0}

    # the same day at 18:00: the silent answers are not decided yet, and the rate leaves them out
    evening = DAY.replace(hour=18)
    today = _summary(client, agent, evening)["totals"]
    silent = [c for c in in_range if not c["yes"] and c["answers"] and not any(
        t <= max(c["answers"]) + timedelta(hours=24) for t in c["objections"])]
    pending = [c for c in silent if evening < max(c["answers"]) + timedelta(hours=24)]
    assert today["pending"] == len(pending) == 5
    assert today["deflected"] == expected["deflected"] - len(pending)
    assert today["deflection_rate"] == round((expected["deflected"] - len(pending))
                                             / (expected["conversations"] - len(pending)), 4)

    # the chat log and the search log purged, the tickets anonymised: the figures stay
    from api.chat import service as chat
    from api.faq import service as faq
    from api.privacy.service import anonymise
    from api.tickets.models import Ticket

    gone = DAY + timedelta(days=400)
    with new_session() as db:
        assert chat.purge_expired(db, gone)["turns"] > 0
        assert faq.purge_expired(db, gone) > 0
        for ticket in db.query(Ticket).all():
            anonymise(db, ticket, gone, "test")
        db.commit()
    assert _summary(client, agent, DAY + timedelta(days=3))["totals"] == later
