"""The log of privacy operations: what kind, when, and how much they touched; never whose data it was."""
from datetime import datetime

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, UTCDateTime

KINDS = ("retention", "export", "erase")


class PrivacyEvent(Base):
    __tablename__ = "privacy_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    counts: Mapped[dict] = mapped_column(JSON)
