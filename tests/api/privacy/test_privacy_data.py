"""Retention, export and erasure of requesters' personal data, on SQLite and PostgreSQL."""
import json
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select
from typer.testing import CliRunner

from api import worker
from api.chat import service as chat
from api.cli import app
from api.db import new_session
from api.mail.models import OutboxEmail
from api.privacy.models import PrivacyEvent
from api.privacy.service import ANONYMISED, erase, export
from api.tickets.models import Ticket, TicketAccessToken, TicketEvent, TicketMessage
from tests.api.tickets.helpers import create

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
JAN = "jan.peeters@example.be"


def _pin(client, at):
    assert client.put("/_test/clock", json={"at": at.isoformat()}).status_code == 200


def _turn(session_id, text, at=NOW):
    with new_session() as db:
        chat.record_turn(db, session_id=session_id, at=at, page_lang="nl", detected_lang="nl", confidence=0.9,
                         lang="nl", visitor_text=text, bot_messages=[{"text": "Dank u."}], degraded=False)
        db.commit()


def _ticket(number) -> Ticket:
    with new_session() as db:
        return db.scalar(select(Ticket).where(Ticket.number == number))


def _close(number, at):
    with new_session() as db:
        t = db.scalar(select(Ticket).where(Ticket.number == number))
        t.status, t.closed_at = "closed", at
        db.commit()


def _events(kind):
    with new_session() as db:
        return list(db.scalars(select(PrivacyEvent).where(PrivacyEvent.kind == kind)))


def _with_message(client, agent, **overrides):
    t = create(client, **overrides)
    client.post(f"/tickets/{t['number']}/claim", headers=agent)
    r = client.post(f"/tickets/{t['number']}/reply", json={"text": "Beste Jan, probeer itsme opnieuw."}, headers=agent)
    assert r.status_code == 200, r.text
    return t


def test_retention_anonymises_closed_tickets_after_the_period_and_keeps_statistics(client, make_user):
    agent = make_user("agent")
    _pin(client, NOW - timedelta(days=200))
    _turn("conv-old", "Ik ben Jan Peeters, mijn rijksregisternummer is 85.07.30-033.61", at=NOW - timedelta(days=200))
    old = _with_message(client, agent, chat_session="conv-old", organisation="FOD BOSA")
    recent = _with_message(client, agent, email="an.janssens@example.be")
    still_open = create(client, email="piet@example.be")
    _close(old["number"], NOW - timedelta(days=181))
    _close(recent["number"], NOW - timedelta(days=179))

    results = worker.run_once(NOW)
    assert results["privacy_retention"]["tickets"] == 1 and results["privacy_retention"]["emails"] >= 2

    t = _ticket(old["number"])
    assert (t.email, t.name, t.organisation, t.transcript, t.chat_session) == ("", "", "", [], None)
    assert t.subject == t.description == ANONYMISED and t.anonymised_at is not None and t.request_hash == ""
    assert (t.type, t.status, t.channel, t.language, t.priority) == ("question", "closed", "chat", "nl", "normal")
    with new_session() as db:
        assert {m.text for m in db.scalars(select(TicketMessage).where(TicketMessage.ticket_id == t.id))} == {ANONYMISED}
        assert db.scalar(select(func.count()).select_from(TicketAccessToken).where(TicketAccessToken.ticket_id == t.id)) == 0
        assert db.scalar(select(func.count()).select_from(OutboxEmail).where(OutboxEmail.ref == t.number)) == 0
        kinds = [e.kind for e in db.scalars(select(TicketEvent).where(TicketEvent.ticket_id == t.id))]
        assert kinds[0] == "created" and kinds[-1] == "anonymised"  # the history stays
    assert client.get(f"/tickets/{old['number']}", params={"token": old["access_token"]}).status_code in (403, 404)
    for kept in (recent, still_open):
        assert _ticket(kept["number"]).email.endswith("@example.be")
    [event] = _events("retention")
    assert event.counts["tickets"] == 1 and "@" not in json.dumps(event.counts)
    assert worker.run_once(NOW)["privacy_retention"] == {"tickets": 0, "emails": 0}  # done once
    assert len(_events("retention")) == 1


def test_sent_mails_leave_the_outbox_after_their_own_period(client):
    _pin(client, NOW - timedelta(days=31))
    t = create(client)
    worker.run_once(NOW - timedelta(days=31))  # delivered (to the Maildir)
    assert _ticket(t["number"]).email == JAN
    with new_session() as db:
        assert db.scalar(select(OutboxEmail.status).where(OutboxEmail.ref == t["number"])) == "sent"
    assert worker.run_once(NOW)["privacy_retention"]["emails"] == 1
    assert _ticket(t["number"]).email == JAN  # the ticket itself is not closed: it keeps its data


def test_export_holds_everything_about_the_address_and_nothing_else(client, make_user):
    agent = make_user("agent")
    _turn("conv-1", "Mijn adres is Jan.Peeters@Example.be")
    _turn("conv-1", "Ik kan niet inloggen met itsme")
    _turn("conv-2", "Iemand anders: an.janssens@example.be")
    first = _with_message(client, agent, chat_session="conv-1")
    second = create(client, email="JAN.PEETERS@example.be", subject="Tweede vraag")
    other = create(client, email="an.janssens@example.be")
    client.post(f"/tickets/{first['number']}/notes", json={"text": "Interne nota over Jan"}, headers=agent)
    with new_session() as db:
        data = export(db, " Jan.Peeters@example.be ", NOW)
    assert [t["number"] for t in data["tickets"]] == [first["number"], second["number"]]
    assert data["tickets"][0]["name"] == "Jan Peeters" and data["tickets"][0]["transcript"]
    texts = [m["text"] for m in data["tickets"][0]["messages"]]
    assert "Beste Jan, probeer itsme opnieuw." in texts and "Interne nota over Jan" in texts
    assert {m["ticket"] for m in data["emails"]} == {first["number"], second["number"]}
    assert [c["visitor"] for c in data["chat"]] == ["Mijn adres is Jan.Peeters@Example.be",
                                                    "Ik kan niet inloggen met itsme"]
    assert other["number"] not in json.dumps(data) and "an.janssens" not in json.dumps(data)
    [event] = _events("export")
    assert event.counts["tickets"] == 2 and event.counts["chat_turns"] == 2 and "@" not in json.dumps(event.counts)


def test_erasure_anonymises_closes_and_deletes_but_keeps_statistics(client, make_user):
    agent = make_user("agent")
    _turn("conv-1", "mijn e-mail: jan.peeters@example.be")
    _turn("conv-1", "ik heb een probleem met itsme")
    first = _with_message(client, agent, chat_session="conv-1")
    other = create(client, email="an.janssens@example.be")
    with new_session() as db:
        before = db.scalar(select(func.count()).select_from(Ticket))
        counts = erase(db, JAN, NOW)
    assert counts["tickets"] == 1 and counts["chat_turns"] == 2 and counts["emails"] >= 2
    assert counts["staff_account"] == 0
    t = _ticket(first["number"])
    assert t.status == "closed" and t.email == "" and t.subject == ANONYMISED and t.closed_at is not None
    with new_session() as db:
        assert db.scalar(select(func.count()).select_from(Ticket)) == before  # statistics keep every ticket
        assert chat.previous_turn(db, "conv-1") is None
        leftover = export(db, JAN, NOW)
    assert leftover["tickets"] == [] and leftover["emails"] == [] and leftover["chat"] == []
    assert _ticket(other["number"]).email == "an.janssens@example.be"
    assert client.get(f"/tickets/{first['number']}", params={"token": first["access_token"]}).status_code in (403, 404)
    [event] = _events("erase")
    assert "@" not in json.dumps(event.counts)


def test_the_cli_exports_to_a_private_file_and_erases_after_confirmation(client, tmp_path):
    t = create(client)
    runner = CliRunner()
    out = tmp_path / "export.json"
    result = runner.invoke(app, ["privacy", "export", JAN, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["tickets"][0]["number"] == t["number"] and oct(out.stat().st_mode)[-3:] == "600"
    assert JAN not in result.output  # the address is not echoed into terminals' scrollback or logs
    refused = runner.invoke(app, ["privacy", "erase", JAN], input="n\n")
    assert refused.exit_code == 1 and _ticket(t["number"]).email == JAN
    result = runner.invoke(app, ["privacy", "erase", JAN, "--yes"])
    assert result.exit_code == 0 and "1 ticket(s) anonymised" in result.output
    assert _ticket(t["number"]).email == ""
    bad = runner.invoke(app, ["privacy", "export", "not an address"])
    assert bad.exit_code == 2 and "not an e-mail address" in bad.output
