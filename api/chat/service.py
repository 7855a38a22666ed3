"""The chat log (personal data): record turns, read the conversation's language, purge after retention."""
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from api.chat.models import ChatTurn
from api.settings import get_settings


def new_session_id() -> str:
    """The key to a new conversation (and Rasa's sender id): 192 random bits, nothing a client could guess."""
    return secrets.token_urlsafe(24)


def previous_turn(db: Session, session_id: str) -> ChatTurn | None:
    return db.scalars(select(ChatTurn).where(ChatTurn.session_id == session_id)
                      .order_by(ChatTurn.id.desc()).limit(1)).first()


def transcript(db: Session, session_id: str, limit: int = 100) -> list[dict]:
    """A conversation as a ticket's transcript, from the chat log (never from a client): the visitor's messages,
    a button press as the button's title ("pressed": true), and the bot's messages with their buttons' titles,
    oldest first, the last `limit` lines."""
    lines: list[dict] = []
    buttons: dict[str, str] = {}  # the payloads of the buttons the bot showed last, to their titles
    for turn in db.scalars(select(ChatTurn).where(ChatTurn.session_id == session_id).order_by(ChatTurn.id)):
        at = turn.at.isoformat()
        if turn.visitor_text in buttons:
            lines.append({"from": "visitor", "text": buttons[turn.visitor_text][:4000], "at": at, "pressed": True})
        elif not turn.visitor_text.startswith("/"):
            lines.append({"from": "visitor", "text": turn.visitor_text[:4000], "at": at})
        buttons = {}
        for m in turn.bot_messages or []:
            shown = [b for b in m.get("buttons") or [] if b.get("payload")]
            buttons.update({b["payload"]: b.get("title") or b["payload"] for b in shown})
            if m.get("text") or shown:
                line = {"from": "bot", "text": (m.get("text") or "")[:4000], "at": at}
                if shown:
                    line["buttons"] = [b.get("title", "")[:200] for b in shown]
                if m.get("links"):
                    line["links"] = [{"title": str(k.get("title", ""))[:200], "url": str(k.get("url", ""))[:500]}
                                     for k in m["links"] if k.get("url")]
                lines.append(line)
    return lines[-limit:]


def record_turn(db: Session, *, session_id: str, at: datetime, page_lang: str, detected_lang: str | None,
                confidence: float, lang: str, visitor_text: str, bot_messages: list[dict], degraded: bool,
                label: str | None = None) -> ChatTurn:
    turn = ChatTurn(session_id=session_id, label=label, at=at, page_lang=page_lang, detected_lang=detected_lang,
                    confidence=confidence, lang=lang, visitor_text=visitor_text, bot_messages=bot_messages,
                    degraded=degraded)
    db.add(turn)
    db.flush()
    return turn


def purge_expired(db: Session, now: datetime) -> dict[str, int]:
    """Delete chat turns older than the retention period, and Rasa's conversations (its SQL tracker store) whose
    last event is that old; returns how many of each. The worker calls this."""
    settings = get_settings()
    cutoff = now - timedelta(days=settings.chat_log_retention_days)
    turns = db.execute(delete(ChatTurn).where(ChatTurn.at < cutoff)).rowcount or 0
    db.commit()
    return {"turns": turns, "tracker_events": purge_trackers(settings.rasa_tracker_url, cutoff)}


def purge_trackers(tracker_url: str, cutoff: datetime) -> int:
    """Rasa keeps each conversation as rows of its `events` table (timestamps in Unix seconds). A conversation goes
    whole, once its newest event is older than the cutoff; none before Rasa made the table."""
    if not tracker_url:
        return 0
    from sqlalchemy import inspect, text

    from api.db import engine_for

    url = tracker_url.replace("postgresql://", "postgresql+psycopg://", 1)  # Rasa's URL names psycopg2
    engine = engine_for(url)
    if not inspect(engine).has_table("events"):
        return 0
    with engine.begin() as conn:
        return conn.execute(text(
            "DELETE FROM events WHERE sender_id IN "
            "(SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff)"),
            {"cutoff": cutoff.timestamp()}).rowcount or 0
