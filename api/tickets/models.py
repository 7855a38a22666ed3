"""Tickets, their messages, their event history and the per-year number counter."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, UTCDateTime, utcnow

TYPES = ("question", "incident", "urgent_incident", "complaint", "request")
STATUSES = ("new", "open", "waiting_for_requester", "resolved", "closed")
PRIORITIES = ("low", "normal", "high", "urgent")
CHANNELS = ("chat", "web", "api", "email")
LANGUAGES = ("nl", "fr")


class TicketCounter(Base):
    """SQLite's ticket numbers: one row per year, bumped in the ticket's own transaction (never reused).
    PostgreSQL uses a sequence per year instead (see service.next_number)."""

    __tablename__ = "ticket_counters"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_value: Mapped[int] = mapped_column(Integer, default=0)


class Ticket(Base):
    __tablename__ = "tickets"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    type: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(24), default="new")
    priority: Mapped[str] = mapped_column(String(10), default="normal")
    channel: Mapped[str] = mapped_column(String(10), default="api")
    language: Mapped[str] = mapped_column(String(2))
    subject: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    transcript: Mapped[list] = mapped_column(JSON, default=list)
    faq_entries_offered: Mapped[list] = mapped_column(JSON, default=list)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True, nullable=True)
    request_hash: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    autoclose_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The chat conversation the ticket came from (its log is erased with the ticket's personal data)
    chat_session: Mapped[str | None] = mapped_column(String(64), nullable=True)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)  # see api/privacy
    # The queue's markers: the requester wrote and no agent has answered since; a resolved ticket came back
    requester_replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # What the chat offered before the ticket: [{"entry_id", "question", "lang", "verdict": true|false|null}]
    faq_offers: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")

    __table_args__ = (
        Index("ix_tickets_status_created", "status", "created_at"),
        Index("ix_tickets_autoclose_at", "autoclose_at"),
        Index("ix_tickets_assignee_id", "assignee_id"),
        Index("ix_tickets_created_at", "created_at"),  # the per-address cap counts the last hour only
        Index("ix_tickets_closed_at", "closed_at"),  # retention finds the tickets closed long ago
        Index("ix_tickets_updated_at", "updated_at"),  # the queue sorted by last activity
    )


class TicketMessage(Base):
    """What the requester and agents wrote; internal notes are never shown to nor mailed to the requester."""

    __tablename__ = "ticket_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(10))  # requester | agent
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    kind: Mapped[str] = mapped_column(String(20))  # message | reply | request_info | resolution | close | note
    internal: Mapped[bool] = mapped_column(default=False)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # How a requester's message came in (e-mail, or the requester page when empty) and, for e-mail, its sender
    # and how many of its attachments were refused
    channel: Mapped[str] = mapped_column(String(10), default="", server_default="")
    sender: Mapped[str] = mapped_column(String(254), default="", server_default="")
    refused_attachments: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class TicketEvent(Base):
    """The audit trail: every change, with who made it (a user, the requester or the system)."""

    __tablename__ = "ticket_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    actor: Mapped[str] = mapped_column(String(20))  # user | requester | system
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    from_status: Mapped[str | None] = mapped_column(String(24), nullable=True)
    to_status: Mapped[str | None] = mapped_column(String(24), nullable=True)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TicketAccessToken(Base):
    """A requester's secret for one ticket (the e-mail link): stored as its SHA-256 only, valid until expires_at.
    Every e-mail to the requester carries a fresh one; the number alone, or the number and the address, open
    nothing."""

    __tablename__ = "ticket_access_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class CannedReply(Base):
    """A reply the desk keeps ready, in one language; agents insert it into a message and edit it there."""

    __tablename__ = "canned_replies"
    __table_args__ = (UniqueConstraint("lang", "title", name="uq_canned_replies_lang_title"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    lang: Mapped[str] = mapped_column(String(2))
    title: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(254))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
