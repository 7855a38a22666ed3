"""Inbound e-mail, one message per transaction: dedupe, classify, thread by ticket number, or keep for triage.

`receive` owns its transaction (as a flow does): the record of the message, the ticket change, the attachments and
any answer in the outbox commit together, or nothing does. The SMTP/LMTP receiver answers 250 and the IMAP poller
flags a message \\Seen only after that commit; a redelivery of the same Message-ID adds nothing.

What each message gets (docs/email.md):
- a bounce of our own mail: the outbox row is marked `bounced` and the ticket gets an event; no answer;
- an auto-reply or bulk mail (Auto-Submitted, Precedence, mailer-daemon): recorded, never answered, never threaded;
- a known number from the ticket's requester: a requester message (reopens, cancels the auto-close);
- a closed ticket's number from its requester: a new ticket that quotes the old number;
- no number: a new ticket with the confirmation e-mail;
- an unknown number or another sender: kept for an agent (triage), with an answer that says how to reach the desk.
Answers are capped per address (settings.auto_replies_per_address_per_hour). Logs carry outcomes and ticket
numbers only, never addresses, subjects or bodies.
"""
import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import PurePosixPath

from pydantic import ValidationError
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.errors import Conflict, NotFound
from api.inbound.models import InboundMessage, TicketAttachment
from api.inbound.parse import Attachment, Parsed, parse
from api.mail import service as mail
from api.mail.models import OutboxEmail
from api.settings import get_settings
from api.tickets import flows, service as tickets
from api.tickets.models import Ticket
from api.tickets.schemas import TicketIn

log = logging.getLogger(__name__)

UNSAFE_EXTENSIONS = {".exe", ".bat", ".cmd", ".js", ".vbs", ".vbe", ".scr", ".ps1", ".msi", ".jar", ".com", ".dll",
                     ".pif", ".cpl", ".hta", ".wsf", ".lnk", ".sh", ".reg"}
UNSAFE_TYPES = {"application/x-msdownload", "application/x-msdos-program", "application/x-dosexec",
                "application/x-executable", "application/x-sh", "application/javascript", "text/javascript",
                "application/x-ms-installer", "application/java-archive", "application/hta", "text/vbscript"}
NO_SUBJECT = "(geen onderwerp · sans objet)"


@dataclass
class Outcome:
    status: str  # duplicate, or an InboundMessage status
    reason: str = ""
    number: str | None = None


def is_unsafe(item: Attachment) -> bool:
    return (PurePosixPath(item.filename.lower()).suffix in UNSAFE_EXTENSIONS
            or item.content_type.lower() in UNSAFE_TYPES or item.data[:2] == b"MZ")  # a Windows executable


def _language(parsed: Parsed, ticket: Ticket | None) -> str | None:
    if ticket is not None:
        return ticket.language
    from api.chat.language import detect

    lang, _ = detect(f"{parsed.subject}\n{parsed.text}")
    return lang


def _may_answer(db: Session, sender: str, now: datetime) -> bool:
    """At most auto_replies_per_address_per_hour answers to one address: two auto-responders never ping-pong."""
    recent = db.scalar(select(func.count()).select_from(InboundMessage).where(
        InboundMessage.sender == sender, InboundMessage.replied.is_(True),
        InboundMessage.received_at > now - timedelta(hours=1)))
    return recent < get_settings().auto_replies_per_address_per_hour


def _answer(db: Session, row: InboundMessage, template: str, language: str | None, now: datetime,
            number: str = "", **values: str) -> None:
    """The answer in the ticket's or the message's language; NL and FR both when neither is known."""
    if "@" not in row.sender or not _may_answer(db, row.sender, now):  # no address to answer to
        return
    for lang in [language] if language else ["nl", "fr"]:
        mail.enqueue(db, to=row.sender, template=template, language=lang, now=now, ref=number,
                     values={"number": number, **values})
    row.replied = True


def _keep(db: Session, ticket: Ticket, message_id: int | None, items: list[Attachment], now: datetime) -> int:
    """Stores the safe attachments up to the size limit; returns how many were refused."""
    limit, refused = get_settings().attachment_max_bytes, 0
    for item in items:
        if is_unsafe(item) or len(item.data) > limit:
            refused += 1
            continue
        db.add(TicketAttachment(ticket_id=ticket.id, message_id=message_id, filename=item.filename[:255],
                                content_type=item.content_type[:100], size=len(item.data),
                                sha256=hashlib.sha256(item.data).hexdigest(), data=item.data, created_at=now))
    return refused


def _tell_refused(db: Session, row: InboundMessage, ticket: Ticket, refused: int, now: datetime) -> None:
    if refused:
        _answer(db, row, "inbound_refused", ticket.language, now, ticket.number, count=str(refused),
                max_mb=f"{get_settings().attachment_max_bytes / 1_000_000:g}")


def _flag_subjects(db: Session, ticket: Ticket, text: str, now: datetime) -> None:
    """One subject per ticket: a message the FAQ index splits into several subjects is flagged to the agent."""
    from api.faq.service import subjects

    try:
        with db.begin_nested():
            found = subjects(db, text[:1000], ticket.language)["subjects"]
    except Exception as exc:  # noqa: BLE001 - the flag is advice: a message never waits for the FAQ index
        log.warning("inbound mail: no subject check for %s (%s)", ticket.number, type(exc).__name__)
        return
    if len(found) > 1:
        tickets.record(db, ticket, "several_subjects", now, subjects=len(found))


def _bounce(db: Session, parsed: Parsed, now: datetime) -> int | None:
    rows = list(db.scalars(select(OutboxEmail).where(OutboxEmail.message_id.in_(parsed.bounced_ids)))) \
        if parsed.bounced_ids else []
    ticket_id = None
    for row in rows:
        row.status, row.last_error = "bounced", "bounce received"
        ticket = db.scalar(select(Ticket).where(Ticket.number == row.ref)) if row.ref else None
        if ticket is not None:
            tickets.record(db, ticket, "mail_bounced", now, template=row.template)
            ticket_id = ticket.id
    return ticket_id


def _new_ticket(db: Session, parsed: Parsed, row: InboundMessage, now: datetime,
                follows: str | None = None) -> Outcome:
    if tickets.recent_tickets_for(db, parsed.sender, now) >= get_settings().tickets_per_address_per_hour:
        row.status, row.reason, row.body = "triage", "too_many_tickets", parsed.text
        return Outcome("triage", "too_many_tickets")
    language = _language(parsed, None)
    try:
        data = TicketIn(type="question", subject=(parsed.subject or NO_SUBJECT)[:200], channel="email",
                        description=(parsed.text or parsed.subject or NO_SUBJECT)[:10_000],
                        language=language or "nl", email=parsed.sender)
    except ValidationError:  # e.g. a sender address that is no address
        row.status, row.reason, row.body = "triage", "invalid_sender", parsed.text
        return Outcome("triage", "invalid_sender")
    ticket = flows.email_ticket(db, data, now)
    row.replied = True  # the confirmation counts as an answer
    if follows:
        tickets.record(db, ticket, "follows_closed", now, actor="requester", previous=follows)
    refused = _keep(db, ticket, None, parsed.attachments, now)
    if refused:
        tickets.record(db, ticket, "attachments_refused", now, actor="requester", count=refused)
    _tell_refused(db, row, ticket, refused, now)
    _flag_subjects(db, ticket, data.description, now)
    row.status, row.ticket_id, row.reason = "created", ticket.id, "follows_closed" if follows else ""
    return Outcome("created", row.reason, ticket.number)


def _thread(db: Session, parsed: Parsed, row: InboundMessage, ticket: Ticket, now: datetime) -> Outcome:
    message = tickets.requester_writes(db, ticket, parsed.text or parsed.subject or NO_SUBJECT, now,
                                       channel="email", sender=parsed.sender)
    refused = _keep(db, ticket, message.id, parsed.attachments, now)
    message.refused_attachments = refused
    _tell_refused(db, row, ticket, refused, now)
    _flag_subjects(db, ticket, parsed.text, now)
    row.status, row.ticket_id = "threaded", ticket.id
    return Outcome("threaded", "", ticket.number)


def _classify(db: Session, parsed: Parsed, row: InboundMessage, now: datetime) -> Outcome:
    if parsed.bounce:
        row.status, row.ticket_id = "bounce", _bounce(db, parsed, now)
        return Outcome("bounce")
    if parsed.auto:
        row.status, row.reason = "ignored", "auto_reply"
        return Outcome("ignored", "auto_reply")
    if parsed.number is None:
        return _new_ticket(db, parsed, row, now)
    ticket = tickets.for_sender(db, parsed.number, parsed.sender, lock=True)
    if ticket is None:
        known = db.scalar(select(Ticket.id).where(Ticket.number == parsed.number)) is not None
        row.status, row.reason, row.body = "triage", "other_sender" if known else "unknown_number", parsed.text
        _answer(db, row, "inbound_unknown", _language(parsed, None), now)
        return Outcome("triage", row.reason)
    if ticket.status == "closed":
        return _new_ticket(db, parsed, row, now, follows=ticket.number)
    return _thread(db, parsed, row, ticket, now)


def receive(db: Session, raw: bytes, now: datetime) -> Outcome:
    """Records and handles one message in one transaction (commits). A database error propagates with nothing
    written, so the sender (or the poller) tries again."""
    parsed = parse(raw)
    if db.scalar(select(InboundMessage.id).where(InboundMessage.message_id == parsed.message_id)) is not None:
        return Outcome("duplicate")
    row = InboundMessage(message_id=parsed.message_id, sender=parsed.sender[:254], subject=parsed.subject,
                         body="", status="triage", reason="", raw_size=len(raw), replied=False, received_at=now)
    db.add(row)
    try:
        db.flush()  # a concurrent delivery of the same Message-ID stops here
    except IntegrityError:
        db.rollback()
        return Outcome("duplicate")
    outcome = _classify(db, parsed, row, now)
    db.commit()
    log.info("inbound mail %s: %s%s", row.id, outcome.status,
             f" {outcome.number}" if outcome.number else f" ({outcome.reason})" if outcome.reason else "")
    return outcome


# --- agents ----------------------------------------------------------------------------------------

def triage(db: Session, limit: int = 100) -> list[InboundMessage]:
    return list(db.scalars(select(InboundMessage).where(InboundMessage.status == "triage")
                           .order_by(InboundMessage.received_at, InboundMessage.id).limit(limit)))


def _triage_item(db: Session, item_id: int) -> InboundMessage:
    row = db.scalar(select(InboundMessage).where(InboundMessage.id == item_id).with_for_update())
    if row is None:
        raise NotFound(f"No inbound message {item_id}.", "inbound_not_found")
    if row.status != "triage":
        raise Conflict(f"Inbound message {item_id} was already handled ({row.status}).", "already_handled")
    return row


def attach(db: Session, item_id: int, number: str, user, now: datetime) -> Ticket:
    """An agent's choice: the kept message becomes a requester message on that ticket. Commits."""
    row = _triage_item(db, item_id)
    ticket = tickets.for_agent(db, number.upper(), user, lock=True)
    tickets.requester_writes(db, ticket, row.body or row.subject or NO_SUBJECT, now, channel="email",
                             sender=row.sender)
    tickets.record(db, ticket, "email_attached", now, user=user, inbound_id=row.id)
    row.status, row.ticket_id, row.body = "attached", ticket.id, ""
    db.commit()
    return ticket


def dismiss(db: Session, item_id: int, now: datetime) -> None:
    row = _triage_item(db, item_id)
    row.status, row.body, row.subject = "dismissed", "", ""
    db.commit()


def attachments_of(db: Session, ticket: Ticket) -> dict[int | None, list[TicketAttachment]]:
    """The ticket's attachments by the message they came with (None: the e-mail that opened the ticket)."""
    found: dict[int | None, list[TicketAttachment]] = {}
    for item in db.scalars(select(TicketAttachment).where(TicketAttachment.ticket_id == ticket.id)
                           .order_by(TicketAttachment.id)):
        found.setdefault(item.message_id, []).append(item)
    return found


def attachment(db: Session, ticket: Ticket, attachment_id: int) -> TicketAttachment:
    item = db.scalar(select(TicketAttachment).where(TicketAttachment.id == attachment_id,
                                                    TicketAttachment.ticket_id == ticket.id))
    if item is None:
        raise NotFound(f"No attachment {attachment_id} on ticket {ticket.number}.", "attachment_not_found")
    return item


# --- privacy ---------------------------------------------------------------------------------------

def purge_expired(db: Session, now: datetime) -> dict[str, int]:
    """The worker's retention job: inbound records (and triage items) older than mail_retention_days go."""
    cutoff = now - timedelta(days=get_settings().mail_retention_days)
    return {"inbound": db.execute(delete(InboundMessage).where(InboundMessage.received_at < cutoff)).rowcount or 0}


def of_sender(db: Session, email: str) -> list[InboundMessage]:
    return list(db.scalars(select(InboundMessage).where(InboundMessage.sender == email).order_by(InboundMessage.id)))


def erase(db: Session, email: str) -> int:
    """A data-subject erasure: the person's inbound records (their tickets' attachments go with the tickets'
    anonymisation, api/privacy). The caller commits."""
    return db.execute(delete(InboundMessage).where(InboundMessage.sender == email)).rowcount or 0
