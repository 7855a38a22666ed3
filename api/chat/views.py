"""POST /chat: the widget's only endpoint for conversations."""
from fastapi import APIRouter

from api.chat import flows
from api.chat.schemas import ChatIn, ChatOut
from api.deps import ClockDep, DbSession

router = APIRouter(tags=["chat"])


@router.post("/chat", response_model=ChatOut, response_model_exclude_none=True)
def chat(body: ChatIn, db: DbSession, clock: ClockDep) -> ChatOut:
    return flows.handle_turn(db, body, clock())
