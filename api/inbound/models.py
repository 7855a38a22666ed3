"""Inbound e-mail: one row per message received (the Message-ID dedupes redeliveries), and ticket attachments."""
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, UTCDateTime, utcnow

# threaded: added to its ticket; created: a new ticket; triage: kept for an agent (reason says why);
# attached/dismissed: an agent handled the triage item; ignored: an auto-reply or bulk mail; bounce: a bounce
STATUSES = ("threaded", "created", "triage", "attached", "dismissed", "ignored", "bounce")


class InboundMessage(Base):
    __tablename__ = "inbound_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(250), unique=True)
    sender: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    # The trimmed text, kept only while the message waits in triage (personal data: blanked once handled)
    body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(String(30), default="")
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"), nullable=True)
    raw_size: Mapped[int] = mapped_column(Integer)
    replied: Mapped[bool] = mapped_column(Boolean, default=False)  # an auto-reply went out (the per-address cap)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_inbound_messages_sender_received", "sender", "received_at"),
                      Index("ix_inbound_messages_status", "status"),
                      Index("ix_inbound_messages_received_at", "received_at"))


class TicketAttachment(Base):
    """A file from a requester's e-mail, shown to agents; the bytes live in the database (at most
    settings.attachment_max_bytes each)."""

    __tablename__ = "ticket_attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("ticket_messages.id", ondelete="CASCADE"),
                                                   nullable=True, index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
