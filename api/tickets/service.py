"""Ticket rules: numbering, who may see what, the status machine, the audit trail and auto-close.

Status machine (documented in docs/api.md):
  new --claim/reassign--> open --request-info--> waiting_for_requester --resolve--> resolved --close--> closed
  - reply keeps open / waiting_for_requester; request-info and resolve work from open and waiting_for_requester;
  - a requester message moves waiting_for_requester or resolved back to open (a reopen) and cancels auto-close;
  - close works from open, waiting_for_requester and resolved; auto-close from waiting_for_requester and resolved
    after settings.autoclose_working_days (5) federal working days without a requester reaction;
  - closed is final: the requester opens a new ticket instead.
Functions take a Session and never commit; the caller (a view, a flow, the worker) owns the transaction.
"""
import hashlib
import json
import re
import secrets
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, insert, select, text, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError, ProgrammingError
from sqlalchemy.orm import Session

from api.analytics import events as analytics
from api.auth.models import User
from api.chat.service import transcript as chat_transcript
from api.errors import Conflict, Invalid, NotFound
from api.tickets.models import STATUSES, Ticket, TicketAccessToken, TicketCounter, TicketEvent, TicketMessage
from api.settings import get_settings
from api.tickets.schemas import TicketIn

BRUSSELS = ZoneInfo("Europe/Brussels")
COMPLAINT_ROLES = ("service_manager", "admin")
ASSIGNABLE_ROLES = ("agent", "service_manager", "admin")
NOT_FOUND = "No ticket with this number for these details."

# action -> {from status: to status}
TRANSITIONS: dict[str, dict[str, str]] = {
    "claim": {"new": "open"},
    "reassign": {"new": "open", "open": "open", "waiting_for_requester": "waiting_for_requester",
                 "resolved": "resolved"},
    "reply": {"open": "open", "waiting_for_requester": "waiting_for_requester"},
    "request_info": {"open": "waiting_for_requester", "waiting_for_requester": "waiting_for_requester"},
    "resolve": {"open": "resolved", "waiting_for_requester": "resolved"},
    "close": {"open": "closed", "waiting_for_requester": "closed", "resolved": "closed"},
    "autoclose": {"waiting_for_requester": "closed", "resolved": "closed"},
    "requester_message": {"new": "new", "open": "open", "waiting_for_requester": "open", "resolved": "open"},
}
AUTOCLOSING = ("waiting_for_requester", "resolved")
PRIORITY_RANK = {"urgent": 0, "high": 1, "normal": 2, "low": 3}
LINK_DAYS = 30  # how long the link in an e-mail to the requester opens the ticket
LINKS_PER_HOUR = 3  # fresh links one ticket gets on request (the chat's status question), per hour
# A ticket's priority follows from its type alone (a visitor cannot jump the queue)
PRIORITY_OF_TYPE = {"urgent_incident": "urgent", "complaint": "high", "incident": "normal", "question": "normal",
                    "request": "low"}


def autoclose_deadline(now: datetime) -> datetime:
    from api.hours.office_hours import add_working_days

    return add_working_days(now, get_settings().autoclose_working_days)


def request_hash(data: TicketIn) -> str:
    canonical = json.dumps(data.model_dump(mode="json", by_alias=True), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def next_number(db: Session, now: datetime) -> str:
    """The next `SD-<Brussels year>-<6 digits>`: unique and never reused, on both engines.

    PostgreSQL: one sequence per year (`ticket_number_<year>`, made on first use). nextval takes no row lock,
    so concurrent creations never queue behind each other; a rolled-back creation leaves a gap, never a reuse.
    SQLite: a per-year counter row bumped in the ticket's own transaction; SQLite serialises writers anyway
    (BEGIN IMMEDIATE), so the row costs no concurrency there, and numbers come without gaps.
    """
    year = now.astimezone(BRUSSELS).year
    if db.get_bind().dialect.name == "postgresql":
        _ensure_pg_sequence(db, year)
        value = db.execute(text(f"SELECT nextval('ticket_number_{year:d}')")).scalar_one()
    else:
        table = TicketCounter.__table__
        stmt = (sqlite_insert(table).values(year=year, last_value=1)
                .on_conflict_do_update(index_elements=["year"], set_={"last_value": table.c.last_value + 1})
                .returning(table.c.last_value))
        value = db.execute(stmt).scalar_one()
    return f"SD-{year}-{value:06d}"


_pg_sequences: set[tuple[str, int]] = set()  # (database url, year) known to exist; a cache, not state


def _ensure_pg_sequence(db: Session, year: int) -> None:
    """Creates the year's sequence once, outside the caller's transaction (DDL must not ride on a ticket)."""
    engine = db.get_bind().engine
    key = (str(engine.url), year)
    if key in _pg_sequences:
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        try:
            conn.execute(text(f"CREATE SEQUENCE IF NOT EXISTS ticket_number_{year:d} MINVALUE 1 START 1"))
        except (IntegrityError, ProgrammingError):
            pass  # another process created it at the same moment
    _pg_sequences.add(key)


def by_idempotency_key(db: Session, key: str) -> Ticket | None:
    return db.scalar(select(Ticket).where(Ticket.idempotency_key == key))


def record(db: Session, ticket: Ticket, kind: str, now: datetime, *, user: User | None = None,
           actor: str | None = None, from_status: str | None = None, to_status: str | None = None,
           **data) -> None:
    db.execute(insert(TicketEvent.__table__).values(  # Core: skips the ORM bulk-insert machinery
        ticket_id=ticket.id, kind=kind, actor=actor or ("user" if user else "system"),
        actor_user_id=user.id if user else None, from_status=from_status, to_status=to_status, data=data,
        created_at=now))


def create(db: Session, data: TicketIn, now: datetime, idempotency_key: str | None) -> Ticket:
    """Inserts the ticket and its 'created' event (the caller adds the e-mail and commits)."""
    priority = PRIORITY_OF_TYPE[data.type]  # never the caller's choice
    ticket = Ticket(
        number=next_number(db, now), type=data.type, status="new", priority=priority, channel=data.channel,
        language=data.language, subject=data.subject, description=data.description, email=str(data.email),
        name=data.name, organisation=data.organisation,
        transcript=chat_transcript(db, data.chat_session) if data.chat_session else [],
        faq_entries_offered=list(data.faq_entries_offered), chat_session=data.chat_session,
        faq_offers=faq_offers(db, data.chat_session, [str(i) for i in data.faq_entries_offered]),
        idempotency_key=idempotency_key, request_hash=request_hash(data), created_at=now, updated_at=now)
    db.add(ticket)
    db.flush()
    record(db, ticket, "created", now, actor="requester", to_status="new", channel=data.channel)
    if data.chat_session:
        analytics.ticket(db, now, data.chat_session, data.language, data.type)
    return ticket


def faq_offers(db: Session, chat_session: str | None, offered_ids: list[str]) -> list[dict]:
    """What the chat offered before this ticket, from the search and feedback logs (never from a client): each
    entry the bot answered with or listed as a choice, with the visitor's last verdict on it (True helped,
    False did not, None no answer). Kept on the ticket, as the logs are purged sooner."""
    from api.faq.models import FaqEntry, FaqFeedback, FaqSearch

    ids: list[str] = []
    verdicts: dict[str, bool] = {}
    if chat_session:
        searches = list(db.scalars(select(FaqSearch).where(FaqSearch.session_id == chat_session)
                                   .order_by(FaqSearch.at)))
        for search in searches:
            shown = {"answer": 1, "clarify": 3}.get(search.decision, 0)  # what the bot shows of a decision
            ids += [entry_id for entry_id, _ in (search.top or [])[:shown]]
        if searches:
            for feedback in db.scalars(select(FaqFeedback).where(
                    FaqFeedback.search_id.in_([s.id for s in searches])).order_by(FaqFeedback.at, FaqFeedback.id)):
                verdicts[feedback.entry_id] = feedback.helpful
    ids = list(dict.fromkeys(ids + offered_ids))
    entries = {e.id: e for e in db.scalars(select(FaqEntry).where(FaqEntry.id.in_(ids)))} if ids else {}
    return [{"entry_id": i, "question": entries[i].question if i in entries else "",
             "lang": entries[i].lang if i in entries else None, "verdict": verdicts.get(i)} for i in ids]


# --- who sees what ---------------------------------------------------------------------------------

def can_see(user: User, ticket: Ticket) -> bool:
    return ticket.type != "complaint" or user.role in COMPLAINT_ROLES


def for_agent(db: Session, number: str, user: User, lock: bool = False) -> Ticket:
    """A complaint is invisible to plain agents: they get the same 404 as for an unknown number."""
    query = select(Ticket).where(Ticket.number == number)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    ticket = db.scalar(query)
    if ticket is None or not can_see(user, ticket):
        raise NotFound(f"No ticket {number}.", "ticket_not_found")
    return ticket


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def mint_token(db: Session, ticket: Ticket, now: datetime, days: int = LINK_DAYS) -> str:
    """A new secret for the requester's link to this ticket; only its hash is kept."""
    token = secrets.token_urlsafe(32)
    db.add(TicketAccessToken(ticket_id=ticket.id, token_hash=_hash(token), created_at=now,
                             expires_at=now + timedelta(days=days)))
    return token


def for_requester(db: Session, number: str, token: str | None, now: datetime, lock: bool = False) -> Ticket:
    """The token from an e-mail link must be one of this ticket's and not expired; any mismatch is the same
    404 as an unknown number (the number alone, or with the requester's address, opens nothing)."""
    if not token:
        raise Invalid("Give the 'token' from the link in the desk's e-mail.", "missing_field")
    query = (select(Ticket).join(TicketAccessToken, TicketAccessToken.ticket_id == Ticket.id)
             .where(Ticket.number == number, TicketAccessToken.token_hash == _hash(token),
                    TicketAccessToken.expires_at > now))
    if lock:
        query = query.with_for_update(of=Ticket).execution_options(populate_existing=True)
    ticket = db.scalar(query)
    if ticket is None:
        raise NotFound(NOT_FOUND, "ticket_not_found")
    return ticket


def link_requested(db: Session, number: str, email: str, now: datetime) -> Ticket | None:
    """The ticket to e-mail a fresh link for, when the number and the address belong together, the ticket is
    not closed and fewer than LINKS_PER_HOUR links went out for it in the last hour; else None (the caller
    answers the same either way)."""
    ticket = for_sender(db, number, email)
    if ticket is None or ticket.status == "closed":
        return None
    recent = db.scalar(select(func.count()).select_from(TicketAccessToken).where(
        TicketAccessToken.ticket_id == ticket.id, TicketAccessToken.created_at > now - timedelta(hours=1)))
    return ticket if recent < LINKS_PER_HOUR else None


def recent_tickets_for(db: Session, email: str, now: datetime) -> int:
    """Tickets opened for this address in the last hour (the cap on the confirmation e-mails one address gets)."""
    return db.scalar(select(func.count()).select_from(Ticket).where(
        func.lower(Ticket.email) == email.strip().lower(), Ticket.created_at > now - timedelta(hours=1)))


NUMBER_RE = re.compile(r"^SD-\d{4}-\d{6}$", re.IGNORECASE)
SORTS = {"priority": None, "created": Ticket.created_at, "updated": Ticket.updated_at}


def _like(word: str) -> str:
    return "%" + word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _search(query, q: str):
    """The queue's search box: a whole number; or words, each found in the requester's address, the subject
    or the description (a word of digits also finds the number that ends with it: "123" finds SD-2026-000123)."""
    q = q.strip()
    if NUMBER_RE.match(q):
        return query.where(Ticket.number == q.upper())
    for word in q.split()[:10]:
        like = _like(word)
        found = (func.lower(Ticket.email).like(like, escape="\\") | func.lower(Ticket.subject).like(like, escape="\\")
                 | func.lower(Ticket.description).like(like, escape="\\"))
        if word.isdigit() and len(word) <= 6:
            found = found | Ticket.number.like(f"SD-____-{word.zfill(6)}")
        query = query.where(found)
    return query


def queue(db: Session, user: User, *, status=None, type=None, language=None, priority=None,
          unassigned: bool | None = None, assignee_id: int | None = None, replied: bool | None = None,
          q: str | None = None, sort: str = "priority", limit: int = 50,
          offset: int = 0) -> tuple[list[Ticket], int, dict[str, int]]:
    """The tickets that match, one page of them, their total, and how many match per status with the same
    other filters (the filter buttons' counts). Default order: priority, then oldest first; `sort` may be
    created/updated, '-' first for newest first."""
    query = select(Ticket)
    if user.role not in COMPLAINT_ROLES:
        query = query.where(Ticket.type != "complaint")
    for column, value in ((Ticket.type, type), (Ticket.language, language), (Ticket.priority, priority),
                          (Ticket.assignee_id, assignee_id)):
        if value is not None:
            query = query.where(column == value)
    if unassigned is not None:
        query = query.where(Ticket.assignee_id.is_(None) if unassigned else Ticket.assignee_id.is_not(None))
    if replied is not None:
        query = query.where(Ticket.requester_replied_at.is_not(None) if replied
                            else Ticket.requester_replied_at.is_(None))
    if q and q.strip():
        query = _search(query, q)
    counts = _status_counts(db, query)
    if status is not None:
        query = query.where(Ticket.status == status)
    total = counts.get(status, 0) if status is not None else sum(counts.values())
    column = SORTS[sort.lstrip("-")]
    if column is None:
        order = (case(PRIORITY_RANK, value=Ticket.priority, else_=len(PRIORITY_RANK)), Ticket.created_at, Ticket.id)
    else:
        order = (column.desc(), Ticket.id.desc()) if sort.startswith("-") else (column, Ticket.id)
    items = list(db.scalars(query.order_by(*order).limit(limit).offset(offset)))
    return items, total, counts


def _status_counts(db: Session, query) -> dict[str, int]:
    sub = query.subquery()
    rows = db.execute(select(sub.c.status, func.count()).group_by(sub.c.status)).all()
    return {status: 0 for status in STATUSES} | {status: n for status, n in rows}


# --- the status machine ----------------------------------------------------------------------------

def _move(ticket: Ticket, action: str, now: datetime) -> tuple[str, str]:
    allowed = TRANSITIONS[action]
    if ticket.status not in allowed:
        raise Conflict(f"Ticket {ticket.number} is {ticket.status}; '{action}' is not possible now.",
                       "invalid_transition")
    before, after = ticket.status, allowed[ticket.status]
    ticket.status = after
    ticket.updated_at = now
    if after in AUTOCLOSING and (before != after or action in ("request_info", "resolve")):
        ticket.autoclose_at = autoclose_deadline(now)
    elif after not in AUTOCLOSING:
        ticket.autoclose_at = None
    if after == "closed":
        ticket.closed_at = now
    return before, after


def _message(db: Session, ticket: Ticket, now: datetime, *, author: str, kind: str, text: str,
             user: User | None = None, internal: bool = False, channel: str = "", sender: str = "") -> TicketMessage:
    message = TicketMessage(ticket_id=ticket.id, author=author, author_user_id=user.id if user else None, kind=kind,
                            internal=internal, text=text, created_at=now, channel=channel, sender=sender)
    db.add(message)
    return message


def claim(db: Session, number: str, user: User, now: datetime) -> Ticket:
    """One conditional UPDATE: when agents claim at once, exactly one row update succeeds."""
    ticket = for_agent(db, number, user)
    won = db.execute(update(Ticket).where(Ticket.id == ticket.id, Ticket.status == "new",
                                          Ticket.assignee_id.is_(None))
                     .values(status="open", assignee_id=user.id, updated_at=now)
                     .execution_options(synchronize_session=False)).rowcount
    db.refresh(ticket)
    if not won:
        if ticket.assignee_id is not None and ticket.status != "closed":
            raise Conflict(f"Ticket {number} is already claimed.", "already_claimed")
        raise Conflict(f"Ticket {number} is {ticket.status}; 'claim' is not possible now.", "invalid_transition")
    record(db, ticket, "claimed", now, user=user, from_status="new", to_status="open")
    return ticket


def assignees(db: Session) -> list[User]:
    return list(db.scalars(select(User).where(User.active.is_(True), User.role.in_(ASSIGNABLE_ROLES))
                           .order_by(User.name, User.email)))


def reassign(db: Session, number: str, user: User, assignee: int | str, now: datetime) -> Ticket:
    ticket = for_agent(db, number, user, lock=True)
    query = select(User).where(User.id == assignee) if isinstance(assignee, int) else \
        select(User).where(User.email == str(assignee).strip().lower())
    target = db.scalar(query)
    roles = COMPLAINT_ROLES if ticket.type == "complaint" else ASSIGNABLE_ROLES
    if target is None or not target.active or target.role not in roles:
        raise Invalid(f"The assignee must be an active account with the role {' or '.join(roles)}.",
                      "invalid_assignee")
    before, after = _move(ticket, "reassign", now)
    previous = ticket.assignee_id
    ticket.assignee_id = target.id
    record(db, ticket, "reassigned", now, user=user, from_status=before, to_status=after,
           from_assignee=previous, to_assignee=target.id)
    return ticket


def release(db: Session, number: str, user: User, now: datetime) -> Ticket:
    """Give a ticket back to the team: no assignee, same status (closed tickets stay as they are)."""
    ticket = for_agent(db, number, user, lock=True)
    if ticket.status == "closed":
        raise Conflict(f"Ticket {number} is closed; it has nobody to release.", "invalid_transition")
    if ticket.assignee_id is None:
        raise Conflict(f"Ticket {number} is not assigned to anyone.", "not_assigned")
    previous, ticket.assignee_id, ticket.updated_at = ticket.assignee_id, None, now
    record(db, ticket, "released", now, user=user, from_assignee=previous)
    return ticket


def agent_message(db: Session, number: str, user: User, action: str, text: str, now: datetime) -> Ticket:
    """reply, request_info, resolve and close: a message to the requester plus a status move."""
    ticket = for_agent(db, number, user, lock=True)
    before, after = _move(ticket, action, now)
    if ticket.assignee_id is None:
        ticket.assignee_id = user.id
    ticket.requester_replied_at = None  # answered
    if action in ("resolve", "close"):
        ticket.reopened_at = None
    kind = {"reply": "reply", "request_info": "request_info", "resolve": "resolution", "close": "close"}[action]
    if text:
        _message(db, ticket, now, author="agent", kind=kind, text=text, user=user)
    event = {"reply": "replied", "request_info": "info_requested", "resolve": "resolved", "close": "closed"}[action]
    record(db, ticket, event, now, user=user, from_status=before, to_status=after)
    return ticket


def note(db: Session, number: str, user: User, text: str, now: datetime) -> Ticket:
    """Internal notes: any status, never shown to or mailed to the requester."""
    ticket = for_agent(db, number, user, lock=True)
    _message(db, ticket, now, author="agent", kind="note", text=text, user=user, internal=True)
    ticket.updated_at = now
    record(db, ticket, "note_added", now, user=user)
    return ticket


def requester_message(db: Session, number: str, token: str | None, text: str, now: datetime) -> Ticket:
    ticket = for_requester(db, number, token, now, lock=True)
    requester_writes(db, ticket, text, now)
    return ticket


def for_sender(db: Session, number: str, sender: str, lock: bool = False) -> Ticket | None:
    """Inbound e-mail's sibling of for_requester: the ticket with this number when the mail comes from its
    requester's address (there is no token in a mail); None otherwise, and the caller keeps the mail for triage."""
    query = select(Ticket).where(Ticket.number == number.upper())
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    ticket = db.scalar(query)
    if ticket is None or not ticket.email or ticket.email.strip().lower() != sender.strip().lower():
        return None
    return ticket


def requester_writes(db: Session, ticket: Ticket, text: str, now: datetime, *, channel: str = "",
                     sender: str = "") -> TicketMessage:
    """The requester's message (page or e-mail): reopens from waiting or resolved and cancels the auto-close."""
    if ticket.status == "closed":
        raise Conflict(f"Ticket {ticket.number} is closed. Please open a new ticket and mention {ticket.number} in "
                       "it.", "ticket_closed")
    cancelled = ticket.autoclose_at is not None
    before, after = _move(ticket, "requester_message", now)
    ticket.requester_replied_at = now
    if before == "resolved":
        ticket.reopened_at = now
    message = _message(db, ticket, now, author="requester", kind="message", text=text, channel=channel,
                       sender=sender)
    db.flush()
    record(db, ticket, "requester_message", now, actor="requester", from_status=before, to_status=after,
           autoclose_cancelled=cancelled, reopened=before == "resolved", **({"channel": channel} if channel else {}))
    return message


def due_for_autoclose(db: Session, now: datetime, limit: int = 200) -> list[Ticket]:
    """Tickets whose deadline passed; locked and skipped by a concurrent worker on PostgreSQL."""
    return list(db.scalars(select(Ticket).where(Ticket.status.in_(AUTOCLOSING), Ticket.autoclose_at <= now)
                           .order_by(Ticket.autoclose_at).limit(limit)
                           .with_for_update(skip_locked=True).execution_options(populate_existing=True)))


def autoclose(db: Session, ticket: Ticket, now: datetime) -> None:
    before, after = _move(ticket, "autoclose", now)
    record(db, ticket, "autoclosed", now, from_status=before, to_status=after,
           working_days=get_settings().autoclose_working_days)


def messages(db: Session, ticket: Ticket, include_internal: bool) -> list[TicketMessage]:
    query = select(TicketMessage).where(TicketMessage.ticket_id == ticket.id)
    if not include_internal:
        query = query.where(TicketMessage.internal.is_(False))
    return list(db.scalars(query.order_by(TicketMessage.id)))


def events(db: Session, ticket: Ticket) -> list[tuple[TicketEvent, str | None]]:
    rows = db.execute(select(TicketEvent, User.email).outerjoin(User, User.id == TicketEvent.actor_user_id)
                      .where(TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.id))
    return [(event, email) for event, email in rows]
