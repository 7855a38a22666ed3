"""POST /chat: the widget's endpoint for conversations; GET /chat/limits: the text limits it must respect."""
from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool

from api import ratelimit

from api.chat import flows
from api.chat.schemas import MESSAGE_MAX, ChatIn, ChatLimits, ChatOut
from api.deps import ClockDep
from api.faq.schemas import QUERY_MAX

router = APIRouter(tags=["chat"])


@router.post("/chat", response_model=ChatOut, response_model_exclude_none=True,
             dependencies=[Depends(ratelimit.limited("chat"))])
async def chat(body: ChatIn, clock: ClockDep) -> ChatOut:
    if body.session_id:  # per conversation too (an unknown id starts a new one, which the address limit counts)
        await run_in_threadpool(ratelimit.check, "chat_session", body.session_id)
    return await flows.handle_turn(body, clock())


@router.get("/chat/limits", response_model=ChatLimits, dependencies=[Depends(ratelimit.limited("read"))])
def limits() -> ChatLimits:
    """The text limits, so that the widget and the bot's actions never copy them."""
    return ChatLimits(message_max=MESSAGE_MAX, query_max=QUERY_MAX)
