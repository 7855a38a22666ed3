"""Agents' routes for inbound e-mail: the "needs triage" list, attach or dismiss, attachment downloads.
Every route needs an agent's token; mail itself comes in through the receiver or the poller, never over HTTP."""
from datetime import datetime
from urllib.parse import quote

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from api.deps import Agent, ClockDep, DbSession
from api.inbound import service
from api.tickets import service as tickets

router = APIRouter(tags=["inbound e-mail"])


class TriageItem(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    sender: str
    subject: str
    body: str
    reason: str  # unknown_number | other_sender | too_many_tickets | invalid_sender
    received_at: datetime


class AttachIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    number: str = Field(pattern=r"^[Ss][Dd]-\d{4}-\d{6}$")


@router.get("/inbound/triage", response_model=list[TriageItem])
def triage(db: DbSession, user: Agent) -> list[TriageItem]:
    """E-mails kept for an agent: a number we do not know, or a sender that is not the ticket's requester."""
    return [TriageItem.model_validate(row) for row in service.triage(db)]


@router.post("/inbound/triage/{item_id}/attach")
def attach(item_id: int, body: AttachIn, db: DbSession, user: Agent, clock: ClockDep) -> dict:
    """The agent's choice: the e-mail becomes a requester message on that ticket."""
    ticket = service.attach(db, item_id, body.number, user, clock())
    return {"number": ticket.number, "status": ticket.status}


@router.post("/inbound/triage/{item_id}/dismiss", status_code=204)
def dismiss(item_id: int, db: DbSession, user: Agent, clock: ClockDep) -> Response:
    service.dismiss(db, item_id, clock())
    return Response(status_code=204)


@router.get("/tickets/{number}/attachments/{attachment_id}",
            responses={200: {"content": {"application/octet-stream": {}}, "description": "The file"}})
def download(number: str, attachment_id: int, db: DbSession, user: Agent) -> Response:
    """A file from a requester's e-mail, always as a download (never rendered in the console's origin)."""
    item = service.attachment(db, tickets.for_agent(db, number, user), attachment_id)
    return Response(item.data, media_type="application/octet-stream",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(item.filename)}",
                             "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"})
