"""Inbound mail through the real receiver (LMTP and SMTP on loopback), checked in the database and the outbox."""
import smtplib
from datetime import timedelta
from email.utils import make_msgid

import pytest
from sqlalchemy import select

from api import worker
from api.clock import system_clock
from api.db import new_session
from api.inbound.models import InboundMessage, TicketAttachment
from api.mail.models import OutboxEmail
from api.tickets.models import Ticket
from tests.api.inbound.mails import bounce, mail
from tests.api.tickets.helpers import create

DESK = "servicedesk@example.be"
INFO = {"nl": "Welke versie van de eID-software gebruikt u?", "fr": "Quelle version du logiciel eID utilisez-vous ?"}
ANSWER = {"nl": "Ik gebruik versie 5.1.2 op Windows 11.", "fr": "J'utilise la version 5.1.2 sous Windows 11."}
QUOTE = {"nl": "Op ma 7 dec. 2026 om 10:12 schreef Service Desk <servicedesk@example.be>:\n> {}",
         "fr": "Le lun. 7 déc. 2026 à 10:12, Service Desk <servicedesk@example.be> a écrit :\n> {}"}


def send(host: str, port: int, mode: str, raw: bytes, rcpt: str = DESK) -> None:
    with (smtplib.LMTP if mode == "lmtp" else smtplib.SMTP)(host, port, timeout=10) as conn:
        if mode == "lmtp":
            conn.ehlo_or_helo_if_needed = lambda: conn.ehlo("tests")  # LMTP speaks LHLO (smtplib sends it)
        conn.sendmail("sender@bounce.example", [rcpt], raw)


def waiting_ticket(client, agent, lang: str, email: str = "an.peeters@example.be") -> str:
    number = create(client, language=lang, email=email)["number"]
    assert client.post(f"/tickets/{number}/claim", headers=agent).status_code == 200
    r = client.post(f"/tickets/{number}/request-info", json={"text": INFO[lang]}, headers=agent)
    assert r.json()["status"] == "waiting_for_requester" and r.json()["autoclose_at"]
    return number


def outbox(to: str) -> list[OutboxEmail]:
    with new_session() as db:
        return list(db.scalars(select(OutboxEmail).where(OutboxEmail.to_addr == to).order_by(OutboxEmail.id)))


def inbound() -> list[InboundMessage]:
    with new_session() as db:
        return list(db.scalars(select(InboundMessage).order_by(InboundMessage.id)))


@pytest.mark.parametrize("mode, lang", [("lmtp", "nl"), ("smtp", "fr"), ("lmtp", "fr"), ("smtp", "nl")])
def test_a_reply_by_mail_reopens_the_ticket_and_cancels_the_auto_close(client, agent, receiver, mode, lang):
    number = waiting_ticket(client, agent, lang)
    before = len(outbox("an.peeters@example.be"))
    host, port = receiver(mode)
    body = ANSWER[lang] + "\n\n" + QUOTE[lang].format(INFO[lang])
    send(host, port, mode, mail("An Peeters <An.Peeters@example.be>", f"Re: [{number}] info", body))
    detail = client.get(f"/tickets/{number}/detail", headers=agent).json()
    assert detail["status"] == "open" and detail["autoclose_at"] is None and detail["requester_replied_at"]
    last = detail["messages"][-1]
    assert (last["author"], last["channel"], last["sender"], last["text"]) == (
        "requester", "email", "an.peeters@example.be", ANSWER[lang])  # the quoted request is trimmed
    assert [e for e in detail["events"] if e["kind"] == "requester_message"][-1]["data"]["autoclose_cancelled"]
    assert len(outbox("an.peeters@example.be")) == before  # a reply gets no auto-reply
    assert [(m.status, m.reason) for m in inbound()] == [("threaded", "")]
    queue = client.get("/tickets", params={"replied": "true"}, headers=agent).json()
    assert number in [t["number"] for t in queue["items"]]  # the "requester replied" marker


def test_a_reply_to_a_resolved_ticket_reopens_it(client, agent, receiver):
    number = create(client, language="nl", email="an@example.be")["number"]
    client.post(f"/tickets/{number}/claim", headers=agent)
    client.post(f"/tickets/{number}/resolve", json={"text": "Opgelost."}, headers=agent)
    host, port = receiver("smtp")
    send(host, port, "smtp", mail("an@example.be", f"Re: {number}", "Het werkt nog steeds niet."))
    detail = client.get(f"/tickets/{number}/detail", headers=agent).json()
    assert detail["status"] == "open" and detail["reopened_at"] and detail["autoclose_at"] is None


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_another_sender_is_kept_for_triage_and_told_how_to_reach_the_desk(client, agent, receiver, lang):
    number = waiting_ticket(client, agent, lang)
    host, port = receiver("lmtp")
    send(host, port, "lmtp", mail("collega@example.be", f"Re: [{number}]", ANSWER[lang]))
    detail = client.get(f"/tickets/{number}/detail", headers=agent).json()
    assert detail["status"] == "waiting_for_requester" and detail["autoclose_at"]  # never someone else's ticket
    assert all(m["author"] == "agent" for m in detail["messages"])
    [answer] = outbox("collega@example.be")
    assert answer.template == "inbound_unknown" and answer.language == lang  # detected from the message
    assert number not in answer.subject + answer.body_text  # says nothing about the ticket
    triage = client.get("/inbound/triage", headers=agent).json()
    assert [(t["sender"], t["reason"], t["body"]) for t in triage] == [("collega@example.be", "other_sender",
                                                                        ANSWER[lang])]


def test_a_made_up_number_is_kept_for_triage_and_answered_in_both_languages(client, agent, receiver):
    host, port = receiver("smtp")
    send(host, port, "smtp", mail("an@example.be", "Re: SD-2026-999999", "ok"))  # too short to tell the language
    assert {(m.template, m.language) for m in outbox("an@example.be")} == {("inbound_unknown", "nl"),
                                                                         ("inbound_unknown", "fr")}
    assert [(m.status, m.reason) for m in inbound()] == [("triage", "unknown_number")]
    with new_session() as db:
        assert db.scalar(select(Ticket).where(Ticket.number == "SD-2026-999999")) is None


@pytest.mark.parametrize("lang, text", [
    ("nl", "Goeddag, mijn printer op de derde verdieping drukt niets meer af sinds gisteren."),
    ("fr", "Bonjour, mon imprimante du troisième étage n'imprime plus rien depuis hier."),
])
def test_a_mail_without_a_number_opens_a_ticket_with_its_confirmation(client, agent, receiver, lang, text):
    host, port = receiver("lmtp")
    send(host, port, "lmtp", mail("Luc <luc@example.be>", "Printer", text))
    [row] = inbound()
    with new_session() as db:
        ticket = db.get(Ticket, row.ticket_id)
        assert (ticket.channel, ticket.language, ticket.email, ticket.subject, ticket.description) == (
            "email", lang, "luc@example.be", "Printer", text)
    [confirmation] = outbox("luc@example.be")
    assert confirmation.template == "ticket_created" and ticket.number in confirmation.subject
    assert confirmation.language == lang


def test_the_attachments_of_a_mail_that_opens_a_ticket_are_on_the_ticket(client, agent, receiver):
    host, port = receiver("smtp")
    send(host, port, "smtp", mail("luc@example.be", "Printer", "Mijn printer drukt niets meer af, zie de foto.",
                                  attachments=(("foto.jpg", "image/jpeg", b"\xff\xd8jpeg"),
                                               ("macro.vbs", "text/plain", b"MsgBox 1"))))
    [row] = inbound()
    with new_session() as db:
        number = db.get(Ticket, row.ticket_id).number
    detail = client.get(f"/tickets/{number}/detail", headers=agent).json()
    assert [(a["filename"], a["content_type"], a["size"]) for a in detail["attachments"]] == [
        ("foto.jpg", "image/jpeg", 6)]
    assert [e["data"] for e in detail["events"] if e["kind"] == "attachments_refused"] == [{"count": 1}]
    assert {m.template for m in outbox("luc@example.be")} == {"ticket_created", "inbound_refused"}


def test_a_reply_to_a_closed_ticket_opens_a_new_one_that_quotes_the_old_number(client, agent, receiver):
    number = create(client, language="nl", email="an@example.be")["number"]
    client.post(f"/tickets/{number}/claim", headers=agent)
    client.post(f"/tickets/{number}/close", json={"text": "Afgesloten."}, headers=agent)
    host, port = receiver("smtp")
    send(host, port, "smtp", mail("an@example.be", f"Re: [{number}] Afgesloten",
                                  "Het probleem is terug, de printer drukt opnieuw niets af."))
    [row] = inbound()
    assert (row.status, row.reason) == ("created", "follows_closed")
    with new_session() as db:
        new = db.get(Ticket, row.ticket_id)
    assert new.number != number
    assert client.get(f"/tickets/{number}/detail", headers=agent).json()["status"] == "closed"
    events = client.get(f"/tickets/{new.number}/detail", headers=agent).json()["events"]
    assert {"kind": "follows_closed", "previous": number} in [{"kind": e["kind"], **e["data"]} for e in events]
    assert outbox("an@example.be")[-1].template == "ticket_created"


def test_an_out_of_office_reply_gets_no_answer_and_changes_nothing(client, agent, receiver):
    number = waiting_ticket(client, agent, "nl")
    before = len(outbox("an.peeters@example.be"))
    host, port = receiver("lmtp")
    send(host, port, "lmtp", mail("an.peeters@example.be", f"Automatisch antwoord: [{number}]",
                                  "Ik ben afwezig tot maandag.", headers={"Auto-Submitted": "auto-replied"}))
    send(host, port, "lmtp", mail("mailer-daemon@example.be", "Delivery failure", "no such user"))
    assert len(outbox("an.peeters@example.be")) == before and outbox("mailer-daemon@example.be") == []
    assert client.get(f"/tickets/{number}/detail", headers=agent).json()["status"] == "waiting_for_requester"
    assert [(m.status, m.reason) for m in inbound()] == [("ignored", "auto_reply"), ("bounce", "")]


def test_auto_replies_are_capped_per_address(client, agent, receiver, monkeypatch):
    host, port = receiver("smtp")
    for i in range(5):
        send(host, port, "smtp", mail("robot@example.be", f"Re: SD-2026-99999{i}", "Ik heb een vraag over mijn ticket."))
    assert len(outbox("robot@example.be")) == 3  # settings.auto_replies_per_address_per_hour
    assert len(inbound()) == 5  # every message is kept for triage all the same


def test_a_redelivered_message_id_adds_nothing_twice(client, agent, receiver):
    number = waiting_ticket(client, agent, "nl")
    host, port = receiver("lmtp")
    raw = mail("an.peeters@example.be", f"Re: [{number}]", ANSWER["nl"], message_id=make_msgid(domain="x.example"))
    send(host, port, "lmtp", raw)
    send(host, port, "lmtp", raw)
    detail = client.get(f"/tickets/{number}/detail", headers=agent).json()
    assert [m["author"] for m in detail["messages"]].count("requester") == 1
    assert len(inbound()) == 1


def test_attachments_are_kept_up_to_the_limit_and_unsafe_ones_refused(client, agent, receiver, monkeypatch):
    monkeypatch.setenv("FRONTDOOR_ATTACHMENT_MAX_BYTES", "1000")
    number = waiting_ticket(client, agent, "fr")
    host, port = receiver("smtp")
    send(host, port, "smtp", mail("an.peeters@example.be", f"Re: [{number}]", ANSWER["fr"], attachments=(
        ("capture.png", "image/png", b"\x89PNG" + b"x" * 500), ("grand.pdf", "application/pdf", b"%PDF" + b"y" * 2000),
        ("outil.exe", "application/octet-stream", b"MZ\x90\x00"))))
    detail = client.get(f"/tickets/{number}/detail", headers=agent).json()
    last = detail["messages"][-1]
    assert [a["filename"] for a in last["attachments"]] == ["capture.png"]
    assert last["refused_attachments"] == 2
    [told] = [m for m in outbox("an.peeters@example.be") if m.template == "inbound_refused"]
    assert told.language == "fr" and "2 pièce(s) jointe(s)" in told.body_text and "0.001 Mo" in told.body_text
    r = client.get(f"/tickets/{number}/attachments/{last['attachments'][0]['id']}", headers=agent)
    assert r.status_code == 200 and r.content == b"\x89PNG" + b"x" * 500
    assert r.headers["content-disposition"].startswith("attachment")
    assert client.get(f"/tickets/{number}/attachments/{last['attachments'][0]['id']}").status_code == 401


def test_a_message_over_the_size_limit_is_refused_by_the_receiver(client, receiver, monkeypatch):
    monkeypatch.setenv("FRONTDOOR_INBOUND_MAX_BYTES", "5000")
    host, port = receiver("smtp")
    with pytest.raises((smtplib.SMTPSenderRefused, smtplib.SMTPDataError)) as refused:  # at MAIL SIZE= or DATA
        send(host, port, "smtp", mail("an@example.be", "Groot", "x" * 10_000))
    assert refused.value.smtp_code == 552 and inbound() == []


def test_only_the_desk_address_is_accepted(client, receiver):
    host, port = receiver("smtp")
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        send(host, port, "smtp", mail("an@example.be", "Hallo", "Relay?"), rcpt="someone@elsewhere.example")
    assert inbound() == []


def test_a_database_error_answers_4xx_so_the_sender_retries(client, receiver, monkeypatch):
    import api.inbound.service as service

    def broken(*_):
        raise RuntimeError("database down")

    monkeypatch.setattr(service, "receive", broken)
    host, port = receiver("lmtp")
    with pytest.raises(smtplib.SMTPDataError) as refused:
        send(host, port, "lmtp", mail("an@example.be", "Hallo", "Een vraag over mijn account."))
    assert 400 <= refused.value.smtp_code < 500


def test_a_bounce_of_our_own_mail_marks_the_outbox_row_and_shows_on_the_ticket(client, agent, receiver):
    number = create(client, language="nl", email="nobody@example.be")["number"]
    [sent] = outbox("nobody@example.be")
    host, port = receiver("smtp")
    send(host, port, "smtp", bounce(sent.message_id))
    assert outbox("nobody@example.be")[0].status == "bounced"
    events = client.get(f"/tickets/{number}/detail", headers=agent).json()["events"]
    assert [e["data"] for e in events if e["kind"] == "mail_bounced"] == [{"template": "ticket_created"}]
    assert outbox("mailer-daemon@mx.example.be") == []  # a bounce is never answered
    worker.run_once(system_clock() + timedelta(days=31))  # a bounced row leaves the outbox with the others
    assert outbox("nobody@example.be") == []


def test_a_mail_without_a_sender_address_is_kept_and_answered_to_nobody(client, receiver):
    host, port = receiver("smtp")
    send(host, port, "smtp", b"Subject: Re: SD-2026-000001\r\nMessage-ID: <nofrom@example.be>\r\n\r\nHallo\r\n")
    assert [(m.sender, m.status, m.reason, m.replied) for m in inbound()] == [("", "triage", "unknown_number", False)]
    with new_session() as db:
        assert db.scalars(select(OutboxEmail)).all() == []
