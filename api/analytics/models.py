"""The analytics log: what happened in a conversation, as counts, never as words.

One row per chat turn (the route it took), FAQ search (its decision and the entry it answered with), FAQ feedback
(yes or no) and ticket opened from a chat. `conversation` is a one-way hash of the chat session's id, so the rows
hold no personal data, are not purged with the chat log and the search log, and link to nothing once those are gone.
"""
from datetime import datetime

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, UTCDateTime


class AnalyticsEvent(Base):
    __tablename__ = "analytics_events"
    __table_args__ = (Index("ix_analytics_events_kind_at", "kind", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    kind: Mapped[str] = mapped_column(String(10))
    conversation: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    lang: Mapped[str | None] = mapped_column(String(2), nullable=True)
    # turn: the route; search: the decision; feedback: yes | no; ticket: its type
    value: Mapped[str] = mapped_column(String(32))
    entry_id: Mapped[str | None] = mapped_column(String(100), nullable=True)  # search answer, feedback
