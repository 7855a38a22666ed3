"""Retention, export and erasure of a requester's personal data.

A ticket's personal data is its requester's address, name and organisation, what was written (subject, description,
messages, the chat transcript), its access links and the e-mails sent about it. Anonymising a ticket blanks all of
that and keeps what statistics need: number, type, priority, channel, language, status and dates, and the events.

- Retention (the worker, `purge_expired`): closed tickets are anonymised `ticket_retention_days` after closing;
  sent, failed or bounced e-mails leave the outbox after `mail_retention_days`, and so do the records of inbound e-mail
  (api/inbound, also the triage items); an anonymised ticket loses its attachments. Chat logs and FAQ searches have their own
  purges (api/chat, api/faq).
- A data-subject request (`frontdoor privacy export|erase EMAIL`): everything held about an address, found by the
  address in tickets, e-mails, staff accounts and any chat turn or FAQ search whose text contains it, plus the chat
  turns and searches of the conversations its tickets came from. Erasure closes the person's open tickets.

Every run is logged as a PrivacyEvent with counts only: the address itself is never written down.
"""
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from api.auth.models import LoginFailure, User
from api.auth.service import _failure_key
from api.chat.models import ChatTurn
from api.faq.models import FaqSearch, FaqUnanswered
from api.inbound import service as inbound
from api.inbound.models import TicketAttachment
from api.mail.models import OutboxEmail
from api.privacy.models import PrivacyEvent
from api.settings import get_settings
from api.tickets.models import Ticket, TicketAccessToken, TicketMessage
from api.tickets.service import events, record

ANONYMISED = "[geanonimiseerd · anonymisé]"
BATCH = 200


def anonymise(db: Session, ticket: Ticket, now: datetime, reason: str) -> int:
    """Blank the ticket's personal data (the caller commits); returns how many e-mails went with it."""
    before = ticket.status
    if ticket.status != "closed":  # an erased ticket cannot be worked any more
        ticket.status, ticket.closed_at, ticket.autoclose_at = "closed", now, None
    ticket.email = ticket.name = ticket.organisation = ticket.request_hash = ""
    ticket.subject = ticket.description = ANONYMISED
    ticket.transcript, ticket.chat_session, ticket.anonymised_at, ticket.updated_at = [], None, now, now
    db.execute(update(TicketMessage).where(TicketMessage.ticket_id == ticket.id).values(text=ANONYMISED, sender=""))
    db.execute(delete(TicketAttachment).where(TicketAttachment.ticket_id == ticket.id))
    db.execute(delete(TicketAccessToken).where(TicketAccessToken.ticket_id == ticket.id))
    mails = db.execute(delete(OutboxEmail).where(OutboxEmail.ref == ticket.number,
                                                 OutboxEmail.status != "sending")).rowcount or 0
    record(db, ticket, "anonymised", now, from_status=before, to_status=ticket.status, reason=reason)
    return mails


def _log(db: Session, kind: str, now: datetime, counts: dict[str, int]) -> None:
    db.add(PrivacyEvent(kind=kind, at=now, counts=counts))


def purge_expired(db: Session, now: datetime) -> dict[str, int]:
    """The worker's retention job: anonymise long-closed tickets (in batches) and drop old e-mails. Commits."""
    settings = get_settings()
    cutoff = now - timedelta(days=settings.ticket_retention_days)
    counts = {"tickets": 0, "emails": 0}
    while True:
        batch = list(db.scalars(select(Ticket).where(Ticket.closed_at < cutoff, Ticket.anonymised_at.is_(None))
                                .order_by(Ticket.closed_at).limit(BATCH).with_for_update(skip_locked=True)))
        for ticket in batch:
            counts["emails"] += anonymise(db, ticket, now, "retention")
        counts["tickets"] += len(batch)
        db.commit()
        if len(batch) < BATCH:
            break
    counts["emails"] += db.execute(delete(OutboxEmail).where(
        OutboxEmail.status.in_(("sent", "failed", "bounced")),
        OutboxEmail.created_at < now - timedelta(days=settings.mail_retention_days))).rowcount or 0
    if any(counts.values()):
        _log(db, "retention", now, counts)
    db.commit()
    return counts


# ---- a data-subject request --------------------------------------------------------------------

def normalise(email: str) -> str:
    email = (email or "").strip().lower()
    if not email or "@" not in email or any(c.isspace() for c in email) or len(email) > 254:
        raise ValueError("not an e-mail address")
    return email


def _tickets(db: Session, email: str) -> list[Ticket]:
    return list(db.scalars(select(Ticket).where(func.lower(Ticket.email) == email).order_by(Ticket.id)))


def _mentions(column, email: str):
    return func.lower(column).contains(email, autoescape=True)


def _about(db: Session, model, text, email: str, sessions: set[str]) -> list:
    """Rows of a visitor-text table (chat turns, FAQ searches) whose text names the address, or that belong to
    the conversations the person's tickets came from; oldest first."""
    where = _mentions(text, email)
    if sessions:
        where = or_(where, model.session_id.in_(sessions))
    return list(db.scalars(select(model).where(where).order_by(model.at, model.id)))


def _chat_turns(db: Session, email: str, sessions: set[str]) -> list[ChatTurn]:
    return _about(db, ChatTurn, ChatTurn.visitor_text, email, sessions)


def _searches(db: Session, email: str, sessions: set[str]) -> list:
    return (_about(db, FaqSearch, FaqSearch.query, email, sessions)
            + _about(db, FaqUnanswered, FaqUnanswered.query, email, sessions))


def _sessions(tickets: list[Ticket]) -> set[str]:
    return {t.chat_session for t in tickets if t.chat_session}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _ticket(db: Session, t: Ticket) -> dict:
    messages = db.scalars(select(TicketMessage).where(TicketMessage.ticket_id == t.id).order_by(TicketMessage.id))
    return {
        "number": t.number, "type": t.type, "status": t.status, "priority": t.priority, "channel": t.channel,
        "language": t.language, "subject": t.subject, "description": t.description, "email": t.email,
        "name": t.name, "organisation": t.organisation, "transcript": t.transcript,
        "created_at": _iso(t.created_at), "updated_at": _iso(t.updated_at), "closed_at": _iso(t.closed_at),
        "messages": [{"author": m.author, "kind": m.kind, "internal": m.internal, "text": m.text,
                      "at": _iso(m.created_at)} for m in messages],
        "events": [{"kind": e.kind, "actor": e.actor, "from_status": e.from_status, "to_status": e.to_status,
                    "at": _iso(e.created_at)} for e, _ in events(db, t)],
    }


def export(db: Session, email: str, now: datetime) -> dict:
    """Everything held about the address, as JSON-ready data; logs the export (counts only) and commits."""
    email = normalise(email)
    tickets = _tickets(db, email)
    sessions = _sessions(tickets)
    mails = list(db.scalars(select(OutboxEmail).where(func.lower(OutboxEmail.to_addr) == email)
                            .order_by(OutboxEmail.id)))
    turns = _chat_turns(db, email, sessions)
    searches = _searches(db, email, sessions)
    account = db.scalar(select(User).where(func.lower(User.email) == email))
    failures = db.get(LoginFailure, _failure_key(email))
    data = {
        "email": email, "exported_at": _iso(now),
        "tickets": [_ticket(db, t) for t in tickets],
        "emails": [{"to": m.to_addr, "subject": m.subject, "body": m.body_text, "template": m.template,
                    "status": m.status, "ticket": m.ref, "created_at": _iso(m.created_at),
                    "sent_at": _iso(m.sent_at)} for m in mails],
        "inbound_emails": [{"from": m.sender, "subject": m.subject, "text": m.body, "status": m.status,
                            "received_at": _iso(m.received_at)} for m in inbound.of_sender(db, email)],
        "chat": [{"conversation": t.session_id, "at": _iso(t.at), "visitor": t.visitor_text,
                  "bot": [m.get("text", "") for m in t.bot_messages or []]} for t in turns],
        "faq_searches": [{"query": s.query, "lang": s.lang, "at": _iso(s.at)} for s in searches],
        "staff_account": {"email": account.email, "name": account.name, "role": account.role,
                          "active": account.active, "created_at": _iso(account.created_at)} if account else None,
        "login_failures": {"failures": failures.failures, "last_at": _iso(failures.last_at)} if failures else None,
    }
    _log(db, "export", now, {"tickets": len(tickets), "emails": len(mails), "chat_turns": len(turns),
                             "faq_searches": len(searches), "staff_account": int(account is not None)})
    db.commit()
    return data


def erase(db: Session, email: str, now: datetime) -> dict[str, int]:
    """Anonymise the person's tickets and delete their e-mails, chat turns and searches, in one transaction.
    A staff account is not deleted here (an administrator deactivates it); the counts say whether one exists."""
    email = normalise(email)
    tickets = _tickets(db, email)
    sessions = _sessions(tickets)
    counts = {"tickets": len(tickets), "emails": 0, "chat_turns": 0, "faq_searches": 0}
    for ticket in tickets:
        counts["emails"] += anonymise(db, ticket, now, "erasure")
    counts["emails"] += db.execute(delete(OutboxEmail).where(func.lower(OutboxEmail.to_addr) == email,
                                                             OutboxEmail.status != "sending")).rowcount or 0
    counts["inbound_emails"] = inbound.erase(db, email)
    found = {"chat_turns": _chat_turns(db, email, sessions), "faq_searches": _searches(db, email, sessions)}
    for key, rows in found.items():
        for row in rows:
            db.delete(row)
        counts[key] = len(rows)
    db.execute(delete(LoginFailure).where(LoginFailure.key == _failure_key(email)))
    counts["staff_account"] = int(db.scalar(select(func.count()).select_from(User)
                                            .where(func.lower(User.email) == email)) > 0)
    _log(db, "erase", now, counts)
    db.commit()
    return counts
