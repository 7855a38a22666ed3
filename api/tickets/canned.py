"""Canned replies: texts the desk keeps ready in NL and FR; an agent inserts one into a reply and edits it there."""
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from api.deps import Agent, ClockDep, DbSession
from api.errors import Conflict, NotFound
from api.tickets.models import CannedReply
from api.tickets.schemas import Language, _stripped

router = APIRouter(prefix="/canned-replies", tags=["tickets"])


class CannedIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    lang: Language
    title: str = Field(min_length=1, max_length=100)
    text: str = Field(min_length=1, max_length=10_000)

    _strip = field_validator("title", "text", mode="before")(_stripped)


class CannedOut(CannedIn):
    id: int
    updated_by: str


def _get(db, reply_id: int) -> CannedReply:
    reply = db.get(CannedReply, reply_id)
    if reply is None:
        raise NotFound(f"No canned reply {reply_id}.", "canned_reply_not_found")
    return reply


def _save(db, reply: CannedReply) -> CannedOut:
    try:
        db.add(reply)
        db.commit()
    except IntegrityError:
        db.rollback()
        raise Conflict(f"A canned reply titled '{reply.title}' exists in this language already.",
                       "canned_reply_exists") from None
    return CannedOut.model_validate(reply, from_attributes=True)


@router.get("")
def list_replies(db: DbSession, _: Agent, lang: Language | None = None) -> list[CannedOut]:
    query = select(CannedReply).order_by(CannedReply.lang, CannedReply.title)
    if lang:
        query = query.where(CannedReply.lang == lang)
    return [CannedOut.model_validate(r, from_attributes=True) for r in db.scalars(query)]


@router.post("", status_code=201)
def create_reply(body: CannedIn, db: DbSession, user: Agent, clock: ClockDep) -> CannedOut:
    return _save(db, CannedReply(**body.model_dump(), updated_by=user.email, updated_at=clock()))


@router.put("/{reply_id}")
def update_reply(reply_id: Annotated[int, Field(ge=1, le=2**31 - 1)], body: CannedIn, db: DbSession, user: Agent,
                 clock: ClockDep) -> CannedOut:
    reply = _get(db, reply_id)
    for key, value in body.model_dump().items():
        setattr(reply, key, value)
    reply.updated_by, reply.updated_at = user.email, clock()
    return _save(db, reply)


@router.delete("/{reply_id}", status_code=204)
def delete_reply(reply_id: Annotated[int, Field(ge=1, le=2**31 - 1)], db: DbSession, _: Agent) -> None:
    db.delete(_get(db, reply_id))
    db.commit()
