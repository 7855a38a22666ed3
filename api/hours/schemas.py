"""The shape of GET /office-hours (fixed in docs/api.md)."""
from datetime import datetime

from pydantic import BaseModel


class OfficeHoursOut(BaseModel):
    open: bool
    now: datetime  # UTC
    next_opening: datetime | None  # UTC; the next start of office hours strictly after now
    closes_at: datetime | None  # UTC; today's closing time while open, else null
    next_opening_text: str | None  # "maandag 1 december om 8.30 uur" / "lundi 1er décembre à 8h30"
    phone: str  # the number for the visitor's language
    phones: dict[str, str]  # {"nl": ..., "fr": ...}
    hours: str  # the office hours as a sentence: "... op federale werkdagen van 8.30 tot 17 uur"
    message: str  # a ready sentence in the visitor's language: open now, or when the line opens again
