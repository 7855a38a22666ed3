"""The chat log: every turn of every conversation. Personal data, purged after chat_log_retention_days."""
from datetime import datetime

from sqlalchemy import JSON, Boolean, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, UTCDateTime


class ChatTurn(Base):
    __tablename__ = "chat_turns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[str] = mapped_column(String(64), index=True)  # issued by the server (service.new_session_id)
    label: Mapped[str | None] = mapped_column(String(64), nullable=True)  # the client's own reference, if any
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    page_lang: Mapped[str] = mapped_column(String(2))  # what the widget sent
    detected_lang: Mapped[str | None] = mapped_column(String(2), nullable=True)
    confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    lang: Mapped[str] = mapped_column(String(2))  # the conversation's language after this turn
    visitor_text: Mapped[str] = mapped_column(Text)
    bot_messages: Mapped[list] = mapped_column(JSON)
    degraded: Mapped[bool] = mapped_column(Boolean, default=False)
