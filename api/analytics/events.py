"""Recording the analytics log (api/analytics/models.py) where things happen; each also counts for GET /metrics.

The callers own the transaction: these add a row and flush nothing.
"""
import hashlib
from datetime import datetime

from sqlalchemy.orm import Session

from api import metrics
from api.analytics.models import AnalyticsEvent

# What the bot's action_route reports (actions/routing.py Decision: its kind, or the intent of a route), and
# "faq_choice" when the visitor opened one of the FAQ answers offered as buttons (action_faq_choose); a turn
# answered by a form or a rule reports nothing ("dialogue"), one answered without Rasa is "degraded".
ROUTES = ("faq", "faq_choice", "request_ticket", "urgent_incident", "complaint", "ticket_status", "add_info", "request_human",
          "office_hours", "switch_language", "yes", "no", "small_talk", "out_of_scope", "fallback",
          "dialogue", "degraded", "other")


def conversation_key(session_id: str | None) -> str | None:
    """A one-way hash of the chat session's id: links a conversation's events, and nothing else once the chat
    log is purged."""
    return hashlib.sha256(session_id.encode()).hexdigest()[:32] if session_id else None


def _add(db: Session, at: datetime, kind: str, session_id: str | None, lang: str | None, value: str,
         entry_id: str | None = None) -> None:
    db.add(AnalyticsEvent(at=at, kind=kind, conversation=conversation_key(session_id), lang=lang, value=value,
                          entry_id=entry_id))


def turn(db: Session, at: datetime, session_id: str, lang: str, route: str | None, degraded: bool) -> None:
    route = "degraded" if degraded else (route or "dialogue")
    route = route if route in ROUTES else "other"
    _add(db, at, "turn", session_id, lang, route)
    metrics.CHAT_TURNS.labels(route).inc()
    if degraded:
        metrics.DEGRADED_TURNS.inc()


def search(db: Session, at: datetime, session_id: str | None, lang: str, decision: str,
           answer_entry: str | None) -> None:
    _add(db, at, "search", session_id, lang, decision, answer_entry if decision == "answer" else None)
    metrics.SEARCHES.labels(decision).inc()


def feedback(db: Session, at: datetime, session_id: str | None, lang: str, entry_id: str, helpful: bool) -> None:
    _add(db, at, "feedback", session_id, lang, "yes" if helpful else "no", entry_id)


def ticket(db: Session, at: datetime, session_id: str, lang: str, ticket_type: str) -> None:
    """A ticket opened from a chat conversation (the ticket itself keeps its type and channel; its link to the
    conversation goes when it is anonymised, this stays)."""
    _add(db, at, "ticket", session_id, lang, ticket_type)
