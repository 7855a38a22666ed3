"""Agents handle what could not be threaded: attach to a ticket they choose, or dismiss; privacy covers it all."""
from datetime import timedelta

from sqlalchemy import select

from api import worker
from api.clock import system_clock
from api.db import new_session
from api.inbound.models import InboundMessage, TicketAttachment
from api.privacy.service import erase, export
from tests.api.inbound.mails import mail
from tests.api.inbound.test_receive import ANSWER, inbound, send, waiting_ticket
from tests.api.tickets.helpers import create


def test_triage_needs_an_agent_and_attach_makes_a_requester_message(client, agent, receiver, make_user):
    number = waiting_ticket(client, agent, "nl")
    host, port = receiver("smtp")
    send(host, port, "smtp", mail("an.prive@example.be", f"Re: [{number}]", ANSWER["nl"]))
    assert client.get("/inbound/triage").status_code == 401
    assert client.get("/inbound/triage", headers=make_user("editor")).status_code == 403
    [item] = client.get("/inbound/triage", headers=agent).json()
    r = client.post(f"/inbound/triage/{item['id']}/attach", json={"number": number}, headers=agent)
    assert r.status_code == 200 and r.json()["status"] == "open"
    detail = client.get(f"/tickets/{number}/detail", headers=agent).json()
    assert (detail["messages"][-1]["text"], detail["messages"][-1]["sender"]) == (ANSWER["nl"], "an.prive@example.be")
    assert detail["autoclose_at"] is None and "email_attached" in [e["kind"] for e in detail["events"]]
    assert client.get("/inbound/triage", headers=agent).json() == []
    again = client.post(f"/inbound/triage/{item['id']}/attach", json={"number": number}, headers=agent)
    assert again.status_code == 409 and again.json()["code"] == "already_handled"
    assert [(m.status, m.body) for m in inbound()] == [("attached", "")]  # the text now lives on the ticket only


def test_dismiss_forgets_the_text_and_unknown_items_are_404(client, agent, receiver):
    host, port = receiver("lmtp")
    send(host, port, "lmtp", mail("x@example.be", "Re: SD-2026-123456", "Mijn vraag over de toegang tot de app."))
    [item] = client.get("/inbound/triage", headers=agent).json()
    assert client.post(f"/inbound/triage/{item['id']}/dismiss", headers=agent).status_code == 204
    assert [(m.status, m.body, m.subject) for m in inbound()] == [("dismissed", "", "")]
    r = client.post("/inbound/triage/999999/dismiss", headers=agent)
    assert r.status_code == 404 and r.json()["code"] == "inbound_not_found"
    r = client.post(f"/inbound/triage/{item['id']}/attach", json={"number": "nope"}, headers=agent)
    assert r.status_code == 422


def test_inbound_mail_is_purged_after_retention_and_erased_with_the_person(client, agent, receiver):
    number = waiting_ticket(client, agent, "nl", email="an@example.be")
    host, port = receiver("smtp")
    send(host, port, "smtp", mail("an@example.be", f"Re: [{number}]", ANSWER["nl"],
                                  attachments=(("scherm.png", "image/png", b"\x89PNG1234"),)))
    send(host, port, "smtp", mail("an@example.be", "Re: SD-2026-123456", "Nog een vraag over mijn toegang."))
    send(host, port, "smtp", mail("luc@example.be", "Re: SD-2026-123457", "Een vraag over mijn toegang."))
    with new_session() as db:
        exported = export(db, "an@example.be", system_clock())["inbound_emails"]
    assert [(m["from"], m["status"], m["text"]) for m in exported] == [
        ("an@example.be", "threaded", ""), ("an@example.be", "triage", "Nog een vraag over mijn toegang.")]
    with new_session() as db:
        counts = erase(db, "An@Example.be", system_clock())
        assert counts["inbound_emails"] == 2
        assert [m.sender for m in db.scalars(select(InboundMessage))] == ["luc@example.be"]
        assert db.scalars(select(TicketAttachment)).all() == []
    later = system_clock() + timedelta(days=31)
    assert worker.run_once(later)["purge_inbound"] == {"inbound": 1}
    assert inbound() == []
