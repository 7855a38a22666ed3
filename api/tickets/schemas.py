"""Ticket shapes in and out, and the stable error codes for bad ticket input."""
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints, ValidationError, field_validator

from api.errors import Invalid

TicketType = Literal["question", "incident", "urgent_incident", "complaint", "request"]
Status = Literal["new", "open", "waiting_for_requester", "resolved", "closed"]
Priority = Literal["low", "normal", "high", "urgent"]
Channel = Literal["chat", "web", "api", "email"]
Language = Literal["nl", "fr"]
Sort = Literal["priority", "created", "-created", "updated", "-updated"]


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


class TicketIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: TicketType
    subject: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1, max_length=10_000)
    language: Language
    email: EmailStr
    name: str = Field("", max_length=200)
    organisation: str = Field("", max_length=200)
    # No priority and no transcript from the outside: the priority follows the type, and a chat's transcript is
    # read from the chat log of the conversation whose key (POST /chat's session_id) the bot sends.
    channel: Channel = "api"
    chat_session: str | None = Field(None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
    faq_entries_offered: list[int | Annotated[str, StringConstraints(max_length=100)]] = Field(
        default_factory=list, max_length=50)

    _strip = field_validator("subject", "description", "name", "organisation", mode="before")(_stripped)


class RequesterMessageIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    token: str | None = Field(None, max_length=100)  # from the link in a desk e-mail
    text: str = Field(min_length=1, max_length=10_000)

    _strip = field_validator("text", mode="before")(_stripped)


class LinkRequestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: EmailStr


LINK_SENT = ("Als dit ticketnummer en dit e-mailadres bij elkaar horen, is er een e-mail met een persoonlijke link "
             "naar het ticket verstuurd. / Si ce numéro de ticket et cette adresse e-mail vont ensemble, un e-mail "
             "avec un lien personnel vers le ticket a été envoyé.")


class TextIn(BaseModel):
    """Body of reply, request-info, resolve and notes."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=10_000)

    _strip = field_validator("text", mode="before")(_stripped)


class CloseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field("", max_length=10_000)


class ReassignIn(BaseModel):
    """The new assignee, by user id or e-mail address."""

    model_config = ConfigDict(extra="forbid")
    assignee: Annotated[int, Field(ge=1, le=2**31 - 1)] | Annotated[str, Field(min_length=1, max_length=254)]


class TicketCreated(BaseModel):
    number: str
    status: Status
    access_token: str


class AttachmentOut(BaseModel):
    id: int
    filename: str
    content_type: str
    size: int


class MessageOut(BaseModel):
    author: str
    kind: str
    text: str
    internal: bool
    at: datetime
    channel: str = ""  # "email" for a requester's e-mail; empty for the requester page and agents
    sender: str = ""  # the e-mail's From address
    refused_attachments: int = 0  # attachments of the e-mail that were not kept (unsafe type or too large)
    attachments: list[AttachmentOut] = []  # agents only


class EventOut(BaseModel):
    kind: str
    actor: str
    actor_user_id: int | None
    actor_email: str | None = None
    from_status: str | None
    to_status: str | None
    data: dict
    at: datetime


class RequesterView(BaseModel):
    number: str
    type: str
    status: str
    subject: str
    description: str
    language: str
    created_at: datetime
    updated_at: datetime
    autoclose_at: datetime | None
    messages: list[MessageOut]


class TicketSummary(BaseModel):
    number: str
    type: str
    status: str
    priority: str
    channel: str
    language: str
    subject: str
    assignee_id: int | None
    email: str
    name: str
    created_at: datetime
    updated_at: datetime
    autoclose_at: datetime | None
    requester_replied_at: datetime | None  # the requester wrote and no agent has answered since
    reopened_at: datetime | None  # a resolved ticket came back


class FaqOffer(BaseModel):
    entry_id: str
    question: str
    lang: str | None
    verdict: bool | None  # True: it helped; False: it did not; None: no answer


class TicketDetail(TicketSummary):
    description: str
    email: str
    name: str
    organisation: str
    transcript: list[dict]
    faq_entries_offered: list
    faq_offers: list[FaqOffer]
    closed_at: datetime | None
    autoclose_working_days: int | None  # working days left before the auto-close (0: today), None without one
    messages: list[MessageOut]
    attachments: list[AttachmentOut] = []  # those of the e-mail that opened the ticket
    events: list[EventOut]


class Queue(BaseModel):
    items: list[TicketSummary]
    total: int
    counts: dict[str, int]  # per status, with the other filters applied


class Assignee(BaseModel):
    id: int
    email: str
    name: str
    role: str


_LITERAL_CODES = {"type": "unknown_type", "language": "unknown_language", "channel": "unknown_channel"}


def problem(exc: ValidationError) -> Invalid:
    """Maps the first pydantic error to one stable code: unknown_field, missing_field, invalid_email,
    too_long, unknown_type, unknown_language, unknown_channel or invalid_field."""
    errors = exc.errors()
    err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    field = ".".join(str(p) for p in err["loc"])
    top = str(err["loc"][0]) if err["loc"] else ""
    kind = err["type"]
    if kind == "extra_forbidden":
        return Invalid(f"Unknown field '{field}'.", "unknown_field")
    if kind == "missing" or (kind == "string_too_short" and err.get("ctx", {}).get("min_length") == 1):
        return Invalid(f"'{field}' is required and may not be empty.", "missing_field")
    if top == "email":
        return Invalid("'email' is not a valid e-mail address.", "invalid_email")
    if kind in ("string_too_long", "too_long"):
        limit = err.get("ctx", {}).get("max_length")
        return Invalid(f"'{field}' is too long (at most {limit}).", "too_long")
    if kind == "literal_error" and top in _LITERAL_CODES and len(err["loc"]) == 1:
        return Invalid(f"'{field}': {err['msg']}.", _LITERAL_CODES[top])
    return Invalid(f"'{field}': {err['msg']}.", "invalid_field")
