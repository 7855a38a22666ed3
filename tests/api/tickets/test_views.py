"""Tickets over HTTP on SQLite and PostgreSQL: creation, idempotency, bad input, requester access, agents."""
import re

import pytest
from sqlalchemy import func, select

from api.db import new_session
from api.mail.models import OutboxEmail
from api.tickets.models import Ticket, TicketEvent
from tests.api.tickets.helpers import create, ticket_body

NUMBER = re.compile(r"^SD-\d{4}-\d{6}$")


def _counts():
    with new_session() as db:
        return (db.scalar(select(func.count()).select_from(Ticket)),
                db.scalar(select(func.count()).select_from(OutboxEmail)),
                db.scalar(select(func.count()).select_from(TicketEvent)))


def _outbox(number):
    with new_session() as db:
        return list(db.scalars(select(OutboxEmail).where(OutboxEmail.ref == number).order_by(OutboxEmail.id)))


@pytest.mark.parametrize("lang,expect", [
    ("nl", ["Vermeld altijd het ticketnummer", "één enkel onderwerp", "5 werkdagen", "Wat gebeurt er nu?"]),
    ("fr", ["Mentionnez toujours le numéro de ticket", "un seul sujet", "5 jours ouvrables", "Et maintenant ?"]),
])
def test_create_writes_ticket_event_and_mail_in_the_requesters_language(client, lang, expect):
    created = create(client, language=lang)
    assert NUMBER.match(created["number"]) and created["status"] == "new" and len(created["access_token"]) > 20
    [mail] = _outbox(created["number"])
    assert mail.language == lang and mail.template == "ticket_created" and mail.status == "pending"
    assert mail.to_addr == "jan.peeters@example.be"
    assert created["number"] in mail.subject and created["number"] in mail.body_text
    for phrase in expect:
        assert phrase in mail.body_text, phrase
    assert f"/tickets/{created['number']}?token={created['access_token']}" in mail.body_text
    assert "<a href=" in mail.body_html and created["number"] in mail.body_html
    assert _counts() == (1, 1, 1)


def test_the_confirmation_relays_nothing_and_later_mails_escape_what_the_requester_typed(client, make_user):
    created = create(client, subject="<script>alert(1)</script> & co", name="<b>Eve</b>")
    [confirmation] = _outbox(created["number"])
    for part in (confirmation.subject, confirmation.body_text, confirmation.body_html):
        assert "alert(1)" not in part and "Eve" not in part  # anyone may send this one: none of their words
    agent = make_user("agent")
    client.post(f"/tickets/{created['number']}/claim", headers=agent)
    client.post(f"/tickets/{created['number']}/reply", json={"text": "Bedankt"}, headers=agent)
    reply = _outbox(created["number"])[-1]  # an agent's reply names the subject and the requester, escaped
    assert "<script>" not in reply.body_html and "<b>Eve</b>" not in reply.body_html
    assert "&lt;b&gt;Eve&lt;/b&gt;" in reply.body_html and "<script>alert(1)</script>" in reply.subject


def _chat_log(session_id: str, turns: list[tuple[str, list[str]]]) -> None:
    from datetime import datetime, timezone

    from api.chat import service as chat

    with new_session() as db:
        for visitor, bot in turns:
            chat.record_turn(db, session_id=session_id, at=datetime(2026, 12, 1, 9, tzinfo=timezone.utc),
                             page_lang="nl", detected_lang="nl", confidence=1.0, lang="nl", visitor_text=visitor,
                             bot_messages=[{"text": t} for t in bot], degraded=False)
        db.commit()


def test_fields_are_kept_and_defaults_applied(client, make_user):
    _chat_log("issued-session-key-0123456789abcdef", [("Ik kan niet inloggen", ["Jammer", "Wilt u een ticket?"]),
                                                      ("/affirm", ["Wat is het onderwerp?"])])
    created = create(client, type="urgent_incident", organisation="FOD BOSA",
                     chat_session="issued-session-key-0123456789abcdef")
    detail = client.get(f"/tickets/{created['number']}/detail", headers=make_user("agent")).json()
    assert detail["priority"] == "urgent" and detail["channel"] == "chat" and detail["organisation"] == "FOD BOSA"
    # the transcript is the chat log's (button payloads left out), not anything the caller sent
    assert [(t["from"], t["text"]) for t in detail["transcript"]] == [
        ("visitor", "Ik kan niet inloggen"), ("bot", "Jammer"), ("bot", "Wilt u een ticket?"),
        ("bot", "Wat is het onderwerp?")]
    assert detail["faq_entries_offered"] == [3, 7]
    assert [e["kind"] for e in detail["events"]] == ["created"] and detail["events"][0]["actor"] == "requester"


def test_an_unknown_chat_session_attaches_no_transcript(client, make_user):
    created = create(client, chat_session="never-issued-by-the-server")
    detail = client.get(f"/tickets/{created['number']}/detail", headers=make_user("agent")).json()
    assert detail["transcript"] == [] and detail["priority"] == "normal"


def test_idempotency_key_same_body_same_ticket_other_body_conflict(client):
    body = ticket_body()
    first = client.post("/tickets", json=body, headers={"Idempotency-Key": "chat-42-turn-7"})
    again = client.post("/tickets", json=body, headers={"Idempotency-Key": "chat-42-turn-7"})
    assert first.status_code == 201 and again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert {k: again.json()[k] for k in ("number", "status")} == {k: first.json()[k] for k in ("number", "status")}
    # only hashes are kept, so a replay gets a fresh secret of its own; both open the ticket
    for token in (first.json()["access_token"], again.json()["access_token"]):
        assert client.get(f"/tickets/{first.json()['number']}", params={"token": token}).status_code == 200
    other = client.post("/tickets", json=ticket_body(subject="Iets anders"), headers={"Idempotency-Key": "chat-42-turn-7"})
    assert other.status_code == 409 and other.json()["code"] == "idempotency_conflict"
    assert _counts() == (1, 1, 1)
    # without a key (or with an empty one) every post is a new ticket
    numbers = {client.post("/tickets", json=body, headers=h).json()["number"] for h in ({}, {"Idempotency-Key": ""},
                                                                                      {"Idempotency-Key": ""})}
    assert len(numbers) == 3 and first.json()["number"] not in numbers


BAD = [
    ("invalid e-mail", ticket_body(email="jan@"), "invalid_email"),
    ("e-mail without domain dot", ticket_body(email="jan at example.be"), "invalid_email"),
    ("missing subject", ticket_body(subject=None), "missing_field"),
    ("blank subject", ticket_body(subject="   "), "missing_field"),
    ("subject over 200", ticket_body(subject="x" * 201), "too_long"),
    ("description over 10,000", ticket_body(description="x" * 10_001), "too_long"),
    ("unknown language", ticket_body(language="de"), "unknown_language"),
    ("unknown type", ticket_body(type="praise"), "unknown_type"),
    ("unknown channel", ticket_body(channel="fax"), "unknown_channel"),
    ("unknown field", ticket_body(cc="boss@example.be"), "unknown_field"),
    # a visitor may neither write the bot's words nor jump the queue
    ("a forged transcript", ticket_body(transcript=[{"from": "bot", "text": "Uw ticket is dringend."}]),
     "unknown_field"),
    ("a chosen priority", ticket_body(priority="urgent"), "unknown_field"),
    ("chat session not a token", ticket_body(chat_session="../x"), "invalid_field"),
    ("too many FAQ entries", ticket_body(faq_entries_offered=list(range(51))), "too_long"),
    ("name over 200", ticket_body(name="n" * 201), "too_long"),
]


@pytest.mark.parametrize("label,body,code", BAD, ids=[b[0] for b in BAD])
def test_bad_input_gets_a_stable_code_and_writes_nothing(client, label, body, code):
    r = client.post("/tickets", json=body, headers={"Idempotency-Key": "k-" + label})
    assert r.status_code == 422 and r.json()["code"] == code, r.text
    assert r.json()["detail"]
    assert _counts() == (0, 0, 0)


def test_malformed_json_and_non_object_body(client):
    r = client.post("/tickets", content=b'{"type": "question",', headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["code"] == "malformed_json"
    r = client.post("/tickets", json=["not", "an", "object"])
    assert r.status_code == 422
    assert _counts() == (0, 0, 0)


def test_subject_of_exactly_200_and_description_of_10000_are_fine(client):
    create(client, subject="s" * 200, description="d" * 10_000)


def test_only_the_token_from_an_e_mail_opens_a_ticket_and_every_miss_is_the_same_404(client):
    t = create(client)
    number = t["number"]
    by_token = client.get(f"/tickets/{number}", params={"token": t["access_token"]})
    assert by_token.status_code == 200 and by_token.json()["status"] == "new" and "email" not in by_token.json()
    # the requester's address no longer opens anything (it was the key an attacker could count back with)
    by_mail = client.get(f"/tickets/{number}", params={"email": "jan.peeters@example.be"})
    assert by_mail.status_code == 422 and by_mail.json()["code"] == "missing_field" and "Toegang" not in by_mail.text
    wrote = client.post(f"/tickets/{number}/messages", json={"email": "jan.peeters@example.be", "text": "hallo"})
    assert wrote.status_code == 422 and wrote.json()["code"] == "unknown_field"
    other = create(client, subject="Een ander ticket")
    wrong_token = client.get(f"/tickets/{number}", params={"token": "guess"})
    other_s_token = client.get(f"/tickets/{number}", params={"token": other["access_token"]})
    unknown = client.get("/tickets/SD-2026-999999", params={"token": t["access_token"]})
    assert wrong_token.status_code == other_s_token.status_code == unknown.status_code == 404
    assert wrong_token.json() == other_s_token.json() == unknown.json()
    with new_session() as db:  # only hashes are stored
        from api.tickets.models import TicketAccessToken
        hashes = db.scalars(select(TicketAccessToken.token_hash)).all()
    assert t["access_token"] not in hashes and len(hashes) == 2


def test_a_link_expires(client, make_user):
    from datetime import timedelta

    from api.tickets.models import TicketAccessToken

    t = create(client)
    with new_session() as db:
        for row in db.scalars(select(TicketAccessToken)):
            row.expires_at = row.created_at - timedelta(seconds=1)
        db.commit()
    assert client.get(f"/tickets/{t['number']}", params={"token": t["access_token"]}).status_code == 404


def _links(number):
    return [m for m in _outbox(number) if m.template == "ticket_link"]


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_a_link_is_mailed_only_to_the_ticket_s_own_address_and_the_answer_tells_nothing(client, lang, monkeypatch):
    from api.settings import get_settings

    monkeypatch.setenv("FRONTDOOR_RATE_LIMITS", '{"ticket_link": [100, 3600]}')  # the per-ticket cap is tested here
    get_settings.cache_clear()
    t = create(client, language=lang)
    number = t["number"]
    right = client.post(f"/tickets/{number}/link", json={"email": "Jan.Peeters@EXAMPLE.be"})
    wrong = client.post(f"/tickets/{number}/link", json={"email": "attacker@example.be"})
    unknown = client.post("/tickets/SD-2026-999999/link", json={"email": "jan.peeters@example.be"})
    assert right.status_code == wrong.status_code == unknown.status_code == 202
    assert right.json() == wrong.json() == unknown.json()
    [mail] = _links(number)
    assert mail.to_addr == "jan.peeters@example.be" and mail.language == lang
    token = re.search(r"token=([\w-]+)", mail.body_text).group(1)
    assert client.get(f"/tickets/{number}", params={"token": token}).status_code == 200
    for _ in range(5):  # a few per hour, then silence: nobody floods the requester's inbox
        client.post(f"/tickets/{number}/link", json={"email": "jan.peeters@example.be"})
    assert len(_links(number)) == 2  # with the ticket's own first token: 3 in the hour
    assert client.post(f"/tickets/{number}/link", json={"email": "x"}).status_code == 422


def test_one_address_gets_a_few_tickets_an_hour_then_429_and_nothing_sent(client):
    from api.settings import get_settings

    for i in range(get_settings().tickets_per_address_per_hour):
        create(client, email="victim@example.be", subject=f"Vraag {i}")
    before = _counts()
    r = client.post("/tickets", json=ticket_body(email="VICTIM@example.be", subject="Nog een"))
    assert r.status_code == 429 and r.json()["code"] == "too_many_tickets" and int(r.headers["Retry-After"]) > 0
    assert "probeer het over" in r.json()["detail"] and "réessayez dans" in r.json()["detail"]
    assert _counts() == before  # no ticket, no e-mail
    assert create(client, email="someone.else@example.be")["number"]  # other addresses are not affected


def test_complaints_are_for_the_service_manager_only(client, make_user):
    complaint = create(client, type="complaint", subject="Klacht over de behandeling")["number"]
    question = create(client)["number"]
    agent, manager, admin = make_user("agent"), make_user("service_manager"), make_user("admin")
    seen_by_agent = [t["number"] for t in client.get("/tickets", headers=agent).json()["items"]]
    seen_by_manager = [t["number"] for t in client.get("/tickets", headers=manager).json()["items"]]
    assert seen_by_agent == [question] and set(seen_by_manager) == {question, complaint}
    assert client.get(f"/tickets/{complaint}/detail", headers=agent).status_code == 404
    assert client.post(f"/tickets/{complaint}/claim", headers=agent).status_code == 404
    assert client.get(f"/tickets/{complaint}/detail", headers=manager).status_code == 200
    assert client.get(f"/tickets/{complaint}/detail", headers=admin).status_code == 200
    assert client.get("/tickets", headers=make_user("editor")).json()["code"] == "wrong_role"
    assert client.get("/tickets").status_code == 401


def test_queue_filters(client, make_user):
    agent = make_user("agent")
    a = create(client, language="fr", type="incident")["number"]
    b = create(client, language="nl", type="urgent_incident")["number"]
    c = create(client, language="nl", type="request")["number"]  # the priority follows the type
    client.post(f"/tickets/{b}/claim", headers=agent)

    def numbers(**params):
        r = client.get("/tickets", params=params, headers=agent)
        assert r.status_code == 200, r.text
        return [t["number"] for t in r.json()["items"]]

    assert numbers() == [b, a, c]  # urgent before normal before low
    assert numbers(language="fr") == [a]
    assert numbers(type="request") == [c]
    assert numbers(priority="urgent") == [b]
    assert numbers(status="open") == [b]
    assert numbers(unassigned="true") == [a, c]
    assert numbers(mine="true") == [b]
    assert client.get("/tickets", params={"status": "lost"}, headers=agent).status_code == 422


def test_full_life_of_a_ticket_with_mails_and_events(client, make_user):
    agent, other = make_user("agent", "anna@desk.example.be"), make_user("agent", "bram@desk.example.be")
    t = create(client, language="fr")
    n = t["number"]
    assert client.post(f"/tickets/{n}/reply", json={"text": "x"}, headers=agent).json()["code"] == "invalid_transition"
    assert client.post(f"/tickets/{n}/claim", headers=agent).json()["status"] == "open"
    assert client.post(f"/tickets/{n}/claim", headers=other).json()["code"] == "already_claimed"
    assert client.post(f"/tickets/{n}/notes", json={"text": "secret: VIP"}, headers=agent).status_code == 201
    assert client.post(f"/tickets/{n}/reply", json={"text": "Nous regardons."}, headers=agent).json()["status"] == "open"
    r = client.post(f"/tickets/{n}/request-info", json={"text": "Quel navigateur ?"}, headers=agent).json()
    assert r["status"] == "waiting_for_requester" and r["autoclose_at"]
    r = client.post(f"/tickets/{n}/messages", json={"token": t["access_token"], "text": "Firefox"})
    assert r.status_code == 201 and r.json()["status"] == "open"
    assert client.post(f"/tickets/{n}/reassign", json={"assignee": "bram@desk.example.be"}, headers=agent).status_code == 200
    assert client.post(f"/tickets/{n}/resolve", json={"text": "Videz le cache."}, headers=other).json()["status"] == "resolved"
    # a requester message on a resolved ticket reopens it
    r = client.post(f"/tickets/{n}/messages", json={"token": t["access_token"], "text": "Toujours pas"})
    assert r.json()["status"] == "open"
    client.post(f"/tickets/{n}/resolve", json={"text": "Réessayez."}, headers=other)
    assert client.post(f"/tickets/{n}/close", headers=other).json()["status"] == "closed"
    assert client.post(f"/tickets/{n}/close", headers=other).json()["code"] == "invalid_transition"
    closed = client.post(f"/tickets/{n}/messages", json={"token": t["access_token"], "text": "Encore"})
    assert closed.status_code == 409 and closed.json()["code"] == "ticket_closed" and n in closed.json()["detail"]

    mails = _outbox(n)
    assert [m.template for m in mails] == ["ticket_created", "agent_reply", "request_info", "resolved", "resolved", "closed"]
    assert all(m.language == "fr" for m in mails)
    assert all("secret: VIP" not in m.body_text + m.body_html for m in mails)
    assert "Quel navigateur ?" in mails[2].body_text and "au plus tard le" in mails[2].body_text

    detail = client.get(f"/tickets/{n}/detail", headers=agent).json()
    kinds = [(e["kind"], e["actor"], e["actor_email"]) for e in detail["events"]]
    assert kinds == [
        ("created", "requester", None), ("claimed", "user", "anna@desk.example.be"),
        ("note_added", "user", "anna@desk.example.be"), ("replied", "user", "anna@desk.example.be"),
        ("info_requested", "user", "anna@desk.example.be"), ("requester_message", "requester", None),
        ("reassigned", "user", "anna@desk.example.be"), ("resolved", "user", "bram@desk.example.be"),
        ("requester_message", "requester", None), ("resolved", "user", "bram@desk.example.be"),
        ("closed", "user", "bram@desk.example.be")]
    assert detail["events"][8]["data"]["reopened"] is True and detail["closed_at"]
    public = client.get(f"/tickets/{n}", params={"token": t["access_token"]}).json()
    assert all(m["kind"] != "note" for m in public["messages"]) and len(public["messages"]) == 6
    assert any(m["internal"] for m in detail["messages"])


def test_agent_bad_input_and_reassign_rules(client, make_user):
    agent = make_user("agent")
    n = create(client)["number"]
    client.post(f"/tickets/{n}/claim", headers=agent)
    assert client.post(f"/tickets/{n}/reply", json={"text": "  "}, headers=agent).status_code == 422
    assert client.post(f"/tickets/{n}/reply", json={"text": "x", "cc": 1}, headers=agent).json()["code"] == "unknown_field"
    r = client.post(f"/tickets/{n}/reassign", json={"assignee": "nobody@example.be"}, headers=agent)
    assert r.status_code == 422 and r.json()["code"] == "invalid_assignee"
    make_user("editor", "ed@example.be")
    assert client.post(f"/tickets/{n}/reassign", json={"assignee": "ed@example.be"}, headers=agent).json()["code"] == "invalid_assignee"
    complaint = create(client, type="complaint")["number"]
    manager = make_user("service_manager")
    make_user("agent", "plain@example.be")
    r = client.post(f"/tickets/{complaint}/reassign", json={"assignee": "plain@example.be"}, headers=manager)
    assert r.json()["code"] == "invalid_assignee"
    assert client.post("/tickets/SD-2026-999999/claim", headers=agent).status_code == 404


@pytest.mark.parametrize("lang,status_text,add", [("nl", "Nieuw: nog niet in behandeling", "Informatie toevoegen"),
                                                  ("fr", "Nouveau : pas encore pris en charge", "Ajouter des informations")])
def test_the_e_mail_link_opens_a_page_in_the_requesters_language(client, make_user, lang, status_text, add):
    t = create(client, language=lang, subject="<img src=x onerror=alert(1)>")
    html_headers = {"Accept": "text/html,application/xhtml+xml"}
    page = client.get(f"/tickets/{t['number']}", params={"token": t["access_token"]}, headers=html_headers)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert f'<html lang="{lang}">' in page.text and t["number"] in page.text
    assert status_text in page.text and add in page.text and "<form" in page.text
    assert "<img src=x" not in page.text and "&lt;img src=x onerror=alert(1)&gt;" in page.text
    assert page.headers["cache-control"] == "no-store"
    wrong = client.get(f"/tickets/{t['number']}", params={"token": "nope"}, headers=html_headers)
    assert wrong.status_code == 404
    agent = make_user("agent")
    client.post(f"/tickets/{t['number']}/claim", headers=agent)
    client.post(f"/tickets/{t['number']}/close", headers=agent)
    closed = client.get(f"/tickets/{t['number']}", params={"token": t["access_token"]}, headers=html_headers).text
    assert "<form" not in closed and ("Open dan een nieuw ticket" in closed or "Ouvrez un nouveau ticket" in closed)
    # API clients keep getting JSON
    assert client.get(f"/tickets/{t['number']}", params={"token": t["access_token"]}).json()["status"] == "closed"


HTML = {"Accept": "text/html,application/xhtml+xml"}
HEADINGS = {"nl": ("Uw ticket", "Berichten", "Informatie toevoegen"), "fr": ("Votre ticket", "Messages", "Ajouter des informations")}


@pytest.mark.parametrize("lang,other", [("nl", "fr"), ("fr", "nl")])
def test_the_ticket_page_switches_language_and_looks_like_the_desk_s_pages(client, lang, other):
    t = create(client, language=lang)
    url, token = f"/tickets/{t['number']}", t["access_token"]
    page = client.get(url, params={"token": token}, headers=HTML)
    assert f'<html lang="{lang}">' in page.text and HEADINGS[lang][0] in page.text
    assert '<link rel="stylesheet" href="/demo.css">' in page.text and "<style" not in page.text
    # the switch: NL and FR, the current one marked, each link the same page (same token) in its language
    for code in ("nl", "fr"):
        link = f'<a href="?token={token}&amp;lang={code}" hreflang="{code}" lang="{code}"'
        assert link in page.text, code
        assert f'{link} title="{"Nederlands" if code == "nl" else "Français"}" aria-current="{str(code == lang).lower()}">{code.upper()}</a>' in page.text
    switched = client.get(url, params={"token": token, "lang": other}, headers=HTML)
    assert switched.status_code == 200 and f'<html lang="{other}">' in switched.text
    assert HEADINGS[other][0] in switched.text and HEADINGS[other][2] in switched.text
    assert HEADINGS[lang][2] not in switched.text
    # the CSP stays strict: no inline style allowed, the one script by its nonce
    csp = switched.headers["content-security-policy"]
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert "unsafe-inline" not in csp and f'<script nonce="{nonce}">' in switched.text
    assert switched.text.count("<script") == 1
    assert client.get(url, params={"token": token, "lang": "de"}, headers=HTML).status_code == 422


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_the_ticket_page_shows_the_messages_heading_only_with_messages(client, lang):
    t = create(client, language=lang)
    url, params = f"/tickets/{t['number']}", {"token": t["access_token"]}
    heading = f"<h2>{HEADINGS[lang][1]}</h2>"
    first = client.get(url, params=params, headers=HTML).text
    assert heading not in first and "<ul class=\"ticket-messages\"" not in first
    r = client.post(f"{url}/messages", json={"token": t["access_token"], "text": "Het lukt nog altijd niet."})
    assert r.status_code == 201, r.text
    later = client.get(url, params=params, headers=HTML).text
    assert later.count(heading) == 1 and "Het lukt nog altijd niet." in later
