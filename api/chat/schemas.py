"""POST /chat in and out (docs/api.md)."""
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

# One limit for the widget and the API: the widget reads it from GET /chat/limits.
MESSAGE_MAX = 2000


class ChatIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # The key to a conversation is issued by the server (ChatOut.session_id, 192 random bits): send it back to go on.
    # An id the server did not issue (or one past the chat log's retention) starts a new conversation; it is kept
    # only as the conversation's label, like `label` (a client's own reference, e.g. "eval:42").
    session_id: str | None = Field(default=None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
    label: str | None = Field(default=None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
    message: str = Field(min_length=1, max_length=MESSAGE_MAX)
    lang: Literal["nl", "fr"]

    @field_validator("message")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("the message is empty")
        return v.strip()


class Button(BaseModel):
    title: str
    payload: str


class Link(BaseModel):
    title: str
    url: str


class ChatMessage(BaseModel):
    text: str | None = None
    buttons: list[Button] | None = None
    links: list[Link] | None = None


class ChatOut(BaseModel):
    session_id: str
    lang: Literal["nl", "fr"]
    degraded: bool
    messages: list[ChatMessage]


class ChatLimits(BaseModel):
    message_max: int  # the longest visitor message POST /chat accepts (characters)
    query_max: int  # the longest FAQ query GET /faq/search accepts; the bot searches a bounded part of longer messages
