"""The chat log (personal data): record turns, read the conversation's language, purge after retention."""
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from api.chat.models import ChatTurn
from api.settings import get_settings


def previous_turn(db: Session, session_id: str) -> ChatTurn | None:
    return db.scalars(select(ChatTurn).where(ChatTurn.session_id == session_id)
                      .order_by(ChatTurn.id.desc()).limit(1)).first()


def record_turn(db: Session, *, session_id: str, at: datetime, page_lang: str, detected_lang: str | None,
                confidence: float, lang: str, visitor_text: str, bot_messages: list[dict], degraded: bool) -> ChatTurn:
    turn = ChatTurn(session_id=session_id, at=at, page_lang=page_lang, detected_lang=detected_lang,
                    confidence=confidence, lang=lang, visitor_text=visitor_text, bot_messages=bot_messages,
                    degraded=degraded)
    db.add(turn)
    db.flush()
    return turn


def purge_expired(db: Session, now: datetime) -> int:
    """Delete chat turns older than the retention period; returns how many. The worker calls this."""
    cutoff = now - timedelta(days=get_settings().chat_log_retention_days)
    result = db.execute(delete(ChatTurn).where(ChatTurn.at < cutoff))
    db.commit()
    return result.rowcount or 0
