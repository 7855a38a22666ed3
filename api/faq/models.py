"""Tables of the FAQ domain: entries and their history, the version counter, the search log.

The search log and the unanswered reports hold visitor text, so they are purged after
`settings.faq_search_retention_days` (see service.purge_expired). Feedback keeps only ids.
"""
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, UTCDateTime, utcnow

LANGS = ("nl", "fr")
STATUSES = ("draft", "published", "archived")
DECISIONS = ("answer", "clarify", "no_match")


class FaqEntry(Base):
    __tablename__ = "faq_entries"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)  # a stable slug
    lang: Mapped[str] = mapped_column(String(2), index=True)
    question: Mapped[str] = mapped_column(String(300))
    alternatives: Mapped[list] = mapped_column(JSON, default=list)
    answer: Mapped[str] = mapped_column(Text)  # Markdown, at most 20,000 characters
    url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    tags: Mapped[list] = mapped_column(JSON, default=list)
    group: Mapped[str | None] = mapped_column(String(100), nullable=True, index=True)  # NL <-> FR pair
    status: Mapped[str] = mapped_column(String(10), default="draft", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(254), default="")


class FaqHistory(Base):
    """Every change to an entry: who, when, what, and the entry before and after."""

    __tablename__ = "faq_history"
    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("faq_entries.id", ondelete="CASCADE"), index=True)
    who: Mapped[str] = mapped_column(String(254))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    action: Mapped[str] = mapped_column(String(20))  # create | update | publish | archive | import
    before: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict | None] = mapped_column(JSON, nullable=True)


class FaqVersion(Base):
    """One row. Bumped in the same transaction as any change to published content, so each
    API replica can tell cheaply whether its in-memory index is stale."""

    __tablename__ = "faq_version"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FaqSearch(Base):
    """One public search. Visitor text: purged after the retention period."""

    __tablename__ = "faq_searches"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    query: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(2))
    decision: Mapped[str] = mapped_column(String(10), index=True)
    top: Mapped[list] = mapped_column(JSON, default=list)  # [[entry id, score], ...]
    session_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class FaqFeedback(Base):
    """Was the offered entry helpful? Only ids, so it outlives the search it refers to."""

    __tablename__ = "faq_feedback"
    id: Mapped[int] = mapped_column(primary_key=True)
    search_id: Mapped[str] = mapped_column(String(32), index=True)
    entry_id: Mapped[str] = mapped_column(String(100), index=True)
    helpful: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class FaqUnanswered(Base):
    """A question the bot reported as not answered (POST /faq/unanswered). Visitor text: purged."""

    __tablename__ = "faq_unanswered"
    id: Mapped[int] = mapped_column(primary_key=True)
    query: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(2))
    decision: Mapped[str] = mapped_column(String(10))
    session_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class FaqUnansweredHandled(Base):
    """An editor's mark on an unanswered question: dealt with (an entry written or fixed, or out
    of scope). One per (normalised query, lang); `key` is the SHA-256 of the normalised query, so
    the unique index stays small on every engine. GET /faq/unanswered hides a group whose newest
    occurrence is not later than `handled_at`. Holds visitor text: purged with the rest."""

    __tablename__ = "faq_unanswered_handled"
    __table_args__ = (UniqueConstraint("key", "lang", name="uq_faq_unanswered_handled_key_lang"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    query: Mapped[str] = mapped_column(Text)  # normalised, as grouped by service.unanswered
    lang: Mapped[str] = mapped_column(String(2))
    handled_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    handled_by: Mapped[str] = mapped_column(String(254))
    entry_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
