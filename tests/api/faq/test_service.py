"""Service functions the other domains call: search_faq (chat's degraded mode) and purge_expired (worker)."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from api.db import utcnow
from api.errors import Invalid
from api.faq import service
from api.faq.models import FaqFeedback, FaqSearch, FaqUnanswered
from api.faq.schemas import FeedbackIn, UnansweredIn
from tests.api.faq.conftest import SMALL_FAQ


@pytest.fixture
def seeded_db(db):
    service.import_seed_if_empty(db, SMALL_FAQ, utcnow())
    return db


def test_search_faq_returns_the_endpoint_json_and_logs_the_session(seeded_db):
    db = seeded_db
    result = service.search_faq(db, "ik ben mijn pincode vergeten", "nl", 3, session_id="chat-42")
    assert result["decision"] == "answer" and result["hits"][0]["id"] == "eid-pin-nl"
    assert set(result) == {"decision", "lang", "search_id", "hits"}
    row = db.get(FaqSearch, result["search_id"])
    assert row.session_id == "chat-42" and row.query == "ik ben mijn pincode vergeten"
    assert row.top[0][0] == "eid-pin-nl"
    quiet = service.search_faq(db, "pincode", "nl", log=False)
    assert db.get(FaqSearch, quiet["search_id"]) is None
    with pytest.raises(Invalid) as exc:
        service.search_faq(db, " ", "nl")
    assert exc.value.code == "empty_query"


def test_purge_expired_removes_old_visitor_text_and_keeps_feedback(seeded_db, settings):
    db = seeded_db
    now = utcnow()
    old = service.search_faq(db, "oude vraag", "nl", now=now - timedelta(days=91))
    new = service.search_faq(db, "nieuwe vraag", "nl", now=now - timedelta(days=89))
    service.record_feedback(db, FeedbackIn(search_id=old["search_id"], entry_id="eid-pin-nl", helpful=False),
                            now - timedelta(days=91))
    service.report_unanswered(db, UnansweredIn(query="oud", lang="nl"), now - timedelta(days=95))
    service.report_unanswered(db, UnansweredIn(query="recent", lang="nl"), now - timedelta(days=1))
    db.commit()

    assert service.purge_expired(db, now) == 2
    db.commit()
    assert db.get(FaqSearch, old["search_id"]) is None and db.get(FaqSearch, new["search_id"]) is not None
    assert db.scalars(select(FaqUnanswered.query)).all() == ["recent"]
    assert db.scalar(select(func.count()).select_from(FaqFeedback)) == 1  # ids only, kept for statistics
    assert settings.faq_search_retention_days == 90


def test_the_seed_is_imported_only_into_an_empty_table(seeded_db):
    assert service.import_seed_if_empty(seeded_db, SMALL_FAQ, utcnow()) is None


def test_a_bad_seed_stops_the_start_and_imports_nothing(sqlite_settings, monkeypatch, tmp_path, caplog):
    from api.settings import get_settings

    bad = tmp_path / "seed.jsonl"
    bad.write_text('{"id": "ok-nl", "lang": "nl", "question": "Vraag?", "answer": "A."}\n{"id": "x", "lang": "en"}\n')
    monkeypatch.setenv("FRONTDOOR_FAQ_SEED", str(bad))
    get_settings.cache_clear()
    with pytest.raises(service.ImportInvalid):
        service.start_up()
    assert "line 2 (x)" in caplog.text
    from api.db import new_session
    from api.faq.models import FaqEntry

    with new_session() as db:
        assert db.scalar(select(func.count()).select_from(FaqEntry)) == 0


@pytest.mark.postgres
def test_two_replicas_seeding_an_empty_faq_at_once_both_start(pg_url, tmp_path, monkeypatch):
    """The cluster's API replicas start together: the one that seeds second finds the first's entries instead of
    failing its start on a duplicate key."""
    import threading

    from api.db import new_session
    from api.faq.models import FaqEntry
    from tests.conftest import _configure, _truncate_all

    _truncate_all(pg_url)
    _configure(monkeypatch, tmp_path, pg_url)
    first, second = new_session(), new_session()
    try:
        assert first.scalar(select(func.count()).select_from(FaqEntry)) == 0
        entries = service.parse_import(SMALL_FAQ.read_bytes(), "jsonl")
        service.import_entries(first, entries, "seed", utcnow())  # written, not committed yet
        results = []
        racer = threading.Thread(target=lambda: results.append(service.import_seed_if_empty(second, SMALL_FAQ, utcnow())))
        racer.start()  # it sees an empty table and blocks on the first one's keys ...
        racer.join(1.0)
        assert racer.is_alive()
        first.commit()  # ... until the first commits
        racer.join(10)
        assert results == [None]
        assert second.scalar(select(func.count()).select_from(FaqEntry)) == len(entries)
    finally:
        first.close()
        second.close()
