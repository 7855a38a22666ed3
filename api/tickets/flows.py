"""Ticket changes that also e-mail the requester: the ticket row, its event and the outbox row commit together.

Views call these; each function owns its transaction (commits on success, nothing written on error).
"""
import logging
import re
import unicodedata
from datetime import datetime

from babel.dates import format_date
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.auth.models import User
from api.errors import Conflict, TooMany
from api.mail import service as mail
from api.settings import get_settings
from api.tickets import service
from api.tickets.models import Ticket
from api.tickets.schemas import TicketIn

log = logging.getLogger(__name__)

LOCALES = {"nl": "nl_BE", "fr": "fr_BE"}
LINK_REQUEST_DAYS = 7  # a link asked for in the chat opens the ticket this long
AGENT_TEMPLATES = {"reply": "agent_reply", "request_info": "request_info", "resolve": "resolved", "close": "closed"}


def requester_link(ticket: Ticket, token: str) -> str:
    return f"{get_settings().public_url.rstrip('/')}/tickets/{ticket.number}?token={token}"


def _mail(db: Session, ticket: Ticket, template: str, now: datetime, text: str = "", token: str | None = None,
          days: int = service.LINK_DAYS) -> None:
    """Queue an e-mail to the requester; its link carries a fresh secret (valid `days`) unless one is given."""
    deadline = ""
    if ticket.autoclose_at is not None:
        deadline = format_date(ticket.autoclose_at.astimezone(service.BRUSSELS).date(), "full",
                               locale=LOCALES[ticket.language])
    token = token or service.mint_token(db, ticket, now, days)
    values = {"number": ticket.number, "subject": ticket.subject, "name_part": f" {ticket.name}" if ticket.name else "",
              "link": requester_link(ticket, token), "text": text, "deadline": deadline, "days": str(days)}
    mail.enqueue(db, to=ticket.email, template=template, language=ticket.language, values=values, now=now,
                 ref=ticket.number)


def _replay(db: Session, ticket: Ticket, data: TicketIn, now: datetime) -> tuple[Ticket, bool, str]:
    """The same key and body again: the first ticket, with a fresh secret (only hashes are kept)."""
    if ticket.request_hash != service.request_hash(data):
        raise Conflict("This Idempotency-Key was already used with a different request body.",
                       "idempotency_conflict")
    token = service.mint_token(db, ticket, now)
    db.commit()
    return ticket, False, token


def open_ticket(db: Session, data: TicketIn, now: datetime, idempotency_key: str | None) -> tuple[Ticket, bool, str]:
    """Returns (ticket, created, access token). A retry with the same key and body returns the first ticket.

    Optimistic: the insert runs first and the unique index on the key catches a retry (or a concurrent
    twin), so the common case costs no lookup by key; the rolled-back insert also gives its number back.
    Its one extra query is the count of the address's tickets in the last hour: an address that got
    `tickets_per_address_per_hour` of them gets no more (429, nothing sent), so the desk's sender is no mail
    cannon aimed at one inbox.
    """
    if service.recent_tickets_for(db, str(data.email), now) >= get_settings().tickets_per_address_per_hour:
        existing = service.by_idempotency_key(db, idempotency_key) if idempotency_key else None
        if existing is not None:
            return _replay(db, existing, data, now)
        raise TooMany(3600, "Te veel tickets voor dit e-mailadres", "Trop de tickets pour cette adresse e-mail",
                      "too_many_tickets")
    try:
        ticket = service.create(db, data, now, idempotency_key)
        token = service.mint_token(db, ticket, now)
        _mail(db, ticket, "ticket_created", now, token=token)
        db.commit()
    except IntegrityError:
        db.rollback()
        existing = service.by_idempotency_key(db, idempotency_key) if idempotency_key else None
        if existing is None:
            db.rollback()
            raise
        return _replay(db, existing, data, now)
    return ticket, True, token


def email_ticket(db: Session, data: TicketIn, now: datetime) -> Ticket:
    """A ticket from an inbound e-mail, with the web form's confirmation (its number and link). The caller
    (api.inbound.service.receive) commits it together with the record of the message."""
    ticket = service.create(db, data, now, None)
    _mail(db, ticket, "ticket_created", now)
    return ticket


def send_link(db: Session, number: str, email: str, now: datetime) -> None:
    """E-mail a fresh link (LINK_REQUEST_DAYS) to the ticket's address when number and address belong together;
    the same silence otherwise, so the answer tells nothing about either."""
    ticket = service.link_requested(db, number, email, now)
    if ticket is not None:
        _mail(db, ticket, "ticket_link", now, days=LINK_REQUEST_DAYS)
        db.commit()


def agent_action(db: Session, number: str, user: User, action: str, text: str, now: datetime) -> Ticket:
    """reply / request_info / resolve / close, each e-mailed to the requester in their language."""
    ticket = service.agent_message(db, number, user, action, text, now)
    _mail(db, ticket, AGENT_TEMPLATES[action], now, text)
    db.commit()
    return ticket


def autoclose_due(db: Session, now: datetime) -> list[str]:
    """Closes every ticket past its deadline (settings.autoclose_working_days), with an e-mail, each in its own
    savepoint: one ticket that fails is logged and left for the next run, the others close. Idempotent: closed is
    final, and the close and its e-mail commit together."""
    closed = []
    for ticket in service.due_for_autoclose(db, now):
        try:
            with db.begin_nested():
                service.autoclose(db, ticket, now)
                _mail(db, ticket, "autoclosed", now)
        except Exception as exc:  # noqa: BLE001 - one broken ticket must not keep the others open
            log.error("auto-close of %s failed: %s", ticket.number, type(exc).__name__)
            continue
        closed.append(ticket.number)
    db.commit()
    return closed


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60].strip("-") or "ticket"


def faq_draft(db: Session, number: str, user: User, now: datetime):
    """A resolved (or closed) ticket as a draft FAQ entry in its language, for the editors to review: the question
    in the visitor's own words (their first chat message, else the subject), the subject as an alternative, the
    answer from the agent's resolution (else their last reply). Its group is new, so the editor can add the other
    language's entry to it. Returns the entry and the editor's warnings."""
    from api.faq import service as faq
    from api.faq.schemas import QUESTION_MAX, EntryIn

    ticket = service.for_agent(db, number, user, lock=True)
    if ticket.status not in ("resolved", "closed") or ticket.anonymised_at:
        raise Conflict(f"Ticket {number} is {ticket.status}; only a resolved or closed ticket (with its texts) "
                       "becomes an FAQ draft.", "not_resolved")
    answers = [m for m in service.messages(db, ticket, False) if m.author == "agent" and m.kind != "close"]
    answer = next((m for m in reversed(answers) if m.kind == "resolution"), answers[-1] if answers else None)
    if answer is None:
        raise Conflict(f"Ticket {number} has no agent's answer to make an FAQ answer from.", "no_answer")
    words = next((t["text"] for t in ticket.transcript or [] if t.get("from") == "visitor" and not t.get("pressed")),
                 ticket.subject)
    question = " ".join(words.split())[:QUESTION_MAX]
    alternatives = [ticket.subject] if ticket.subject.strip().lower() != question.lower() else []
    group = base = _slugify(ticket.subject)
    for i in range(2, 100):
        if not faq.group_taken(db, group):
            break
        group = f"{base}-{i}"
    entry, warnings = faq.create_entry(db, EntryIn(
        id=f"{group}-{ticket.language}", lang=ticket.language, question=question, answer=answer.text,
        alternatives=alternatives, tags=["from-ticket"], group=group, status="draft"), user.email, now)
    service.record(db, ticket, "faq_draft_created", now, user=user, entry_id=entry.id)
    db.commit()
    return entry, warnings
