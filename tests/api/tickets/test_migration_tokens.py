"""Migration 0007 on SQLite and PostgreSQL: a link mailed before it (a plain token in the tickets table) still opens
its ticket afterwards, now through a hashed, expiring token; the plain column is gone, and the ticket's messages
survive (on SQLite the column drop copies the table, which must not cascade to its children)."""
import uuid
from datetime import datetime, timezone

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, inspect, text

from api.db import migrate
from tests.conftest import PG_ADMIN_URL


def _upgrade(url: str, revision: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", "api/migrations")
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(cfg, revision)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"frontdoor_m_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_an_old_plain_token_becomes_a_hashed_expiring_one(empty_url):
    _upgrade(empty_url, "0006_chat_label")
    now = datetime(2026, 12, 1, 9, tzinfo=timezone.utc)
    engine = create_engine(empty_url)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO tickets (number, type, status, priority, channel, language, subject, description, email, "
            "name, organisation, transcript, faq_entries_offered, access_token, request_hash, created_at, updated_at) "
            "VALUES ('SD-2026-000001', 'question', 'new', 'normal', 'web', 'nl', 's', 'd', 'a@example.be', '', '', "
            "'[]', '[]', 'old-plain-token', '', :now, :now)"), {"now": now})
        conn.execute(text("INSERT INTO ticket_messages (ticket_id, author, kind, internal, text, created_at) "
                          "SELECT id, 'requester', 'message', false, 'nog altijd kapot', :now FROM tickets"),
                     {"now": now})
    engine.dispose()
    migrate(empty_url)
    engine = create_engine(empty_url)
    assert "access_token" not in {c["name"] for c in inspect(engine).get_columns("tickets")}
    from sqlalchemy.orm import Session

    from api.tickets import service

    with Session(engine) as db:
        assert service.for_requester(db, "SD-2026-000001", "old-plain-token", now).number == "SD-2026-000001"
        stored = db.execute(text("SELECT token_hash FROM ticket_access_tokens")).scalars().all()
        assert db.execute(text("SELECT text FROM ticket_messages")).scalars().all() == ["nog altijd kapot"]
    assert stored and "old-plain-token" not in stored
    engine.dispose()
