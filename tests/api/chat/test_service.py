"""The chat log is personal data: turns past the retention period are purged (both engines)."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from api.chat import service
from api.chat.models import ChatTurn


def _turn(db, session_id: str, at: datetime, lang: str = "nl", page_lang: str = "nl"):
    return service.record_turn(db, session_id=session_id, at=at, page_lang=page_lang, detected_lang=None,
                               confidence=0.0, lang=lang, visitor_text="hallo", bot_messages=[{"text": "Hallo!"}],
                               degraded=False)


def test_purge_keeps_recent_turns_and_deletes_old_ones(db, settings):
    now = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
    keep = timedelta(days=settings.chat_log_retention_days)
    _turn(db, "old-session-1", now - keep - timedelta(minutes=1))
    _turn(db, "new-session-1", now - keep + timedelta(minutes=1))
    db.commit()
    assert service.purge_expired(db, now) == {"turns": 1, "tracker_events": 0}  # no tracker store here
    assert [t.session_id for t in db.scalars(select(ChatTurn))] == ["new-session-1"]
    assert service.purge_expired(db, now)["turns"] == 0


def test_previous_turn_is_the_latest_of_the_session(db):
    now = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
    _turn(db, "session-aaaa", now, lang="nl")
    _turn(db, "session-aaaa", now + timedelta(seconds=5), lang="fr", page_lang="fr")
    _turn(db, "session-bbbb", now + timedelta(seconds=9), lang="nl")
    db.commit()
    prev = service.previous_turn(db, "session-aaaa")
    assert (prev.lang, prev.page_lang) == ("fr", "fr")
    assert service.previous_turn(db, "nobody-here") is None
    assert db.scalar(select(func.count()).select_from(ChatTurn)) == 3
