"""Ticket changes that also e-mail the requester: the ticket row, its event and the outbox row commit together.

Views call these; each function owns its transaction (commits on success, nothing written on error).
"""
from datetime import datetime

from babel.dates import format_date
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.auth.models import User
from api.errors import Conflict
from api.mail import service as mail
from api.settings import get_settings
from api.tickets import service
from api.tickets.models import Ticket
from api.tickets.schemas import TicketIn

LOCALES = {"nl": "nl_BE", "fr": "fr_BE"}
AGENT_TEMPLATES = {"reply": "agent_reply", "request_info": "request_info", "resolve": "resolved", "close": "closed"}


def requester_link(ticket: Ticket) -> str:
    return f"{get_settings().public_url.rstrip('/')}/tickets/{ticket.number}?token={ticket.access_token}"


def _mail(db: Session, ticket: Ticket, template: str, now: datetime, text: str = "") -> None:
    deadline = ""
    if ticket.autoclose_at is not None:
        deadline = format_date(ticket.autoclose_at.astimezone(service.BRUSSELS).date(), "full",
                               locale=LOCALES[ticket.language])
    values = {"number": ticket.number, "subject": ticket.subject, "name_part": f" {ticket.name}" if ticket.name else "",
              "link": requester_link(ticket), "text": text, "deadline": deadline}
    mail.enqueue(db, to=ticket.email, template=template, language=ticket.language, values=values, now=now,
                 ref=ticket.number)


def _replay(ticket: Ticket, data: TicketIn) -> tuple[Ticket, bool]:
    if ticket.request_hash != service.request_hash(data):
        raise Conflict("This Idempotency-Key was already used with a different request body.",
                       "idempotency_conflict")
    return ticket, False


def open_ticket(db: Session, data: TicketIn, now: datetime, idempotency_key: str | None) -> tuple[Ticket, bool]:
    """Returns (ticket, created). A retry with the same key and body returns the first ticket.

    Optimistic: the insert runs first and the unique index on the key catches a retry (or a concurrent
    twin), so the common case costs no extra lookup; the rolled-back insert also gives its number back.
    """
    try:
        ticket = service.create(db, data, now, idempotency_key)
        _mail(db, ticket, "ticket_created", now)
        db.commit()
    except IntegrityError:
        db.rollback()
        existing = service.by_idempotency_key(db, idempotency_key) if idempotency_key else None
        db.rollback()
        if existing is None:
            raise
        return _replay(existing, data)
    return ticket, True


def agent_action(db: Session, number: str, user: User, action: str, text: str, now: datetime) -> Ticket:
    """reply / request_info / resolve / close, each e-mailed to the requester in their language."""
    ticket = service.agent_message(db, number, user, action, text, now)
    _mail(db, ticket, AGENT_TEMPLATES[action], now, text)
    db.commit()
    return ticket


def autoclose_due(db: Session, now: datetime) -> list[str]:
    """Closes every ticket past its 5-working-day deadline, with an e-mail. Idempotent: closed is final."""
    closed = []
    for ticket in service.due_for_autoclose(db, now):
        service.autoclose(db, ticket, now)
        _mail(db, ticket, "autoclosed", now)
        closed.append(ticket.number)
    db.commit()
    return closed
