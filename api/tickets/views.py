"""Ticket HTTP routes: public creation and requester access, agent queue and actions. Thin: rules live in
service.py, mail-sending changes in flows.py."""
import re
import secrets
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Header, Query, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from api import headers
from api.db import new_session
from api.ratelimit import limited
from api.deps import Agent, ClockDep, DbSession
from api.faq.schemas import EntryOut, EntryWithWarnings
from api.tickets import flows, page, service
from api.tickets.models import Ticket
from api.tickets.schemas import (LINK_SENT, Assignee, AttachmentOut, CloseIn, EventOut, Language, LinkRequestIn,
                                 MessageOut, Priority, Queue, ReassignIn, RequesterMessageIn, RequesterView, Sort, Status,
                                 TextIn, TicketCreated, TicketDetail, TicketIn, TicketSummary, TicketType, problem)

router = APIRouter(prefix="/tickets", tags=["tickets"])


def _inline_schema(model) -> dict:
    """The model's JSON schema with its $defs inlined, for the OpenAPI body of a route that validates itself."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def inline(node):
        if isinstance(node, dict):
            if set(node) == {"$ref"}:
                return inline(defs[node["$ref"].rsplit("/", 1)[-1]])
            return {k: inline(v) for k, v in node.items()}
        return [inline(v) for v in node] if isinstance(node, list) else node

    return inline(schema)


def _summary(t: Ticket) -> TicketSummary:
    return TicketSummary.model_validate(t, from_attributes=True)


def _files(items) -> list[AttachmentOut]:
    return [AttachmentOut.model_validate(a, from_attributes=True) for a in items]


def _messages(db, t: Ticket, internal: bool, files: dict | None = None) -> list[MessageOut]:
    """`internal`: the agents' view, with each e-mail's sender and attachments (`files`, by message id)."""
    return [MessageOut(author=m.author, kind=m.kind, text=m.text, internal=m.internal, at=m.created_at,
                       channel=m.channel, sender=m.sender if internal else "",
                       refused_attachments=m.refused_attachments, attachments=_files((files or {}).get(m.id, [])))
            for m in service.messages(db, t, internal)]


def _detail(db, t: Ticket, now) -> TicketDetail:
    from api.hours.office_hours import working_days_until
    from api.inbound.service import attachments_of

    files = attachments_of(db, t)
    events = [EventOut(kind=e.kind, actor=e.actor, actor_user_id=e.actor_user_id, actor_email=email,
                       from_status=e.from_status, to_status=e.to_status, data=e.data, at=e.created_at)
              for e, email in service.events(db, t)]
    return TicketDetail(**_summary(t).model_dump(), description=t.description, organisation=t.organisation,
                        transcript=t.transcript, faq_entries_offered=t.faq_entries_offered,
                        faq_offers=t.faq_offers or [], closed_at=t.closed_at, messages=_messages(db, t, True, files),
                        attachments=_files(files.get(None, [])), events=events, autoclose_working_days=working_days_until(now, t.autoclose_at)
                        if t.autoclose_at and t.autoclose_at > now else None)


@router.post("", status_code=201, response_model=TicketCreated, dependencies=[Depends(limited("ticket_create"))],
             responses={200: {"model": TicketCreated, "description": "The same Idempotency-Key and body again: the "
                                                                     "first ticket (header Idempotent-Replayed)"}},
             openapi_extra={"requestBody": {"content": {"application/json": {"schema": _inline_schema(TicketIn)}}}})
async def create_ticket(body: Annotated[dict, Body()], clock: ClockDep, response: Response,
                        idempotency_key: Annotated[str | None, Header(max_length=200)] = None) -> TicketCreated:
    """Public. Same Idempotency-Key + same body -> the same ticket (200); a different body -> 409.

    The busiest public route: validation runs on the event loop and all database work in ONE worker-thread
    hop (a sync route with a session dependency costs several hops). The body is validated here, not by
    FastAPI, so that each problem gets its own stable code (schemas.problem).
    """
    try:
        data = TicketIn.model_validate(body)
    except ValidationError as exc:
        raise problem(exc) from None
    key = (idempotency_key or "").strip() or None  # an empty header means no key, not the key ""
    ticket, created, token = await run_in_threadpool(_open_ticket, data, clock(), key)
    if not created:
        response.status_code = 200
        response.headers["Idempotent-Replayed"] = "true"
    return TicketCreated(number=ticket.number, status=ticket.status, access_token=token)


def _open_ticket(data: TicketIn, now, key: str | None):
    with new_session() as db:
        return flows.open_ticket(db, data, now, key)


@router.get("", response_model=Queue)
def ticket_queue(db: DbSession, user: Agent, status: Status | None = None, type: TicketType | None = None,
                 language: Language | None = None, priority: Priority | None = None, unassigned: bool | None = None,
                 mine: bool = False, assignee: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
                 replied: bool | None = None, q: Annotated[str | None, Query(max_length=200)] = None,
                 sort: Sort = "priority", limit: Annotated[int, Query(ge=1, le=200)] = 50,
                 offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> Queue:
    """The queue: filters, the search box `q` (a number, an address, words), `replied` (the requester wrote and
    no agent answered since), a sort order, one page, its total and the counts per status."""
    items, total, counts = service.queue(
        db, user, status=status, type=type, language=language, priority=priority, unassigned=unassigned,
        assignee_id=user.id if mine else assignee, replied=replied, q=q, sort=sort, limit=limit, offset=offset)
    return Queue(items=[_summary(t) for t in items], total=total, counts=counts)


@router.get("/assignees", response_model=list[Assignee])
def assignees(db: DbSession, _: Agent) -> list[Assignee]:
    """The colleagues a ticket can be given to (complaints: only the service managers and admins)."""
    return [Assignee.model_validate(u, from_attributes=True) for u in service.assignees(db)]


@router.get("/faq-answers")
def faq_answers(db: DbSession, _: Agent, q: Annotated[str, Query(min_length=1, max_length=500)],
                lang: Language) -> list[dict]:
    """The FAQ answers an agent can insert into a reply: the index's ranking in the ticket's language, not
    logged as a visitor's search."""
    from api.faq.service import search_faq

    hits = search_faq(db, q, lang, 5, log=False)["hits"]
    return [{**{k: h[k] for k in ("id", "question", "answer", "url", "score")}, "text": plain_text(h["answer"])}
            for h in hits]


def plain_text(markdown: str) -> str:
    """An FAQ answer for an e-mail: links as "text (url)", no emphasis markers; lists and paragraphs stay."""
    text = re.sub(r"\[([^\]\n]+)\]\(\s*<?([^()\s<>]+)>?\s*\)",
                  lambda m: m.group(1) if m.group(1) == m.group(2) else f"{m.group(1)} ({m.group(2)})", markdown)
    text = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=\S)\*(?!\w)", r"\1", text)
    text = re.sub(r"`([^`\n]+)`", r"\1", text)
    return re.sub(r"^\s{0,3}#{1,6}\s+", "", text, flags=re.MULTILINE)


@router.get("/{number}", response_model=RequesterView, dependencies=[Depends(limited("ticket_access"))],
            responses={200: {"content": {"text/html": {}}, "description": "JSON, or the ticket page for a browser"}})
def requester_view(number: str, db: DbSession, request: Request, clock: ClockDep,
                   token: Annotated[str | None, Query(max_length=100)] = None,
                   lang: Annotated[Language | None, Query(description="the page's language (default: the ticket's)")] = None):
    """JSON for API clients; a browser following the e-mail link (Accept: text/html) gets a page. Only the
    token from a desk e-mail opens a ticket."""
    t = service.for_requester(db, number, token, clock())
    if token and "text/html" in request.headers.get("accept", ""):
        nonce = secrets.token_urlsafe(16)
        return HTMLResponse(page.render(t, service.messages(db, t, False), token, nonce, lang),
                            headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
                                     "Content-Security-Policy": headers.policy(nonce)})
    return RequesterView(number=t.number, type=t.type, status=t.status, subject=t.subject, description=t.description,
                         language=t.language, created_at=t.created_at, updated_at=t.updated_at,
                         autoclose_at=t.autoclose_at, messages=_messages(db, t, False))


@router.post("/{number}/messages", status_code=201, dependencies=[Depends(limited("ticket_access"))])
def requester_message(number: str, body: RequesterMessageIn, db: DbSession, clock: ClockDep) -> dict:
    t = service.requester_message(db, number, body.token, body.text, clock())
    db.commit()
    return {"number": t.number, "status": t.status}


@router.post("/{number}/link", status_code=202, dependencies=[Depends(limited("ticket_link"))])
def request_link(number: str, body: LinkRequestIn, db: DbSession, clock: ClockDep) -> dict:
    """Public: e-mail a fresh link to the ticket's own address if `email` is that address. The answer is the same
    whether or not they belong together, so it tells nothing about the ticket or the address."""
    flows.send_link(db, number, str(body.email), clock())
    return {"detail": LINK_SENT}


@router.get("/{number}/detail", response_model=TicketDetail)
def agent_detail(number: str, db: DbSession, user: Agent, clock: ClockDep) -> TicketDetail:
    return _detail(db, service.for_agent(db, number, user), clock())


@router.post("/{number}/release", response_model=TicketSummary)
def release(number: str, db: DbSession, user: Agent, clock: ClockDep) -> TicketSummary:
    t = service.release(db, number, user, clock())
    db.commit()
    return _summary(t)


@router.post("/{number}/faq-draft", status_code=201)
def faq_draft(number: str, db: DbSession, user: Agent, clock: ClockDep) -> EntryWithWarnings:
    """One click: a resolved ticket becomes a draft FAQ entry in its language, in the editors' list."""
    entry, warnings = flows.faq_draft(db, number, user, clock())
    return EntryWithWarnings(**EntryOut.model_validate(entry).model_dump(), warnings=warnings)


@router.post("/{number}/claim", response_model=TicketSummary)
def claim(number: str, db: DbSession, user: Agent, clock: ClockDep) -> TicketSummary:
    t = service.claim(db, number, user, clock())
    db.commit()
    return _summary(t)


@router.post("/{number}/reply", response_model=TicketSummary)
def reply(number: str, body: TextIn, db: DbSession, user: Agent, clock: ClockDep) -> TicketSummary:
    return _summary(flows.agent_action(db, number, user, "reply", body.text, clock()))


@router.post("/{number}/request-info", response_model=TicketSummary)
def request_info(number: str, body: TextIn, db: DbSession, user: Agent, clock: ClockDep) -> TicketSummary:
    return _summary(flows.agent_action(db, number, user, "request_info", body.text, clock()))


@router.post("/{number}/resolve", response_model=TicketSummary)
def resolve(number: str, body: TextIn, db: DbSession, user: Agent, clock: ClockDep) -> TicketSummary:
    return _summary(flows.agent_action(db, number, user, "resolve", body.text, clock()))


@router.post("/{number}/close", response_model=TicketSummary)
def close(number: str, db: DbSession, user: Agent, clock: ClockDep,
          body: Annotated[CloseIn | None, Body()] = None) -> TicketSummary:
    return _summary(flows.agent_action(db, number, user, "close", (body.text.strip() if body else ""), clock()))


@router.post("/{number}/reassign", response_model=TicketSummary)
def reassign(number: str, body: ReassignIn, db: DbSession, user: Agent, clock: ClockDep) -> TicketSummary:
    t = service.reassign(db, number, user, body.assignee, clock())
    db.commit()
    return _summary(t)


@router.post("/{number}/notes", status_code=201, response_model=TicketSummary)
def add_note(number: str, body: TextIn, db: DbSession, user: Agent, clock: ClockDep) -> TicketSummary:
    t = service.note(db, number, user, body.text, clock())
    db.commit()
    return _summary(t)
